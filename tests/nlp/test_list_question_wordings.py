"""List questions the third and fourth held-out sets found missing, in other wordings than the sets'
(PARSING.md "Questions"): a manager's or rep's question in, what the assistant reads it as asking."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp import DealIndex, MessageParser, ParsedMessage

DEALS = DealIndex(["Ledger", "Bloom", "Harbor", "Quarry Point", "Riverton Bank"])
THURSDAY = datetime(2027, 3, 11, 9, 0)  # Asia/Kolkata


@pytest.fixture(scope="module")
def ask(parser: MessageParser):
    def run(text: str) -> ParsedMessage:
        return parser.parse(text, now=THURSDAY, tz="Asia/Kolkata", deals=DEALS)

    return run


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("kindly share all deals in negotiation stage", "negotiation"),
        ("pls send me all my deals in proposal", "proposal"),
        ("please share the list of all opportunities in negotiation", "negotiation"),
        ("kindly provide all accounts in demo stage", "demo"),
    ],
)
def test_a_request_to_share_deals_of_a_stage_is_the_pipeline(ask, text: str, stage: str) -> None:
    parsed = ask(text)
    assert (parsed.intent, parsed.query, parsed.stage) == ("question", "pipeline", stage), parsed


@pytest.mark.parametrize(
    ("text", "query"),
    [("kindly share all hot deals", "hot"), ("pls share my parked deals", "parked")],
)
def test_a_request_to_share_deals_asks_the_list_named(ask, text: str, query: str) -> None:
    parsed = ask(text)
    assert (parsed.intent, parsed.query) == ("question", query), parsed


def test_sharing_a_document_with_them_is_no_question(ask) -> None:
    parsed = ask("Ledger: share the deck with their CFO by Friday")
    assert (parsed.intent, parsed.owner) == ("update", "us"), parsed


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("what's on my plate this week", "week"),
        ("what do I have on next week?", "next_week"),
        ("what's on Dana's agenda this week?", "week"),
        ("what have we got on this week", "week"),
    ],
)
def test_my_plate_for_a_period_is_what_is_due_then(ask, text: str, period: str) -> None:
    parsed = ask(text)
    assert (parsed.intent, parsed.query, parsed.period) == ("question", "due_today", period), parsed


def test_my_plate_without_a_period_is_what_waits_on_us(ask) -> None:
    parsed = ask("what's on my plate?")
    assert (parsed.intent, parsed.query) == ("question", "waiting_on_us"), parsed


def test_sending_the_deals_to_someone_asks_no_list(ask) -> None:
    assert ask("send all deals to Dana").intent != "question"
