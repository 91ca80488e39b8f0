"""The date grammar of the spec's date table: find date expressions and resolve them against today.

One compiled alternation scans the lower-cased text once; each named alternative has a resolver in
`nlp.datemath`. Mentions carry the preposition before them ("by", "after", "for" ...) and whether
they point to the past ("yesterday", "last Friday"), so later rules can tell a due date from a
date of something already done.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple

from nlp import datemath as dm

WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "weds": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "few": 3, "several": 3,
}  # fmt: skip
# Words that are dates only when capitalised or introduced by a date preposition ("sat down", "may").
_AMBIGUOUS = frozenset({"sat", "sun", "may", "mar", "march", "jan", "wed", "sep"})

_WD = "(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + ")"
_MON = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# A count and the space before its unit: a number may also be glued to it ("2wks", "3days").
_NUM_ = r"(?:\d{1,3}\s*|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|an|a)\s+)"
_FEW = r"(?:a\s+)?(?:couple(?:\s+of)?|few|several)"
# A unit, and what may follow it: "a week or two", "in two weeks' time".
_UNIT = (
    r"(?:days?|weeks?|wks?|fortnights?|months?|mos?|years?|yrs?|hours?|hrs?)"
    r"(?:\s+or\s+(?:two|three|so))?(?:'?\s+time)?"
)
_EARLY = r"(?:early\s+|beginning\s+of\s+|start\s+of\s+|the\s+start\s+of\s+|the\s+beginning\s+of\s+)?"
_YEAR = r"(?:,?\s+(20\d\d))?"

# Order matters where two alternatives start at the same place: longer phrasings first.
_PIECES: tuple[tuple[str, str], ...] = (
    ("past", rf"yesterday|last\s+(?:week|wk|month|quarter|year|night|{_WD})"
     r"|earlier\s+(?:this\s+(?:week|wk)|today)"
     rf"|{_NUM_}{_UNIT}\s+ago"),
    ("after_tomorrow", r"(?:the\s+)?day\s+after\s+tomorrow"),
    ("end_next_week", r"(?:the\s+)?end\s+of\s+(?:the\s+)?next\s+(?:week|wk)|late(?:r)?\s+next\s+(?:week|wk)"),
    ("end_week", r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?week|e\.?o\.?w\.?|(?:later\s+)?this\s+(?:week|wk)"
     r"|week'?s\s+end"),
    ("next_week_day", rf"next\s+(?:week|wk)\s+(?:on\s+)?{_WD}"
     rf"|{_WD}\s+(?:of\s+)?next\s+(?:week|wk)|next\s+{_WD}"),
    ("mid_next_week", r"mid[-\s]?next\s+(?:week|wk)|(?:the\s+)?middle\s+of\s+next\s+(?:week|wk)"),
    ("next_week", rf"{_EARLY}next\s+(?:week|wk)"),
    ("end_next_month", r"(?:the\s+)?end\s+of\s+(?:the\s+)?next\s+month"),
    ("end_month", r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month|e\.?o\.?m\.?|month[-\s]end"),
    ("mid_next_month", r"mid[-\s]?next\s+month|(?:the\s+)?middle\s+of\s+next\s+month"),
    ("next_month", rf"{_EARLY}next\s+month"),
    ("end_next_quarter", r"(?:the\s+)?end\s+of\s+(?:the\s+)?next\s+quarter"),
    ("end_quarter_named", rf"(?:the\s+)?end\s+of\s+q([1-4]){_YEAR}|q([1-4])[-\s]end"),
    ("end_quarter", r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?quarter|e\.?o\.?q\.?|quarter[-\s]end"),
    ("next_quarter", rf"{_EARLY}next\s+quarter"),
    ("quarter", rf"{_EARLY}q([1-4])(?:\s+(next\s+year)|{_YEAR})"),
    ("end_year", r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year|e\.?o\.?y\.?|year[-\s]end"),
    ("next_year", rf"{_EARLY}next\s+(?:year|yr)|(?:after\s+)?(?:the\s+)?new\s+year(?:'?s)?"),
    ("mid_month", rf"mid[-\s]?{_MON}|(?:the\s+)?middle\s+of\s+{_MON}"),
    ("end_month_named", rf"(?:the\s+)?end\s+of\s+{_MON}"),
    ("month_day", rf"{_MON}\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?!\d){_YEAR}"
     rf"|(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}{_YEAR}"),
    ("month_year", rf"{_MON}\s+(20\d\d)"),
    ("month", rf"{_EARLY}{_MON}"),
    ("day_of_month", r"the\s+(\d{1,2})(?:st|nd|rd|th)"),
    ("iso", r"(20\d\d)-(\d{1,2})-(\d{1,2})"),
    ("relative", rf"(?:in|within)\s+(?:the\s+next\s+|another\s+|about\s+|around\s+|roughly\s+)?"
     rf"(?:{_FEW}\s+|{_NUM_})(?:more\s+)?{_UNIT}|{_NUM_}{_UNIT}\s+from\s+(?:now|today)"
     rf"|(?:the\s+)?next\s+(?:couple(?:\s+of)?|few)\s+{_UNIT}|{_FEW}\s+(?:more\s+)?{_UNIT}"
     rf"|(?:(?<=need\s)|(?<=needs\s)|(?<=take\s)|(?<=takes\s)|(?<=give\s)|(?<=gives\s)|(?<=eta\s)|(?<=eta:\s)|^)"
     rf"(?:another\s+)?{_NUM_}(?:more\s+)?{_UNIT}"),
    ("duration", rf"for\s+(?:another\s+|the\s+next\s+)?(?:{_FEW}\s+|{_NUM_})(?:more\s+)?{_UNIT}"),
    ("today", r"later\s+today|today|tonight|e\.?o\.?d\.?|end\s+of\s+(?:the\s+)?day|cob|close\s+of\s+business"
     r"|(?:this|the)\s+(?:morning|afternoon|evening)"),
    ("tomorrow", r"tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow"),
    ("weekday", rf"(?:this\s+(?:coming\s+)?|coming\s+)?{_WD}"),
)  # fmt: skip
# "nxt week", "nxt friday": chat's "next", wherever a piece says "next".
_PIECES = tuple((name, pattern.replace(r"next\s", r"(?:next|nxt)\s")) for name, pattern in _PIECES)
_PIECE_RE = {name: re.compile(pattern) for name, pattern in _PIECES}
_WORD = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"\d+")
# The preposition right before a date, read backwards from the date: the text before it, reversed.
# Forwards this is `\b(by|on|...|no\s+later\s+than|due|starting)\s+(?:the\s+)?$` searched in that text;
# anchored backwards it is one match at the date instead of a try at every position before it.
# (`$` could also match before a final "\n", but the trailing `\s+` takes that "\n" too.)
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
_STRONG_PREPS = frozenset({"by", "on", "before", "after", "until", "till", "til", "in", "due", "starting"})
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


# A bare "budget" before a date names a budget's period ("budget Q1") unless the date is days or weeks
# away: "they meet on budget end of next week" says when they meet.
_DAYS_AWAY = frozenset(
    {"after_tomorrow", "end_next_week", "end_week", "next_week_day", "mid_next_week", "next_week", "today",
     "tomorrow", "weekday"}
)  # fmt: skip


def _not_due_before(match: re.Match[str] | None, kind: str) -> bool:
    """Whether what `_NOT_DUE_BEFORE_BACKWARDS` found before a date makes it no due date."""
    if match is None:
        return False
    return match.group().strip() != "tegdub" or kind not in _DAYS_AWAY


# "asked for", "need": read backwards like _PREP_BACKWARDS; forwards
#   \b(?:asked|asking|asks|ask|need|needs|needed|requested|want|wants|wanted)\s+$
_ASKED_FOR_BACKWARDS = re.compile(
    r"\s+(?:deksa|gniksa|sksa|ksa|deen|sdeen|dedeen|detseuqer|tnaw|stnaw|detnaw)\b"
)
_NOT_DUE_AFTER = re.compile(r"\s*(?:budget|planning|plan|cycle|roadmap|off\b|holiday|vacation)")


class DateMention(NamedTuple):
    """One date expression: where it is, what it resolves to, and how it is used."""

    start: int
    end: int
    value: date | None
    kind: str  # the grammar piece: "weekday", "relative", "duration", "past", ...
    prep: str | None = None  # the preposition before it: "by", "after", "for", ...
    countable: bool = True  # False for greetings and budget years: a date, but not when anything happens

    @property
    def is_past(self) -> bool:
        return self.kind == "past"

    @property
    def is_duration(self) -> bool:
        return self.kind == "duration"


def _amount(text: str) -> tuple[int, str] | None:
    """The count and unit of '3 weeks', 'a couple of days', 'for six months'."""
    digits = _DIGITS.search(text)
    count: int | None = int(digits.group()) if digits else None
    unit = ""
    for word in _WORD.findall(text):
        if count is None and word in NUMBERS and word not in {"a", "an"}:
            count = NUMBERS[word]
        elif word[0] in "dwfmhy" and word.rstrip("s") in {
            "day",
            "week",
            "wk",
            "fortnight",
            "month",
            "mo",
            "year",
            "yr",
            "hour",
            "hr",
        }:
            unit = word.rstrip("s")
            break  # what follows is no count of its own: "a week or two" is a week
    if count is None and ("a " in text or "an " in text or text.startswith(("a", "an"))):
        count = 1
    if count is None or not unit:
        return None
    return count, unit


def _relative(today: date, text: str) -> date | None:
    parsed = _amount(text)
    if parsed is None:
        return None
    count, unit = parsed
    if count > 120:
        return None
    if unit in {"day"}:
        return dm.add_days(today, count)
    if unit in {"week", "wk"}:
        return dm.add_days(today, 7 * count)
    if unit == "fortnight":
        return dm.add_days(today, 14 * count)
    if unit in {"month", "mo"}:
        return dm.add_months(today, count)
    if unit in {"year", "yr"}:
        return dm.add_months(today, 12 * count)
    return today  # hours


def _first(match: re.Match[str], *groups: int) -> str | None:
    for group in groups:
        value = match.group(group)
        if value:
            return value
    return None


def _month_in(text: str) -> int | None:
    if text in MONTHS:  # the whole text is one month word: its only word
        return MONTHS[text]
    for word in _WORD.findall(text):
        if word in MONTHS and word not in {"of", "the"}:
            return MONTHS[word]
    return None


def _weekday_in(text: str) -> int:
    if text in WEEKDAYS:  # the whole text is one weekday word: its only word
        return WEEKDAYS[text]
    for word in _WORD.findall(text):
        if word in WEEKDAYS:
            return WEEKDAYS[word]
    return 4


def _year(value: str | None) -> int | None:
    return int(value) if value else None


# Kinds whose date depends on today only, not on the words matched.
_SIMPLE: dict[str, Callable[[date], date]] = {
    "after_tomorrow": dm.day_after_tomorrow,
    "end_next_week": dm.end_of_next_week,
    "end_week": dm.end_of_week,
    "mid_next_week": lambda d: dm.weekday_of_next_week(d, 2),
    "next_week": dm.monday_of_next_week,
    "end_next_month": lambda d: dm.end_of_month(dm.first_of_next_month(d)),
    "end_month": dm.end_of_month,
    "mid_next_month": lambda d: dm.first_of_next_month(d).replace(day=15),
    "next_month": dm.first_of_next_month,
    "end_next_quarter": dm.end_of_next_quarter,
    "end_quarter": dm.end_of_quarter,
    "next_quarter": dm.next_quarter,
    "end_year": dm.end_of_year,
    "next_year": dm.next_year,
    "today": lambda d: d,
    "tomorrow": dm.tomorrow,
}


def _resolve(kind: str, text: str, today: date) -> date | None:
    """The date `text`, matched by the scanners as piece `kind`, stands for."""
    simple = _SIMPLE.get(kind)
    if simple is not None:
        return simple(today)
    if kind == "weekday":
        return dm.next_weekday(today, _weekday_in(text))
    if kind == "next_week_day":
        return dm.weekday_of_next_week(today, _weekday_in(text))
    if kind in {"relative", "duration"}:
        return _relative(today, text)
    if kind in {"mid_month", "end_month_named", "month"}:
        month = _month_in(text)
        if not month:
            return None
        if kind == "mid_month":
            return dm.mid_month(today, month)
        if kind == "end_month_named":
            return dm.end_of_named_month(today, month)
        return dm.named_month(today, month)
    # The kinds above read no groups, so they need not match their piece again: it matches `text`
    # alone as it did in the message. (Their only lookaround is relative's `(?<=need\s)|...|^`, and its
    # `^` holds at the start of `text`.)
    piece = _PIECE_RE[kind].fullmatch(text)
    if piece is None:
        return None
    if kind == "end_quarter_named":
        quarter = _first(piece, 1, 3)
        return dm.end_of_named_quarter(today, int(quarter or 1), _year(piece.group(2)))
    if kind == "quarter":
        year = _year(piece.group(3)) or (today.year + 1 if piece.group(2) else None)
        return dm.quarter_start(today, int(piece.group(1)), year)
    if kind == "day_of_month":
        return dm.day_of_month(today, int(piece.group(1)))
    if kind == "iso":
        try:
            return date(int(piece.group(1)), int(piece.group(2)), int(piece.group(3)))
        except ValueError:
            return None
    month = _month_in(text)
    if kind == "month_day" and month:
        day = _first(piece, 1, 3)
        return dm.month_and_day(today, month, int(day or 0), _year(_first(piece, 2, 4)))
    if kind == "month_year" and month:
        return date(int(piece.group(1)), month, 1)
    return None


_AMBIGUOUS_KINDS = frozenset({"month", "weekday"})  # the kinds that can end in an ambiguous word
_PLAIN_DATE_WORDS = (frozenset(MONTHS) | frozenset(WEEKDAYS)) - _AMBIGUOUS  # "friday", "june"


def _ambiguous_word_ok(text: str, original: str, start: int, end: int, prep: str | None) -> bool:
    """'may', 'sat', 'march' are dates only when capitalised or after a date preposition.

    `text` is the date as matched: `lower[start:end]`.
    """
    word = text if text in _AMBIGUOUS else _WORD.findall(text)[-1]
    if word not in _AMBIGUOUS:
        return True
    if prep in _STRONG_PREPS:
        return True
    first = original[end - len(word) : end][:1]
    return first.isupper() and not (word == "may" and start == 0)


_EARLY_WORDS = {"early", "beginning", "start", "the"}
_QUARTERS = {"q1", "q2", "q3", "q4"}
_DIGIT = "#"  # stands for any word that starts with a digit
# The words each piece can start with: at a word, only the pieces that can start there are tried.
_STARTS: dict[str, set[str]] = {
    "past": {"yesterday", "last", "earlier", _DIGIT} | set(NUMBERS),
    "after_tomorrow": {"the", "day"},
    "end_next_week": {"the", "end", "late", "later"},
    "end_week": {"the", "end", "e", "eow", "later", "this", "week"},
    "next_week_day": {"next"} | set(WEEKDAYS),
    "mid_next_week": {"mid", "middle", "the"},
    "next_week": _EARLY_WORDS | {"next"},
    "end_next_month": {"the", "end"},
    "end_month": {"the", "end", "e", "eom", "month"},
    "mid_next_month": {"mid", "middle", "the"},
    "next_month": _EARLY_WORDS | {"next"},
    "end_next_quarter": {"the", "end"},
    "end_quarter_named": {"the", "end"} | _QUARTERS,
    "end_quarter": {"the", "end", "e", "eoq", "quarter"},
    "next_quarter": _EARLY_WORDS | {"next"},
    "quarter": _EARLY_WORDS | _QUARTERS,
    "end_year": {"the", "end", "e", "eoy", "year"},
    "next_year": _EARLY_WORDS | {"next", "after", "new"},
    "mid_month": {"mid", "middle", "the"},
    "end_month_named": {"the", "end"},
    "month_day": {"the", _DIGIT} | set(MONTHS),
    "month_year": set(MONTHS),
    "month": _EARLY_WORDS | set(MONTHS),
    "day_of_month": {"the"},
    "iso": {_DIGIT},
    "relative": {"in", "within", "the", "next", "a", "couple", "few", "several", _DIGIT} | set(NUMBERS),
    "duration": {"for"},
    "today": {"later", "today", "tonight", "e", "eod", "end", "cob", "close", "this", "the"},
    "tomorrow": {"tomorrow", "tmrw", "tmr", "tomorow", "tommorow", "tommorrow"},
    "weekday": {"this", "coming"} | set(WEEKDAYS),
}
for _words in _STARTS.values():  # "nxt" starts what "next" starts
    if "next" in _words:
        _words.add("nxt")


def _scanner(names: tuple[str, ...]) -> re.Pattern[str]:
    """The pieces `names`, in the order of _PIECES, as one pattern that matches at a word."""
    alternation = "|".join(f"(?P<{name}>{pattern})" for name, pattern in _PIECES if name in names)
    return re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])")


def _scanners() -> dict[str, re.Pattern[str]]:
    by_pieces: dict[tuple[str, ...], re.Pattern[str]] = {}
    scanners: dict[str, re.Pattern[str]] = {}
    for word in set().union(*_STARTS.values()):
        names = tuple(name for name, _pattern in _PIECES if word in _STARTS[name])
        if names not in by_pieces:
            by_pieces[names] = _scanner(names)
        scanners[word] = by_pieces[names]
    return scanners


_SCANNERS = _scanners()
# "the" before a number ("the 15th", "the 3rd of May"): of the pieces that start with "the", only these
# take a number after it, so only they are tried (the scanner of "the" holds twenty).
_THE_NUMBER_SCANNER = _scanner(("month_day", "day_of_month"))
_DIGIT_SCANNER = _SCANNERS[_DIGIT]
# The digit key stands for every word that starts with a digit, so no word key may start with one.
assert not any(key[:1].isdigit() for key in _SCANNERS)
_WORD_AT = re.compile(r"[a-z0-9]+")
_COUNTS = frozenset(NUMBERS) | {"another", "about", "around", "roughly", "the"}
# Common words that start a date only before certain words ("the end", "in 3 weeks", "next Friday").
_FOLLOWERS: dict[str, frozenset[str]] = {
    "the": frozenset(
        {
            "end",
            "day",
            "middle",
            "start",
            "beginning",
            "new",
            "next",
            "nxt",
            "morning",
            "afternoon",
            "evening",
        }
    ),
    "a": frozenset({"couple", "few", "several", "week", "wk", "fortnight", "month", "day", "year"}),
    "an": frozenset({"hour"}),
    "in": _COUNTS,
    "within": _COUNTS,
    "for": _COUNTS,
    "this": frozenset({"week", "wk", "morning", "afternoon", "evening", "coming"} | set(WEEKDAYS)),
    "end": frozenset({"of"}),
    "close": frozenset({"of"}),
    "next": frozenset({"week", "wk", "month", "quarter", "year", "yr", "couple", "few"} | set(WEEKDAYS)),
    "nxt": frozenset({"week", "wk", "month", "quarter", "year", "yr", "couple", "few"} | set(WEEKDAYS)),
    "later": frozenset({"today", "this", "next", "nxt"}),
    "new": frozenset({"year", "years"}),
    "after": frozenset({"new", "the"}),
    "day": frozenset({"after"}),
    "coming": frozenset(WEEKDAYS),
}
_BEFORE_DIGITS = frozenset({"the", "in", "within", "for"})
# Two common words that start a date only before a word that starts so: "in the next 3 days", "after
# the new year". (After "in", "within" and "for" the grammar takes "the" only in "the next"; "the new"
# and "after the" only lead to "new year".) The word's start is what counts: the tokenizer makes
# "year's" the word "year", but "year'x" (where "new year" still matches) "yearx".
_THEN: dict[tuple[str, str], str] = {
    ("in", "the"): "next",
    ("within", "the"): "next",
    ("for", "the"): "next",
    ("the", "new"): "year",
    ("after", "the"): "new",
}
# Where the digit scanner can match, its number is followed by a space, by st/nd/rd/th and a space
# ("3 weeks", "the 3rd of"), by "-" in an ISO date, or by the first letter of a unit ("2wks").
_DIGIT_DATE_START = re.compile(r"\d{1,3}\s|\d{1,2}(?:st|nd|rd|th)\s|20\d\d-|\d{1,3}(?:d|w|f|m|y|h)").match


def find_dates(
    lower: str, original: str, today: date, tokens: Sequence[tuple[int, int, str, bool]] | None = None
) -> list[DateMention]:
    """Every date expression in `lower` (the lower-cased `original`), resolved against `today`.

    `tokens` (start, end, word, capitalised) are the message's words when the caller has them already
    (the deal tokenizer's tokens); only their start and word are read.
    """
    if tokens is None:
        tokens = [(m.start(), m.end(), m.group(), False) for m in _WORD_AT.finditer(lower)]
    mentions: list[DateMention] = []
    covered = 0
    last = len(tokens) - 1
    k = -1  # the token's index (counted here: cheaper than enumerate)
    for start, _end, text, _capitalised in tokens:
        k += 1
        if text in _SCANNERS:  # (`in`, then a lookup for the few keys: cheaper than .get for every word)
            scanner = _SCANNERS[text]
        else:
            # No key starts with a digit: such words get the digit scanner. (A word is never empty.)
            if not text[0].isdigit() or _DIGIT_DATE_START(lower, start) is None:
                continue
            scanner = _DIGIT_SCANNER
        if start < covered:
            continue
        follow = _FOLLOWERS.get(text)
        if follow is not None:  # a common word: a date only starts here before one of these
            after = tokens[k + 1][2] if k < last else ""
            if after not in follow:  # (the followers are words of letters)
                if not (text in _BEFORE_DIGITS and after[:1].isdigit()):
                    continue
                if text == "the":
                    scanner = _THE_NUMBER_SCANNER
            then = _THEN.get((text, after))
            if then is not None and (k + 1 == last or not tokens[k + 2][2].startswith(then)):
                continue
        match = scanner.match(lower, start)
        if match is None:
            continue
        covered = match.end()
        mention = _mention(match, lower, original, today)
        if mention is not None:
            mentions.append(mention)
    return _merge_times_of_day(mentions, lower) if len(mentions) > 1 else mentions


def _merge_times_of_day(mentions: list[DateMention], lower: str) -> list[DateMention]:
    """'Thursday EOD', 'by COB Friday': the time of day belongs to the date beside it."""
    kept: list[DateMention] = []
    for mention in mentions:
        previous = kept[-1] if kept else None
        if previous is not None and mention.start - previous.end <= 1:
            if _time_of_day(previous, lower) and not _time_of_day(mention, lower):
                kept[-1] = mention._replace(start=previous.start)
                continue
            if _time_of_day(mention, lower):
                kept[-1] = previous._replace(end=mention.end)
                continue
        kept.append(mention)
    return kept


def _time_of_day(mention: DateMention, lower: str) -> bool:
    return mention.kind == "today" and not lower[mention.start : mention.end].endswith(("today", "tonight"))


def _mention(match: re.Match[str], lower: str, original: str, today: date) -> DateMention | None:
    kind = match.lastgroup or ""
    start, end = match.span()
    text = match.group()
    value = None if kind == "past" else _resolve(kind, text, today)
    if value is None and kind != "past":
        return None
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
        kind in _AMBIGUOUS_KINDS
        and text not in _PLAIN_DATE_WORDS
        and not _ambiguous_word_ok(text, original, start, end, prep)
    ):
        return None
    countable = not (not_due_before or _NOT_DUE_AFTER.match(lower, end))
    return _new_mention(DateMention, (span_start, end, value, kind, prep, countable))


# DateMention(...) without the Python-level __new__ NamedTuple adds: the same tuple, made faster.
_new_mention = tuple.__new__
