"""PARSING.md's date table, row by row, for the rows and sentences the first table test (test_dates.py)
does not cover: several phrasings each, against several "now"s (a Tuesday, a Friday, a Saturday, a
Sunday, a month and quarter end, the year's end). Every expected date is written out by hand from the
spec's rules, never computed with the code under test."""

from __future__ import annotations

import json
from datetime import date, datetime
from importlib import resources

import pytest

from nlp.dategrammar import ANY_WORD, VOCAB, StartsCache, first_words, load_vocabulary, starts, starts_cache
from nlp.dates import find_dates, month_first

TUE = date(2026, 11, 24)
FRI = date(2026, 11, 27)
SAT = date(2027, 1, 16)
SUN = date(2027, 1, 17)
JAN31 = date(2027, 1, 31)  # a Sunday; the next month has no 29th, 30th or 31st
MQE = date(2027, 3, 31)  # a Wednesday: the last day of March and of Q1
DEC30 = date(2026, 12, 30)
YE = date(2026, 12, 31)  # a Thursday
SUN_OCT31 = date(2027, 10, 31)

US, EU = True, False  # month first (a writer in a US zone, or date_order "mdy") or day first

# row -> (today, text, expected, month first)
ROWS: dict[str, list[tuple[date, str, date, bool]]] = {
    "numeric dates": [
        (TUE, "3/15", date(2027, 3, 15), US),
        (TUE, "by 3/15/27", date(2027, 3, 15), US),
        (TUE, "11/24", date(2026, 11, 24), US),  # without a year: the next to come, today included
        (TUE, "on 11/23", date(2027, 11, 23), US),
        (TUE, "13/3", date(2027, 3, 13), US),  # impossible month first: day first
        (TUE, "15/3", date(2027, 3, 15), EU),
        (TUE, "3/15", date(2027, 3, 15), EU),  # impossible day first: month first
        (TUE, "4/12", date(2026, 12, 4), EU),
        (TUE, "4/12", date(2027, 4, 12), US),
        (TUE, "15/3/2027", date(2027, 3, 15), EU),
        (TUE, "15/03/27", date(2027, 3, 15), EU),
        (TUE, "15.03.", date(2027, 3, 15), US),  # dotted: always day first
        (TUE, "15.03.2027", date(2027, 3, 15), EU),
        (TUE, "3.4.", date(2027, 4, 3), US),
        (TUE, "2027-03-15", date(2027, 3, 15), EU),  # ISO: always year-month-day
        (TUE, "2027-3-5", date(2027, 3, 5), US),
        (YE, "1/5", date(2027, 1, 5), US),
        (YE, "12/31", date(2026, 12, 31), US),
        (YE, "31/12", date(2026, 12, 31), EU),
    ],
    "the 24, the 3rd, on the first, the twenty-first (as the 15th)": [
        (TUE, "send it by the 24", date(2026, 12, 24), US),
        (TUE, "the 3rd", date(2026, 12, 3), US),
        (TUE, "on the first", date(2026, 12, 1), US),
        (TUE, "by the twenty-first", date(2026, 12, 21), US),
        (TUE, "on the twenty first", date(2026, 12, 21), US),
        (FRI, "on the 30th", date(2026, 11, 30), US),
        (MQE, "on the thirtieth", date(2027, 4, 30), US),
        (MQE, "the 31st", date(2027, 5, 31), US),  # the next month that has one
        (JAN31, "the 29th", date(2027, 3, 29), US),
        (SAT, "the 16th", date(2027, 2, 16), US),  # today excluded
        (TUE, "demo 30th", date(2026, 11, 30), US),
        (FRI, "call 3rd.", date(2026, 12, 3), US),
    ],
    "Tuesday the 31st, Fri 12/18 (the date named)": [
        (SUN_OCT31, "on Friday the 31st", date(2027, 12, 31), US),
        (TUE, "Fri 12/18", date(2026, 12, 18), US),
        (TUE, "Thursday the 3rd", date(2026, 12, 3), US),
        (TUE, "Monday, Dec 7", date(2026, 12, 7), US),
        (TUE, "Dec 7, Mon", date(2026, 12, 7), US),
        (TUE, "Thu 17/12", date(2026, 12, 17), EU),
    ],
    "a week from Friday, two weeks from tomorrow, Monday week, Friday week": [
        (TUE, "a week from Friday", date(2026, 12, 4), US),
        (TUE, "two weeks from tomorrow", date(2026, 12, 9), US),
        (TUE, "Monday week", date(2026, 12, 7), US),
        (TUE, "Friday week", date(2026, 12, 4), US),
        (TUE, "Tuesday week", date(2026, 12, 8), US),
        (FRI, "Friday week", date(2026, 12, 11), US),
        (SAT, "a week from Monday", date(2027, 1, 25), US),
        (YE, "three weeks from tomorrow", date(2027, 1, 22), US),
    ],
    "the 20th of next month, the 3rd of March": [
        (TUE, "the 20th of next month", date(2026, 12, 20), US),
        (TUE, "the 3rd of March", date(2027, 3, 3), US),
        (TUE, "the 31st of next month", date(2026, 12, 31), US),
        (YE, "the 31st of next month", date(2027, 1, 31), US),
        (MQE, "the 31st of next month", date(2027, 4, 30), US),  # clamped to the month's end
        (JAN31, "the 30th of next month", date(2027, 2, 28), US),
        (MQE, "the first of March", date(2028, 3, 1), US),
    ],
    "third quarter, 3rd qtr, next qtr, Q3 2027, H1 / H2": [
        (TUE, "in the third quarter", date(2027, 7, 1), US),
        (TUE, "the 3rd qtr", date(2027, 7, 1), US),
        (TUE, "next qtr", date(2027, 1, 1), US),
        (TUE, "Q3 2027", date(2027, 7, 1), US),
        (TUE, "H2", date(2027, 7, 1), US),
        (TUE, "H1", date(2027, 1, 1), US),
        (TUE, "first quarter", date(2027, 1, 1), US),
        (TUE, "the fourth quarter", date(2027, 10, 1), US),
        (TUE, "4th qtr of 2027", date(2027, 10, 1), US),
        (MQE, "H2", date(2027, 7, 1), US),
        (MQE, "H1", date(2028, 1, 1), US),
        (MQE, "next qtr", date(2027, 4, 1), US),
        (MQE, "the second quarter", date(2027, 4, 1), US),
        (MQE, "Q1 2028", date(2028, 1, 1), US),
    ],
    "end of quarter, EOQ, end of Q3": [
        (TUE, "end of the third quarter", date(2027, 9, 30), US),
        (TUE, "Q4 end", date(2026, 12, 31), US),
        (MQE, "EOQ", date(2027, 3, 31), US),
        (FRI, "by the end of Q3 2027", date(2027, 9, 30), US),
        (TUE, "end of H2", date(2026, 12, 31), US),
        (TUE, "end of H1", date(2027, 6, 30), US),
        (MQE, "by the end of the first half of the year", date(2027, 6, 30), US),
    ],
    "this weekend, over the weekend, the weekend": [
        (TUE, "this weekend", date(2026, 11, 28), US),
        (TUE, "over the weekend", date(2026, 11, 28), US),
        (FRI, "the weekend", date(2026, 11, 28), US),
        (SAT, "this weekend", date(2027, 1, 16), US),
        (SUN, "over the weekend", date(2027, 1, 17), US),
        (YE, "this weekend", date(2027, 1, 2), US),
    ],
    "later this week": [
        (TUE, "later this week", date(2026, 11, 27), US),
        (FRI, "later this week", date(2026, 11, 27), US),
        (SAT, "later this week", date(2027, 1, 22), US),
    ],
    "early next week, beginning of next week": [
        (TUE, "early next week", date(2026, 11, 30), US),
        (SUN, "beginning of next week", date(2027, 1, 18), US),
        (FRI, "start of next week", date(2026, 11, 30), US),
    ],
    "this month / this quarter / this year (as a due date)": [
        (TUE, "this month", date(2026, 11, 30), US),
        (TUE, "this quarter", date(2026, 12, 31), US),
        (TUE, "this year", date(2026, 12, 31), US),
        (MQE, "this quarter", date(2027, 3, 31), US),
        (MQE, "this month", date(2027, 3, 31), US),
        (SAT, "this year", date(2027, 12, 31), US),
    ],
    "end of year, EOY, year end": [
        (TUE, "EOY", date(2026, 12, 31), US),
        (SAT, "year end", date(2027, 12, 31), US),
        (YE, "end of year", date(2026, 12, 31), US),
        (TUE, "by the end of the year", date(2026, 12, 31), US),
    ],
    "early <month>, beginning / start of <month>, first week of <month>": [
        (TUE, "early December", date(2026, 12, 1), US),
        (TUE, "beginning of March", date(2027, 3, 1), US),
        (TUE, "start of November", date(2027, 11, 1), US),  # the current month counts as passed
        (TUE, "first week of January", date(2027, 1, 1), US),
        (MQE, "early April", date(2027, 4, 1), US),
    ],
    "late <month>": [
        (TUE, "late November", date(2026, 11, 30), US),
        (TUE, "late February", date(2027, 2, 28), US),
        (MQE, "late March", date(2027, 3, 31), US),
        (MQE, "late February", date(2028, 2, 29), US),
    ],
    "beginning / mid / end of next month": [
        (TUE, "beginning of next month", date(2026, 12, 1), US),
        (TUE, "mid next month", date(2026, 12, 15), US),
        (TUE, "end of next month", date(2026, 12, 31), US),
        (YE, "mid next month", date(2027, 1, 15), US),
        (YE, "end of next month", date(2027, 1, 31), US),
        (JAN31, "end of next month", date(2027, 2, 28), US),
    ],
    "COB, close of business, end of play": [
        (TUE, "COB", date(2026, 11, 24), US),
        (TUE, "by close of business", date(2026, 11, 24), US),
        (TUE, "end of play", date(2026, 11, 24), US),
        (SAT, "cob", date(2027, 1, 16), US),
    ],
    "a date with a year": [
        (TUE, "March 3, 2027", date(2027, 3, 3), US),
        (TUE, "3 March 2027", date(2027, 3, 3), US),
        (TUE, "2027-03-03", date(2027, 3, 3), US),
        (TUE, "March 2027", date(2027, 3, 1), US),
        (TUE, "Q3 2027", date(2027, 7, 1), US),
        (TUE, "28 June 2027", date(2027, 6, 28), US),
        (TUE, "June 28th, 2027", date(2027, 6, 28), US),
    ],
    "numbers written as words": [
        (TUE, "in three weeks", date(2026, 12, 15), US),
        (TUE, "the first of March", date(2027, 3, 1), US),
        (TUE, "May twenty-first", date(2027, 5, 21), US),
        (TUE, "in two months", date(2027, 1, 24), US),
        (TUE, "in ten days", date(2026, 12, 4), US),
        (TUE, "in twenty-one days", date(2026, 12, 15), US),
        (TUE, "in a week or two", date(2026, 12, 1), US),
    ],
    "a weekday written on that weekday: next week's": [
        (TUE, "Tuesday", date(2026, 12, 1), US),
        (FRI, "on Friday", date(2026, 12, 4), US),
        (SAT, "Saturday", date(2027, 1, 23), US),
        (SUN, "by Sunday", date(2027, 1, 24), US),
    ],
    "a time of day never changes the date": [
        (TUE, "Friday at 3pm", date(2026, 11, 27), US),
        (TUE, "tomorrow morning", date(2026, 11, 25), US),
        (TUE, "tomorrow at 9am", date(2026, 11, 25), US),
        (TUE, "Thursday EOD", date(2026, 11, 26), US),
        (TUE, "3/15 at 4:00pm", date(2027, 3, 15), US),
    ],
    "today counts as still to come": [
        (DEC30, "Dec 30", date(2026, 12, 30), US),
        (DEC30, "12/30", date(2026, 12, 30), US),
        (YE, "end of December", date(2026, 12, 31), US),
        (date(2026, 12, 15), "mid-December", date(2026, 12, 15), US),
    ],
    "new year (the one holiday that is a date)": [
        (TUE, "after new year", date(2027, 1, 1), US),
        (TUE, "after the new year", date(2027, 1, 1), US),
        (YE, "new year's day", date(2027, 1, 1), US),
    ],
}

CASES = [
    pytest.param(today, text, expected, first, id=f"{row}: {text} @ {today}")
    for row, cases in ROWS.items()
    for today, text, expected, first in cases
]


@pytest.mark.parametrize(("today", "text", "expected", "first"), CASES)
def test_date_table_row(today: date, text: str, expected: date, first: bool) -> None:
    found = find_dates(text.lower(), text, today, month_first=first)
    assert [m.value for m in found] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "1/2 the team is out",
        "24/7 support",
        "3/4 said yes",
        "we won 3/1",
        "Thanksgiving",
        "before Christmas",
        "after Labor Day",
        "new year's eve",
        "the first call went well",
        "the 24 seats",
        "9/10 would recommend",
        "version 2.1. is out",
        "Sat down with their CFO",
        "we sat with them",
        "on the first page",
        "they came in 2nd",
        "our 3rd call went well",
        "weekend support is required",
    ],
)
def test_no_date(text: str) -> None:
    assert [m.value for m in find_dates(text.lower(), text, TUE, month_first=True) if not m.is_past] == []


@pytest.mark.parametrize(
    ("tz", "order", "expected"),
    [
        ("America/New_York", None, True),
        ("America/Chicago", None, True),
        ("America/Denver", None, True),
        ("America/Los_Angeles", None, True),
        ("Pacific/Honolulu", None, True),
        ("America/Indiana/Indianapolis", None, True),
        ("America/Toronto", None, False),
        ("Europe/Paris", None, False),
        ("UTC", None, False),
        ("Europe/Paris", "mdy", True),
        ("America/New_York", "dmy", False),
    ],
)
def test_who_puts_the_month_first(tz: str, order: str | None, expected: bool) -> None:
    assert month_first(tz, order) is expected  # type: ignore[arg-type]


def test_the_us_zones_are_those_zone1970_lists_for_the_us() -> None:
    table = resources.files("tzdata").joinpath("zoneinfo", "zone1970.tab").read_text(encoding="utf-8")
    listed = {
        fields[2]
        for line in table.splitlines()
        if line and not line.startswith("#")
        for fields in [line.split("\t")]
        if "US" in fields[0].split(",")
    }
    assert listed <= VOCAB.us_time_zones
    assert all(
        zone in listed or zone.startswith(("US/", "America/", "Navajo")) for zone in VOCAB.us_time_zones
    )


def test_slashed_dates_follow_the_writers_zone_and_the_workspace_order(parse, parser, deals) -> None:
    now = datetime(2027, 6, 30, 15, 0)
    assert parse("Hooli: send the revised contract by 9/7", now=now, tz="Europe/Paris").due == date(
        2027, 7, 9
    )
    assert parse("Hooli: send the revised contract by 9/7", now=now, tz="America/New_York").due == date(
        2027, 9, 7
    )
    text = "Hooli: send the revised contract by 9/7"
    assert parser.parse(text, now=now, tz="Europe/Paris", deals=deals, date_order="mdy").due == date(
        2027, 9, 7
    )
    assert parser.parse(text, now=now, tz="America/Chicago", deals=deals, date_order="dmy").due == date(
        2027, 7, 9
    )


@pytest.mark.parametrize(
    ("text", "now", "due"),
    [
        (
            "Kowalczyk: send them the data sheet on the 20th of next month",
            datetime(2027, 4, 13, 10),
            date(2027, 5, 20),
        ),
        ("Hooli: I'll send the case study on the twenty-first", datetime(2027, 4, 13, 10), date(2027, 4, 21)),
        (
            "Hooli: our legal returns the redlines on Friday the 31st",
            datetime(2027, 10, 31, 11),
            date(2027, 12, 31),
        ),
        ("Hooli: on-site workshop Tue 5/4", datetime(2027, 4, 13, 10), date(2027, 5, 4)),
        ("Hooli: we owe them the final quote in late May", datetime(2027, 4, 13, 10), date(2027, 5, 31)),
        ("Hooli: their board will decide this quarter", datetime(2027, 4, 13, 10), date(2027, 6, 30)),
        ("Hooli: I'll draft the rollout plan over the weekend", datetime(2027, 6, 30, 15), date(2027, 7, 3)),
        ("Hooli: send the quote three weeks from tomorrow", datetime(2027, 4, 13, 10), date(2027, 5, 5)),
    ],
)
def test_due_dates_in_messages(parse, text: str, now: datetime, due: date) -> None:
    assert parse(text, now=now).due == due


def test_vocabulary_is_checked_when_loaded() -> None:
    raw = json.loads(resources.files("nlp").joinpath("patterns", "dates.json").read_text(encoding="utf-8"))
    assert load_vocabulary(raw).months["sept"] == 9
    broken = dict(raw, months={k: v for k, v in raw["months"].items() if v != 5})
    with pytest.raises(ValueError, match="no word for"):
        load_vocabulary(broken)
    with pytest.raises(ValueError, match="lower-case word"):
        load_vocabulary(dict(raw, weekdays=dict(raw["weekdays"], Friday=4)))
    with pytest.raises(ValueError, match="from 1 to 31"):
        load_vocabulary(dict(raw, day_ordinals=dict(raw["day_ordinals"], thirtysecond=32)))


def test_a_family_is_tried_at_the_words_its_pattern_starts_with() -> None:
    assert first_words(r"(?:the\s+)?end\s+of\s+q[1-4]") == {"the", "end"}
    assert first_words(r"e\.?o\.?w\.?") == {"e", "eo", "eow"}
    assert first_words(r"\d{1,2}/\d{1,2}") == {"#"}
    assert starts(r"(?:the\s+)?end\s+of\s+q[1-4]") == {("the", "end"), ("end", "of")}
    assert starts(r"new\s+year(?:'?s)?") == {("new", "year"), ("new", "years")}
    assert starts(r"(?:later\s+)?today") == {("later", "today"), ("today", ANY_WORD)}
    with pytest.raises(ValueError):
        first_words(r"\w+\s+ago")
    with pytest.raises(ValueError):
        first_words(r"(?:soon)?")


def test_the_starts_kept_between_runs_are_the_walked_ones(tmp_path) -> None:
    """Each family's starts as the start-up read them (from __pycache__ when kept there) are what walking
    its pattern finds; a file kept under another key, or broken, is walked anew and rewritten."""
    import nlp.dates

    for family in nlp.dates.FAMILIES:
        assert family.starts == starts(family.regex.pattern[len(r"(?<![\w.])(?:") : -len(r")(?!\w)")])
    assert starts_cache().key == nlp.dates._STARTS.key  # the module's own cache, keyed by its source
    path, patterns = tmp_path / "starts", [r"(?:later\s+)?today", r"\d{1,2}/\d{1,2}"]
    first = StartsCache(path, "one")
    assert [first.starts(p) for p in patterns] == [starts(p) for p in patterns]
    first.save()
    again = StartsCache(path, "one")
    assert again.kept == {p: starts(p) for p in patterns}
    assert StartsCache(path, "two").kept == {}  # another version of the walker: nothing is trusted
    path.write_bytes(b"not marshal")
    broken = StartsCache(path, "one")
    assert broken.kept == {} and broken.starts(patterns[0]) == starts(patterns[0])
    broken.save()
    assert StartsCache(path, "one").kept == {patterns[0]: starts(patterns[0])}  # only what was used
    StartsCache(tmp_path / "missing" / "deeper" / "starts", "one").save()  # nothing used: nothing written


@pytest.mark.parametrize(
    ("text", "due", "step"),
    [
        ("Hooli: I'll call them Friday at 3pm", date(2026, 11, 27), "call them"),
        ("Hooli: send the deck tomorrow morning", date(2026, 11, 25), "send the deck"),
        ("Hooli: call at 9am on Saturday", date(2026, 11, 28), "call"),
        ("Hooli: demo 3pm tomorrow with the CTO", date(2026, 11, 25), "demo with the CTO"),
        ("Hooli: demo Friday 10:30 pst", date(2026, 11, 27), "demo"),
        ("Hooli: call them tomorrow at 2", date(2026, 11, 25), "call them"),
    ],
)
def test_a_time_of_day_keeps_the_date_and_leaves_the_step(parse, text: str, due: date, step: str) -> None:
    parsed = parse(text)
    assert (parsed.due, parsed.next_step) == (due, step)


def test_cli_reads_date_order() -> None:
    import io

    from nlp.cli import run

    line = {
        "id": 1,
        "text": "Hooli: send the contract by 9/7",
        "now": "2027-06-30T15:00:00",
        "deals": ["Hooli"],
    }
    lines = [
        dict(line, tz="Europe/Paris"),
        dict(line, tz="Europe/Paris", date_order="mdy"),
        dict(line, tz="America/Chicago"),
        dict(line, tz="America/Chicago", date_order="dmy"),
        dict(line, tz="America/Chicago", date_order="ymd"),
    ]
    stdout = io.StringIO()
    run(io.StringIO("\n".join(json.dumps(x) for x in lines)), stdout)
    dues = [json.loads(out)["due"] for out in stdout.getvalue().splitlines()]
    assert dues == ["2027-07-09", "2027-09-07", "2027-09-07", "2027-07-09", "2027-09-07"]


def test_a_budget_year_is_no_due_date(parse) -> None:
    assert parse("Hooli: this year's budget is approved, send the SOW").due is None
