"""Owner, next step, due date and stage for phrasings beyond the spec's own examples.

Each case is a rep's message to the assistant (deals from conftest, written on Tuesday 2026-11-24)
and what the assistant should store: who acts next, on what, and by when.
"""

from __future__ import annotations

from datetime import date

import pytest


@pytest.mark.parametrize(
    ("text", "step_word"),
    [
        ("Aviato: waiting on their procurement to add us as a vendor so we can send the PO", "vendor"),
        ("Raviga - pending their CISO approving the pen test report, so that we can go live", "pen test"),
        ("Endframe: blocked on their admin to enable SSO so we're able to start onboarding", "sso"),
    ],
)
def test_what_their_action_unblocks_does_not_move_the_owner(parse, text: str, step_word: str) -> None:
    result = parse(text)
    assert result.owner == "prospect"
    assert result.next_step is not None and step_word in result.next_step.lower()


def test_we_can_after_our_own_step_stays_ours(parse) -> None:
    result = parse("Aviato: they signed the NDA, so we can send the technical docs now")
    assert result.owner == "us"
    assert "technical docs" in (result.next_step or "")


@pytest.mark.parametrize(
    ("text", "step_word", "due"),
    [
        ("Hooli: budget review with their COO tomorrow", "budget review", date(2026, 11, 25)),
        ("Initech - updated SOW goes out Friday", "sow", date(2026, 11, 27)),
        ("Endframe: security questionnaire due end of month", "questionnaire", date(2026, 11, 30)),
        ("Raviga: need the sandbox environment ready by end of next week", "sandbox", date(2026, 12, 4)),
        ("Aviato: need the data migration plan signed off by end of Q1", "migration", date(2027, 3, 31)),
        ("June Robotics: need the pilot closed out by Friday", "pilot", date(2026, 11, 27)),
        ("Wayne Enterprises: rollout timeline to them by Friday", "rollout", date(2026, 11, 27)),
    ],
)
def test_a_noun_phrase_with_a_date_is_our_step(parse, text: str, step_word: str, due: date) -> None:
    result = parse(text)
    assert result.owner == "us"
    assert result.due == due
    assert result.stage is None  # "closed out by Friday" is a target, not a won deal
    assert result.next_step is not None and step_word in result.next_step.lower()


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Initech: they need a couple of days to go through the SOW", date(2026, 11, 26)),
        ("Raviga - their legal needs a week to review the DPA", date(2026, 12, 1)),
        ("Endframe: the CFO needs two weeks to think it over", date(2026, 12, 8)),
        ("Aviato: they asked for a few more days to check the numbers", date(2026, 11, 27)),
    ],
)
def test_time_they_need_to_act_is_theirs(parse, text: str, due: date) -> None:
    result = parse(text)
    assert result.owner == "prospect"
    assert result.due == due


def test_time_they_need_leaves_the_action_as_the_step(parse) -> None:
    assert parse("Hooli: their team needs a few days to test the connector").next_step == "test the connector"


@pytest.mark.parametrize(
    "text",
    [
        "Discovery with Raviga went really well",
        "discovery call with the Aviato team went great today",
        "Initech: great discovery session, they have a clear use case",
        "Endframe discovery meeting was solid",
    ],
)
def test_discovery_that_went_well_qualifies(parse, text: str) -> None:
    result = parse(text)
    assert result.stage == "qualified"
    assert result.due is None


@pytest.mark.parametrize(
    "text",
    [
        "Raviga contract out for signature",
        "Hooli XYZ: the order form is out for e-signature",
        "Endframe: sent the MSA over for signature this morning",
    ],
)
def test_a_contract_out_for_signature_waits_on_them(parse, text: str) -> None:
    result = parse(text)
    assert result.stage == "negotiation"
    assert result.owner == "prospect"
    assert result.due is None


@pytest.mark.parametrize(
    ("text", "stage", "owner"),
    [
        ("Aviato: the proposal went out yesterday", "proposal", "prospect"),
        ("Initech - quote was sent Monday", "proposal", "prospect"),
        ("Endframe: I emailed their CFO the pricing this morning", "proposal", "prospect"),
    ],
)
def test_something_delivered_in_the_passive_waits_on_them(parse, text: str, stage: str, owner: str) -> None:
    result = parse(text)
    assert (result.stage, result.owner, result.due) == (stage, owner, None)


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Walked Raviga through the platform today, they liked the dashboards", "demo"),
        ("Showed the Aviato team our product this afternoon, big fan of the API", "demo"),
        ("Met with Initech today, good first conversation", None),
        ("Called Endframe this morning and left a message", None),
        ("We demoed Hooli XYZ today and they were impressed", "demo"),
    ],
)
def test_a_date_of_something_done_is_no_due_date(parse, text: str, stage: str | None) -> None:
    result = parse(text)
    assert result.due is None
    assert result.stage == stage


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Raviga: booked the demo for today at 3", date(2026, 11, 24)),
        ("Aviato: scheduled a call with their CTO for tomorrow", date(2026, 11, 25)),
        ("Endframe: demo with their ops team today", date(2026, 11, 24)),
    ],
)
def test_an_event_arranged_for_today_is_still_due(parse, text: str, due: date) -> None:
    result = parse(text)
    assert result.owner == "us"
    assert result.due == due


def test_an_intro_call_that_went_well_introduces_a_lead_with_no_step(parse) -> None:
    result = parse("intro call with Vantage Freight went well")
    assert (result.deal, result.is_new_deal, result.stage) == ("Vantage Freight", True, "lead")
    assert result.owner is None and result.next_step is None


@pytest.mark.parametrize(
    "text",
    [
        "Raviga: chase their controller again Friday, no response to my last email",
        "Aviato - nudge their CTO on Monday, still no answer",
    ],
)
def test_silence_after_our_chase_leaves_the_chase_as_the_step(parse, text: str) -> None:
    result = parse(text)
    assert result.owner == "us"
    assert result.due is not None
    assert result.next_step is not None and result.next_step.split()[0] in {"chase", "nudge"}


def test_silence_from_a_named_side_still_moves_the_owner(parse) -> None:
    result = parse("Raviga: still nothing from their CFO")
    assert (result.owner, result.next_step) == ("prospect", None)


def test_silence_from_a_named_side_after_our_chase_leaves_the_chase_as_the_step(parse) -> None:
    # "still nothing from their CFO" only says what the chase is about: the message names our step
    result = parse("Raviga: chase them Friday, still nothing from their CFO")
    assert (result.owner, result.next_step, result.due) == ("us", "chase them", date(2026, 11, 27))


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("new inbound: Lattice Freight would like a demo", "lead"),
        ("Hooli: they asked for a product demo", None),
        ("Initech: demo booked for Thursday", "demo"),
    ],
)
def test_a_demo_asked_for_is_not_yet_the_demo_stage(parse, text: str, stage: str | None) -> None:
    assert parse(text).stage == stage


def test_what_we_owe_their_team_is_the_item(parse) -> None:
    result = parse("Endframe: I owe their ops team the rollout checklist")
    assert (result.owner, result.next_step) == ("us", "rollout checklist for them")


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("Endframe: their counsel returned redlines, we need to review by Thursday", "review redlines"),
        (
            "Raviga: their CFO is going through the pricing model, answer by Monday",
            "answer on the pricing model",
        ),
        ("Initech: their board is weighing the addendum, they decide next week", "decide on the addendum"),
        ("Hooli - their legal came back w/ comments, need to respond by Friday", "respond to comments"),
    ],
)
def test_a_bare_verb_step_names_what_an_earlier_clause_is_about(parse, text: str, step: str) -> None:
    assert parse(text).next_step == step


def test_it_in_our_step_is_what_they_asked_for(parse) -> None:
    result = parse("Aviato: their COO asked to see the rollout timeline, I'll send it over tomorrow")
    assert result.owner == "us"
    assert result.next_step == "send the rollout timeline over"


def test_their_it_team_is_no_pronoun(parse) -> None:
    result = parse("Aviato: waiting on their IT for the SSO details")
    assert result.next_step == "the SSO details from their IT"


def test_the_thing_sent_is_what_is_on_them(parse) -> None:
    result = parse("Aviato: sent the MSA to their IT, now it is on them to sign it")
    assert result.owner == "prospect"
    assert result.next_step is not None and result.next_step.endswith("sign the MSA")


def test_a_meeting_on_budget_keeps_its_date(parse) -> None:
    result = parse("Endframe: their finance team meets on budget end of next week")
    assert (result.owner, result.due) == ("prospect", date(2026, 12, 4))


def test_a_budget_year_is_still_no_due_date(parse) -> None:
    assert parse("Endframe: they're planning budget Q1, no action yet").due is None


def test_time_they_take_until_a_date_is_theirs(parse) -> None:
    result = parse("Raviga: their legal needs until end of month")
    assert (result.owner, result.due) == ("prospect", date(2026, 11, 30))


def test_a_particle_after_sent_is_no_thing(parse) -> None:
    assert parse("Hooli: they sent back, we need to review").next_step == "review"
