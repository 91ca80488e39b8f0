"""The cue families of nlp/patterns/: every file loads and validates, and its example sentences match."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp import DealIndex, MessageParser
from nlp.actions import FAMILIES
from nlp.patterns import EXAMPLE_DEALS, load

NOW = datetime(2027, 4, 13, 10, 0)
CASES = [
    (family, cue.label, example, True)
    for family in FAMILIES
    for cue in load(family).cues
    for example in cue.examples
] + [
    (family, cue.label, example, False)
    for family in FAMILIES
    for cue in load(family).cues
    for example in cue.counter_examples
]


@pytest.fixture(scope="module")
def example_deals() -> DealIndex:
    return DealIndex(EXAMPLE_DEALS)


@pytest.mark.parametrize(("family", "label", "example", "matches"), CASES)
def test_example(
    parser: MessageParser, example_deals: DealIndex, family: str, label: str, example: str, matches: bool
) -> None:
    doc = parser.parse_doc(example, now=NOW, tz="UTC", deals=example_deals)
    labels = {cue.label for cue in doc._.ns.cues}
    assert (label in labels) is matches, f"{family}.json {label}: {example!r} -> {sorted(labels)}"


def test_a_bad_pattern_fails_at_start(tmp_path, monkeypatch) -> None:
    import spacy

    from nlp import patterns

    bad = '{"cues": {"X": {"patterns": [[{"LOWR": "x"}]], "examples": ["x"]}}}'
    monkeypatch.setattr(patterns, "_read", lambda name: patterns.Family(name, ()))
    family = patterns.Family("bad", (patterns.Cue("X", [[{"LOWR": "x"}]], ("x",), ()),))
    monkeypatch.setattr(patterns, "load", lambda name: family)
    with pytest.raises(Exception, match="LOWR"):
        patterns.CueMatcher(spacy.blank("en").vocab, "bad")
    assert "LOWR" in bad


def test_every_cue_has_examples() -> None:
    for family in FAMILIES:
        for cue in load(family).cues:
            assert cue.examples, f"{family}.json {cue.label}"
