"""A manager asks for one rep's list of deals (PARSING.md "Questions"): the kind of list wins over the
generic pipeline however the rep is named, and the rep is the name as written, without a possessive."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp import DealIndex, MessageParser, ParsedMessage

DEALS = DealIndex(["Larkspur", "Tidewell", "Ostrava Freight", "Kim's Kitchen"])
WEDNESDAY = datetime(2027, 2, 17, 16, 30)  # Europe/London


@pytest.fixture(scope="module")
def manager(parser: MessageParser):
    def asks(text: str) -> ParsedMessage:
        return parser.parse(text, now=WEDNESDAY, tz="Europe/London", deals=DEALS)

    return asks


@pytest.mark.parametrize(
    ("text", "query", "rep"),
    [
        # "<rep>'s <list word> deals/accounts/opps"
        ("Ines's overdue deals", "overdue", "Ines"),
        ("pull up Tomasz's overdue opps pls", "overdue", "Tomasz"),
        ("Ines's late accounts?", "overdue", "Ines"),
        ("Priya's overdue follow-ups", "overdue", "Priya"),
        ("Tomasz's stale accounts", "stale", "Tomasz"),
        ("Ines's quiet opps?", "stale", "Ines"),
        ("Ravi's deals that have gone quiet", "stale", "Ravi"),
        ("Ravi's parked deals", "parked", "Ravi"),
        ("Ravi's deals waiting on us", "waiting_on_us", "Ravi"),
        ("Ravi's accounts waiting on the customer?", "waiting_on_prospect", "Ravi"),
        ("Ines's deals closing this month", "forecast", "Ines"),
        ("Tomasz's deals due this week?", "due_today", "Tomasz"),
        # "<list word> deals of/for/owned by <rep>"
        ("overdue deals owned by Ines", "overdue", "Ines"),
        ("overdue opps for Tomasz?", "overdue", "Tomasz"),
        ("stale accounts of Ravi", "stale", "Ravi"),
        ("parked deals owned by Ravi", "parked", "Ravi"),
        ("deals waiting on us for Ines", "waiting_on_us", "Ines"),
        ("deals closing this month for Tomasz", "forecast", "Tomasz"),
        ("deals due this week owned by Ines", "due_today", "Ines"),
    ],
)
def test_a_reps_list_is_the_kind_of_list_asked(manager, text: str, query: str, rep: str) -> None:
    parsed = manager(text)
    assert (parsed.intent, parsed.query, parsed.rep, parsed.deal) == ("question", query, rep, None), parsed


@pytest.mark.parametrize(
    ("text", "temperature", "rep"),
    [
        ("Ines's hot deals", "hot", "Ines"),
        ("Tomasz's cold accounts?", "cold", "Tomasz"),
        ("warm opps owned by Ravi", "warm", "Ravi"),
    ],
)
def test_a_reps_hot_list_keeps_its_temperature(manager, text: str, temperature: str, rep: str) -> None:
    parsed = manager(text)
    assert (parsed.query, parsed.temperature, parsed.rep) == ("hot", temperature, rep), parsed


@pytest.mark.parametrize(
    ("text", "stage", "rep"),
    [
        ("Ines's won deals", "won", "Ines"),
        ("Tomasz's lost deals this quarter", "lost", "Tomasz"),
        ("Ravi's proposal opps", "proposal", "Ravi"),
        ("Ravi's negotiation deals?", "negotiation", "Ravi"),
        ("won deals for Ines", "won", "Ines"),
        ("lost deals owned by Tomasz", "lost", "Tomasz"),
        ("deals in proposal for Ravi", "proposal", "Ravi"),
    ],
)
def test_a_reps_won_lost_or_stage_list_is_their_pipeline_at_that_stage(
    manager, text: str, stage: str, rep: str
) -> None:
    parsed = manager(text)
    assert (parsed.intent, parsed.query, parsed.stage, parsed.rep) == ("question", "pipeline", stage, rep), (
        parsed
    )


def test_a_reps_plain_list_is_still_their_pipeline(manager) -> None:
    parsed = manager("Ines's open deals")
    assert (parsed.query, parsed.rep) == ("pipeline", "Ines"), parsed


def test_a_deal_named_like_a_possessive_is_that_deal_not_a_rep(manager) -> None:
    parsed = manager("Kim's Kitchen: overdue on the signed order form, they promised it Monday")
    assert (parsed.intent, parsed.deal, parsed.rep) == ("update", "Kim's Kitchen", None), parsed


def test_a_question_about_a_deal_named_like_a_possessive_asks_about_that_deal(manager) -> None:
    parsed = manager("Kim's Kitchen deals status?")
    assert (parsed.intent, parsed.query, parsed.deal, parsed.rep) == (
        "question",
        "deal_status",
        "Kim's Kitchen",
        None,
    ), parsed


@pytest.mark.parametrize(
    ("text", "query", "rep"),
    [
        ("Rep 7's pipeline", "pipeline", "Rep 7"),
        ("Rep 12's stale accounts?", "stale", "Rep 12"),
        ("parked deals for Rep 3", "parked", "Rep 3"),
        ("deals owned by Rep 7?", "pipeline", "Rep 7"),
    ],
)
def test_a_rep_whose_name_ends_in_a_number_is_named_whole(manager, text: str, query: str, rep: str) -> None:
    parsed = manager(text)
    assert (parsed.intent, parsed.query, parsed.rep) == ("question", query, rep), parsed


@pytest.mark.parametrize("text", ["Week 2's deals", "deals closing by March 15"])
def test_a_date_with_a_number_names_no_rep(manager, text: str) -> None:
    parsed = manager(text)
    assert (parsed.intent, parsed.rep) == ("question", None), parsed
