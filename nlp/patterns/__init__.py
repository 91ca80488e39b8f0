"""Cue families as data: spaCy `Matcher` token patterns in the JSON files of this folder.

Each file is one family (`actions.json`, `updates.json`, ...):

    {
      "about": "what the family is for",
      "cues": {
        "LABEL": {
          "patterns": [[{"LOWER": "snooze"}, "DEAL"], ...],
          "examples": ["snooze Hooli a week", ...],     # each must match LABEL
          "not": ["we need an anchor customer", ...]      # optional: each must not match LABEL
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
        cues.append(Cue(label, patterns, tuple(body["examples"]), tuple(body.get("not", ()))))
    return Family(name, tuple(cues))


class CueMatcher:
    """The Matcher of some families, validated when built; `find` returns the labelled matches."""

    def __init__(self, vocab: Vocab, *names: str) -> None:
        self.families = tuple(load(name) for name in names)
        self.matcher = Matcher(vocab, validate=True)
        self.labels: set[str] = set()
        for family in self.families:
            for cue in family.cues:
                if cue.label in self.labels:
                    raise ValueError(f"cue label {cue.label} is defined twice")
                self.labels.add(cue.label)
                self.matcher.add(cue.label, cue.patterns)
        # The literal words a message must have one of for any pattern to match: the first required
        # token with a LOWER of each pattern (a pattern without one: no gate).
        self.gate: frozenset[str] | None = _gate(
            [p for f in self.families for c in f.cues for p in c.patterns]
        )

    def find(self, doc: Doc, words: frozenset[str] | None = None) -> list[Found]:
        """Every cue's matches, longest first where they overlap in one label, in order of the text."""
        if self.gate is not None and words is not None and self.gate.isdisjoint(words):
            return []
        found: list[Found] = []
        vocab_strings = doc.vocab.strings
        for match_id, start, end in self.matcher(doc):
            found.append(Found(vocab_strings[match_id], doc[start:end]))
        found.sort(key=lambda f: (f.span.start, -f.span.end))
        kept: list[Found] = []
        for item in found:  # one match per label and start: the longest (the Matcher returns every length)
            if kept and kept[-1].label == item.label and kept[-1].span.start == item.span.start:
                continue
            if any(k.label == item.label and k.span.start < item.span.start < k.span.end for k in kept):
                continue  # inside a longer match of the same cue
            kept.append(item)
        return kept


def _gate(patterns: list[list[dict[str, Any]]]) -> frozenset[str] | None:
    gate: set[str] = set()
    for pattern in patterns:
        anchor: set[str] | None = None
        for spec in pattern:
            if spec.get("OP") in {"?", "*", "!"}:
                continue
            lower = spec.get("LOWER")
            if isinstance(lower, str) and lower.isalnum():
                anchor = {lower}
            elif isinstance(lower, dict) and isinstance(lower.get("IN"), list):
                values = lower["IN"]
                if all(isinstance(v, str) and v.isalnum() for v in values):
                    anchor = set(values)
            if anchor:
                break
        if not anchor:
            return None
        gate |= anchor
    return frozenset(gate)


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
