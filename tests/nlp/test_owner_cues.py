"""Owner cues from nlp/patterns/owners.json: the prospect's people by name and title, "revert", nothing
left on our side, and filler that is no step."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Hooli: Mr. Sharma will confirm by Friday", "prospect"),
        ("Hooli: Dr. Okafor is reviewing the contract", "prospect"),
        ("Raviga: Mrs Gupta needs to get budget approval", "prospect"),
        ("Aviato: Sharma ji will confirm the PO", "prospect"),
        ("Initech: Priya, their CFO, wants the ROI model by Friday", "us"),  # what she wants from us
        ("Initech: Priya, their CFO, is reviewing the pricing", "prospect"),
        ("Hooli: they will revert by Monday", "prospect"),
        ("Hooli: will revert by Monday", "us"),  # no subject: the writer replies (PARSING.md, s064)
        ("Raviga: client to revert on the pricing", "prospect"),
        ("Hooli: I'll revert with the revised quote tomorrow", "us"),
        ("Hooli: nothing pending from our side", "prospect"),
        ("Aviato: nothing more on our end", "prospect"),
    ],
)
def test_owner_cues(parse, text: str, owner: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.owner) == ("update", owner)


def test_nothing_from_our_side_is_no_step(parse) -> None:
    assert parse("Hooli: nothing pending from our side").next_step is None


@pytest.mark.parametrize("text", ["Hooli: I will do the needful", "Raviga: will keep you posted"])
def test_filler_is_no_step(parse, text: str) -> None:
    parsed = parse(text)
    assert (parsed.owner, parsed.next_step) == (None, None)


@pytest.mark.parametrize(
    ("text", "owner", "step"),
    [
        # a title's full stop ends no sentence: the person and what they do are one step
        (
            "Initech: Dr. Patel from their side will revert by Friday",
            "prospect",
            "Dr. Patel from their side will revert",
        ),
        ("Hooli: Mr. Sharma will confirm the PO next week", "prospect", "Mr. Sharma will confirm the PO"),
        ("Raviga: pricing sent. Mrs. Iyer to revert by Thursday", "prospect", "Mrs. Iyer to revert"),
        ("Aviato: we'll send the SOW to Ms. Lee tomorrow", "us", "send the SOW to Ms. Lee"),
        # nothing left on our side: theirs, and no step of its own
        ("Hooli: nothing pending at our end. Ball in their court", "prospect", "Ball in their court"),
        ("Hooli: from our side nothing is pending", "prospect", None),
        ("Initech: nothing is pending at my end", "prospect", None),
    ],
)
def test_titles_and_nothing_pending(parse, text: str, owner: str, step: str | None) -> None:
    parsed = parse(text)
    assert (parsed.owner, parsed.next_step) == (owner, step)


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        # "awaiting" is waiting; what is awaited, then from whom: whoever it comes from owns the step
        ("Hooli: awaiting revert from Dr. Mehta", "prospect"),
        ("Hooli: awaiting feedback from our legal on the DPA", "us"),
        ("Raviga: awaiting sign-off from their CFO", "prospect"),
        ("Aviato: waiting on approval from my manager", "us"),
        ("Initech: awaiting input from engineering", "us"),
    ],
)
def test_awaited_from_whom(parse, text: str, owner: str) -> None:
    assert parse(text).owner == owner


@pytest.mark.parametrize(
    "text",
    [
        "Hooli: the estimate has gone out",
        "Hooli: quotation went out Monday",
        "Initech: commercials sent over",
        "Raviga: the quotations were sent",
    ],
)
def test_a_sent_quote_in_other_words_hands_the_ball_over(parse, text: str) -> None:
    """Delivered, so the ball is in their court, and the deal is at proposal."""
    parsed = parse(text)
    assert (parsed.owner, parsed.stage) == ("prospect", "proposal")


@pytest.mark.parametrize(
    ("text", "owner", "step"),
    [
        # their person with a title and a role in brackets; ours in brackets stays ours
        (
            "Hooli: Ms. Kaur (procurement head) will send the PO Friday",
            "prospect",
            "Ms. Kaur (procurement head) will send the PO",
        ),
        (
            "Hooli: Mr. Rao (our CTO) will send the architecture doc Friday",
            "us",
            "Mr. Rao (our CTO) will send the architecture doc",
        ),
        # nothing needed, left or pending from us, in other words: theirs, and no step of its own
        ("Hooli: no action pending from us", "prospect", None),
        ("Hooli: from our end everything is done", "prospect", None),
        ("Hooli: nothing else required from our side", "prospect", None),
        # their own sign-off or approval, with a possessive: their internal step, not a request to us
        ("Hooli: they need the CFO's approval before end of month", "prospect", "the CFO's approval"),
        # a commitment of theirs, as "promised" and "agreed"
        (
            "Hooli: they committed to send the signed order form by Friday",
            "prospect",
            "committed to send the signed order form",
        ),
        # a retry after no answer is ours (PARSING.md), said as "retry"
        ("Hooli: no answer from their CTO after two calls, retry on Tuesday", "us", "retry"),
    ],
)
def test_other_wordings_of_the_held_out_families(parse, text: str, owner: str, step: str | None) -> None:
    parsed = parse(text)
    assert (parsed.owner, parsed.next_step) == (owner, step)
