"""New deals: the name as written, without leading or trailing words that are not part of it."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "name", "stage"),
    [
        ("new lead: Massive Dynamic", "Massive Dynamic", "lead"),
        ("New lead - Massive Dynamic, inbound from the website", "Massive Dynamic", "lead"),
        ("🆕 new lead 🆕\nPelham & Rowe (partner referral)\nintro call this Friday", "Pelham & Rowe", "lead"),
        (
            "Had an intro call with a new logo this afternoon, Marrowgate Energy. Small team",
            "Marrowgate Energy",
            "lead",
        ),
        ("first call with Massive Dynamic today", "Massive Dynamic", "lead"),
        ("Massive Dynamic - intro call went well", "Massive Dynamic", "lead"),
        ("intro call with the Soylent Corp team tomorrow", "Soylent Corp", "lead"),
        ("New lead: Yoyodyne, inbound from the pricing page", "Yoyodyne", "lead"),
        (
            "Vandelay Industries: first call went great, they have budget and a need",
            "Vandelay Industries",
            None,
        ),
        (
            "new lead from the website: Pinnacle Health Partners, 200 seats",
            "Pinnacle Health Partners",
            "lead",
        ),
        ("Just had an intro call with Northwind Traders, they have budget", "Northwind Traders", None),
        ("first meeting w/ Contoso tomorrow", "Contoso", "lead"),
        ("Spoke with Gringotts today, great first call, sending a deck tomorrow", "Gringotts", "lead"),
        ("new inbound lead: Barnes & Noble Education, wants a demo", "Barnes & Noble Education", "lead"),
    ],
)
def test_new_deal(parse, text: str, name: str, stage: str | None) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.deal, parsed.is_new_deal) == ("update", name, True)
    if stage:
        assert parsed.stage == stage


def test_known_deal_wins_over_a_new_one(parse) -> None:
    parsed = parse("first call with Hooli today")
    assert (parsed.deal, parsed.is_new_deal) == ("Hooli", False)
