"""Readings that the corpus comparison of the rebuilt parser with the old one settled, by family.

Each case is a rep's message (deals from conftest, written on Tuesday 2026-11-24 in Chicago) and
what the assistant stores: who acts next, on what, by when, and when the deal is expected to close.
"""

from __future__ import annotations

from datetime import date

import pytest

FRIDAY, MONDAY, TOMORROW = date(2026, 11, 27), date(2026, 11, 30), date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Raviga: we have to sign the MSA in two weeks", date(2026, 12, 8)),
        ("Pied Piper: our legal have to sign the MSA by Friday", FRIDAY),
        ("Aviato - engineering have to sign the MSA next week", MONDAY),
        ("Hooli: I have to sign the MSA 12/3", date(2026, 12, 3)),
        ("aviato sent over the signed sow, i need to countersign it tmrw", TOMORROW),
        # a to-do given to a teammate by first name
        ("Hooli XYZ: Dana have to sign the MSA next week", MONDAY),
        ("Raviga: Lee needs to countersign the order form by Friday", FRIDAY),
    ],
)
def test_a_signature_of_ours_is_our_step_and_no_close_of_theirs(parse, text: str, due: date) -> None:
    result = parse(text)
    assert (result.owner, result.due, result.close_by) == ("us", due, None)
    assert result.next_step is not None and "sign" in result.next_step


@pytest.mark.parametrize(
    ("text", "owner", "close_by"),
    [
        ("Hooli: they should sign by Friday", "prospect", FRIDAY),
        ("Raviga: their CFO have to sign the MSA next week", "prospect", MONDAY),
        ("Hooli: Mr. Sharma will sign by Friday", "prospect", FRIDAY),
        ("Hooli: Mr. Sharma has to sign by Friday", "prospect", FRIDAY),
        ("Hooli: Priya will sign by Friday", "prospect", FRIDAY),
        ("Hooli: Procurement has to sign by Friday", "prospect", FRIDAY),
        ("Endframe: the board will decide by Friday", "prospect", FRIDAY),
        # what we do about their signature is ours; the date is still when they sign
        ("Hooli: I'll get them to sign by Friday", "us", FRIDAY),
    ],
)
def test_their_signature_is_their_close(parse, text: str, owner: str, close_by: date) -> None:
    result = parse(text)
    assert (result.owner, result.close_by) == (owner, close_by)


def test_then_pointing_back_at_a_date_is_no_part_of_the_step(parse) -> None:
    result = parse("Raviga: their office is closed till Monday for the holiday, I'll send the SOW then")
    assert result.next_step == "send the SOW"


@pytest.mark.parametrize(
    ("text", "owner", "due", "close_by"),
    [
        # an office closed over a holiday is no deal's close; "then" is Monday
        (
            "Raviga: their office is closed till Monday for the holiday, I'll send the SOW then",
            "us",
            MONDAY,
            None,
        ),
        ("Hooli: closing by the 30th", None, None, date(2026, 11, 30)),
        ("Aviato: expected close end of March", None, None, date(2027, 3, 31)),
    ],
)
def test_closed_as_a_state_is_no_close_date(
    parse, text: str, owner: str | None, due: date | None, close_by: date | None
) -> None:
    result = parse(text)
    assert (result.owner, result.due, result.close_by) == (owner, due, close_by)


@pytest.mark.parametrize(
    ("text", "step"),
    [
        (
            "Endframe: sent the MSA over for signature this morning",
            "their feedback on the MSA over for signature",
        ),
        (
            "Sent Hooli the MSA and order form for signature this morning",
            "their feedback on the MSA and order form for signature",
        ),
    ],
)
def test_a_contract_we_sent_for_signature_is_theirs_with_no_date(parse, text: str, step: str) -> None:
    # "this morning" is when it went out: no close date, no due date
    result = parse(text)
    assert (result.owner, result.next_step, result.due, result.close_by) == ("prospect", step, None, None)


@pytest.mark.parametrize(
    ("text", "close_by"),
    [
        ("Endframe\n\ncontract out for signature\ntheir COO signs in a couple of days", date(2026, 11, 26)),
        # a deadline on the signature we asked for is their close
        ("Hooli: sent the contract for their signature by Friday", FRIDAY),
    ],
)
def test_a_signature_after_the_contract_went_out_is_still_their_close(
    parse, text: str, close_by: date
) -> None:
    result = parse(text)
    assert (result.owner, result.close_by) == ("prospect", close_by)


def test_silence_after_a_step_that_is_no_chase_still_hands_the_step_over(parse) -> None:
    # the later clause wins: what we send does not make their legal's silence ours
    assert parse("Raviga: send the SOW Friday, still waiting on their legal").owner == "prospect"


@pytest.mark.parametrize(
    ("text", "step", "due"),
    [
        ("<@U07AAA111> pls chase aviato for the signed dpa tmrw", "chase for the signed dpa", TOMORROW),
        ("please send Hooli the revised quote Friday", "send the revised quote", FRIDAY),
        ("Hooli: check back next week", "check back", MONDAY),
        ("Raviga: chase their legal Friday, still waiting on them", "chase their legal", FRIDAY),
    ],
)
def test_an_instruction_to_chase_or_come_back_is_our_step_with_its_text(
    parse, text: str, step: str, due: date
) -> None:
    result = parse(text)
    assert (result.owner, result.next_step, result.due) == ("us", step, due)


@pytest.mark.parametrize(
    "text",
    [
        "Hooli: Dana sent the proposal 3/12",
        "re Hooli, Dana sent the proposal on the 15th",
        "Raviga - the board sent the proposal 12/3",
        "Aviato: our SE showed them the product 12/1",
        "Endframe: Priya met their CTO on the 2nd",
    ],
)
def test_a_date_on_something_already_done_is_no_due_date(parse, text: str) -> None:
    assert parse(text).due is None


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Hooli: Dana will send the proposal 3/12", date(2027, 3, 12)),
        ("Raviga: they send the signed order form in early December", date(2026, 12, 1)),
        ("Aviato: send them the deck on the 15th", date(2026, 12, 15)),
        # what was sent arranges an event: the event's date is due
        ("Hooli: invite sent for the demo on Thursday", date(2026, 11, 26)),
        ("Hooli: Dana sent the invite for the demo 12/3", date(2026, 12, 3)),
        # a deadline said with what was done is still due
        ("Hooli: we met and agreed to send pricing by Friday", FRIDAY),
        # one day of the calendar after "budget" is when they meet, not a budget's period
        ("Hooli: they are meeting internally on budget 3/12", date(2027, 3, 12)),
        ("Hooli: they are meeting internally on budget on the 15th", date(2026, 12, 15)),
    ],
)
def test_a_date_on_what_comes_next_stays_due(parse, text: str, due: date) -> None:
    assert parse(text).due == due


@pytest.mark.parametrize(
    "text",
    ["Hooli: they are reviewing budget Q1", "Raviga: their budget 2027 is approved", "Aviato: budget FY27"],
)
def test_a_budget_period_is_no_due_date(parse, text: str) -> None:
    assert parse(text).due is None


def test_a_close_said_as_such_is_the_close_date_and_their_signature_their_step(parse) -> None:
    result = parse("Raviga: they have to sign the MSA in two weeks, closing this quarter")
    assert (result.owner, result.due, result.close_by) == ("prospect", date(2026, 12, 8), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("text", "close_by"),
    [
        ("Hooli: we should sign by Q1", date(2027, 1, 1)),
        ("Raviga: we'll sign end of month", date(2026, 11, 30)),
    ],
)
def test_the_reps_forecast_of_signing_is_the_close_date(parse, text: str, close_by: date) -> None:
    assert parse(text).close_by == close_by
