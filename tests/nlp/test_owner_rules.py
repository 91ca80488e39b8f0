"""owners.json's clause rules: each loads checked, and each example is a clause the rule decides."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp import DealIndex, MessageParser, clause_rules
from nlp import owner as owner_rules
from nlp.patterns import EXAMPLE_DEALS, Cue, Family, load

NOW = datetime(2027, 4, 13, 10, 0)
RULE_CUES = [cue for cue in load("owners").cues if "priority" in cue.extra]
CASES = [(cue.label, example, True) for cue in RULE_CUES for example in cue.examples] + [
    (cue.label, example, False) for cue in RULE_CUES for example in cue.counter_examples
]


@pytest.fixture(scope="module")
def example_deals() -> DealIndex:
    return DealIndex(EXAMPLE_DEALS)


def _deciding(parser: MessageParser, deals: DealIndex, text: str) -> list[tuple[str, str]]:
    """Each clause's deciding rule and the kind the clause got."""
    state = parser.parse_doc(text, now=NOW, tz="UTC", deals=deals)._.ns
    return [(clause.rule, clause.kind) for clause in state.clauses if clause.rule]


@pytest.mark.parametrize(("label", "example", "decides"), CASES)
def test_rule_example(
    parser: MessageParser, example_deals: DealIndex, label: str, example: str, decides: bool
) -> None:
    rule = clause_rules.RULES[label]
    decided = _deciding(parser, example_deals, example)
    assert ((label, rule.kind) in decided) is decides, f"owners.json {label}: {example!r} -> {decided}"


def test_every_rule_has_a_counter_example() -> None:
    assert all(cue.counter_examples for cue in RULE_CUES)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"priority": 10, "kind": "wait", "owner": "them"}, "owner one of"),
        ({"priority": 10, "kind": "waiting", "owner": "us"}, "kind of"),
        ({"priority": clause_rules.SUBJECT, "kind": "wait", "owner": "us"}, "priority"),
        ({"priority": "high", "kind": "wait", "owner": "us"}, "priority"),
        ({"priority": 10, "kind": "wait", "owner": "who", "who_from": "start"}, "who_from"),
        ({"priority": 10, "kind": "wait", "owner": "us", "at_begin": True}, "unknown keys"),
    ],
)
def test_a_wrong_rule_fails_at_start(
    monkeypatch: pytest.MonkeyPatch, extra: dict[str, object], message: str
) -> None:
    family = Family("owners", (Cue("X", [[{"LOWER": "x"}]], ("x",), (), extra=extra),))
    monkeypatch.setattr(clause_rules, "load", lambda name: family)
    with pytest.raises(ValueError, match=message):
        clause_rules._load_rules()


def test_a_clause_re_read_on_its_own_finds_the_rules() -> None:
    """nlp/actions.py re-reads a clause as text ("Mr. Rao owes us the PO" as "they owes us the PO")."""
    assert owner_rules.classify("they owe us the po", False) == ("prospect", "owe")
    assert owner_rules.classify("they are waiting on our legal", False) == ("us", "wait")
