"""Slack-style messages across the spec's categories, each with the fields a user would see.

Written for this suite (lower case, abbreviations, emoji codes, mentions, typos); none comes from an
evaluation set.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

CASES: list[tuple[str, dict[str, Any]]] = [
    ("hooli?", dict(intent="question", deal="Hooli", query="deal_status")),
    ("<@U07AAA111> raviga status?", dict(intent="question", deal="Raviga", query="deal_status")),
    ("any news frm endframe", dict(intent="question", deal="Endframe", query="deal_status")),
    ("whats the latest w aviato", dict(intent="question", deal="Aviato", query="deal_status")),
    ("anything on initech?", dict(intent="question", deal="Initech", query="deal_status")),
    ("what happened w raviga this month", dict(intent="question", deal="Raviga", query="history")),
    ("whats on us rn", dict(intent="question", query="waiting_on_us")),
    ("what r we waiting on from customers", dict(intent="question", query="waiting_on_prospect")),
    ("whats overdue", dict(intent="question", query="overdue")),
    ("whats gone quiet", dict(intent="question", query="stale")),
    ("what's parked rn", dict(intent="question", query="parked")),
    ("my pipeline pls", dict(intent="question", query="pipeline")),
    ("endfrmae?", dict(intent="question", deal="Endframe", query="deal_status")),
    ("intiech: they signed!! :tada: $80k", dict(intent="update", deal="Initech", stage="won", amount=80000)),
    ("aviato went w a competitor :cry:", dict(intent="update", deal="Aviato", stage="lost")),
    (
        "hooli - sent pricing this am, 25k",
        dict(intent="update", deal="Hooli", stage="proposal", amount=25000, owner="prospect"),
    ),
    (
        "raviga is in procurement now, po expected in 2 wks",
        dict(intent="update", deal="Raviga", stage="negotiation", owner="prospect", due=date(2026, 12, 8)),
    ),
    (
        "endframe - demo booked for thurs",
        dict(intent="update", deal="Endframe", stage="demo", owner="us", due=date(2026, 11, 26)),
    ),
    (
        "new lead: Bramble Foods, inbound from the webinar",
        dict(intent="update", deal="Bramble Foods", stage="lead"),
    ),
    ("hooli is warm, cfo likes it", dict(intent="update", deal="Hooli", temperature="warm")),
    ("aviato went cold tbh", dict(intent="update", deal="Aviato", temperature="cold")),
    ("park raviga til feb", dict(intent="update", deal="Raviga", park_until=date(2027, 2, 1))),
    ("initech - circle back in q2", dict(intent="update", deal="Initech", park_until=date(2027, 4, 1))),
    ("endframe: check back next wk", dict(intent="update", deal="Endframe", owner="us", park_until=None)),
    (
        "stark industries -> nurture for 6 months",
        dict(intent="update", deal="Stark Industries", park_until=date(2027, 5, 24)),
    ),
    (
        "hooli - need to send the msa redlines back by fri",
        dict(intent="update", deal="Hooli", owner="us", due=date(2026, 11, 27)),
    ),
    (
        "<@U07AAA111> pls chase aviato for the signed dpa tmrw",
        dict(intent="update", deal="Aviato", owner="us", due=date(2026, 11, 25)),
    ),
    ("raviga: ball's in their court", dict(intent="update", deal="Raviga", owner="prospect")),
    (
        "endframe - waiting on their IT for sso details",
        dict(intent="update", deal="Endframe", owner="prospect"),
    ),
    ("initech's vp signs off next wk", dict(intent="update", deal="Initech", owner="prospect")),
    (
        "hooli: in a couple days they'll send the usage data",
        dict(intent="update", deal="Hooli", owner="prospect"),
    ),
    (
        "wayne ent - their cfo reviews the business case on the 2nd",
        dict(intent="update", deal="Wayne Enterprises", owner="prospect", due=date(2026, 12, 2)),
    ),
    (
        "aviato - they present our proposal to their exec team thurs",
        dict(intent="update", deal="Aviato", owner="prospect", due=date(2026, 11, 26)),
    ),
    (
        "raviga: kickoff call w their team mon, i'm running it",
        dict(intent="update", deal="Raviga", owner="us", due=date(2026, 11, 30)),
    ),
    (
        "endframe - sec review due next fri, our infosec has it",
        dict(intent="update", deal="Endframe", owner="us"),
    ),
    (
        "stark: on me to send the roi calc by eod",
        dict(intent="update", deal="Stark Industries", owner="us", due=date(2026, 11, 24)),
    ),
    (
        "gave initech a demo today, on me to send the recording tmrw",
        dict(intent="update", deal="Initech", owner="us", due=date(2026, 11, 25)),
    ),
    (
        "hooli still hasn't returned the signed order form",
        dict(intent="update", deal="Hooli", owner="prospect"),
    ),
    (
        "raviga no reply since mon :neutral_face:",
        dict(intent="update", deal="Raviga", owner="prospect", due=None),
    ),
    ("lunch w the team tmrw, ping me if u need anything", dict(intent="other", due=None)),
    ("thx all, great week :raised_hands:", dict(intent="other")),
    ("morning! coffee anyone?", dict(intent="other")),
    ("out of office fri, back mon", dict(intent="other", due=None)),
    ("congrats on closing initech!!", dict(intent="other")),
    (
        "aviato: they owe us the pilot metrics by the 5th",
        dict(intent="update", deal="Aviato", owner="prospect", due=date(2026, 12, 5)),
    ),
    ("endframe: we owe them a revised sow, eow", dict(intent="update", deal="Endframe", owner="us")),
    (
        "hooli - cfo approved budget, now they need legal to sign off",
        dict(intent="update", deal="Hooli", owner="prospect"),
    ),
    (
        "initech is hot :fire: they wanna close before yr end",
        dict(intent="update", deal="Initech", temperature="hot", owner="prospect"),
    ),
    (
        "raviga qualified, they have budget + a real need",
        dict(intent="update", deal="Raviga", stage="qualified"),
    ),
    (
        "pied pipr - they need a wk to review the sow",
        dict(deal="Pied Piper", owner="prospect", due=date(2026, 12, 1)),
    ),
    ("@dana hooli needs the soc2 report asap", dict(intent="update", deal="Hooli", owner="us")),
    (
        "raviga - cto wants a deep dive on the api fri",
        dict(deal="Raviga", owner="us", due=date(2026, 11, 27)),
    ),
    (
        "aviato legal sent back redlines, reviewing w our legal tmrw",
        dict(deal="Aviato", owner="us", stage="negotiation", due=date(2026, 11, 25)),
    ),
    (
        "endframe: contract out for signature :crossed_fingers:",
        dict(deal="Endframe", owner="prospect", stage="negotiation"),
    ),
    ("initech - po received!!", dict(deal="Initech", stage="won")),
    ("hooli: 40 seats, 2 yr term, ~$96k", dict(deal="Hooli", amount=96000)),
    (
        "stark industries - they're evaluating 2 other vendors, decision by eom",
        dict(deal="Stark Industries", owner="prospect", due=date(2026, 11, 30)),
    ),
    (
        "wayne ent. signed the nda, scoping call next tues",
        dict(deal="Wayne Enterprises", owner="us", due=date(2026, 12, 1)),
    ),
    (
        "raviga: following up w their champion thurs re pricing",
        dict(deal="Raviga", owner="us", due=date(2026, 11, 26)),
    ),
    (
        "endframe - their procurement is slow, nudging them again monday",
        dict(deal="Endframe", owner="us", due=date(2026, 11, 30)),
    ),
    ("aviato dead. budget got cut :skull:", dict(deal="Aviato", stage="lost")),
    ("hooli asked for a discount, need mgr approval first", dict(deal="Hooli", owner="us")),
    ("initech: circle back after new year", dict(deal="Initech")),
    (
        "june robotics - they'll revert w feedback end of next wk",
        dict(deal="June Robotics", owner="prospect", due=date(2026, 12, 4)),
    ),
    (
        "monday health - pilot kicks off on the 1st, we're running it",
        dict(deal="Monday Health", owner="us", due=date(2026, 12, 1)),
    ),
    ("coleman-blair: sent the dpa, waiting on their dpo", dict(deal="Coleman-Blair", owner="prospect")),
    ("acme? ", dict(intent="question", candidates=("Acme Corp", "Acme Labs"))),
    (
        "<@U01> <@U02> globex corporation - on us to fix the sso bug before the 10th",
        dict(deal="Globex Corporation", owner="us", due=date(2026, 12, 10)),
    ),
    ("wat's happening w endframe", dict(intent="question", deal="Endframe")),
    ("which deals r in proposal", dict(intent="question", query="pipeline")),
    ("show me dana's deals", dict(intent="question", query="pipeline")),
    ("happy friday all :tada:", dict(intent="other")),
    ("brb", dict(intent="other")),
    (
        "stark - heard from their cfo, they're in, sending contract tmrw",
        dict(deal="Stark Industries", owner="us", due=date(2026, 11, 25)),
    ),
]


@pytest.mark.parametrize(("text", "want"), CASES, ids=[text[:40] for text, _ in CASES])
def test_slack_style_message_reads_as_meant(parse, text: str, want: dict[str, Any]) -> None:
    parsed = parse(text)
    assert {field: getattr(parsed, field) for field in want} == want
