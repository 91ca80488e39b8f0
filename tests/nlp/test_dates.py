"""Every row of the spec's date table, against several "now"s: weekdays, weekends, month, quarter and
year ends. Expected dates are written out by hand, not computed with the code under test."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from nlp.dates import find_dates

TUE = date(2026, 11, 24)  # a Tuesday in Q4
FRI = date(2026, 11, 27)
SAT = date(2027, 1, 16)
SUN = date(2027, 1, 17)
MONTH_QUARTER_END = date(2027, 3, 31)  # a Wednesday, last day of Q1
YEAR_END = date(2026, 12, 31)  # a Thursday

CASES = [
    # today, EOD, end of day, tonight
    (TUE, "today", date(2026, 11, 24)),
    (TUE, "EOD", date(2026, 11, 24)),
    (SAT, "by end of day", date(2027, 1, 16)),
    (SUN, "tonight", date(2027, 1, 17)),
    # tomorrow
    (TUE, "tomorrow", date(2026, 11, 25)),
    (YEAR_END, "tomorrow", date(2027, 1, 1)),
    (MONTH_QUARTER_END, "tomorrow", date(2027, 4, 1)),
    # a weekday: the next such day after today
    (TUE, "Friday", date(2026, 11, 27)),
    (TUE, "by Friday", date(2026, 11, 27)),
    (TUE, "on Monday", date(2026, 11, 30)),
    (TUE, "this Friday", date(2026, 11, 27)),
    (TUE, "Tuesday", date(2026, 12, 1)),
    (TUE, "by Wed", date(2026, 11, 25)),
    (FRI, "Friday", date(2026, 12, 4)),
    (FRI, "Monday", date(2026, 11, 30)),
    (SAT, "Monday", date(2027, 1, 18)),
    (SAT, "Saturday", date(2027, 1, 23)),
    (SUN, "Sunday", date(2027, 1, 24)),
    (SUN, "thursday", date(2027, 1, 21)),
    (YEAR_END, "Friday", date(2027, 1, 1)),
    # next <weekday>: that weekday in the next calendar week
    (TUE, "next Friday", date(2026, 12, 4)),
    (TUE, "next Monday", date(2026, 11, 30)),
    (TUE, "next Tuesday", date(2026, 12, 1)),
    (FRI, "next Friday", date(2026, 12, 4)),
    (SAT, "next Friday", date(2027, 1, 22)),
    (SAT, "next Monday", date(2027, 1, 18)),
    (SUN, "next Wednesday", date(2027, 1, 20)),
    (TUE, "Friday next week", date(2026, 12, 4)),
    # this week / end of week / EOW
    (TUE, "this week", date(2026, 11, 27)),
    (TUE, "end of week", date(2026, 11, 27)),
    (TUE, "EOW", date(2026, 11, 27)),
    (TUE, "by the end of the week", date(2026, 11, 27)),
    (FRI, "EOW", date(2026, 11, 27)),
    (SAT, "end of week", date(2027, 1, 22)),
    (SUN, "this week", date(2027, 1, 22)),
    # next week: Monday of the next week
    (TUE, "next week", date(2026, 11, 30)),
    (FRI, "next week", date(2026, 11, 30)),
    (SAT, "next week", date(2027, 1, 18)),
    (SUN, "next week", date(2027, 1, 18)),
    # end of next week
    (TUE, "end of next week", date(2026, 12, 4)),
    (SAT, "end of next week", date(2027, 1, 22)),
    # in N days / weeks / months
    (TUE, "in 3 days", date(2026, 11, 27)),
    (TUE, "in 2 weeks", date(2026, 12, 8)),
    (TUE, "in two weeks", date(2026, 12, 8)),
    (TUE, "in 3 months", date(2027, 2, 24)),
    (TUE, "in 45 days", date(2027, 1, 8)),
    (MONTH_QUARTER_END, "in 1 month", date(2027, 4, 30)),
    (MONTH_QUARTER_END, "in a month", date(2027, 4, 30)),
    (MONTH_QUARTER_END, "in 11 months", date(2028, 2, 29)),
    (YEAR_END, "in 2 months", date(2027, 2, 28)),
    (YEAR_END, "in a week", date(2027, 1, 7)),
    # a couple / a few
    (TUE, "a couple of days", date(2026, 11, 26)),
    (TUE, "in a few days", date(2026, 11, 27)),
    (TUE, "a couple of weeks", date(2026, 12, 8)),
    (TUE, "in a few weeks", date(2026, 12, 15)),
    (SAT, "in a couple days", date(2027, 1, 18)),
    # end of month, EOM
    (TUE, "end of month", date(2026, 11, 30)),
    (TUE, "EOM", date(2026, 11, 30)),
    (MONTH_QUARTER_END, "end of the month", date(2027, 3, 31)),
    (SAT, "by end of month", date(2027, 1, 31)),
    # next month
    (TUE, "next month", date(2026, 12, 1)),
    (YEAR_END, "next month", date(2027, 1, 1)),
    (MONTH_QUARTER_END, "next month", date(2027, 4, 1)),
    # a month name: the next one that has not passed (this month has)
    (TUE, "in March", date(2027, 3, 1)),
    (TUE, "March", date(2027, 3, 1)),
    (TUE, "in December", date(2026, 12, 1)),
    (TUE, "in November", date(2027, 11, 1)),
    (MONTH_QUARTER_END, "in March", date(2028, 3, 1)),
    (MONTH_QUARTER_END, "in April", date(2027, 4, 1)),
    (YEAR_END, "in January", date(2027, 1, 1)),
    (SAT, "in January", date(2028, 1, 1)),
    (TUE, "in May", date(2027, 5, 1)),
    # a month and a day
    (TUE, "Dec 3", date(2026, 12, 3)),
    (TUE, "3 December", date(2026, 12, 3)),
    (TUE, "December 3rd", date(2026, 12, 3)),
    (TUE, "the 3rd of December", date(2026, 12, 3)),
    (TUE, "Nov 20", date(2027, 11, 20)),
    (YEAR_END, "Jan 5", date(2027, 1, 5)),
    (TUE, "Feb 29", date(2028, 2, 29)),
    # the 15th
    (TUE, "the 15th", date(2026, 12, 15)),
    (SAT, "by the 15th", date(2027, 2, 15)),
    (MONTH_QUARTER_END, "the 31st", date(2027, 5, 31)),
    (TUE, "the 25th", date(2026, 11, 25)),
    # mid-<month>
    (TUE, "mid-February", date(2027, 2, 15)),
    (TUE, "mid December", date(2026, 12, 15)),
    (TUE, "mid-November", date(2027, 11, 15)),
    (SAT, "middle of January", date(2028, 1, 15)),
    # end of <month>
    (TUE, "end of January", date(2027, 1, 31)),
    (TUE, "end of November", date(2026, 11, 30)),
    (MONTH_QUARTER_END, "end of February", date(2028, 2, 29)),
    # Q1..Q4: the first day of the next quarter of that name that has not started
    (TUE, "Q1", date(2027, 1, 1)),
    (TUE, "in Q2", date(2027, 4, 1)),
    (TUE, "Q4", date(2027, 10, 1)),
    (MONTH_QUARTER_END, "Q2", date(2027, 4, 1)),
    (MONTH_QUARTER_END, "in Q1", date(2028, 1, 1)),
    (YEAR_END, "q1", date(2027, 1, 1)),
    # end of quarter, EOQ, end of Q3
    (TUE, "end of quarter", date(2026, 12, 31)),
    (TUE, "EOQ", date(2026, 12, 31)),
    (TUE, "before end of quarter", date(2026, 12, 31)),
    (MONTH_QUARTER_END, "end of the quarter", date(2027, 3, 31)),
    (SAT, "end of quarter", date(2027, 3, 31)),
    (TUE, "end of Q3", date(2027, 9, 30)),
    (TUE, "end of Q4", date(2026, 12, 31)),
    (SAT, "end of Q1", date(2027, 3, 31)),
    # next quarter
    (TUE, "next quarter", date(2027, 1, 1)),
    (MONTH_QUARTER_END, "next quarter", date(2027, 4, 1)),
    (YEAR_END, "next quarter", date(2027, 1, 1)),
    # next year / after new year
    (TUE, "next year", date(2027, 1, 1)),
    (TUE, "after new year", date(2027, 1, 1)),
    (YEAR_END, "after the new year", date(2027, 1, 1)),
    (SAT, "next year", date(2028, 1, 1)),
    # after / before <date> resolve to that date
    (TUE, "after Dec 9", date(2026, 12, 9)),
    (TUE, "before Friday", date(2026, 11, 27)),
]


@pytest.mark.parametrize(("today", "expression", "expected"), CASES)
def test_date_table(today: date, expression: str, expected: date) -> None:
    found = find_dates(expression.lower(), expression, today)
    assert [m.value for m in found] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "we need to talk",
        "send the money",
        "they may sign",
        "we sat down with them",
        "decide on pricing",
        "marketing",
    ],
)
def test_words_that_are_no_dates(text: str) -> None:
    assert [m for m in find_dates(text.lower(), text, TUE) if not m.is_past] == []


def test_past_dates_are_marked_past() -> None:
    assert all(m.is_past for m in find_dates("yesterday and last friday", "yesterday and last Friday", TUE))


def test_due_date_in_an_update(parse) -> None:
    assert parse("Hooli: I'll send the SOW next Friday").due == date(2026, 12, 4)
    assert parse("Aviato - send pricing EOW", now=datetime(2027, 1, 16, 9, 0)).due == date(2027, 1, 22)


def test_time_zone_aware_now_is_converted_to_the_writers_zone(parse) -> None:
    from zoneinfo import ZoneInfo

    # 03:00 UTC on Wednesday is still Tuesday evening in Chicago: "tomorrow" is Wednesday.
    now = datetime(2026, 11, 25, 3, 0, tzinfo=ZoneInfo("UTC"))
    assert parse("Hooli: send the deck tomorrow", now=now, tz="America/Chicago").due == date(2026, 11, 25)
    # ... and already Wednesday afternoon in Tokyo: "tomorrow" is Thursday.
    assert parse("Hooli: send the deck tomorrow", now=now, tz="Asia/Tokyo").due == date(2026, 11, 26)


def test_date_that_belongs_to_something_done_is_no_due_date(parse) -> None:
    assert parse("Hooli - we sent the deck Friday").due is None
    assert parse("Endframe: had the demo yesterday, they loved it").due is None


def test_greeting_and_budget_year_are_no_due_dates(parse) -> None:
    assert parse("happy Monday team!").due is None
    assert parse("Hooli: their budget for next year is approved, need to send the SOW").due is None


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Hooli: send the quote Thursday EOD", date(2026, 11, 26)),
        ("Hooli: send the quote by COB Thursday", date(2026, 11, 26)),
        ("Hooli: send the quote by month end", date(2026, 11, 30)),
        ("Hooli: send the quote two weeks from today", date(2026, 12, 8)),
        ("Hooli: send the quote next Tues", date(2026, 12, 1)),
        ("Hooli: send the quote within 2 weeks", date(2026, 12, 8)),
        ("Hooli: send the quote in the next few days", date(2026, 11, 27)),
        ("Hooli: send the quote in a fortnight", date(2026, 12, 8)),
        ("Hooli: send the quote within 2wks", date(2026, 12, 8)),
        ("Hooli: they need 3days to review", date(2026, 11, 27)),
        ("Hooli: send the quote in two weeks' time", date(2026, 12, 8)),
        ("Hooli: send the quote in a week or two", date(2026, 12, 1)),  # the first count
        ("Hooli: ping them nxt week", date(2026, 11, 30)),
        ("Hooli: ping them nxt fri", date(2026, 12, 4)),
        ("Hooli: security review on their side, ETA 2 wks", date(2026, 12, 8)),
        ("Hooli 👇\n• discovery went well\n• I owe them a recap email Monday", date(2026, 11, 30)),
    ],
)
def test_more_ways_to_say_a_due_date(parse, text: str, due: date) -> None:
    assert parse(text).due == due


def test_silence_for_a_while_is_no_due_date(parse) -> None:
    parsed = parse("Raviga: going cold, no reply in 3 weeks")
    assert (parsed.due, parsed.owner, parsed.temperature) == (None, "prospect", "cold")
