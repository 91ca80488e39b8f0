"""Owner and stage families read as a rep writes them (issue 12): a clause with no subject after one
about them, "revert", a document named then delivered, a demo wanted on a day, a booked meeting, "our
approval", "still a lead" and "move X to <stage>". Each family is tested on wordings its rule was not
written from."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "owner", "due"),
    [
        # their request or silence, then the writer's plan with its "I" left out: ours
        ("Hooli: they asked for a quote for 200 seats, will send it tomorrow", "us", "2026-11-25"),
        ("Hooli: they've gone AWOL, will ring them Thursday", "us", "2026-11-26"),
        ("Raviga: they want pricing for 50 users, will share it Monday", "us", "2026-11-30"),
        ("Aviato: they requested a revised quote, will get it over by Friday", "us", "2026-11-27"),
        ("Initech: they went dark, will try again Monday", "us", "2026-11-30"),
        ("Endframe: their CFO asked for references, need to send them by Thursday", "us", "2026-11-26"),
        ("Hooli: they've gone MIA, going to ping him tomorrow", "us", "2026-11-25"),
        ("Raviga: they're slow, will chase them Friday", "us", "2026-11-27"),  # we chase them
        ("Aviato: they are busy, will follow up next week", "us", "2026-11-30"),
        ("Hooli: they sent the redlines, will review tomorrow", "us", "2026-11-25"),  # what they sent us
        ("Aviato: they've gone AWOL, ringing them Thursday", "us", "2026-11-26"),  # no modal: acts on them
        ("Initech: they've gone quiet, texting him tonight", "us", None),
        ("Raviga: they asked for references, will decide after that", "prospect", None),  # a buyer's act
        # their subject carries over when the clause goes on with their own action
        ("Hooli: they'll review and sign by Friday", "prospect", "2026-11-27"),
        ("Initech: they're hot, want to sign before their fiscal year ends in March", "prospect", None),
        ("Raviga: they'll call us back Friday", "prospect", "2026-11-27"),
    ],
)
def test_a_clause_without_subject_after_theirs(parse, text: str, owner: str, due: str | None) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.owner) == ("update", owner)
    if due:
        assert parsed.due is not None and parsed.due.isoformat() == due


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Hooli: will revert with the revised quotation by Monday", "us"),
        ("Raviga: shall revert on the pricing tomorrow", "us"),
        ("Aviato: will definitely revert by EOD", "us"),
        ("Hooli: they will revert by Monday", "prospect"),  # their subject
        ("Hooli will revert Monday", "prospect"),  # the deal as the subject
        ("Raviga: client to revert on the pricing", "prospect"),
        ("Initech: Mr. Rao will revert by Friday", "prospect"),
        ("Hooli: awaiting their revert", "prospect"),  # awaited
        ("Aviato: sent the quote, they will revert by Friday", "prospect"),
    ],
)
def test_revert_is_theirs_only_as_their_subject_or_awaited(parse, text: str, owner: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.owner) == ("update", owner)


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Hooli: INR 9,50,000 quotation shared", "proposal"),
        ("Raviga: proposal sent over", "proposal"),
        ("Aviato: revised pricing emailed this morning", "proposal"),
        ("Initech: deck shared yesterday", None),
        ("Endframe: SOW forwarded to their procurement", "negotiation"),
        ("Hooli: costing mailed last night", "proposal"),
        ("Raviga: the quote's been shared", "proposal"),
        ("Aviato: quote uploaded to their portal", "proposal"),
    ],
)
def test_a_document_then_a_delivery_is_theirs_to_answer(parse, text: str, stage: str | None) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.owner, parsed.stage) == ("update", "prospect", stage)


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Hooli: sent the deck, will follow up Monday", "us"),  # the later clause wins
        ("Raviga: deck sent across yesterday, will follow up Monday", "us"),
        ("Aviato: sent the proposal, will review their comments Friday", "us"),
        ("Initech: proposal out, will call us back Friday", "prospect"),  # they call us
    ],
)
def test_our_plan_after_a_delivery(parse, text: str, owner: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.owner) == ("update", owner)


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Hooli: need to get the deck shared by Friday", "us"),  # still ours to do
        ("Raviga: the revised quote goes out Friday", "us"),
        ("Aviato: quote shared by their CFO", None),  # they delivered it: not our delivery
    ],
)
def test_a_document_not_yet_delivered_by_us(parse, text: str, owner: str | None) -> None:
    assert parse(text).owner == owner


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Hooli wants a second demo on Tuesday", "2026-12-01"),
        ("Raviga: they asked for a demo next Thursday", "2026-12-03"),
        ("Aviato: their CTO would like a product demo on the 30th", "2026-11-30"),
        ("Initech: they came back, want a demo Thursday", "2026-11-26"),
    ],
)
def test_a_demo_wanted_on_a_day_is_planned(parse, text: str, due: str) -> None:
    parsed = parse(text)
    assert (parsed.stage, parsed.owner) == ("demo", "us")
    assert parsed.due is not None and parsed.due.isoformat() == due


@pytest.mark.parametrize(
    "text",
    [
        "Hooli wants a demo",
        "Raviga: they want a demo next week",  # no day yet
        "Aviato: they want a demo by Friday",  # a deadline to arrange it by
        "Initech: interested in a demo, maybe in Q1",
    ],
)
def test_a_demo_wanted_without_a_day_is_no_stage(parse, text: str) -> None:
    assert parse(text).stage is None


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Hooli: booked mtg for Weds", None),
        ("Raviga: booked a 30 min intro call for Friday", "lead"),  # the intro call says lead, not won
        ("Aviato: mtg booked for Thursday", None),
        ("Initech: booked a catch-up with their CFO", None),
        ("Endframe: booked them in for Thursday", None),
        ("Aviato booked, $40k", "won"),
    ],
)
def test_a_booked_meeting_is_no_booked_deal(parse, text: str, stage: str | None) -> None:
    assert parse(text).stage == stage


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Hooli: awaiting our approval", "us"),
        ("Raviga: awaiting my sign-off on the discount", "us"),
        ("Initech: awaiting internal approval", "us"),
        ("Aviato: awaiting their approval", "prospect"),
    ],
)
def test_awaiting_whose_approval(parse, text: str, owner: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.owner) == ("update", owner)


def test_both_still_leads(parse) -> None:
    parsed = parse("Hooli and Aviato: both still leads")
    assert [(u.deal, u.stage) for u in parsed.updates] == [("Hooli", "lead"), ("Aviato", "lead")]


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Raviga is still a lead", "lead"),
        ("Initech: just a lead for now", "lead"),
        ("Hooli: their CTO still leads the evaluation", None),
        ("Aviato: Dana is a lead engineer there", None),
    ],
)
def test_still_a_lead(parse, text: str, stage: str | None) -> None:
    assert parse(text).stage == stage


@pytest.mark.parametrize(
    ("text", "stage", "action", "due"),
    [
        ("move Hooli to Proposal", "proposal", None, None),
        ("move Hooli to negotiation", "negotiation", None, None),
        ("Raviga: move to the demo stage", "demo", None, None),
        ("Aviato moved to proposal stage", "proposal", None, None),
        ("move Initech back to lead", "lead", None, None),
        ("move Hooli to Monday", None, "snooze", "2026-11-30"),
        ("bump Raviga to next week", None, "snooze", "2026-11-30"),
        ("move Hooli to Tom", None, "reassign", None),
    ],
)
def test_move_to_a_stage_sets_it(
    parse, text: str, stage: str | None, action: str | None, due: str | None
) -> None:
    parsed = parse(text)
    assert (parsed.stage, parsed.action) == (stage, action)
    assert (parsed.due.isoformat() if parsed.due else None) == due
