"""Stage, temperature and parking cues."""

from __future__ import annotations

from datetime import date, datetime

import pytest


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("New lead: Hooli, inbound", "lead"),
        ("Hooli: intro call today", "lead"),
        ("Hooli qualified, they have budget and a need", "qualified"),
        ("Hooli: discovery went well", "qualified"),
        ("Hooli: demo booked for Thursday", "demo"),
        ("Hooli: showed them the product, they liked it", "demo"),
        ("Hooli: sent the proposal", "proposal"),
        ("sent Hooli the quote this morning", "proposal"),
        ("Hooli in redlines", "negotiation"),
        ("Hooli: negotiating the discount with their procurement", "negotiation"),
        ("Hooli: contract out for signature", "negotiation"),
        ("Hooli: tomorrow they review the contract with their lawyers", "negotiation"),
        ("Hooli - we need to review their paper before Friday", "negotiation"),
        ("Hooli came back with a counter-proposal on the terms", "negotiation"),
        ("Hooli: the contract is with their lawyers", "negotiation"),
        ("Hooli: their legal has the contract", "negotiation"),
        ("Hooli: contract now for signature on their side", "negotiation"),
        ("Hooli: nothing signed yet, their legal is still reviewing the MSA", "negotiation"),
        ("Sent Hooli the MSA and order form for signature this morning", "negotiation"),
        # a demo they asked for that the message then arranges is planned
        ("Hooli wants a second demo for their plant managers, I'll set it up for next Tuesday", "demo"),
        ("Hooli's COO asked for a demo for the wider ops team - booking it for Tuesday", "demo"),
        ("Hooli: quote for 22.500 € sent", "proposal"),
        ("hooli PO rcvd!!", "won"),
        ("hooli: disco went well, they have budget + need", "qualified"),
        ("Closed Hooli!", "won"),
        ("Hooli signed the order form", "won"),
        ("Hooli closed won, $50k", "won"),
        ("Hooli: PO received", "won"),
        ("Hooli closed lost", "lost"),
        ("Hooli went with a competitor", "lost"),
        ("Hooli said no", "lost"),
        ("Hooli is dead", "lost"),
    ],
)
def test_stage(parse, text: str, stage: str) -> None:
    assert parse(text).stage == stage


@pytest.mark.parametrize(
    "text",
    [
        "Hooli: they owe us the signed NDA",
        "Hooli: need to send the proposal",
        "Hooli: they won't decide before March",
        "Hooli: we need to book a call",
        "Aviato came back from the dead, their VP pinged me",  # alive again, not lost
        "Raviga: their office is closed till Monday for the holiday, I'll send the SOW then",
        "Endframe: lost our champion (she left), need to find a new sponsor",
        "Hooli: they want a demo next week",  # asked for, not yet arranged
    ],
)
def test_no_stage(parse, text: str) -> None:
    assert parse(text).stage is None


@pytest.mark.parametrize(
    ("text", "temperature"),
    [
        ("Hooli is hot", "hot"),
        ("Hooli: warm lead", "warm"),
        ("Hooli went cold", "cold"),
        ("Hooli has gone cold on us", "cold"),
        ("Hooli: cold call went fine, sending info", None),
    ],
)
def test_temperature(parse, text: str, temperature: str | None) -> None:
    assert parse(text).temperature == temperature


@pytest.mark.parametrize(
    ("text", "park_until"),
    [
        ("Park Hooli until March", date(2027, 3, 1)),
        ("Hooli: check back in Q2", date(2027, 4, 1)),
        ("Hooli: not until next year, circle back then", date(2027, 1, 1)),
        ("Hooli: not til next yr, circle back then", date(2027, 1, 1)),
        ("Hooli want that we come back to them in mid-January", date(2027, 1, 15)),
        ("put Hooli in nurture for 6 months", date(2027, 5, 24)),
        ("Hooli: parking this until after new year", date(2027, 1, 1)),
        ("Hooli: put it on ice till mid-January", date(2027, 1, 15)),
        ("Hooli: park it till next week", date(2026, 11, 30)),  # explicit parking: whatever the date
        ("Hooli asked us to revisit in 2 months", date(2027, 1, 24)),
        ("Hooli: reach out again on Dec 24", date(2026, 12, 24)),  # exactly a month away
    ],
)
def test_parking(parse, text: str, park_until: date) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.park_until, parsed.due) == ("update", park_until, None)


@pytest.mark.parametrize(
    ("text", "due", "owner"),
    [
        ("Hooli: check back next week", date(2026, 11, 30), "us"),
        ("Hooli: circle back on Dec 23", date(2026, 12, 23), "us"),  # a day short of a month
        ("Hooli: they come back to us in 45 days", date(2027, 1, 8), "prospect"),
        # a deferral the prospect makes is when they act: their due date, not parking
        ("Hooli: they'll revisit the budget in Q2 and come back to us then", date(2027, 4, 1), "prospect"),
    ],
)
def test_near_deferral_is_a_due_date(parse, text: str, due: date, owner: str) -> None:
    parsed = parse(text)
    assert (parsed.park_until, parsed.due, parsed.owner) == (None, due, owner)


def test_parking_in_another_time_zone(parse) -> None:
    parsed = parse("Hooli - check back in January", now=datetime(2027, 1, 16, 12, 0), tz="Europe/Berlin")
    assert parsed.park_until == date(2028, 1, 1)
