"""The machinery under the date grammar: its vocabulary (nlp/patterns/dates.json, checked when loaded),
the `alternation` that makes regex fragments of it, and the words each phrase family can start with,
worked out from the family's pattern (`starts`).

Nothing here names a phrase: nlp/dates.py declares the phrase families. A family is tried only where
the message's words can start it, and those words are computed from its regular expression, so a new
family needs no gate list of its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.util
import json
import marshal
import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

# The regular-expression parser of the standard library (`re._parser`, formerly `sre_parse`): it turns a
# pattern into the tree `starts` walks. Imported by name: the module is private, and its old public
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
    parts = sorted(set(words), key=lambda word: (-len(word), word))  # the same text in every run
    return "(?:" + "|".join(re.escape(w).replace(r"\-", r"[-\s]?") for w in parts) + ")"


# ---- the words a pattern can start with ----

_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_DIGITS = frozenset("0123456789")
_LIMIT = 3000  # more word starts than this: too many to list that deep
ANY_WORD = "*"  # a word of a start when any word (or none) may come there
_DECIDED = "\0"  # ends a word whose key is decided: it went on past its first digit
DEPTH = 2  # how many leading words `starts` lists (3 tries fewer families, but takes longer to build)

# While a pattern is walked, a state is (words, word): the keys of the words done so far, and the word
# being built ("" between words).
_State = tuple[tuple[str, ...], str]


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


def _walk(
    items: Iterable[tuple[Any, Any]], states: set[_State], depth: int
) -> tuple[set[_State], set[tuple[str, ...]]]:
    """Walks `items` from `states`; returns the states still open and the starts (word keys, `depth`
    words at most) done."""
    done: set[tuple[str, ...]] = set()
    for op, av in items:
        if not states:
            break
        states, finished = _step(op, av, states, depth)
        done |= finished
    return states, done


def _step(op: Any, av: Any, states: set[_State], depth: int) -> tuple[set[_State], set[tuple[str, ...]]]:
    c = _sre
    if op is c.AT or op is c.ASSERT or op is c.ASSERT_NOT:
        return states, set()  # zero-width: ignoring it can only add words
    if op is c.SUBPATTERN:
        return _walk(av[-1], states, depth)
    if op is c.BRANCH:
        still: set[_State] = set()
        done: set[tuple[str, ...]] = set()
        for alternative in av[1]:
            more, finished = _walk(alternative, set(states), depth)
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
            current, finished = _walk(sub, current, depth)
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
    for words, word in states:
        for char in alnum:
            still.add((words, _grow(word, char)))
        if not other:
            continue
        if not word:
            if words:
                still.add((words, ""))  # between two words; no match starts with punctuation
            continue
        ended = (*words, _key(word))
        if apostrophe:
            done.add(_pad(ended))  # "year's": the tokenizer's word is "year"; what follows, any
        if len(ended) == depth:
            done.add(_pad(ended))
        else:
            still.add((ended, ""))
    if len(still) > _LIMIT:
        raise _Open
    return still, done


def _pad(words: tuple[str, ...]) -> tuple[str, ...]:
    return words if len(words) == DEPTH else (*words, ANY_WORD)


def starts(pattern: str) -> frozenset[tuple[str, ...]]:
    """The keys (see `gate_key`) of the first DEPTH words a match of `pattern` can start with; a start
    shorter than that ends with ANY_WORD: the match may end there, or any word may follow. A pattern
    with too many starts that deep is listed fewer words deep.

    Raises ValueError for a pattern that can start with any word or match nothing at all: such a family
    would have to be tried everywhere."""
    for depth in range(DEPTH, 0, -1):
        try:
            still, done = _walk(_sre.parse(pattern), {((), "")}, depth)
        except _Open:
            continue
        for words, word in still:  # the pattern ends here
            ended = (*words, _key(word)) if word else words
            if not ended:
                raise ValueError(f"date pattern can match an empty text: {pattern[:80]!r}")
            done.add(_pad(ended))
        return frozenset(done)
    raise ValueError(f"date pattern starts too openly to gate: {pattern[:80]!r}")


def first_words(pattern: str) -> frozenset[str]:
    """The first word keys (see `gate_key`) a match of `pattern` can start with."""
    return frozenset(start[0] for start in starts(pattern))


# ---- the starts of the grammar's patterns, kept between runs ----
# Walking the patterns takes about a fifth of a second of every start-up, and what the walk finds depends
# only on the pattern, this module's code and Python's regular-expression parser. So the starts are kept
# in a file beside this module's bytecode (in __pycache__; a cache of data, so it is written even when
# .pyc files are not), keyed by this module's source and Python's version; a pattern that is not in it
# is walked. A file that cannot be read or written costs the walk, nothing else.

_Starts = frozenset[tuple[str, ...]]


class StartsCache:
    """`starts(pattern)` remembered in `path` (None: not kept); `save()` writes what this run used."""

    def __init__(self, path: Path | None, key: str) -> None:
        self.path, self.key = path, key
        self.kept: dict[str, _Starts] = self._read()
        self.used: dict[str, _Starts] = {}

    def _read(self) -> dict[str, _Starts]:
        if self.path is None:
            return {}
        try:
            key, kept = marshal.loads(self.path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if key != self.key or not isinstance(kept, dict):
            return {}
        return kept

    def starts(self, pattern: str) -> _Starts:
        """`starts(pattern)`, from the file when it holds it."""
        found = self.kept.get(pattern)
        if not isinstance(found, frozenset):
            found = starts(pattern)
        self.used[pattern] = found
        return found

    def save(self) -> None:
        """Keeps exactly the patterns used since this was made, when they differ from the file's."""
        if self.path is None or self.used == self.kept:
            return
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(marshal.dumps((self.key, self.used)))
            os.replace(temporary, self.path)
        except OSError:  # a read-only install: the next start walks again
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            return
        self.kept = dict(self.used)


def starts_cache() -> StartsCache:
    """The cache of this module's `starts`, beside its bytecode (nothing kept where there is none)."""
    source = Path(__file__)
    try:
        compiled = importlib.util.cache_from_source(str(source))
        code = source.read_bytes()
    except (NotImplementedError, ValueError, OSError):
        return StartsCache(None, "")
    key = f"{sys.version} {DEPTH} {_LIMIT} {hashlib.sha256(code).hexdigest()}"
    return StartsCache(Path(compiled).with_suffix(".starts"), key)
