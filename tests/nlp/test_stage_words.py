"""Stage cues in the many ways reps write them, and the near misses that set no stage."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "Hooli: shared the quotation with their CFO",
        "Hooli: quote went out",
        "Hooli: pricing sent over",
        "sent them a quote, Hooli",
        "Hooli: quote has gone out",
        "Hooli: quoted them $40k",
        "Hooli: got the quote over to them yesterday",
        "Hooli: they have our proposal now",
        "emailed Hooli the revised quotation",
        "Hooli - submitted our bid this morning",
        "Hooli: price quote emailed to their CFO",
        "Hooli: gave them pricing on the call",
        "Hooli: walked their CFO through the proposal",
        "Hooli: they've got our quote",
    ],
)
def test_a_sent_quote_is_proposal(parse, text: str) -> None:
    assert parse(text).stage == "proposal"


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Demo with Hooli booked for Thursday", "demo"),
        ("Hooli: call booked for next week, demo to follow", "demo"),
        ("Hooli booked! $40k", "won"),
        ("Hooli: deal booked", "won"),
        ("Hooli: hotels are fully booked, so the onsite moves to Friday", None),
        ("Hooli: their team is booked up this week, demo next week", "demo"),
    ],
)
def test_booked_is_won_unless_an_event_is_booked(parse, text: str, stage: str | None) -> None:
    assert parse(text).stage == stage


@pytest.mark.parametrize(
    "text",
    [
        "Hooli: nothing signed yet",
        "Hooli: haven't sent the quote yet",
        "Hooli: quote not sent yet",
        "Hooli: need to send the quotation Friday",
        "Hooli: they have pricing questions",
        "Hooli: will send pricing once legal is happy",
    ],
)
def test_no_stage_before_it_happens(parse, text: str) -> None:
    assert parse(text).stage is None


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Hooli: DocuSign sent", "negotiation"),
        ("Hooli: e-sign out to their CFO", "negotiation"),
        ("Hooli: sent the docusign this morning", "negotiation"),
        ("Hooli: they went with Salesforce instead", "lost"),
        ("Hooli: picked Gong instead", "lost"),
        ("Hooli: they went with the annual plan", None),
        ("Hooli: gave them a call", None),
    ],
)
def test_signature_requests_and_a_rival_chosen(parse, text: str, stage: str | None) -> None:
    assert parse(text).stage == stage
