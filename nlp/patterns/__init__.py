"""Cue families as data: spaCy `Matcher` token patterns in the JSON files of this folder.

Each file is one family (`actions.json`, `updates.json`, ...):

    {
      "about": "what the family is for",
      "cues": {
        "LABEL": {
          "patterns": [[{"LOWER": "snooze"}, "DEAL"], ...],
          "examples": ["snooze Hooli a week", ...],     # each must match LABEL
          "not": ["we need an anchor customer", ...],     # optional: each must not match LABEL
          "not_followed_by": ["track"]                    # optional: words that undo a match after it
        }
      }
    }

A token is a spaCy token pattern (https://spacy.io/usage/rule-based-matching), or one of the
shorthands of `SHORTHANDS`: "DEAL" is one or more tokens of a deal's name (known or new), "DATE"
one or more tokens of a date. `load` reads a family and checks every pattern with
`Matcher(vocab, validate=True)`: a wrong attribute or operator fails at start, not on a message.
The examples are read with the deals of `EXAMPLE_DEALS` by tests/nlp/test_patterns.py.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

# The deals the examples of every family are read against.
EXAMPLE_DEALS = ("Hooli", "Pied Piper", "Raviga", "Aviato", "Initech", "Acme", "Globex", "Quenby Foods")

if not Token.has_extension("ns_deal"):
    Token.set_extension("ns_deal", default=False)
if not Token.has_extension("ns_date"):
    Token.set_extension("ns_date", default=False)

SHORTHANDS: dict[str, dict[str, Any]] = {
    "DEAL": {"_": {"ns_deal": True}, "OP": "+"},
    "DATE": {"_": {"ns_date": True}, "OP": "+"},
}


class Cue(NamedTuple):
    label: str
    patterns: list[list[dict[str, Any]]]
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    not_followed_by: frozenset[str] = frozenset()  # "back on| track": the word after undoes the match


class Family(NamedTuple):
    name: str
    cues: tuple[Cue, ...]


class Found(NamedTuple):
    """One cue's match: its label and its tokens (a Span of the Doc)."""

    label: str
    span: Span

    @property
    def start_char(self) -> int:
        return self.span.start_char

    @property
    def end_char(self) -> int:
        return self.span.end_char


def _token(spec: Any, where: str) -> dict[str, Any]:
    if isinstance(spec, str):
        if spec not in SHORTHANDS:
            raise ValueError(f"{where}: unknown shorthand {spec!r} (known: {', '.join(SHORTHANDS)})")
        return dict(SHORTHANDS[spec])
    if not isinstance(spec, dict):
        raise ValueError(f"{where}: a token is an object or a shorthand, not {spec!r}")
    return spec


def _read(name: str) -> Family:
    raw = json.loads(resources.files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8"))
    cues = []
    for label, body in raw["cues"].items():
        patterns = [
            [_token(spec, f"{name}.json {label} pattern {i}") for spec in pattern]
            for i, pattern in enumerate(body["patterns"])
        ]
        if not body.get("examples"):
            raise ValueError(f"{name}.json {label}: every cue needs example sentences")
        cues.append(
            Cue(
                label,
                patterns,
                tuple(body["examples"]),
                tuple(body.get("not", ())),
                frozenset(word.lower() for word in body.get("not_followed_by", ())),
            )
        )
    return Family(name, tuple(cues))


class CueMatcher:
    """The Matcher of some families, validated when built; `find` returns the labelled matches."""

    def __init__(self, vocab: Vocab, *names: str) -> None:
        self.families = tuple(load(name) for name in names)
        self.matcher = Matcher(vocab, validate=True)
        self.labels: set[str] = set()
        self.not_followed_by: dict[str, frozenset[str]] = {}
        for family in self.families:
            for cue in family.cues:
                if cue.label in self.labels:
                    raise ValueError(f"cue label {cue.label} is defined twice")
                self.labels.add(cue.label)
                if cue.not_followed_by:
                    self.not_followed_by[cue.label] = cue.not_followed_by
                self.matcher.add(cue.label, cue.patterns)
        # What a message must hold for any pattern to match (None: a pattern without a literal token).
        self.gate = _gate([p for f in self.families for c in f.cues for p in c.patterns])

    def may_match(self, words: frozenset[str], lower: str) -> bool:
        """Whether a message with these words (runs of letters and digits) and lower-case text may match."""
        if self.gate is None:
            return True
        gate_words, gate_strings = self.gate
        return not gate_words.isdisjoint(words) or any(map(lower.__contains__, gate_strings))

    def find(self, doc: Doc) -> list[Found]:
        """Every cue's matches, longest first where they overlap in one label, in order of the text."""
        found: list[Found] = []
        vocab_strings = doc.vocab.strings
        undo = self.not_followed_by
        for match_id, start, end in self.matcher(doc):
            label = vocab_strings[match_id]
            if label in undo and end < len(doc) and doc[end].lower_ in undo[label]:
                continue
            found.append(Found(label, doc[start:end]))
        found.sort(key=lambda f: (f.span.start, -f.span.end))
        kept: list[Found] = []
        for item in found:  # one match per label and start: the longest (the Matcher returns every length)
            if kept and kept[-1].label == item.label and kept[-1].span.start == item.span.start:
                continue
            if any(k.label == item.label and k.span.start < item.span.start < k.span.end for k in kept):
                continue  # inside a longer match of the same cue
            kept.append(item)
        return kept


def _anchor(spec: dict[str, Any]) -> set[str] | None:
    """The literal forms a required token has (lower case), if it names them."""
    if spec.get("OP") in {"?", "*", "!"}:
        return None
    for key in ("LOWER", "ORTH", "TEXT"):
        value = spec.get(key)
        if isinstance(value, str):
            return {value.lower()}
        if isinstance(value, dict) and isinstance(value.get("IN"), list):
            values = value["IN"]
            if all(isinstance(v, str) for v in values):
                return {v.lower() for v in values}
    return None


def _gate(patterns: list[list[dict[str, Any]]]) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """Words (whole, letters and digits) and other strings one of which a message must hold for any
    pattern to match: per pattern, the literal forms of a required token, a token of words first."""
    gate_words: set[str] = set()
    gate_strings: set[str] = set()
    for pattern in patterns:
        anchors = [a for a in map(_anchor, pattern) if a]
        if not anchors:
            return None
        wordy = [a for a in anchors if all(v.isalnum() for v in a)]
        anchor = min(wordy, key=len) if wordy else min(anchors, key=len)
        for value in anchor:
            (gate_words if value.isalnum() else gate_strings).add(value)
    return frozenset(gate_words), tuple(sorted(gate_strings))


@cache
def load(name: str) -> Family:
    """The family in `<name>.json`, read once."""
    return _read(name)


def mark_tokens(doc: Doc, spans: list[tuple[int, int]], attribute: str) -> None:
    """Marks the tokens inside these character spans (`ns_deal`, `ns_date`) for the patterns' shorthands."""
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            for token in span:
                token._.set(attribute, True)
