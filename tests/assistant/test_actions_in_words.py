"""Deals administered in words (PARSING.md "Actions in words", PRODUCT.md "Updating a deal" 7 and 9),
the stored step kept when a message names none, parking, amounts in their currency, the close date.

The reading of each message is scripted as PARSING.md gives it; what the assistant then does with
the stored state, and says, is what these dialogues check.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from assistant.followups import due_followups
from nlp.types import DealUpdate
from storage.db import Database
from storage.repositories import Directory
from tests.assistant.scripted import ScriptedParser
from tests.assistant.transcript import Chat
from tests.support.clock import FakeClock

THU, FRI, NEXT_TUE = date(2026, 11, 26), date(2026, 11, 27), date(2026, 12, 1)


def _pricing(talk: Chat, deal: str = "Hooli") -> None:
    dana = talk.rep("dana")
    dana.says(f"new lead: {deal}")
    dana.says(f"{deal}: we need to send the pricing by Friday")


# -- done ---------------------------------------------------------------------------------------------
def test_done_completes_the_stored_step_and_claims_no_new_one(talk: Chat, scripted: ScriptedParser) -> None:
    _pricing(talk)
    dana, maria = talk.rep("dana"), talk.manager("maria")
    dana.says("Hooli: still on us to send the pricing")
    dana.says("Hooli: pricing still on us, by Friday")
    scripted.says("Hooli: done", DealUpdate(deal="Hooli", action="done"))

    seen = dana.says("Hooli: done")
    assert "Done: send the pricing." in seen.text
    assert "no next step yet" in seen.text
    assert "next step: send the pricing" not in seen.text
    answer = maria.says("Hooli?").text
    assert "in a row waiting on us" not in answer and "send the pricing" not in answer.split("Updated")[0]
    assert "no open next step" in dana.says("Hooli: done").text  # twice: nothing left to complete


# -- snooze -------------------------------------------------------------------------------------------
def test_snooze_without_a_date_moves_the_stored_due_date_a_week(talk: Chat, scripted: ScriptedParser) -> None:
    _pricing(talk)
    scripted.says("snooze Hooli a week", DealUpdate(deal="Hooli", action="snooze"))
    seen = talk.rep("dana").says("snooze Hooli a week")
    assert "Snoozed to Fri 4 Dec" in seen.text
    assert "Fri 4 Dec" in talk.manager("maria").says("Hooli?").text


def test_snooze_to_a_date_takes_that_date(talk: Chat, scripted: ScriptedParser) -> None:
    _pricing(talk)
    monday = date(2026, 11, 30)
    text = "push Hooli's follow-up to Monday"
    scripted.says(text, DealUpdate(deal="Hooli", action="snooze", due=monday))
    assert "Snoozed to Mon 30 Nov" in talk.rep("dana").says(text).text
    answer = talk.manager("maria").says("Hooli?").text
    assert "Mon 30 Nov" in answer and "send the pricing" in answer


def test_snooze_with_no_due_date_says_so_and_stores_nothing(talk: Chat, scripted: ScriptedParser) -> None:
    talk.rep("dana").says("new lead: Hooli")
    scripted.says("snooze Hooli", DealUpdate(deal="Hooli", action="snooze"))
    seen = talk.rep("dana").says("snooze Hooli")
    assert "no due date to snooze" in seen.text and "nothing changed" in seen.text
    assert "snooze" not in talk.manager("maria").says("history of Hooli").text


# -- remind -------------------------------------------------------------------------------------------
def test_remind_me_stores_our_step_and_the_rep_is_reminded_that_morning(
    talk: Chat, scripted: ScriptedParser, db: Database, clock: FakeClock
) -> None:
    talk.rep("dana").says("new lead: Hooli")
    text = "remind me to call Hooli on Friday"
    scripted.says(
        text, DealUpdate(deal="Hooli", action="remind", next_step="call Hooli", owner="us", due=FRI)
    )
    seen = talk.rep("dana").says(text)
    assert "I'll remind you on Fri 27 Nov: call Hooli." in seen.text
    assert "on us" in talk.manager("maria").says("Hooli?").text

    friday_morning = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)  # 09:00 in Chicago
    with db.unit_of_work() as session:
        workspace = Directory(session).find_workspace("slack", "T-PIEDPIPER")
        assert workspace is not None
        due = due_followups(session, workspace, friday_morning, timedelta(hours=1))
        replies = [d.compose(session) for d in due if d.target.id == "U-DANA"]
    assert any(r is not None and "call Hooli" in r.text for r in replies)


# -- rename -------------------------------------------------------------------------------------------
def test_rename_changes_the_name_and_the_old_name_no_longer_matches(
    talk: Chat, scripted: ScriptedParser
) -> None:
    _pricing(talk)
    text = "Hooli is now called Nucleus"
    scripted.says(text, DealUpdate(deal="Hooli", action="rename", new_name="Nucleus"))
    assert "Renamed Hooli to Nucleus." in talk.rep("dana").says(text).text
    maria = talk.manager("maria")
    assert "send the pricing" in maria.says("Nucleus?").text
    assert "don't know a deal called Hooli" in maria.says("Hooli?").text
    assert "Undone" in talk.rep("dana").says("undo").text
    assert "send the pricing" in maria.says("Hooli?").text  # the old name is back


def test_rename_to_a_name_in_use_says_so(talk: Chat, scripted: ScriptedParser) -> None:
    _pricing(talk)
    talk.rep("dana").says("new lead: Aviato")
    text = "rename Hooli to Aviato"
    scripted.says(text, DealUpdate(deal="Hooli", action="rename", new_name="Aviato"))
    seen = talk.rep("dana").says(text)
    assert "already a deal called Aviato" in seen.text
    assert "send the pricing" in talk.manager("maria").says("Hooli?").text


# -- reassign -----------------------------------------------------------------------------------------
def test_reassign_to_a_known_person_and_to_someone_unknown(talk: Chat, scripted: ScriptedParser) -> None:
    _pricing(talk)
    lee, maria = talk.rep("lee"), talk.manager("maria")
    lee.says("hi")
    scripted.says("reassign Hooli to Lee", DealUpdate(deal="Hooli", action="reassign", rep="Lee"))
    scripted.says("reassign Hooli to Zed", DealUpdate(deal="Hooli", action="reassign", rep="Zed"))

    assert "couldn't find anyone called Zed" in maria.says("reassign Hooli to Zed").text
    assert "Rep: dana" in maria.says("Hooli?").text
    assert "Hooli is now lee's" in maria.says("reassign Hooli to Lee").text
    assert "Rep: lee" in maria.says("Hooli?").text
    assert "Hooli" in lee.says("my pipeline").text


# -- reopen and close ---------------------------------------------------------------------------------
def test_close_as_lost_and_reopen_with_a_new_step(talk: Chat, scripted: ScriptedParser) -> None:
    _pricing(talk)
    dana, maria = talk.rep("dana"), talk.manager("maria")
    dana.says("Hooli: sent the proposal, they decide by Friday")
    scripted.says("close Hooli as lost", DealUpdate(deal="Hooli", action="close", stage="lost"))
    assert "Closed Hooli as lost." in dana.says("close Hooli as lost").text
    assert "lost" in maria.says("Hooli?").text

    text = "Hooli is back on, they want a demo next Tuesday"
    scripted.says(
        text,
        DealUpdate(deal="Hooli", action="reopen", next_step="demo", owner="us", due=NEXT_TUE, stage="demo"),
    )
    seen = dana.says(text)
    assert "Reopened Hooli." in seen.text and "next step: demo" in seen.text
    answer = maria.says("Hooli?").text
    assert "demo" in answer and "Tue 1 Dec" in answer and "lost" not in answer.split("\n")[0]


def test_reopen_without_a_stage_goes_back_to_the_stage_before_the_close(
    talk: Chat, scripted: ScriptedParser
) -> None:
    _pricing(talk)
    dana = talk.rep("dana")
    dana.says("Hooli: sent the proposal, they decide by Friday")
    dana.says("Hooli: lost, they went with a competitor")
    scripted.says("reopen Hooli", DealUpdate(deal="Hooli", action="reopen"))
    assert "Reopened Hooli" in dana.says("reopen Hooli").text
    assert "Hooli · proposal" in talk.manager("maria").says("Hooli?").text


def test_close_with_an_amount_shows_it_in_its_currency(talk: Chat, scripted: ScriptedParser) -> None:
    _pricing(talk)
    text = "Hooli closed won, €75k"
    scripted.says(text, DealUpdate(deal="Hooli", action="close", stage="won", amount=75_000, currency="EUR"))
    assert "Closed Hooli as won (€75k)." in talk.rep("dana").says(text).text
    assert "€75k" in talk.manager("maria").says("Hooli?").text


# -- park without a date, unpark ----------------------------------------------------------------------
def test_park_without_a_date_asks_until_when_and_applies_the_answer(
    talk: Chat, scripted: ScriptedParser
) -> None:
    _pricing(talk)
    dana, maria = talk.rep("dana"), talk.manager("maria")
    scripted.says("park Hooli", DealUpdate(deal="Hooli", park_asked=True))
    question = dana.says("park Hooli")
    assert "Until when should I park Hooli?" in question.text
    assert "Hooli" not in maria.says("what's parked?").text

    seen = dana.says("March")
    assert "parked until" in seen.text and "Mar" in seen.text
    assert "Hooli" in maria.says("what's parked?").text


def test_back_from_the_parking_lot_unparks_and_sets_the_demo(talk: Chat, scripted: ScriptedParser) -> None:
    _pricing(talk)
    dana, maria = talk.rep("dana"), talk.manager("maria")
    dana.says("Hooli: park until March, budget freeze")
    assert "Hooli" in maria.says("what's parked?").text
    text = "Hooli is back from the parking lot, they want a demo next tuesday"
    scripted.says(
        text, DealUpdate(deal="Hooli", unpark=True, next_step="demo", owner="us", due=NEXT_TUE, stage="demo")
    )
    seen = dana.says(text)
    assert "parked" not in seen.text and "next step: demo" in seen.text and "Tue 1 Dec" in seen.text
    assert "Hooli" not in maria.says("what's parked?").text


def test_dont_park_it_does_not_park(talk: Chat, scripted: ScriptedParser) -> None:
    _pricing(talk)
    dana, maria = talk.rep("dana"), talk.manager("maria")
    text = "Hooli: actually don't park it, they want a proposal by the 18th"
    scripted.says(
        text,
        DealUpdate(deal="Hooli", unpark=True, next_step="proposal", owner="us", due=date(2026, 12, 18)),
    )
    seen = dana.says(text)
    assert "parked" not in seen.text and "Fri 18 Dec" in seen.text
    assert "Hooli" not in maria.says("what's parked?").text


def test_a_parked_deals_reason_reads_without_the_deal_label(talk: Chat, scripted: ScriptedParser) -> None:
    talk.rep("dana").says("new lead: Hooli")
    text = "Hooli: check back in March, budget frozen"
    scripted.says(text, DealUpdate(deal="Hooli", park_until=date(2027, 3, 1)))
    talk.rep("dana").says(text)
    answer = talk.manager("maria").says("Hooli?").text
    assert "“Check back in March, budget frozen”" in answer


# -- the stored step stays when a message names none -----------------------------------------------
def test_still_nothing_keeps_the_stored_step(talk: Chat, scripted: ScriptedParser) -> None:
    dana, maria = talk.rep("dana"), talk.manager("maria")
    dana.says("new lead: Pied Piper")
    dana.says("Pied Piper: waiting on the engineering team for cost estimates, should have them Friday")
    before = maria.says("Pied Piper?").text
    text = "Pied Piper: still nothing from engineering"
    scripted.says(text, DealUpdate(deal="Pied Piper", owner="us"))

    seen = dana.says(text)
    assert "Nothing changed on Pied Piper" in seen.text and "cost estimates" in seen.text
    after = maria.says("Pied Piper?").text
    assert after == before  # the step, owner, due date and last update all stay
    assert "still nothing" not in after


def test_a_date_only_move_keeps_the_step_and_owner(talk: Chat, scripted: ScriptedParser) -> None:
    _pricing(talk, "Aviato")
    text = "aviato - pushed to end of Q1"
    scripted.says(text, DealUpdate(deal="Aviato", due=date(2027, 3, 31)))
    seen = talk.rep("dana").says(text)
    assert "next step: send the pricing · on us · due Wed 31 Mar 2027" in seen.text
    follow = "wait, they actually said 3 weeks"
    scripted.says(follow, DealUpdate(due=date(2026, 12, 14)))
    assert "next step: send the pricing · on us · due Mon 14 Dec" in talk.rep("dana").says(follow).text


def test_a_retry_is_our_step_on_the_day_said(talk: Chat, scripted: ScriptedParser) -> None:
    talk.rep("dana").says("new lead: Hooli")
    text = "Hooli: first call today, no answer. try again thursday"
    scripted.says(text, DealUpdate(deal="Hooli", next_step="try again", owner="us", due=THU))
    seen = talk.rep("dana").says(text)
    assert "next step: try again · on us · due Thu 26 Nov" in seen.text


# -- amounts, currency, close date, temperature ---------------------------------------------------
def test_amounts_read_in_their_currency_and_the_close_date_is_shown(
    talk: Chat, scripted: ScriptedParser
) -> None:
    dana, maria = talk.rep("dana"), talk.manager("maria")
    dana.says("new lead: Initech")
    scripted.says("Initech: $999k", DealUpdate(deal="Initech", amount=999_000, currency="USD"))
    assert "$999k" in dana.says("Initech: $999k").text
    text = "Initech: €75k, expected close end of March, they're hot"
    scripted.says(
        text,
        DealUpdate(
            deal="Initech", amount=75_000, currency="EUR", close_by=date(2027, 3, 31), temperature="hot"
        ),
    )
    seen = dana.says(text)
    assert "€75k" in seen.text and "$75k" not in seen.text
    assert "closing by Wed 31 Mar 2027" in seen.text and "hot" in seen.text
    answer = maria.says("Initech?").text
    assert "€75k" in answer and "close Wed 31 Mar 2027" in answer
    # An amount written later without a currency keeps the deal's.
    scripted.says("Initech: 80k now", DealUpdate(deal="Initech", amount=80_000))
    assert "€80k" in dana.says("Initech: 80k now").text


def test_the_confirmation_shows_the_temperature_whenever_it_is_set(talk: Chat) -> None:
    dana = talk.rep("dana")
    dana.says("new lead: Hooli")
    dana.says("Hooli is hot")
    assert "hot" in dana.says("Hooli: we need to send the pricing by Friday").text


# -- not understood, nothing changed --------------------------------------------------------------
def test_an_action_it_cannot_carry_out_stores_nothing(talk: Chat, scripted: ScriptedParser) -> None:
    _pricing(talk)
    scripted.says("close Hooli", DealUpdate(deal="Hooli", action="close"))
    seen = talk.rep("dana").says("close Hooli")
    assert "won or lost" in seen.text and "Nothing changed" in seen.text
    assert "close Hooli" not in talk.manager("maria").says("history of Hooli").text
