"""Known deals of one workspace, and finding them in a message.

A name is reduced to its word tokens (case-folded, possessives dropped). Keys are the tokens glued
together, so "Pied Piper", "pied-piper's" and "PiedPiper" share the key "piedpiper". Three indexes are
kept up to date on add/remove, so matching costs a few dict lookups per message word whatever the
number of deals:

- full names -> stored names;
- distinctive parts (every run of a name's words that is not only generic or common words) -> names;
- one-deletion variants of name words (symmetric-delete), for small typos, checked with rapidfuzz.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from nlp.lexicon import COMMON_WORDS, DATE_WORDS, GENERIC_COMPANY_WORDS

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_MAX_WINDOW = 8
_FUZZY_MIN = 4
EXACT, PARTIAL, FUZZY = 3, 2, 1


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    norm: str  # lower-case, possessive dropped
    capitalised: bool


@dataclass(frozen=True, slots=True)
class DealMatch:
    """A run of message words naming one or more known deals (more than one: ambiguous)."""

    start: int
    end: int
    names: tuple[str, ...]
    quality: int  # EXACT, PARTIAL or FUZZY
    first_token: int
    last_token: int

    @property
    def length(self) -> int:
        return self.end - self.start


def _norm_token(word: str) -> str:
    if word.endswith("'s"):
        return word[:-2]
    return word.replace("'", "")


def tokenize(lower: str, original: str) -> list[Token]:
    """Word tokens of a lower-cased message, with offsets into it."""
    return [
        Token(m.start(), m.end(), _norm_token(m.group()), original[m.start() : m.start() + 1].isupper())
        for m in _TOKEN.finditer(lower)
    ]


def name_tokens(name: str) -> tuple[str, ...]:
    lowered = name.lower().replace("\u2019", "'")
    return tuple(t for t in (_norm_token(m.group()) for m in _TOKEN.finditer(lowered)) if t)


def _deletes(word: str) -> list[str]:
    return [word] + [word[:i] + word[i + 1 :] for i in range(len(word))]


def _distinctive(words: tuple[str, ...]) -> bool:
    """A part of a name can stand for it unless it is only generic, common or date words."""
    if all(w in GENERIC_COMPANY_WORDS or w in COMMON_WORDS or w in DATE_WORDS for w in words):
        return False
    return not (len(words) == 1 and (len(words[0]) < 3 or words[0].isdigit()))


class DealIndex:
    """The known deals of one workspace; matching stays fast with tens of thousands of names."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._tokens: dict[str, tuple[str, ...]] = {}
        self._full: dict[str, set[str]] = {}
        self._partial: dict[str, set[str]] = {}
        self._by_word: dict[str, set[str]] = {}
        self._fuzzy: dict[str, set[str]] = {}
        self._window = 1
        for name in names:
            self.add(name)

    def __len__(self) -> int:
        return len(self._tokens)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._tokens

    def __iter__(self) -> Iterable[str]:
        return iter(self._tokens)

    def add(self, name: str) -> None:
        """Know one more deal (its name exactly as stored)."""
        if not isinstance(name, str) or name in self._tokens:
            return
        words = name_tokens(name)
        if not words:
            return
        self._tokens[name] = words
        self._window = min(_MAX_WINDOW, max(self._window, len(words) + 1))
        self._full.setdefault("".join(words), set()).add(name)
        for key in self._part_keys(words):
            self._partial.setdefault(key, set()).add(name)
        for word in set(words):
            self._by_word.setdefault(word, set()).add(name)
            if len(word) >= _FUZZY_MIN and word.isalpha():
                for variant in _deletes(word):
                    self._fuzzy.setdefault(variant, set()).add(word)

    def remove(self, name: str) -> None:
        """Forget a deal; unknown names are ignored."""
        words = self._tokens.pop(name, None)
        if words is None:
            return
        _discard(self._full, "".join(words), name)
        for key in self._part_keys(words):
            _discard(self._partial, key, name)
        for word in set(words):
            _discard(self._by_word, word, name)
            if word not in self._by_word and len(word) >= _FUZZY_MIN and word.isalpha():
                for variant in _deletes(word):
                    _discard(self._fuzzy, variant, word)

    @staticmethod
    def _part_keys(words: tuple[str, ...]) -> set[str]:
        keys: set[str] = set()
        count = len(words)
        for size in range(1, count):
            for first in range(count - size + 1):
                part = words[first : first + size]
                if _distinctive(part):
                    keys.add("".join(part))
        return keys

    def find(self, tokens: list[Token], all_lower: bool = False) -> list[DealMatch]:
        """Every deal mention among `tokens`, overlapping ones resolved longest first."""
        found: list[DealMatch] = []
        count = len(tokens)
        for i in range(count):
            if tokens[i].norm in DATE_WORDS and not self._continues(tokens, i):
                continue
            key = ""
            for j in range(i, min(count, i + self._window)):
                key += tokens[j].norm
                names = self._full.get(key)
                quality = EXACT
                if names is None:
                    names = self._partial.get(key)
                    quality = PARTIAL
                    if names is not None and not (all_lower or any(t.capitalised for t in tokens[i : j + 1])):
                        names = None
                if names and not all(t.norm in DATE_WORDS for t in tokens[i : j + 1]):
                    found.append(
                        DealMatch(tokens[i].start, tokens[j].end, tuple(sorted(names)), quality, i, j)
                    )
        covered = {k for m in found for k in range(m.first_token, m.last_token + 1)}
        found.extend(self._typos(tokens, covered, all_lower))
        return _longest_first(found)

    def _continues(self, tokens: list[Token], i: int) -> bool:
        """A date word starts a deal only when the rest of the name follows ("Monday Health")."""
        return i + 1 < len(tokens) and tokens[i + 1].norm not in DATE_WORDS

    def _typos(self, tokens: list[Token], covered: set[int], all_lower: bool) -> list[DealMatch]:
        found: list[DealMatch] = []
        for i, token in enumerate(tokens):
            word = token.norm
            if i in covered or len(word) < _FUZZY_MIN or word in COMMON_WORDS or not word.isalpha():
                continue
            if not (all_lower or token.capitalised or (i > 0 and tokens[i - 1].capitalised)):
                continue
            targets: set[str] = set()
            for variant in _deletes(word):
                targets |= self._fuzzy.get(variant, set())
            for target in targets:
                if target == word or OSA.distance(word, target) > 1:
                    continue
                for name in sorted(self._by_word.get(target, ()))[:20]:
                    match = self._align(tokens, i, target, name)
                    if match is not None:
                        found.append(match)
        return found

    def _align(self, tokens: list[Token], i: int, target: str, name: str) -> DealMatch | None:
        words = self._tokens[name]
        first = i - words.index(target)
        last = first + len(words) - 1
        if first < 0 or last >= len(tokens):
            return None
        window = "".join(t.norm for t in tokens[first : last + 1])
        full = "".join(words)
        if len(words) == 1 and len(full) < 5:
            return None
        if OSA.distance(window, full) > (1 if len(full) < 10 else 2):
            return None
        return DealMatch(tokens[first].start, tokens[last].end, (name,), FUZZY, first, last)


def _discard(index: dict[str, set[str]], key: str, value: str) -> None:
    values = index.get(key)
    if values is not None:
        values.discard(value)
        if not values:
            del index[key]


def _longest_first(found: list[DealMatch]) -> list[DealMatch]:
    """Keep the longest (then best) of overlapping matches; return them in text order."""
    kept: list[DealMatch] = []
    for match in sorted(found, key=lambda m: (-m.length, -m.quality, m.start)):
        if all(match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


def as_index(deals: DealIndex | Iterable[str] | None) -> DealIndex:
    if isinstance(deals, DealIndex):
        return deals
    if deals is None or isinstance(deals, str | bytes):
        return DealIndex()
    return DealIndex(d for d in deals if isinstance(d, str))
