"""Deal amounts: "$40k", "€75k", "1.2M", "120,000", "40 grand" -> whole currency units.

A number is money when it carries a currency mark, a magnitude suffix (k, M, grand, thousand,
million) or thousands separators, and is not a count of something (seats, users, days), a
percentage or part of a date.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_CURRENCY = r"(?:[$€£¥]|usd|eur|gbp|us\$|a\$|c\$|cad|aud|chf)"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"k|kk|m|mm|mn|mil|million|millions|b|bn|billion|thousand|grand|g"
_AMOUNT = re.compile(
    rf"(?<![\w.,/])(?P<cur>{_CURRENCY})?\s?(?P<num>{_NUMBER})\s?(?P<scale>{_SCALE})?(?![\w%])"
    rf"(?:\s?(?P<cur2>{_CURRENCY})(?![\w]))?",
    re.IGNORECASE,
)
_SCALES: dict[str, int] = {
    "k": 1_000, "kk": 1_000_000, "m": 1_000_000, "mm": 1_000_000, "mn": 1_000_000, "mil": 1_000_000,
    "million": 1_000_000, "millions": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000,
    "billion": 1_000_000_000, "thousand": 1_000, "grand": 1_000, "g": 1_000,
}  # fmt: skip
# Words after a number that make it a count or a span of time, not money.
_COUNT_AFTER = re.compile(
    r"\s*(?:\+\s*)?(?:seats?|users?|licen[cs]es?|people|employees|reps?|heads?|accounts?|locations?|sites?|"
    r"days?|weeks?|months?|years?|yrs?|hours?|hrs?|minutes?|mins?|calls?|meetings?|demos?|pages?|"
    r"percent|pct|%|x\b|times|stores?|units?|devices?|servers?|nodes?|instances?|agents?|members?|"
    r"st\b|nd\b|rd\b|th\b|am\b|pm\b|of\s+(?:them|us|the)|out\s+of|"
    r"(?:/|per\s+|an?\s+)(?:user|seat|licen[cs]e|head|unit|month|mo|hour|hr)\b)",
    re.IGNORECASE,
)
_MONEY_AFTER = re.compile(
    r"\s*(?:arr|acv|tcv|mrr|deal|contract|budget|a\s+year|/\s*y(?:ea)?r|per\s+year)", re.I
)
_MONEY_BEFORE = re.compile(
    r"(?:worth|valued\s+at|value\s+of|sized\s+at|size|budget\s+of|budget|arr|acv|tcv|at|for|of|is|"
    r"deal\s+size|amount|price|priced\s+at|quote\s+(?:of|for|at)|around|about|~)\s*$",
    re.IGNORECASE,
)
_DATE_AROUND = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$|\bq[1-4]\s*$|\bthe\s*$", re.I
)


_HAS_DIGIT = re.compile(r"\d").search


class Amount(NamedTuple):
    value: int
    start: int
    end: int
    explicit: bool  # a currency mark or magnitude word: money whatever the context


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money in `text`, in order."""
    found: list[Amount] = []
    if _HAS_DIGIT(text) is None:
        return found
    for match in _AMOUNT.finditer(text):
        number = match.group("num")
        scale = (match.group("scale") or "").lower()
        currency = match.group("cur") or match.group("cur2")
        after = text[match.end() : match.end() + 24]
        before = text[max(0, match.start() - 24) : match.start()]
        if _COUNT_AFTER.match(after) and not scale:
            continue
        if not currency and _DATE_AROUND.search(before) and not scale:
            continue
        try:
            value = float(number.replace(",", "")) * _SCALES.get(scale, 1)
        except ValueError:
            continue
        explicit = bool(currency or scale)
        has_separators = "," in number
        plain_but_money = bool(_MONEY_AFTER.match(after) or _MONEY_BEFORE.search(before)) and value >= 1000
        if not (explicit or has_separators or plain_but_money):
            continue
        if not explicit and 1900 <= value <= 2100 and not has_separators:
            continue  # a year
        if value < 1 or value >= 1e12:
            continue
        found.append(Amount(round(value), match.start(), match.end(), explicit))
    return found


def find_amount(text: str) -> int | None:
    """The deal's value: the first amount with a currency or magnitude, else the first amount."""
    amounts = find_amounts(text)
    if not amounts:
        return None
    explicit = [a for a in amounts if a.explicit]
    return (explicit or amounts)[0].value
