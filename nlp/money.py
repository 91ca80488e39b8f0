"""Deal amounts: "$40k", "€75k", "1.2M", "120,000", "40 grand" -> whole currency units.

A number is money when it carries a currency mark, a magnitude suffix (k, M, grand, thousand,
million) or thousands separators, and is not a count of something (seats, users, days), a
percentage or part of a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from nlp.lexicon import words

# The currencies as written: longest first where one starts another ("nz$" before "$"). "r" is the
# rand ("R 250 000"), "kr" a krona or krone (which one is not written: no code).
_CODES = sorted(
    words(
        "usd eur gbp inr zar jpy cad aud nzd sgd hkd brl chf sek nok dkk cny rmb mxn aed sar ngn kes ghs egp "
        "pln czk huf ils krw php idr myr thb vnd"
    )
)
_CURRENCY = (
    r"(?:us\$|a\$|c\$|au\$|ca\$|nz\$|s\$|r\$|hk\$|[$€£¥₹₦]|rs\.?|ksh|kr|r(?=\s?\d)|" + "|".join(_CODES) + r")"
)
# What each written currency is, as an ISO 4217 code (None: shared by several currencies).
_ISO: dict[str, str | None] = {
    "$": "USD", "us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD",
    "s$": "SGD", "r$": "BRL", "hk$": "HKD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₦": "NGN",
    "rs": "INR", "rs.": "INR", "ksh": "KES", "kr": None, "r": "ZAR", "rmb": "CNY",
    **{code: code.upper() for code in _CODES if code != "rmb"},
}  # fmt: skip
# Scales that are a currency's own: lakh and crore are Indian rupees.
_SCALE_CURRENCY = dict.fromkeys(("lakh", "lakhs", "lac", "lacs", "crore", "crores", "cr"), "INR")
# 1,40,000 (lakh grouping), 120,000.50, 1.250.000 (dots between thousands), 85.000 or 1.2 (read by value).
# 250 000 (spaces between thousands: money only with a currency).
# 250.000,00 (dots between thousands, a decimal comma), 90'000 (apostrophes between thousands: Swiss).
_NUMBER = (
    r"\d{1,3}(?:\.\d{3})+,\d{2}(?![\d.,])|\d{1,3}(?:'\d{3})+(?![\d'])"
    r"|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d|[.,]\d)|\d+(?:\.\d+)?"
)
_SCALE = r"k|kk|m|mm|mn|mil|mio|million|millions|b|bn|billion|thousand|grand|g|lakhs?|lacs?|crores?|cr|l"
_AMOUNT = (
    rf"(?<![\w.,/])(?P<cur>{_CURRENCY})?\s?(?P<num>{_NUMBER})\s?(?P<scale>{_SCALE})?(?![\w%])"
    rf"(?:\s?(?P<cur2>{_CURRENCY})(?![\w]))?"
)
_SCALES: dict[str, int] = {
    "k": 1_000, "kk": 1_000_000, "m": 1_000_000, "mm": 1_000_000, "mn": 1_000_000, "mil": 1_000_000,
    "mio": 1_000_000,
    "million": 1_000_000, "millions": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000,
    "billion": 1_000_000_000, "thousand": 1_000, "grand": 1_000, "g": 1_000,
    "lakh": 100_000, "lakhs": 100_000, "lac": 100_000, "lacs": 100_000,
    "crore": 10_000_000, "crores": 10_000_000, "cr": 10_000_000, "l": 100_000,
}  # fmt: skip
_WORD_SCALES = ("grand", "thousand", "mil", "bn", "billion", "lakh", "lac", "crore")
_RUPEES = frozenset({"₹", "rs", "rs.", "inr"})
# "50-60k", "$40 to 50k": a range, read as its lower end with the upper end's scale and currency.
_RANGE_REST = (
    rf"\s?(?P<sep>-|–|—|to|and\b)\s?(?P<cur>{_CURRENCY})?\s?(?:{_NUMBER})\s?(?P<scale>{_SCALE})?(?![\w%])"
    rf"(?:\s?(?P<cur2>{_CURRENCY})(?![\w]))?"
)
# Words after a number that make it a count or a span of time, not money.
_COUNT_AFTER = (
    r"\s*(?:\+\s*)?(?:seats?|users?|licen[cs]es?|people|employees|reps?|heads?|accounts?|locations?|sites?|"
    r"days?|weeks?|months?|years?|yrs?|hours?|hrs?|minutes?|mins?|calls?|meetings?|demos?|pages?|"
    r"percent|pct|%|x\b|times|stores?|units?|devices?|servers?|nodes?|instances?|agents?|members?|"
    r"st\b|nd\b|rd\b|th\b|am\b|pm\b|of\s+(?:them|us|the)|out\s+of|"
    r"(?:/|per\s+|an?\s+)(?:user|seat|licen[cs]e|head|unit|month|mo|hour|hr)\b)"
)
_MONEY_AFTER = r"\s*(?:arr|acv|tcv|mrr|deal|contract|budget|a\s+year|/\s*y(?:ea)?r|per\s+year)"
# The words before a number that make it money, and those that make it part of a date, are read
# backwards from the number: the 24 characters before it, reversed. Each pattern ends at the number
# (`\s*$`), so anchored backwards it is one match there instead of a try at every position before it.
# Forwards, the words before money:
#   (?:worth|valued\s+at|value\s+of|sized\s+at|size|budget\s+of|budget|arr|acv|tcv|at|for|of|is|
#   deal\s+size|amount|price|priced\s+at|quote\s+(?:of|for|at)|around|about|~)\s*$
_MONEY_BEFORE_BACKWARDS = (
    r"\s*(?:htrow|ta\s+deulav|fo\s+eulav|ta\s+dezis|ezis|fo\s+tegdub|tegdub|rra|vca|vct|ta|rof|fo|si|"
    r"ezis\s+laed|tnuoma|ecirp|ta\s+decirp|(?:fo|rof|ta)\s+etouq|dnuora|tuoba|~)"
)
# Forwards, a date before the number:
#   (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$|\bq[1-4]\s*$|\bthe\s*$
_DATE_BEFORE_BACKWARDS = (
    r"\s*(?:\.?[a-z]*(?:naj|bef|ram|rpa|yam|nuj|luj|gua|pes|tpes|tco|von|ced)|[1-4]q\b|eht\b)"
)


class _Rules(NamedTuple):
    """The patterns above, compiled with one set of flags."""

    amount: re.Pattern[str]
    count_after: re.Pattern[str]
    money_after: re.Pattern[str]
    money_before_backwards: re.Pattern[str]
    date_before_backwards: re.Pattern[str]
    digit: re.Pattern[str]  # the first digit at or after a position
    range_rest: re.Pattern[str]  # after a number, the upper end of a range


def _rules(flags: int, digit: str) -> _Rules:
    patterns = (
        _AMOUNT, _COUNT_AFTER, _MONEY_AFTER, _MONEY_BEFORE_BACKWARDS, _DATE_BEFORE_BACKWARDS, _RANGE_REST
    )  # fmt: skip
    # No upper-case letter to match (see _LOWERED); "(?P<" names a group.
    assert not any(char.isupper() for pattern in patterns for char in pattern.replace("(?P<", ""))
    amount, count_after, money_after, money_before, date_before, range_rest = (
        re.compile(p, flags) for p in patterns
    )
    return _Rules(amount, count_after, money_after, money_before, date_before, re.compile(digit), range_rest)


# The rules match case-insensitively: the text as written, with re.IGNORECASE. An ASCII text is read
# lower-cased instead, without it, which is the same (the patterns are lower-case, and the case folds
# beyond lower(), such as "ſ" for "s", are of non-ASCII characters) and which sre does faster. In an
# ASCII text \d is [0-9], whose search is faster too.
_FOLDED = _rules(re.IGNORECASE, r"\d")
_LOWERED = _rules(0, r"[0-9]")
# A match of the amount pattern starts at most this far before its number: a currency (3 characters
# at most, case folding maps one character to one) and one space.
_LEAD = 5


# With a currency, three digits after each dot and no scale word: the dots separate thousands ("22.500 €",
# "1.250.000 EUR"). Without a currency such a number is no amount ("went from 3.500 to 4.000 seats").
_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_DECIMAL_COMMA = re.compile(r"\d{1,3}(?:\.\d{3})+,\d{2}")


# Amounts in words: "twenty grand", "half a million", "a quarter million", "two crore", "fifty-five thousand".
_UNITS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUE: dict[str, float] = {
    **{word: index + 1 for index, word in enumerate(_UNITS)},
    **{word: 20 + 10 * index for index, word in enumerate(_TENS)},
    "a": 1, "an": 1, "half": 0.5, "quarter": 0.25,
}  # fmt: skip
_WORD_AMOUNT = re.compile(
    rf"(?<![\w$€£¥₹₦])(?:(?P<cur>{_CURRENCY})\s?)?"
    rf"(?P<num>(?:a\s+)?(?:half|quarter)(?:\s+(?:a|of\s+a))?|(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(_UNITS[:9])}))?"
    rf"|(?:{'|'.join(_UNITS)}|an?)(?:\s+hundred)?)"
    r"\s+(?P<scale>grand|thousand|million|mil|billion|bn|lakhs?|lacs?|crores?)\b",
    re.IGNORECASE,
)


def _word_amounts(text: str) -> list[Amount]:
    found = []
    for match in _WORD_AMOUNT.finditer(text):
        said = match.group("num").lower().replace("-", " ").split()
        if "half" in said or "quarter" in said:
            value = _WORD_VALUE["half" if "half" in said else "quarter"]  # "half a million"
        else:
            value = sum(_WORD_VALUE.get(word, 0) for word in said if word != "hundred")
            if "hundred" in said:
                value *= 100  # "two hundred thousand"
        scale = match.group("scale").lower()
        currency = (match.group("cur") or "").lower()
        if _FOLDED.count_after.match(text, match.end()) or (said[0] in {"a", "an"} and scale == "thousand"):
            continue  # "one million users", "a thousand employees": counts
        iso = _ISO.get(currency) if currency else _SCALE_CURRENCY.get(scale)
        found.append(Amount(round(value * _SCALES[scale]), match.start(), match.end(), True, iso))
    return found


class Amount(NamedTuple):
    value: int
    start: int
    end: int
    explicit: bool  # a currency mark or magnitude word: money whatever the context
    currency: str | None = None  # ISO 4217, when written with the amount


def _amount_matches(text: str, rules: _Rules, first_digit: int) -> Iterator[re.Match[str]]:
    """The matches of `rules.amount.finditer(text)`, each searched for from near the next digit.

    A match has a digit (its number) at most _LEAD characters after its start, so after the previous
    match no match starts before _LEAD characters ahead of the next digit: the search from there
    finds the match finditer finds next, without trying every position before.
    """
    done = 0  # where the previous match ended
    at = first_digit
    while True:
        match = rules.amount.search(text, max(done, at - _LEAD))
        if match is None:
            return
        yield match
        done = match.end()
        found = rules.digit.search(text, done)
        if found is None:
            return
        at = found.start()


def find_amounts(text: str, dropped: Sequence[tuple[int, int]] = ()) -> list[Amount]:
    """Every amount of money in `text`, in order.

    `dropped`: spans (a deal's name: "Acme Globex 000123") where the caller drops whatever amount
    overlaps them. When every digit of an ASCII text lies in them and no scale word is written, no
    amount can be left, and none is looked for.
    """
    rules = _LOWERED if text.isascii() else _FOLDED
    first_digit = rules.digit.search(text)
    if dropped and first_digit is not None and rules is _LOWERED:
        at: re.Match[str] | None = first_digit
        while at is not None:
            position = at.start()
            span_end = next((end for start, end in dropped if start <= position < end), None)
            if span_end is None:
                break  # a digit outside them
            at = rules.digit.search(text, span_end)
        else:
            lowered = text.lower()
            if not any(scale in lowered for scale in _WORD_SCALES):
                return []
    if first_digit is None:  # most messages: every amount has a digit, or a scale word after a number word
        lowered = text.lower()
        if not any(scale in lowered for scale in _WORD_SCALES):
            return []
        return _word_amounts(text)
    if rules is _LOWERED:
        text = text.lower()  # same length, same offsets
    found: list[Amount] = []
    skip_before = 0  # the upper end of a range read with its lower end
    for match in _amount_matches(text, rules, first_digit.start()):
        number, scale, currency, currency_after = match.group("num", "scale", "cur", "cur2")
        start, end = match.span()
        if start < skip_before:
            continue
        if not scale:
            upper = rules.range_rest.match(text, end)
            if upper is not None and upper.group("sep") == "and" and not text[:start].endswith("between "):
                upper = None  # "3 and 50k" is no range; "between 40 and 60k" is
            if upper is not None and (upper.group("scale") or upper.group("cur") or upper.group("cur2")):
                scale = upper.group("scale")  # "50-60k": the lower end, at the upper end's scale
                currency = currency or upper.group("cur") or upper.group("cur2")
                skip_before = upper.end()
        scale = (scale or "").lower()
        currency = (currency or currency_after or "").lower()
        spaced = not number.isascii() or " " in number
        if spaced:
            if not currency:
                continue  # "2 300": spaces between thousands make money only with a currency
            number = "".join(number.split())
        if currency == "r" and not scale and not spaced and "," not in number and float(number) < 1000:
            continue  # "R2", "r 15": no rand amount without a size
        if not (currency or scale):  # a plain number: a count, part of a date, or money by its words
            after = text[end : end + 24]
            if rules.count_after.match(after):
                continue
            backwards = text[max(0, start - 24) : start][::-1]
            if rules.date_before_backwards.match(backwards):
                continue
        elif not scale and rules.count_after.match(text[end : end + 24]):
            continue
        if scale == "l" and currency not in _RUPEES:
            continue  # "40L" is lakh only with rupees: "₹40L", "40L INR"
        if "'" in number:
            number = number.replace("'", "")  # "CHF 90'000"
            spaced = True
        elif _DECIMAL_COMMA.fullmatch(number):
            number = number.replace(".", "").replace(",", ".")  # "250.000,00 €"
            spaced = True
        has_separators = "," in number or spaced
        if currency and not scale and _DOT_THOUSANDS.fullmatch(number):
            number, has_separators = number.replace(".", ""), True  # "85.000 EUR": dots between thousands
        try:
            value = float(number.replace(",", "")) * _SCALES.get(scale, 1)
        except ValueError:
            continue
        explicit = bool(currency or scale)
        if not (explicit or has_separators):
            plain_but_money = value >= 1000 and bool(
                rules.money_after.match(after) or rules.money_before_backwards.match(backwards)
            )
            if not plain_but_money:
                continue
        if not explicit and 1900 <= value <= 2100 and not has_separators:
            continue  # a year
        if value < 1 or value >= 1e12:
            continue
        iso = _ISO.get(currency) if currency else _SCALE_CURRENCY.get(scale)
        found.append(Amount(round(value), start, end, explicit, iso))
    if any(scale in text.lower() for scale in _WORD_SCALES):
        spelled = [
            a for a in _word_amounts(text) if not any(a.start < b.end and b.start < a.end for b in found)
        ]
        if spelled:
            found = sorted(found + spelled, key=lambda a: a.start)
    return found


def find_amount(text: str) -> int | None:
    """The deal's value: the first amount with a currency or magnitude, else the first amount."""
    amounts = find_amounts(text)
    if not amounts:
        return None
    explicit = [a for a in amounts if a.explicit]
    return (explicit or amounts)[0].value
