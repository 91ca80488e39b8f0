"""The machinery under the date grammar: its vocabulary (nlp/patterns/dates.json), regex fragments built
from it, and the words each phrase family can start with, worked out from the family's pattern.

Nothing here names a phrase: nlp/dates.py declares the phrase families. A family is tried only at the
words it can start with, and those words are computed from its regular expression (`first_words`), so a
new family needs no gate list of its own.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

# The regular-expression parser of the standard library (`re._parser`, formerly `sre_parse`): it turns a
# pattern into the tree `first_words` walks. Imported by name: the module is private, and its old public
# name warns on import.
_sre: Any = importlib.import_module("re._parser")

VOCABULARY_FILE = Path(__file__).parent / "patterns" / "dates.json"
DIGIT_START = "#"  # the first-word key of every word that starts with a digit


def gate_key(word: str) -> str:
    """The key a word is gated by: itself; DIGIT_START for a word that starts with a digit; the letters
    before the first digit of a word that has some ("q3" -> "q", "feb13" -> "feb")."""
    if word.isalpha():
        return word
    if word[0].isdigit():
        return DIGIT_START
    for index, char in enumerate(word):
        if char.isdigit():
            return word[:index]
    return word


class Vocabulary(NamedTuple):
    """The words of dates, as nlp/patterns/dates.json lists them."""

    weekdays: dict[str, int]  # word -> 0 (Monday) .. 6 (Sunday)
    months: dict[str, int]  # word -> 1 .. 12
    ambiguous: frozenset[str]  # "may", "sat": dates only capitalised or after "by", "on" ...
    counts: dict[str, int]  # "three" -> 3, "a" -> 1, "couple" -> 2: how many days, weeks ...
    day_ordinals: dict[str, int]  # "twenty-first" -> 21
    day_cardinals: dict[str, int]  # "twenty-one" -> 21: a day written after its month ("May twenty-one")
    quarter_ordinals: dict[str, int]  # "third" -> 3 ("third quarter", "3rd qtr")
    half_ordinals: dict[str, int]  # "second" -> 2 ("second half of the year")
    units: dict[str, str]  # "wks" -> "week"
    us_time_zones: frozenset[str]  # the zones whose writers put the month first in "3/15"
    holidays: frozenset[str]  # no dates (they differ by country): "christmas", "labor day"


_UNITS = frozenset({"day", "week", "fortnight", "month", "year", "hour"})
_WORD_SHAPE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PHRASE_SHAPE = re.compile(r"[a-z0-9][a-z0-9' -]*")


def _table(raw: Mapping[str, Any], key: str, low: int, high: int) -> dict[str, int]:
    table = raw.get(key)
    if not isinstance(table, dict) or not table:
        raise ValueError(f"dates.json: {key!r} must be a non-empty object")
    for word, value in table.items():
        if not isinstance(word, str) or not _WORD_SHAPE.fullmatch(word):
            raise ValueError(f"dates.json: {key}: {word!r} is not a lower-case word")
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"dates.json: {key}: {word!r} must map to a number from {low} to {high}")
    return dict(table)


def _covers(key: str, table: Mapping[str, int], values: Iterable[int]) -> None:
    missing = set(values) - set(table.values())
    if missing:
        raise ValueError(f"dates.json: {key} has no word for {sorted(missing)}")


def load_vocabulary(raw: object) -> Vocabulary:
    """The vocabulary in `raw` (the parsed JSON), checked: a mistake fails at import, not silently."""
    if not isinstance(raw, dict):
        raise ValueError("dates.json must hold an object")
    weekdays = _table(raw, "weekdays", 0, 6)
    months = _table(raw, "months", 1, 12)
    _covers("weekdays", weekdays, range(7))
    _covers("months", months, range(1, 13))
    day_ordinals = _table(raw, "day_ordinals", 1, 31)
    _covers("day_ordinals", day_ordinals, range(1, 32))
    ambiguous = raw.get("ambiguous")
    if not isinstance(ambiguous, list) or not all(w in weekdays or w in months for w in ambiguous):
        raise ValueError("dates.json: 'ambiguous' must list weekday and month words")
    units = raw.get("units")
    if not isinstance(units, dict) or not all(
        isinstance(w, str) and _WORD_SHAPE.fullmatch(w) and u in _UNITS for w, u in units.items()
    ):
        raise ValueError(f"dates.json: 'units' must map words to one of {sorted(_UNITS)}")
    zones = raw.get("us_time_zones")
    if not isinstance(zones, list) or not all(
        isinstance(z, str) and ("/" in z or z == "Navajo") for z in zones
    ):
        raise ValueError("dates.json: 'us_time_zones' must list IANA zone names")
    holidays = raw.get("holidays")
    if not isinstance(holidays, list) or not all(
        isinstance(h, str) and _PHRASE_SHAPE.fullmatch(h) for h in holidays
    ):
        raise ValueError("dates.json: 'holidays' must list lower-case names")
    clash = set(weekdays) & set(months)
    if clash:
        raise ValueError(f"dates.json: {sorted(clash)} both weekday and month")
    return Vocabulary(
        weekdays=weekdays,
        months=months,
        ambiguous=frozenset(ambiguous),
        counts=_table(raw, "counts", 1, 120),
        day_ordinals=day_ordinals,
        day_cardinals=_table(raw, "day_cardinals", 1, 31),
        quarter_ordinals=_table(raw, "quarter_ordinals", 1, 4),
        half_ordinals=_table(raw, "half_ordinals", 1, 2),
        units=dict(units),
        us_time_zones=frozenset(zones),
        holidays=frozenset(holidays),
    )


VOCAB = load_vocabulary(json.loads(VOCABULARY_FILE.read_text(encoding="utf-8")))


def alternation(words: Iterable[str]) -> str:
    """A non-capturing group of `words`, longest first; a hyphen also matches a space or nothing."""
    parts = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\-", r"[-\s]?") for w in parts) + ")"


# ---- the words a pattern can start with ----

_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_DIGITS = frozenset("0123456789")
_LIMIT = 20000  # more word starts than this: the pattern is too open to gate
ANY_WORD = "*"  # the second word of a pair when any word (or none) may follow the first
_DECIDED = "\0"  # ends a word whose key is decided: it went on past its first digit

# While a pattern is walked, a state is (first, second): the first word built so far and None, or the
# first word's key and the second word built so far ("" before it starts).
_State = tuple[str, "str | None"]


class _Open(Exception):
    """The pattern can start with too many words to list (a `\\w+`, a `.`)."""


def _chars(op: Any, av: Any) -> tuple[set[str], bool, bool]:
    """The letters and digits one character item can match, whether it can match another character,
    and whether that can be an apostrophe (which the tokenizer keeps inside a word: "year's")."""
    c = _sre
    items = [(c.LITERAL, av)] if op is c.LITERAL else av if op is c.IN else None
    if items is None:
        raise _Open
    alnum: set[str] = set()
    other = apostrophe = False
    for item, value in items:
        if item is c.LITERAL or item is c.RANGE:
            low, high = (value, value) if item is c.LITERAL else value
            for code in range(low, high + 1):
                char = chr(code).lower()
                if char in _ALNUM:
                    alnum.add(char)
                else:
                    other = True
                    apostrophe = apostrophe or char == "'"
        elif item is c.CATEGORY and value is c.CATEGORY_DIGIT:
            alnum |= _DIGITS
        elif item is c.CATEGORY and value is c.CATEGORY_SPACE:
            other = True
        else:
            raise _Open  # \w, a negated class: any word could start here
    return alnum, other, apostrophe


def _key(word: str) -> str:
    return word.rstrip(_DECIDED)


def _grow(word: str, char: str) -> str:
    """`word` with one more letter or digit; a digit decides its key (see `gate_key`)."""
    if word.endswith(_DECIDED):
        return word
    if char in _DIGITS:
        return (word or DIGIT_START) + _DECIDED
    return word + char


def _walk(items: Iterable[tuple[Any, Any]], states: set[_State]) -> tuple[set[_State], set[tuple[str, str]]]:
    """Walks `items` from `states`; returns the states still open and the (first, second) pairs done."""
    done: set[tuple[str, str]] = set()
    for op, av in items:
        if not states:
            break
        states, finished = _step(op, av, states)
        done |= finished
    return states, done


def _step(op: Any, av: Any, states: set[_State]) -> tuple[set[_State], set[tuple[str, str]]]:
    c = _sre
    if op is c.AT or op is c.ASSERT or op is c.ASSERT_NOT:
        return states, set()  # zero-width: ignoring it can only add words
    if op is c.SUBPATTERN:
        return _walk(av[-1], states)
    if op is c.BRANCH:
        still: set[_State] = set()
        done: set[tuple[str, str]] = set()
        for alternative in av[1]:
            more, finished = _walk(alternative, set(states))
            still |= more
            done |= finished
        return still, done
    if op is c.MAX_REPEAT or op is c.MIN_REPEAT or op is getattr(c, "POSSESSIVE_REPEAT", None):
        low, high, sub = av
        still = set(states) if low == 0 else set()
        done = set()
        current = states
        rounds = 0
        while current and rounds < high:
            rounds += 1
            current, finished = _walk(sub, current)
            done |= finished
            if rounds >= low:
                if current <= still:
                    break
                still |= current
            if rounds > 8:
                raise _Open
        return still, done
    alnum, other, apostrophe = _chars(op, av)
    still, done = set(), set()
    for first, second in states:
        if second is None:  # in the first word
            for char in alnum:
                still.add((_grow(first, char), None))
            if other and first:  # the first word ends ("e" of "e.o.w"); no match starts with punctuation
                if apostrophe:
                    done.add((_key(first), ANY_WORD))  # "week's": the tokenizer's word is "week"
                still.add((_key(first), ""))
        else:
            for char in alnum:
                still.add((first, _grow(second, char)))
            if other:
                if second:
                    done.add((first, _key(second)))
                else:
                    still.add((first, ""))  # between the words
    if len(still) > _LIMIT:
        raise _Open
    return still, done


def start_pairs(pattern: str) -> frozenset[tuple[str, str]]:
    """The (first, second) word keys (see `gate_key`) a match of `pattern` can start with; second is
    ANY_WORD when the match may end after the first word (or any word may follow it).

    Raises ValueError for a pattern that can start with any word or match nothing at all: such a family
    would have to be tried everywhere."""
    try:
        still, done = _walk(_sre.parse(pattern), {("", None)})
    except _Open:
        raise ValueError(f"date pattern starts too openly to gate: {pattern[:80]!r}") from None
    for first, second in still:  # the pattern ends here
        if second is None and not first:
            raise ValueError(f"date pattern can match an empty text: {pattern[:80]!r}")
        if second is None or not second:
            done.add((_key(first), ANY_WORD))
        else:
            done.add((first, _key(second)))
    return frozenset(done)


def first_words(pattern: str) -> frozenset[str]:
    """The first word keys (see `gate_key`) a match of `pattern` can start with."""
    return frozenset(first for first, _second in start_pairs(pattern))
