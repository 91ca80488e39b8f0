"""The date grammar of the spec's date table (PARSING.md, "Dates"): find date expressions in a message
and resolve them against the writer's local date.

Each phrase family is declared once, in FAMILIES: its name, its pattern (built from the vocabulary of
nlp/patterns/dates.json) and its resolver. A family is tried only at the words it can start with, which
nlp.dategrammar works out from the pattern itself; at each word every family that can start there is
tried and the longest match wins (the first declared on a tie). Adding a phrase is one `_family(...)`
line: see nlp/README.md, "Adding a date phrase".

Mentions carry the preposition before them ("by", "after", "for" ...) and whether they point to the
past ("yesterday", "last Friday"), so later rules can tell a due date from a date of something done.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from nlp import datemath as dm
from nlp.dategrammar import ANY_WORD, DEPTH, VOCAB, alternation, gate_key, starts_cache
from nlp.types import DateOrder

WEEKDAYS: dict[str, int] = VOCAB.weekdays
MONTHS: dict[str, int] = VOCAB.months
NUMBERS: dict[str, int] = VOCAB.counts
_AMBIGUOUS = VOCAB.ambiguous  # "sat down", "they may sign": dates only capitalised or after "by", "on" ...


# ---- regex fragments, from the vocabulary ----

_WD = alternation(WEEKDAYS) + r"\.?"
_MON = alternation(MONTHS) + r"\.?"
_ORDW = alternation(VOCAB.day_ordinals)  # "first" .. "thirty-first"
_DAYW = alternation(set(VOCAB.day_ordinals) | set(VOCAB.day_cardinals))  # also "twenty-one"
_DAYN = r"\d{1,2}(?:st|nd|rd|th)?"  # "3", "3rd"
_DAY = rf"(?:{_DAYN}|{_DAYW})"
_YEAR = r"(?:,?\s+(?:of\s+)?20\d\d(?!\d))"  # ", 2027", " of 2027"
_COUNT = r"(?:\d{1,3}\s*|" + alternation(VOCAB.counts) + r"\s+)"  # "3 ", "3" glued ("3wks"), "three "
_FEW = r"(?:a\s+)?(?:couple(?:\s+of)?|few|several)"
_UNIT = alternation(VOCAB.units) + r"(?:\s+or\s+(?:two|three|so))?(?:'?\s+time)?"  # "a week or two"
_NEXT = r"(?:next|nxt)"
_WEEK = r"(?:week|wk)"
_QTR = r"(?:quarter|qtr)"
_YR = r"(?:year|yr)"
_QORD = alternation(VOCAB.quarter_ordinals)
_HORD = alternation(VOCAB.half_ordinals)
_END = r"(?:(?:the\s+)?(?:very\s+)?end\s+of\s+(?:the\s+)?|late\s+)"  # "by the end of", "late"
_MID = r"(?:mid[-\s]?|(?:the\s+)?middle\s+of\s+(?:the\s+)?)"
_EARLY = (
    r"(?:(?:the\s+)?(?:very\s+)?(?:early|beginning\s+of|start\s+of|first\s+week\s+of|first\s+days\s+of)"
    r"\s+(?:the\s+)?)"
)
# A year after a quarter or half: "Q3 2027", "Q3 of next year", "Q3 '27", "Q3-27".
_PERIOD_YEAR = rf"(?:\s+(?:of\s+)?(?:{_NEXT}\s+{_YR}|20\d\d(?!\d))|\s*[-/']\s*(?:20)?\d\d(?![\d/]))"
# What may follow a bare day of the month ("the 24", "on the first"): the end of the clause, a time, or a
# word that cannot make it a count of something ("the 24 seats", "the first call").
_DAY_END = (
    r"(?=\s*(?:$|[,.;:!?)\]-])|\s+(?:at|by|for|to|and|or|if|then|works|latest|eod|cob|please|pls|morning"
    r"|afternoon|evening|\d{1,2}(?::\d\d)?\s*(?:am|pm))\b)"
)
_DATE_PREP_BEHIND = "".join(
    f"(?<=\\b{word}\\s)|" for word in ("on", "by", "until", "till", "before", "after", "from", "for", "due")
).rstrip("|")


# ---- what resolvers read ----


class Ctx(NamedTuple):
    """What a date is resolved against: the writer's local date, and how they write "3/4"."""

    today: date
    month_first: bool = False


Resolver = Callable[[re.Match[str], Ctx], "date | None"]

_WORD = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"\d+")
_YEAR4 = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_YEAR2 = re.compile(r"[-/']\s*(\d\d)(?!\d)")
_DAY_IN = re.compile(rf"(?<!\d)(?<!\d[/.])(\d{{1,2}})(?:st|nd|rd|th)?(?![\d/:]|\.\d)|\b({_DAYW})\b")
_DAY_WORDS = {
    word.replace("-", "").replace(" ", ""): value
    for word, value in (VOCAB.day_cardinals | VOCAB.day_ordinals).items()
}
_HYPHEN_OR_SPACE = re.compile(r"[-\s]")
_NEXT_YEAR_IN = re.compile(rf"\b{_NEXT}\s+{_YR}\b")
_THIS_YEAR_IN = re.compile(rf"\bthis\s+{_YR}\b")
_THIS_IN = re.compile(r"\bthis\b")
_A_OR_AN = re.compile(r"(?:.*\s)?an?\s")
_FROM_OR_AFTER = re.compile(r"\s+(from|after)\s+")
_UNIT_IN = re.compile(r"(?<=[\d\s])" + alternation(VOCAB.units) + r"\b")
_COUNT_WORDS = {word.replace("-", ""): value for word, value in NUMBERS.items() if word not in {"a", "an"}}
_COUNT_WORD_IN = re.compile(r"\b" + alternation(set(NUMBERS) - {"a", "an"}) + r"\b")
_QUARTER_IN = re.compile(rf"\bq([1-4])\b|\b({_QORD})\s+{_QTR}")
_HALF_IN = re.compile(rf"\bh([12])\b|\b({_HORD})\s+half")


def _weekday(text: str) -> int:
    for word in _WORD.findall(text):
        if word in WEEKDAYS:
            return WEEKDAYS[word]
    return 4


def _month(text: str) -> int | None:
    for word in _WORD.findall(text):
        if word in MONTHS:
            return MONTHS[word]
    return None


def _day(text: str) -> int | None:
    """The day of the month written in `text`: "3rd", "24", "twenty-first" (not a year)."""
    found = _DAY_IN.search(text)
    if found is None:
        return None
    if found.group(1):
        return int(found.group(1))
    return _DAY_WORDS.get(_HYPHEN_OR_SPACE.sub("", found.group(2)))


def _year(text: str, today: date | None = None) -> int | None:
    """The year written in `text`: "2027"; with `today` (after a quarter or a half) also "'27", "-27"
    (20YY) and "next year"."""
    found = _YEAR4.search(text)
    if found:
        return int(found.group(1))
    short = _YEAR2.search(text) if today is not None else None
    if short:
        return 2000 + int(short.group(1))
    if today is not None and _NEXT_YEAR_IN.search(text):
        return today.year + 1
    return None


def _amount(text: str) -> tuple[int, str] | None:
    """The count and unit of '3 weeks', 'a couple of days', 'two weeks' (the first count in `text`,
    before its unit: "a week or two" is a week)."""
    unit_at = _UNIT_IN.search(text)
    if unit_at is None:
        return None
    before = text[: unit_at.start()]
    digits = _DIGITS.search(before)
    count: int | None = int(digits.group()) if digits else None
    if count is None:
        word = _COUNT_WORD_IN.search(before)  # "twenty-one", "twenty one": one count
        if word is not None:
            count = _COUNT_WORDS[_HYPHEN_OR_SPACE.sub("", word.group())]
        elif _A_OR_AN.match(before):
            count = 1
    if count is None:
        return None
    return count, VOCAB.units[unit_at.group()]


def _add(day: date, count: int, unit: str) -> date | None:
    if count > 120:
        return None
    if unit == "day":
        return dm.add_days(day, count)
    if unit == "week":
        return dm.add_days(day, 7 * count)
    if unit == "fortnight":
        return dm.add_days(day, 14 * count)
    if unit == "month":
        return dm.add_months(day, count)
    if unit == "year":
        return dm.add_months(day, 12 * count)
    return dm.add_days(day, count // 24)  # hours: today, or whole days ("within 48 hours")


# ---- resolvers ----


def _today_only(function: Callable[[date], date | None]) -> Resolver:
    """A resolver of a phrase whose date depends on today only ("tomorrow", "EOQ")."""
    return lambda _match, ctx: function(ctx.today)


def _relative(match: re.Match[str], ctx: Ctx) -> date | None:
    parsed = _amount(match.group())
    return _add(ctx.today, *parsed) if parsed else None


def _from_anchor(match: re.Match[str], ctx: Ctx) -> date | None:
    """The anchor day plus the span: "two weeks from tomorrow", "a week from Friday"."""
    text = match.group()
    span, _sep, anchor = _FROM_OR_AFTER.split(text, maxsplit=1)
    parsed = _amount(span)
    if parsed is None:
        return None
    today = ctx.today
    if anchor.startswith(("today", "now")):
        start = today
    elif anchor.startswith(("tom", "tmr")):
        start = dm.tomorrow(today)
    elif anchor.startswith(("next", "nxt")):
        start = dm.weekday_of_next_week(today, _weekday(anchor))
    else:
        start = dm.next_weekday(today, _weekday(anchor))
    return _add(start, *parsed)


def _weekday_week(match: re.Match[str], ctx: Ctx) -> date:
    """The next such day after today plus 7 days: "Monday week"; "tomorrow week": tomorrow plus 7 days."""
    text = match.group()
    start = (
        dm.tomorrow(ctx.today)
        if text.startswith(("tom", "tmr"))
        else dm.next_weekday(ctx.today, _weekday(text))
    )
    return dm.add_days(start, 7)


def _weekday_this_week(match: re.Match[str], ctx: Ctx) -> date:
    """That day of the current week: "Thursday this week"."""
    return dm.add_days(ctx.today, _weekday(match.group()) - ctx.today.weekday())


def _named_month(match: re.Match[str], ctx: Ctx) -> date | None:
    month = _month(match.group())
    return dm.named_month(ctx.today, month) if month else None


def _month_year(match: re.Match[str], ctx: Ctx) -> date | None:
    month, year = _month(match.group()), _year(match.group())
    return date(year, month, 1) if month and year else None


def _mid_month(match: re.Match[str], ctx: Ctx) -> date | None:
    month = _month(match.group())
    return dm.mid_month(ctx.today, month) if month else None


def _end_of_named_month(match: re.Match[str], ctx: Ctx) -> date | None:
    month = _month(match.group())
    if not month:
        return None
    year = _year(match.group())
    return dm.month_end(year, month) if year else dm.end_of_named_month(ctx.today, month)


def _month_day(match: re.Match[str], ctx: Ctx) -> date | None:
    text = match.group()
    month, day = _month(text), _day(text)
    return dm.month_and_day(ctx.today, month, day, _year(text)) if month and day else None


def _day_of_month(match: re.Match[str], ctx: Ctx) -> date | None:
    day = _day(match.group())
    return dm.day_of_month(ctx.today, day) if day else None


def _day_of_relative_month(match: re.Match[str], ctx: Ctx) -> date | None:
    """That day of that month, clamped to its end: "the 20th of next month", "the 5th of this month"."""
    day = _day(match.group())
    if not day:
        return None
    first = ctx.today.replace(day=1)
    if not _THIS_IN.search(match.group()):
        first = dm.first_of_next_month(ctx.today)
    return first.replace(day=min(day, dm.days_in_month(first.year, first.month)))


def _quarter_number(text: str) -> int:
    found = _QUARTER_IN.search(text)
    if found is None:
        return 1
    return int(found.group(1)) if found.group(1) else VOCAB.quarter_ordinals[found.group(2)]


def _quarter(match: re.Match[str], ctx: Ctx) -> date:
    text = match.group()
    return dm.quarter_start(ctx.today, _quarter_number(text), _year(text, ctx.today))


def _end_of_named_quarter(match: re.Match[str], ctx: Ctx) -> date:
    text = match.group()
    return dm.end_of_named_quarter(ctx.today, _quarter_number(text), _year(text, ctx.today))


def _half(match: re.Match[str], ctx: Ctx) -> date:
    text = match.group()
    found = _HALF_IN.search(text)
    half = 1
    if found is not None:
        half = int(found.group(1)) if found.group(1) else VOCAB.half_ordinals[found.group(2)]
    year = _year(text, ctx.today)
    if year is None and _THIS_YEAR_IN.search(text):
        year = ctx.today.year
    return dm.half_start(ctx.today, half, year)


def _end_of_half(match: re.Match[str], ctx: Ctx) -> date:
    """'end of H1': June 30th / December 31st of the next such half whose end is still to come."""
    text = match.group()
    found = _HALF_IN.search(text)
    half = 1
    if found is not None:
        half = int(found.group(1)) if found.group(1) else VOCAB.half_ordinals[found.group(2)]
    year = _year(text, ctx.today)
    if year is None and _THIS_YEAR_IN.search(text):
        year = ctx.today.year
    if year is not None:
        return dm.month_end(year, 6 * half)
    candidate = dm.month_end(ctx.today.year, 6 * half)
    return candidate if candidate >= ctx.today else dm.month_end(ctx.today.year + 1, 6 * half)


def _end_of_year(match: re.Match[str], ctx: Ctx) -> date:
    year = _year(match.group())
    return date(year or ctx.today.year, 12, 31)


def _iso(match: re.Match[str], ctx: Ctx) -> date | None:
    year, month, day = (int(part) for part in _DIGITS.findall(match.group()))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _slashed(match: re.Match[str], ctx: Ctx) -> date | None:
    """A slashed date ("3/15", "15/3/27"): month first for a US writer (or `date_order` mdy), else day
    first; the other order when that one is impossible."""
    parts = [int(part) for part in match.group().split("/")]
    first, second = parts[0], parts[1]
    year = parts[2] if len(parts) > 2 else None
    if year is not None and year < 100:
        year += 2000
    orders = ((first, second), (second, first)) if ctx.month_first else ((second, first), (first, second))
    for month, day in orders:
        if 1 <= month <= 12 and 1 <= day <= dm.days_in_month(year or 2028, month):
            return dm.month_and_day(ctx.today, month, day, year)
    return None


def _dotted(match: re.Match[str], ctx: Ctx) -> date | None:
    """A dotted date ("15.03.", "15.03.2027"): always day first."""
    parts = [part for part in match.group().split(".") if part]
    day, month = int(parts[0]), int(parts[1])
    year = int(parts[2]) if len(parts) > 2 else None
    if year is not None and year < 100:
        year += 2000
    if not (1 <= month <= 12 and 1 <= day <= dm.days_in_month(year or 2028, month)):
        return None
    return dm.month_and_day(ctx.today, month, day, year)


# ---- guards: a family's match that is no date after all ----

_RATIO_BEFORE = re.compile(
    r"\b(?:won|lost|beat|beats|tied|score|scored|scores|odds|ratio|split|vote|voted|rated|rating|record|went)\s+$"
)
_FRACTION_AFTER = re.compile(
    r"\s*(?:%|of\b|the\b|said\b|says\b|say\b|were\b|are\b|was\b|is\b|have\b|has\b|had\b|agreed\b|voted\b|want\b|"
    r"wants\b|seats?\b|users?\b|people\b|reps?\b|majority\b|support\b|coverage\b|done\b|complete\b|"
    r"finished\b|through\b|hour\b|hr\b|day\b|points?\b|pts?\b|stars?\b|would\b|will\b|can\b|could\b|did\b|"
    r"do\b|does\b|liked?\b|loved?\b|prefer\b|chose\b|picked\b|in\s+favou?r\b|attended\b|showed\b)"
)
_DATE_PREP_BEFORE = re.compile(
    r"(?:\b(?:by|on|before|after|until|till|til|thru|through|due|from|for|eta|starting|around)\s+(?:the\s+)?"
    rf"|\b{_WD},?\s+)$"
)


_NOT_DOTTED_DATE_BEFORE = re.compile(
    r"(?:\b(?:version|v|release|build|rel|grew|grow|growth|up|down|rate|ratio|score|rated|increase|decrease)\s*)$"
)


_NOT_DOTTED_DATE_AFTER = re.compile(r"\s*(?:%|percent|x\b|pts?\b|points?\b)")


def _dotted_is_date(lower: str, start: int, end: int) -> bool:
    """Whether "2.1." is a date: not a version, a growth figure or a rate ("version 2.1.", "grew 1.5.")."""
    return (
        _NOT_DOTTED_DATE_BEFORE.search(lower, max(0, start - 16), start) is None
        and _NOT_DOTTED_DATE_AFTER.match(lower, end) is None
    )


def _slashed_is_date(lower: str, start: int, end: int) -> bool:
    """Whether a slashed pair is a date: "1/2 the team", "24/7", "3/4 said yes", "won 3/1" are not."""
    text = lower[start:end]
    if text.count("/") == 2:
        return True  # "3/15/27": a date with its year
    before = lower[max(0, start - 24) : start]
    if _DATE_PREP_BEFORE.search(before):
        return text != "24/7"
    return not (text == "24/7" or _RATIO_BEFORE.search(before) or _FRACTION_AFTER.match(lower, end))


# ---- the families ----


class LazyRegex:
    """A regular expression compiled when it is first matched: most families run on few messages, and
    compiling them all would cost a tenth of a second of every start-up."""

    __slots__ = ("match", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def __getattr__(self, name: str) -> Callable[[str, int], re.Match[str] | None]:
        if name != "match":
            raise AttributeError(name)
        self.match = re.compile(self.pattern).match  # from now on `match` is the compiled one's
        return self.match


class Family(NamedTuple):
    name: str
    regex: LazyRegex
    resolve: Resolver | None  # None: a date in the past, not resolved ("yesterday", "last Friday")
    near: bool  # days away, not a month or a quarter: "budget" before it still leaves it a due date
    ambiguous: bool  # may be one word that is a date only capitalised or after a preposition ("may")
    guard: Callable[[str, int, int], bool] | None  # (lower, start, end) -> whether the match is a date
    no_date: bool  # a phrase that is no date: its words are read by no other family ("Black Friday")
    calendar: bool  # names a calendar date, which a weekday beside it only confirms ("Fri 12/18")
    starts: frozenset[tuple[str, ...]]  # the keys of its first words (nlp.dategrammar.starts)


def _family(
    name: str,
    patterns: Sequence[str],
    resolve: Resolver | None,
    *,
    near: bool = False,
    ambiguous: bool = False,
    guard: Callable[[str, int, int], bool] | None = None,
    no_date: bool = False,
    calendar: bool = False,
) -> Family:
    pattern = "|".join(patterns)
    # A date starts at a word (not inside "v1.5") and ends at one.
    regex = LazyRegex(rf"(?<![\w.])(?:{pattern})(?!\w)")
    return Family(name, regex, resolve, near, ambiguous, guard, no_date, calendar, _STARTS.starts(pattern))


_STARTS = starts_cache()  # each pattern's starts, walked once and then read from __pycache__


FAMILIES: tuple[Family, ...] = (
    _family("past", [
        r"yesterday", r"(?:the\s+)?day\s+before\s+yesterday",
        rf"(?:last|past|previous)\s+(?:{_WEEK}(?:-?\s?end)?|weekend|month|{_QTR}|{_YR}|night|{_WD})",
        rf"this\s+past\s+(?:{_WEEK}(?:-?\s?end)?|{_WD})",
        rf"earlier\s+(?:this\s+(?:{_WEEK}|month|{_QTR}|{_YR})|today)",
        rf"(?:{_COUNT}|{_FEW}\s+){_UNIT}\s+ago",
    ], None),
    # Holidays are no dates (they differ by country): matched so that "Black Friday" is no Friday.
    _family("holiday", [alternation(VOCAB.holidays)], None, no_date=True),
    _family("after_tomorrow", [r"(?:the\s+)?day\s+after\s+(?:tomorrow|tmrw)"],
            _today_only(dm.day_after_tomorrow), near=True),
    _family("today", [
        r"(?:later\s+)?today", r"tonight", r"e\.?o\.?d\.?", r"c\.?o\.?b\.?", r"e\.?o\.?p\.?",
        r"(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|play|business)", r"close\s+of\s+(?:business|play|day)",
        r"(?:this|the)\s+(?:morning|afternoon|evening)",
    ], _today_only(lambda d: d), near=True),
    _family("tomorrow", [r"tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow|tmw"], _today_only(dm.tomorrow),
            near=True),
    _family("weekday", [rf"(?:this\s+(?:coming\s+)?|coming\s+)?{_WD}"],
            lambda m, c: dm.next_weekday(c.today, _weekday(m.group())), near=True, ambiguous=True),
    _family("next_week_day", [
        rf"{_NEXT}\s+{_WD}", rf"{_WD}\s+(?:of\s+)?(?:the\s+)?(?:{_NEXT}|following)\s+{_WEEK}",
        rf"{_NEXT}\s+{_WEEK}\s+(?:on\s+)?{_WD}",
    ], lambda m, c: dm.weekday_of_next_week(c.today, _weekday(m.group())), near=True),
    _family("this_week_day", [rf"{_WD}\s+(?:of\s+)?this\s+{_WEEK}"], _weekday_this_week, near=True),
    _family("weekday_week", [rf"(?:{_WD}|tomorrow|tmrw)\s+{_WEEK}(?!\s*(?:of|after|before|end)\b|')"],
            _weekday_week, near=True),
    _family("from_anchor", [
        rf"(?:{_COUNT}|{_FEW}\s+)?{_UNIT}\s+(?:from|after)\s+(?:today|now|tomorrow|tmrw|{_NEXT}\s+{_WD}|{_WD})",
    ], _from_anchor, near=True),
    _family("end_week", [
        rf"{_END}(?:this\s+)?{_WEEK}", r"e\.?o\.?w\.?", rf"(?:later\s+|late\s+)?this\s+{_WEEK}",
        rf"{_WEEK}'?s\s+end", rf"(?:the\s+)?rest\s+of\s+(?:the|this)\s+{_WEEK}",
    ], _today_only(dm.end_of_week), near=True),
    _family("weekend", [
        rf"(?:(?:over|during)\s+(?:the\s+)?|(?:the|this(?:\s+coming)?)\s+|{_DATE_PREP_BEHIND})"
        r"(?:weekend|week-end|wknd)(?!\s+(?:support|shift|work|rate|team|coverage|crew|staff|hours|edition|"
        r"special|sale|trip|plans?)\b)",
    ], _today_only(dm.this_weekend), near=True),
    _family("next_weekend", [rf"{_NEXT}\s+(?:weekend|week-end|wknd)"], _today_only(dm.next_weekend),
            near=True),
    _family("end_next_week", [rf"{_END}{_NEXT}\s+{_WEEK}", rf"later\s+{_NEXT}\s+{_WEEK}"],
            _today_only(dm.end_of_next_week), near=True),
    _family("mid_next_week", [rf"{_MID}{_NEXT}\s+{_WEEK}"],
            _today_only(lambda d: dm.weekday_of_next_week(d, 2)), near=True),
    _family("next_week", [rf"{_EARLY}?{_NEXT}\s+{_WEEK}", r"(?:the\s+)?following\s+week"],
            _today_only(dm.monday_of_next_week), near=True),
    _family("end_month", [
        rf"{_END}(?:this\s+)?month", r"e\.?o\.?m\.?", r"month[-\s]?end", r"(?:later\s+)?this\s+month",
    ], _today_only(dm.end_of_month)),
    _family("mid_month", [rf"{_MID}month"], _today_only(dm.mid_this_month)),
    _family("next_month", [rf"{_EARLY}?{_NEXT}\s+month", r"(?:the\s+)?following\s+month"],
            _today_only(dm.first_of_next_month)),
    _family("mid_next_month", [rf"{_MID}{_NEXT}\s+month"],
            _today_only(lambda d: dm.first_of_next_month(d).replace(day=15))),
    _family("end_next_month", [rf"{_END}{_NEXT}\s+month"],
            _today_only(lambda d: dm.end_of_month(dm.first_of_next_month(d)))),
    _family("day_of_relative_month", [
        rf"(?:the\s+)?{_DAY}\s+of\s+(?:the\s+)?(?:{_NEXT}|following|this)\s+month",
    ], _day_of_relative_month),
    _family("end_quarter", [
        rf"{_END}(?:this\s+|the\s+current\s+)?{_QTR}", r"e\.?o\.?q\.?", rf"{_QTR}[-\s]?end",
        rf"(?:later\s+)?this\s+{_QTR}",
    ], _today_only(dm.end_of_quarter)),
    _family("end_quarter_named", [
        rf"{_END}(?:q[1-4]|{_QORD}\s+{_QTR}){_PERIOD_YEAR}?", r"q[1-4][-\s]?end",
    ], _end_of_named_quarter),
    _family("next_quarter", [rf"{_EARLY}?{_NEXT}\s+{_QTR}", rf"(?:the\s+)?following\s+{_QTR}"],
            _today_only(dm.next_quarter)),
    _family("end_next_quarter", [rf"{_END}{_NEXT}\s+{_QTR}"], _today_only(dm.end_of_next_quarter)),
    _family("quarter", [
        rf"{_EARLY}?(?:the\s+)?(?:q[1-4]|{_QORD}\s+{_QTR}){_PERIOD_YEAR}?", r"20\d\d\s+q[1-4]",
    ], _quarter),
    _family("half", [
        rf"{_EARLY}?(?:the\s+)?h[12]{_PERIOD_YEAR}?",
        rf"{_EARLY}?(?:the\s+)?{_HORD}\s+half\s+of\s+(?:the\s+|this\s+)?(?:{_YR}|20\d\d|{_NEXT}\s+{_YR})",
    ], _half),
    _family("end_half", [
        rf"{_END}(?:the\s+)?h[12]{_PERIOD_YEAR}?",
        rf"{_END}(?:the\s+)?{_HORD}\s+half\s+of\s+(?:the\s+|this\s+)?(?:{_YR}|20\d\d|{_NEXT}\s+{_YR})",
    ], _end_of_half),
    _family("end_year", [
        rf"{_END}(?:this\s+)?{_YR}", r"e\.?o\.?y\.?", rf"{_YR}[-\s]?end", rf"(?:later\s+)?this\s+{_YR}",
        rf"{_END}20\d\d",
    ], _end_of_year),
    _family("end_next_year", [rf"{_END}{_NEXT}\s+{_YR}"], _today_only(lambda d: date(d.year + 1, 12, 31))),
    _family("next_year", [
        rf"{_EARLY}?{_NEXT}\s+{_YR}", rf"(?:after\s+)?(?:the\s+)?new\s+{_YR}(?:'?s)?(?!\s*'?s?\s*eve)",
    ], _today_only(dm.next_year)),
    _family("month", [rf"{_EARLY}?(?:(?:this|next|nxt|the\s+coming|coming)\s+)?{_MON}"], _named_month,
            ambiguous=True),
    _family("month_year", [rf"{_EARLY}?{_MON},?\s+(?:of\s+)?20\d\d(?!\d)"], _month_year, calendar=True),
    _family("mid_month_named", [rf"{_MID}{_MON}"], _mid_month),
    _family("end_month_named", [rf"{_END}{_MON}{_YEAR}?"], _end_of_named_month),
    _family("month_day", [
        rf"{_MON}(?:,?\s+|\s*[-/]\s*|(?=\d))(?:the\s+)?{_DAY}(?!\s*(?:[:.]\d|am\b|pm\b|%|k\b|[-/]\d))(?:{_YEAR})?",
        rf"(?:the\s+)?(?:{_DAYN}(?:\.?\s*|\s*-\s*)|{_DAYW}\s+)(?:of\s+)?{_MON}{_YEAR}?",
    ], _month_day, calendar=True),
    _family("day_of_month", [
        rf"(?:the\s+|{_DATE_PREP_BEHIND})\d{{1,2}}(?:st|nd|rd|th)(?!\s*(?:{_QTR}|half|percent|place|time|round|"
        r"floor|grade|century|anniversary|birthday|row|line|item|point|version|edition|draft|attempt|try)\b)",
        rf"the\s+\d{{1,2}}{_DAY_END}",
        rf"(?:{_DATE_PREP_BEHIND})the\s+{_ORDW}{_DAY_END}",
        # "Hooli: the twenty-eighth for the board pack": a spelled day opening a clause
        rf"(?:^|(?<=:\s)|(?<=,\s)|(?<=\s-\s))the\s+{_ORDW}{_DAY_END}",
        # "demo 24th": a bare day of the month ending the clause (not "came in 2nd", "our 3rd")
        rf"(?<!\bin\s)(?<!\bour\s)(?<!\bits\s)(?<!\btheir\s)(?<!\bmy\s)(?<!\bhis\s)(?<!\bher\s)"
        rf"\d{{1,2}}(?:st|nd|rd|th){_DAY_END}",
    ], _day_of_month, calendar=True),
    _family("weekday_day", [
        rf"{_WD},?\s+(?:the\s+(?:{_DAYN}|{_DAYW})|\d{{1,2}}(?:st|nd|rd|th))(?!\s*(?:of\s+)?{_MON}|\s*[-/.:]\d)",
    ], _day_of_month),
    _family("iso", [r"20\d\d-\d{1,2}-\d{1,2}(?![\d-])", r"20\d\d/\d{1,2}/\d{1,2}(?![\d/])"], _iso,
            calendar=True),
    _family("slashed", [r"\d{1,2}/\d{1,2}(?:/(?:20)?\d\d)?(?![\d/]|\.\d|%|\s*(?:st|nd|rd|th)\b)"], _slashed,
            guard=_slashed_is_date, calendar=True),
    _family("dotted", [r"\d{1,2}\.\d{1,2}\.(?:(?:20)?\d\d(?![\d.]))?"], _dotted, guard=_dotted_is_date,
            calendar=True),
    _family("relative", [
        rf"(?:in|within|after)\s+(?:the\s+next\s+|another\s+|about\s+|around\s+|roughly\s+|approximately\s+)?"
        rf"(?:{_FEW}\s+|{_COUNT})(?:more\s+)?{_UNIT}",
        rf"{_COUNT}{_UNIT}\s+(?:hence|out)",
        rf"(?:the\s+)?{_NEXT}\s+(?:couple(?:\s+of)?\s+|few\s+|{_COUNT}){_UNIT}",
        rf"{_FEW}\s+(?:more\s+)?{_UNIT}",
        r"(?:(?<=need\s)|(?<=needs\s)|(?<=take\s)|(?<=takes\s)|(?<=give\s)|(?<=gives\s)|(?<=eta\s)|(?<=eta:\s)|^)"
        rf"(?:another\s+)?{_COUNT}(?:more\s+)?{_UNIT}",
    ], _relative),
    _family("duration", [rf"for\s+(?:another\s+|the\s+next\s+)?(?:{_FEW}\s+|{_COUNT})(?:more\s+)?{_UNIT}"
                         r"(?!\s+(?:from|after|hence|out)\b)"],
            _relative),
)  # fmt: skip
_STARTS.save()


class _Gate(NamedTuple):
    """The families that can start at a word, by the words after it (their `gate_key`s): a trie of the
    families' `starts`, DEPTH words deep."""

    by_next: dict[str, _Gate | tuple[Family, ...]]  # a word some family names next: a deeper gate (its
    # families at the last level)
    otherwise: tuple[Family, ...]  # any other word next, or none: the families that take any word there


def _gate(starts: dict[tuple[str, ...], set[str]], level: int, inherited: set[str]) -> _Gate:
    """The gate after `level` words (`starts`: those of the families that begin with them, each with
    its families' names); `inherited`: the families that took any word before."""
    anyway = set(inherited)
    groups: dict[str, dict[tuple[str, ...], set[str]]] = {}
    for start, names in starts.items():
        if start[level] == ANY_WORD:
            anyway |= names
        else:
            groups.setdefault(start[level], {})[start] = names
    by_next: dict[str, _Gate | tuple[Family, ...]] = {}
    for word, group in groups.items():
        if level + 1 == DEPTH:
            by_next[word] = _in_order(anyway.union(*group.values()))
        else:
            by_next[word] = _gate(group, level + 1, anyway)
    return _Gate(by_next, _in_order(anyway))


class _Gates(dict[str, _Gate]):
    """The gate of each word some family can start with (the keys of `firsts`), made the first time a
    message has that word: most messages have few of them, and making all of them (from 13,000 starts)
    costs start-up time."""

    def __init__(self) -> None:
        super().__init__()
        # a first word -> the families that can start with it, each with its starts that do
        self.firsts: dict[str, list[tuple[str, list[tuple[str, ...]]]]] = {}
        for family in FAMILIES:
            by_first: dict[str, list[tuple[str, ...]]] = {}
            for start in family.starts:
                if start[0] in by_first:
                    by_first[start[0]].append(start)
                else:
                    by_first[start[0]] = [start]
            for first, starts in by_first.items():
                if first in self.firsts:
                    self.firsts[first].append((family.name, starts))
                else:
                    self.firsts[first] = [(family.name, starts)]

    def __missing__(self, word: str) -> _Gate:
        by_start: dict[tuple[str, ...], set[str]] = {}  # a start -> the names of the families with it
        for name, starts in self.firsts[word]:
            for start in starts:
                if start in by_start:
                    by_start[start].add(name)
                else:
                    by_start[start] = {name}
        made = self[word] = _gate(by_start, 1, set())
        return made


_ORDER = {family.name: index for index, family in enumerate(FAMILIES)}


def _in_order(names: set[str]) -> tuple[Family, ...]:
    """The families named, in the order FAMILIES declares them (the first wins a tie)."""
    return tuple(FAMILIES[index] for index in sorted(_ORDER[name] for name in names))


_GATES = _Gates()
_FIRSTS = _GATES.firsts  # the words some family can start with (`in` here, then index _GATES)
_NEAR = frozenset(f.name for f in FAMILIES if f.near)
# A date that names one day of the calendar: "3/12", "Dec 3", "the 15th", "Tue the 15th", "2027-03-12".
_ONE_DAY = frozenset({"slashed", "dotted", "iso", "month_day", "day_of_month", "weekday_day"})
_PLAIN_DATE_WORDS = (frozenset(MONTHS) | frozenset(WEEKDAYS)) - _AMBIGUOUS  # "friday", "june"
# Calendar dates that a weekday beside them only confirms: "Fri 12/18", "Monday, Feb 18", "Jul 18, Fri".
_CONFIRMED_BY_WEEKDAY = frozenset(f.name for f in FAMILIES if f.calendar)


@lru_cache(maxsize=256)
def month_first(tz: str | None, date_order: DateOrder | None = None) -> bool:
    """Whether a slashed date ("3/4") puts the month first: `date_order` when the workspace said, else
    whether the writer's time zone is one of the United States'."""
    if date_order is not None:
        return date_order == "mdy"
    return tz in VOCAB.us_time_zones


# ---- scanning ----

_WORD_AT = re.compile(r"[a-z0-9]+")
# The preposition right before a date, read backwards from the date: the text before it, reversed.
# Forwards this is `\b(by|on|...|no\s+later\s+than|due|starting)\s+(?:the\s+)?$` searched in that text;
# anchored backwards it is one match at the date instead of a try at every position before it.
_PREP_BACKWARDS = re.compile(
    r"\s+(?:eht\s+)?"
    r"(yb|no|erofeb|retfa|litnu|llit|lit|hguorht|urht|morf|dnuora|ni|rof|naht\s+retal\s+on|eud|gnitrats)\b"
)
# The one-word prepositions of _PREP_BACKWARDS, by their reversed spelling.
_PREP_OF = {
    word[::-1]: word
    for word in (
        "by", "on", "before", "after", "until", "till", "til", "through", "thru", "from", "around", "in",
        "for", "due", "starting",
    )
}  # fmt: skip
_STRONG_PREPS = frozenset(
    {"by", "on", "before", "after", "until", "till", "til", "in", "due", "starting", "for"}
)
# Greetings, budget years and "no reply since" before a date: it is not when anything is due. Read
# backwards like _PREP_BACKWARDS; forwards:
#   \b(?:happy|good)\s+$ | (?<!\bthe\s)\bbudget\s+(?:for\s+|in\s+)?$ | \bfy\s*$ | \bsince\s+$
#   | \b(?:no|haven'?t\s+heard(?:\s+back)?|not\s+heard)\s+
#     (?:(?:reply|response|word|news|answer|contact|updates?)\s+)?(?:from\s+\w+\s+)?(?:in\s+|for\s+)?$
# ("revisit the budget in Q4": the budget is what they act on, and Q4 when.)
_NOT_DUE_BEFORE_BACKWARDS = re.compile(
    r"\s+(?:yppah|doog)\b|(?:\s+(?:rof|ni))?\s+tegdub\b(?!\s+eht\b)|\s*yf\b|\s+ecnis\b"
    r"|(?:\s+(?:ni|rof))?(?:\s+\w+\s+morf)?(?:\s+(?:ylper|esnopser|drow|swen|rewsna|tcatnoc|s?etadpu))?"
    r"\s+(?:on|(?:kcab\s+)?draeh\s+t'?nevah|draeh\s+ton)\b"
)
# "asked for", "need": read backwards like _PREP_BACKWARDS; forwards
#   \b(?:asked|asking|asks|ask|need|needs|needed|requested|want|wants|wanted)\s+$
_ASKED_FOR_BACKWARDS = re.compile(
    r"\s+(?:deksa|gniksa|sksa|ksa|deen|sdeen|dedeen|detseuqer|tnaw|stnaw|detnaw)\b"
)
_NOT_DUE_AFTER = re.compile(r"(?:'s)?\s*(?:budget|planning|plan|cycle|roadmap|off\b|holiday|vacation)")


def _not_due_before(match: re.Match[str] | None, kind: str) -> bool:
    """Whether what `_NOT_DUE_BEFORE_BACKWARDS` found before a date makes it no due date.

    A bare "budget" before a date names a budget's period ("budget Q1") unless the date is days or weeks
    away or one day of the calendar: "they meet on budget end of next week", "they are meeting on budget
    3/12" say when they meet (no budget runs for one day)."""
    if match is None:
        return False
    return match.group().strip() != "tegdub" or (kind not in _NEAR and kind not in _ONE_DAY)


class DateMention(NamedTuple):
    """One date expression: where it is, what it resolves to, and how it is used."""

    start: int
    end: int
    value: date | None
    kind: str  # the family's name: "weekday", "relative", "duration", "past", ...
    prep: str | None = None  # the preposition before it: "by", "after", "for", ...
    countable: bool = True  # False for greetings and budget years: a date, but not when anything happens

    @property
    def is_past(self) -> bool:
        return self.kind == "past"

    @property
    def is_duration(self) -> bool:
        return self.kind == "duration"


def find_dates(
    lower: str,
    original: str,
    today: date,
    tokens: Sequence[tuple[int, int, str, bool]] | None = None,
    *,
    month_first: bool = False,
    names: Sequence[tuple[int, int]] = (),
) -> list[DateMention]:
    """Every date expression in `lower` (the lower-cased `original`), resolved against `today`.

    `tokens` (start, end, word, capitalised) are the message's words when the caller has them already
    (the deal tokenizer's tokens); only their start and word are read. `month_first`: how the writer
    puts a slashed date ("3/4"), see `month_first()`. `names`: the spans of the deals' names, where no
    date starts ("June Robotics", "Acme Globex 000123").
    """
    if tokens is None:
        tokens = [(m.start(), m.end(), m.group(), False) for m in _WORD_AT.finditer(lower)]
    ctx = Ctx(today, month_first)
    mentions: list[DateMention] = []
    covered = 0
    last = len(tokens) - 1
    k = -1  # the token's index (counted here: cheaper than enumerate)
    for start, _end, text, _capitalised in tokens:
        k += 1
        if start < covered:
            continue
        if names and any(name_start <= start < name_end for name_start, name_end in names):
            continue
        if text in _FIRSTS:  # (`in`, then an index: cheaper than .get for every word)
            gate = _GATES[text]
        elif text[0] <= "9" or text[-1] <= "9":  # a number, or letters glued to one: "2wks", "q3", "feb13"
            key = gate_key(text)
            if key not in _FIRSTS:
                continue
            gate = _GATES[key]
        else:
            continue
        families = gate.otherwise
        nxt = k + 1
        while nxt <= last:  # down the gate's trie, one next word at a time
            after = tokens[nxt][2]
            if after in gate.by_next:
                deeper = gate.by_next[after]
            elif after[0] <= "9" or after[-1] <= "9":
                found = gate.by_next.get(gate_key(after))
                if found is None:
                    break
                deeper = found
            else:
                break
            if not isinstance(deeper, _Gate):
                families = deeper
                break
            gate, families, nxt = deeper, deeper.otherwise, nxt + 1
        if not families:
            continue
        mention = _best(families, lower, original, start, ctx)
        if mention is None:
            continue
        if isinstance(mention, int):
            covered = mention  # the end of a phrase that is no date
            continue
        mentions.append(mention)
        covered = mention.end
    if len(mentions) > 1:
        mentions = _merge_weekdays(_merge_times_of_day(mentions, lower), lower)
    return mentions


def _best(
    families: tuple[Family, ...], lower: str, original: str, start: int, ctx: Ctx
) -> DateMention | int | None:
    """The longest match of `families` at `start` that is a date (the first declared on a tie); the end
    of the match when the longest is a phrase that is no date."""
    found: list[tuple[int, int, Family, re.Match[str]]] = []
    for index, family in enumerate(families):
        match = family.regex.match(lower, start)
        if match is not None:
            found.append((-match.end(), index, family, match))
    if not found:
        return None
    if len(found) > 1:
        found.sort(key=lambda item: (item[0], item[1]))
    for _end, _index, family, match in found:
        if family.no_date:
            return match.end()
        if family.guard is not None and not family.guard(lower, start, match.end()):
            continue
        value = None
        if family.resolve is not None:
            value = family.resolve(match, ctx)
            if value is None:
                return match.end()  # an impossible date ("Feb 30") is no date, and no shorter one either
        mention = _mention(family, match, value, lower, original)
        if mention is not None:
            return mention
    return None


def _merge_times_of_day(mentions: list[DateMention], lower: str) -> list[DateMention]:
    """'Thursday EOD', 'by COB Friday': the time of day belongs to the date beside it."""
    kept: list[DateMention] = []
    for mention in mentions:
        previous = kept[-1] if kept else None
        if previous is not None and mention.start - previous.end <= 1:
            if _time_of_day(previous, lower) and not _time_of_day(mention, lower):
                kept[-1] = mention._replace(start=previous.start, prep=previous.prep or mention.prep)
                continue
            if _time_of_day(mention, lower):
                kept[-1] = previous._replace(end=mention.end)
                continue
        kept.append(mention)
    return kept


def _time_of_day(mention: DateMention, lower: str) -> bool:
    return mention.kind == "today" and not lower[mention.start : mention.end].endswith(("today", "tonight"))


_BETWEEN = re.compile(r"[\s,(-]*")


def _merge_weekdays(mentions: list[DateMention], lower: str) -> list[DateMention]:
    """'Fri 12/18', 'Monday, Feb 18', 'Jul 18, Fri': the date named; the weekday only confirms it."""
    kept: list[DateMention] = []
    for mention in mentions:
        previous = kept[-1] if kept else None
        if previous is not None and _BETWEEN.fullmatch(lower, previous.end, mention.start):
            if previous.kind == "weekday" and mention.kind in _CONFIRMED_BY_WEEKDAY:
                kept[-1] = mention._replace(start=previous.start, prep=previous.prep or mention.prep)
                continue
            if mention.kind == "weekday" and previous.kind in _CONFIRMED_BY_WEEKDAY:
                kept[-1] = previous._replace(end=mention.end)
                continue
        kept.append(mention)
    return kept


# After these a weekday word at the end of a clause is a verb or a noun: "we sat", "in the sun".
_NOT_A_DAY_BEFORE = re.compile(
    r"\b(?:we|they|i|he|she|you|it|who|which|that|the|a|an|in|of|had|have|has|was|were|just|then)\s+$"
)
_VERB_SAT = re.compile(r"(?<=sat)\s+(?:down|in|with|through|on|there|next|beside|across)\b")
_CLAUSE_END = re.compile(r"\s*(?:$|[,;:!?)]|\.(?:\s|$)|-|\s(?:and|then|or|at|eod|cob)\b)")


def _ambiguous_word_ok(lower: str, original: str, start: int, end: int, prep: str | None) -> bool:
    """'may', 'sat', 'march' are dates only when capitalised, after a date preposition, or (a weekday)
    ending a clause after no subject or article ("proposal goes out sat", not "we sat")."""
    text = lower[start:end]
    word = text if text in _AMBIGUOUS else _WORD.findall(text)[-1]
    if word not in _AMBIGUOUS:
        return True
    if prep in _STRONG_PREPS:
        return True
    if _VERB_SAT.match(lower, end):
        return False  # "Sat down with their CFO"
    first = original[end - len(word) : end][:1]
    if first.isupper():
        return not (word == "may" and start == 0)
    return (
        word in WEEKDAYS
        and _CLAUSE_END.match(lower, end) is not None
        and _NOT_A_DAY_BEFORE.search(lower, max(0, start - 8), start) is None
    )


# A time of day beside a date never changes it, but belongs to its span: "Friday at 3pm", "tomorrow
# morning", "at 9am on Saturday", "Thursday 8:00 GMT".
_TIME = (
    r"(?:\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)|\d{1,2}:\d\d(?!\d)|noon|midday|midnight|"
    r"(?:first\s+thing\s+(?:in\s+the\s+)?)?morning|afternoon|evening|night|lunch(?:time)?|eod|cob)"
    r"(?:\s*(?:[ecmp][sd]?t|gmt|utc|bst|cest|cet|ist|aest|sgt|jst)(?!\w))?"
)
_TIME_AFTER = re.compile(
    rf"(?:,?\s+(?:(?:at\s+|@\s*|around\s+|by\s+|in\s+the\s+|before\s+)?{_TIME}(?!\w)"
    # "at 2", "@ 10:30": an hour without am/pm, where no count of something follows it
    r"|(?:at|@)\s*\d{1,2}(?::\d\d)?(?:ish)?(?=\s*(?:$|[,.;!?)])|\s+(?:with|and|for|to|then)\b)))+"
)
# The end of a time of day right before a date, read backwards ("3pm ", "9:30 on ", "first thing "):
# the full `_TIME_BEFORE` search runs only where this matches.
_TIMEISH_BEFORE = re.compile(
    r"\s+(?:no\s+)?(?:\d|\.?m\.?(?:a|p)|noon|yadim|thgindim|gninrom|noonretfa|gnineve|thgin|hcnul|emithcnul|doe|boc"
    r"|gniht|t[sd]?[ecmp]\b|tmg|ctu|tsb|tsec|tec|tsi|tsea|tgs|tsj)"
)
_TIME_BEFORE = re.compile(rf"(?<![\w:.])(?:(?:at\s+|@\s*|around\s+)?{_TIME}|first\s+thing)\s+(?:on\s+)?$")


def _mention(
    family: Family, match: re.Match[str], value: date | None, lower: str, original: str
) -> DateMention | None:
    kind = family.name
    start, end = word_start, word_end = match.span()
    text = match.group()
    if value is not None:
        after = _TIME_AFTER.match(lower, end)
        if after is not None:
            end = after.end()
        if start and _TIMEISH_BEFORE.match(
            lower[start - 1 : max(0, start - 14) - 1 if start > 14 else None : -1]
        ):
            before = _TIME_BEFORE.search(lower, max(0, start - 32), start)
            if before is not None:
                start = before.start()
    prep = None
    span_start = start
    not_due_before = False
    if start:  # the 24 characters before the date, read backwards from it (none at the start of the message)
        backwards = lower[start - 1 : start - 25 : -1] if start > 24 else lower[start - 1 :: -1]
        prep_match = _PREP_BACKWARDS.match(backwards)
        if prep_match is not None:
            word = prep_match.group(1)
            prep = _PREP_OF.get(word) or " ".join(word[::-1].split())  # "no later than": its spaces as one
            span_start = start - prep_match.end()
        # The match holds one of these words (reversed): happy, good, budget, fy, since, no / not, haven.
        # Looking for them costs less than the match, which they mostly save.
        not_due_before = (
            "on" in backwards
            or "yf" in backwards
            or "doog" in backwards
            or "tegdub" in backwards
            or "ecnis" in backwards
            or "yppah" in backwards
            or "nevah" in backwards
        ) and _not_due_before(_NOT_DUE_BEFORE_BACKWARDS.match(backwards), kind)
        if kind == "duration" and _ASKED_FOR_BACKWARDS.match(backwards):
            kind = "relative"  # "they asked for a few more days": time they take to act, so a due date
    if (
        family.ambiguous
        and text not in _PLAIN_DATE_WORDS
        and not _ambiguous_word_ok(lower, original, word_start, word_end, prep)
    ):
        return None
    countable = not (not_due_before or _NOT_DUE_AFTER.match(lower, end))
    return DateMention(span_start, end, value, kind, prep, countable)
