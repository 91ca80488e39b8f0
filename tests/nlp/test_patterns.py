"""The cue families of nlp/patterns/: every file loads and validates, and its example sentences match."""

from __future__ import annotations

from datetime import datetime
from functools import cache

import pytest
from spacy.language import Language

from nlp import DealIndex, MessageParser
from nlp.actions import FAMILIES
from nlp.patterns import EXAMPLE_DEALS, CueMatcher, anchor_of, load
from nlp.pipeline import build_pipeline

NOW = datetime(2027, 4, 13, 10, 0)
# owners.json's clause rules (cues with a "priority") are read per clause: tests/nlp/test_owner_rules.py
CASES = [
    (family, cue.label, example, True)
    for family in FAMILIES
    for cue in load(family).cues
    if "priority" not in cue.extra
    for example in cue.examples
] + [
    (family, cue.label, example, False)
    for family in FAMILIES
    for cue in load(family).cues
    if "priority" not in cue.extra
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


def test_a_bad_pattern_fails_at_start(monkeypatch) -> None:
    import spacy

    from nlp import patterns

    family = patterns.Family("bad", (patterns.Cue("X", [[{"LOWR": "x"}]], ("x",), ()),))
    monkeypatch.setattr(patterns, "load", lambda name: family)
    with pytest.raises(Exception, match="LOWR"):
        patterns.CueMatcher(spacy.blank("en").vocab, "bad")


def test_every_pattern_has_an_anchor_word() -> None:
    """A pattern without a literal required token would run the Matcher on every message."""
    for family in FAMILIES:
        for cue in load(family).cues:
            for pattern in cue.patterns:
                assert anchor_of(pattern), f"{family}.json {cue.label}: {pattern}"


def test_every_cue_has_examples() -> None:
    for family in FAMILIES:
        for cue in load(family).cues:
            assert cue.examples, f"{family}.json {cue.label}"


def test_the_cues_are_spans_of_the_doc(parser: MessageParser, example_deals: DealIndex) -> None:
    doc = parser.parse_doc("snooze Hooli a week", now=NOW, tz="UTC", deals=example_deals)
    assert ("SNOOZE", "snooze") in {(span.label_, span.text) for span in doc.spans["nextstep"]}


STAGE_CASES = [
    (cue.label, example, matches)
    for cue in load("stages").cues
    for examples, matches in ((cue.examples, True), (cue.counter_examples, False))
    for example in examples
]


@pytest.mark.parametrize(("label", "example", "matches"), STAGE_CASES)
def test_stage_example(
    parser: MessageParser, example_deals: DealIndex, label: str, example: str, matches: bool
) -> None:
    """stages.json: each example sets its label's stage or temperature, each counter-example does not."""
    from nlp.stage import STAGE_OF, TEMPERATURE_OF

    state = parser.parse_doc(example, now=NOW, tz="UTC", deals=example_deals)._.ns
    said = state.temperature if label in TEMPERATURE_OF else state.stage
    wanted = TEMPERATURE_OF.get(label) or STAGE_OF[label]
    assert (said == wanted) is matches, f"stages.json {label}: {example!r} -> {said}"


def test_every_stage_label_is_read() -> None:
    from nlp.stage import STAGE_OF, TEMPERATURE_OF

    assert {cue.label for cue in load("stages").cues} == set(STAGE_OF) | set(TEMPERATURE_OF)


def test_every_stage_pattern_has_an_anchor_word() -> None:
    for cue in load("stages").cues:
        for pattern in cue.patterns:
            assert anchor_of(pattern), f"stages.json {cue.label}: {pattern}"


def test_a_word_list_is_one_place() -> None:
    """ "@name" in a pattern is the family's word list; a name that is no list fails when loaded."""
    from nlp import patterns

    titles = patterns.word_list("owners", "titles")
    person = next(cue for cue in load("owners").cues if cue.label == "THEIR_PERSON")
    assert person.patterns[0][0] == {"LOWER": {"IN": list(titles)}}
    with pytest.raises(ValueError, match="@nobody"):
        patterns._token({"LOWER": {"IN": "@nobody"}}, "test", {"titles": titles})


def test_an_undoing_context_drops_the_match(parser: MessageParser, example_deals: DealIndex) -> None:
    """not_followed_by / not_preceded_by: "closed" is won, "closed the loop" and "the signed MSA" are not."""
    for text, stage in [
        ("Hooli: closed today", "won"),
        ("Hooli: closed the loop with their IT", None),
        ("Hooli: the signed MSA is due Friday", None),
        ("Hooli: signed today", "won"),
    ]:
        assert parser.parse_doc(text, now=NOW, tz="UTC", deals=example_deals)._.ns.stage == stage, text


@cache
def _question_matcher() -> tuple[Language, CueMatcher]:
    """The parser's tokenizer (an emoji is a token of its own) and the questions' cues."""
    nlp = build_pipeline()
    return nlp, CueMatcher(nlp.vocab, "questions")


QUESTION_CASES = [
    (cue.label, example, matches)
    for cue in load("questions").cues
    for examples, matches in ((cue.examples, True), (cue.counter_examples, False))
    for example in examples
]


@pytest.mark.parametrize(("label", "example", "matches"), QUESTION_CASES)
def test_question_example(label: str, example: str, matches: bool) -> None:
    """questions.json: each example matches its cue, each counter-example does not (tests/nlp/
    test_question_phrases.py checks that each example asks the cue's query)."""
    from nlp.questions import question_view

    nlp, matcher = _question_matcher()
    view, _where = question_view(nlp.make_doc(example))
    found = {cue.label for cue in matcher.find(view)}
    assert (label in found) is matches, f"questions.json {label}: {example!r} -> {sorted(found)}"


def test_every_question_pattern_has_an_anchor_word() -> None:
    for cue in load("questions").cues:
        for pattern in cue.patterns:
            assert anchor_of(pattern), f"questions.json {cue.label}: {pattern}"
