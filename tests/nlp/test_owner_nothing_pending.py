"""Owner families the third and fourth held-out sets found missing, in other wordings than the sets'
(PARSING.md "Next step and its owner"): a rep's message in, whose move the assistant reads."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp import DealIndex, MessageParser, ParsedMessage

DEALS = DealIndex(
    ["Ledger", "Bloom", "Harbor", "Quarry Point", "Fenwick & Dahl", "Riverton Bank", "Acme Corp"]
)
WEDNESDAY = datetime(2027, 3, 10, 10, 0)  # Europe/London


@pytest.fixture(scope="module")
def read(parser: MessageParser):
    def run(text: str) -> ParsedMessage:
        return parser.parse(text, now=WEDNESDAY, tz="Europe/London", deals=DEALS)

    return run


# A. Our side has nothing left to do: the ball is theirs, and that is no step of its own.


@pytest.mark.parametrize(
    "text",
    [
        "Ledger: pricing sheet shared, no further action from our side",
        "Bloom - sent the SOW over, no more steps needed from us",
        "Harbor: answered their security questionnaire, nothing further on my end",
        "Quarry Point: no other action items on our end, it's with them",
        "Acme Corp: demo recording sent; no further dependencies from our side",
    ],
)
def test_nothing_left_on_our_side_is_their_move(read, text: str) -> None:
    parsed = read(text)
    assert (parsed.intent, parsed.owner, parsed.next_step) == ("update", "prospect", None), parsed


@pytest.mark.parametrize(
    "text",
    [
        "Ledger: nothing pending from their side, we owe the revised quote",
        "Bloom: they sent the signed NDA, nothing outstanding from them now",
        "Harbor - from their end nothing is pending",
        "Riverton Bank: all open items closed on their side",
    ],
)
def test_nothing_left_on_their_side_is_our_move(read, text: str) -> None:
    parsed = read(text)
    assert (parsed.intent, parsed.owner) == ("update", "us"), parsed
    assert parsed.stage is None, parsed


@pytest.mark.parametrize(
    "text",
    [
        "Ledger: all pending items closed from our side",
        "Bloom: open points are closed now, waiting on their legal",
        "Harbor - security questions closed on our end",
    ],
)
def test_items_closed_are_no_won_deal(read, text: str) -> None:
    assert read(text).stage is None, read(text)


def test_a_deal_closed_is_still_won(read) -> None:
    parsed = read("Ledger: closed today, all items done")
    assert (parsed.stage, parsed.owner) == ("won", None), parsed


# B. The prospect's side named as the owner in other framings: a label of whose turn before a colon,
# a thing from their side by a date, their person away until a date.


@pytest.mark.parametrize(
    "text",
    [
        "Ledger - on their plate: sign off the pilot scope by Friday",
        "Bloom: ball's in their court: pick the start date by Monday",
        "Harbor: up to them: choose the rollout region by Friday",
        "Quarry Point: action on their plate: book the security review next week",
    ],
)
def test_a_label_of_their_turn_owns_the_step_after_the_colon(read, text: str) -> None:
    parsed = read(text)
    assert (parsed.intent, parsed.owner) == ("update", "prospect"), parsed
    assert parsed.due is not None, parsed


def test_a_label_of_our_turn_keeps_the_step_ours(read) -> None:
    assert read("Ledger: on our plate: send the revised SOW Friday").owner == "us"


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Ledger: Friday for the signed NDA from their CFO", "prospect"),
        ("Bloom - the questionnaire answers from their IT team by Monday", "prospect"),
        ("Harbor: end of month for the PO from procurement", "prospect"),
        ("Quarry Point: Thursday for the updated estimate from engineering", "us"),
        ("Acme Corp: the pilot plan from our SE by Friday", "us"),
    ],
)
def test_a_thing_from_a_side_by_a_date_is_that_sides(read, text: str, owner: str) -> None:
    parsed = read(text)
    assert (parsed.owner, parsed.due is not None) == (owner, True), parsed


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Ledger: their CFO's out till Monday, nothing to do till then", "prospect"),
        ("Bloom - the CFO is away until the 20th", "prospect"),
        ("Harbor: their GM is on holiday till Friday, we wait", "prospect"),
        ("Riverton Bank: our SE is on leave till Monday", "us"),
    ],
)
def test_someone_away_until_a_date_is_that_sides_wait(read, text: str, owner: str) -> None:
    parsed = read(text)
    assert (parsed.owner, parsed.due is not None) == (owner, True), parsed


# C. What their side wants from us, counted in items, is ours to supply; time they need is theirs.


@pytest.mark.parametrize(
    "text",
    [
        "Ledger - their procurement wants 2 references by Friday",
        "Bloom: their CFO asked for 3 pricing options by Monday",
        "Harbor: the board wants 2 case studies next week",
        "Riverton Bank: their legal requested 4 sample contracts by Thursday",
    ],
)
def test_items_they_want_from_us_are_ours(read, text: str) -> None:
    parsed = read(text)
    assert (parsed.owner, parsed.due is not None) == ("us", True), parsed


@pytest.mark.parametrize(
    "text",
    ["Ledger: they need 3days to review", "Bloom: their legal needs 2 weeks to go through the MSA"],
)
def test_time_they_need_stays_theirs(read, text: str) -> None:
    assert read(text).owner == "prospect", read(text)


def test_nothing_from_their_side_yet_is_still_their_silence(read) -> None:
    assert read("Ledger: nothing from their side yet").owner == "prospect"
