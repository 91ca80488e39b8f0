"""Gates: cheap tests that rule out a regex before it scans a text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Generic, NamedTuple, TypeVar

# A word of two letters or more: in lower-case ASCII text a plain class (twice as fast), else any script's.
ASCII_WORD = re.compile(r"[a-z]{2,}")
WORD = re.compile(r"[^\W\d_]{2,}")

_End = dict[str, "_End"]
K = TypeVar("K", bound=str)


def _branches(node: _End) -> str:
    if "" in node:
        return ""  # a gate ends here: a longer one adds nothing to "contains any"
    alternatives = [re.escape(char) + _branches(child) for char, child in sorted(node.items())]
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def any_of(gates: Iterable[str]) -> Callable[[str], re.Match[str] | None]:
    """A search that finds some gate in a text when there is one (which one, and where, is unspecified).

    The gates are merged into a trie-shaped pattern, so each position of the text tries one branch
    per first character instead of every gate: about twice as fast as a plain alternation.
    """
    trie: _End = {}
    for gate in gates:
        if not gate:
            return re.compile("").search  # the empty string is in every text
        node = trie
        for char in gate:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(_branches(trie) if trie else "(?!)").search


def literal_first(regex: str) -> str:
    r"""`\bword...` as `word(?<!\wword)...`: the same matches, but sre finds "word" with its fast search.

    (`\b` before a letter is "no word character just before it", which the lookbehind checks after the
    word.) Any other regex is returned as it is.
    """
    head = re.match(r"\\b([a-z]+)", regex)
    if head is None:
        return regex
    word = head.group(1)
    if regex[head.end() : head.end() + 1] in ("?", "*", "+", "{"):
        word = word[:-1]  # "closed?": the "d" is optional
    if not word:
        return regex
    return word + r"(?<!\w" + word + ")" + regex[2 + len(word) :]


class _Gated(NamedTuple):
    rank: int  # the cue's place in its table
    bit: int  # 1 << the alternative's place in its cue
    others: tuple[frozenset[str], ...]  # more word lists, each of which the text must have a word of


def _merged(gated: list[_Gated]) -> tuple[_Gated, ...]:
    """The alternatives of one cue that need nothing more, as one entry (their bits together)."""
    merged: dict[int, int] = {}
    rest: list[_Gated] = []
    for rank, bit, others in gated:
        if others:
            rest.append(_Gated(rank, bit, others))
        else:
            merged[rank] = merged.get(rank, 0) | bit
    return tuple(_Gated(rank, bits, ()) for rank, bits in merged.items()) + tuple(rest)


class Cues(Generic[K]):
    """Regexes ("cues") written as their top-level alternatives, each with a gate, scanned for only where
    they can match.

    A gate says what every match of its alternative contains: words, one of which the match has as a
    whole word (a run of letters and digits), and with " & " more such lists, all of which it has; or
    "part*": the substring "part". `possible` reads the gates against a text's set of words (the runs of
    letters and digits of the lower-cased text, as `Analysis.words`, or a superset of them).

    Results are those of the cue regexes as written, provided each gate holds for every match of its
    alternative (the tables say why where it is not plain): an alternative whose gate fails matches
    nowhere in the text, so leaving it out of the scan changes no match.
    """

    def __init__(self, cues: Iterable[tuple[K, Iterable[tuple[str, str]]]]) -> None:
        keys: list[K] = []
        written: list[tuple[tuple[str, str], ...]] = []
        patterns: list[re.Pattern[str]] = []
        alone: list[tuple[re.Pattern[str], ...]] = []
        by_word: dict[str, list[_Gated]] = {}
        by_part: list[tuple[str, _Gated]] = []
        for rank, (key, alternatives) in enumerate(cues):
            written.append(tuple(alternatives))
            gates, regexes = zip(*written[-1], strict=True)
            keys.append(key)
            patterns.append(re.compile("|".join(regexes)))
            alone.append(tuple(re.compile(literal_first(regex)) for regex in regexes))
            for index, gate in enumerate(gates):
                first, *others = gate.split(" & ")
                gated = _Gated(rank, 1 << index, tuple(frozenset(other.split()) for other in others))
                if first.endswith("*"):
                    by_part.append((first[:-1], gated))
                else:
                    for word in first.split():
                        by_word.setdefault(word, []).append(gated)
        self.keys = tuple(keys)
        self.alternatives = tuple(written)  # each cue: its (gate, regex) pairs, as written
        self.patterns = tuple(patterns)  # each cue: its alternatives joined by "|"
        self._alone = tuple(alone)
        self._by_word = {word: _merged(found) for word, found in by_word.items()}
        self._by_part = tuple(by_part)
        # A text with none of the gates' first words and none of their substrings matches no cue.
        self.words = frozenset(self._by_word)
        self.parts = tuple(part for part, _gated in by_part)

    def possible(self, lower: str, words: frozenset[str]) -> dict[int, int]:
        """The alternatives whose gate `lower` passes, as bits by cue rank (no other one can match).

        `words`: the words of `lower`, or a superset of them.
        """
        found: dict[int, int] = {}
        for word in self.words.intersection(words):
            for rank, bit, others in self._by_word[word]:
                for other in others:
                    if other.isdisjoint(words):
                        break
                else:
                    found[rank] = found.get(rank, 0) | bit
        for part, (rank, bit, _others) in self._by_part:
            if part in lower:
                found[rank] = found.get(rank, 0) | bit
        return found

    def pattern(self, rank: int, bits: int) -> re.Pattern[str]:
        """What to scan for cue `rank` when only the alternatives in `bits` may match: the same matches.

        With one alternative, that alternative alone: the others match nowhere in the text.
        """
        if bits & (bits - 1) == 0:
            return self._alone[rank][bits.bit_length() - 1]
        return self.patterns[rank]
