"""Gates: cheap tests that rule out a regex before it scans a text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# A word of two letters or more: in lower-case ASCII text a plain class (twice as fast), else any script's.
ASCII_WORD = re.compile(r"[a-z]{2,}")
WORD = re.compile(r"[^\W\d_]{2,}")

_End = dict[str, "_End"]


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
