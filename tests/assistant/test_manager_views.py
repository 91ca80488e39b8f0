"""What a manager asks without interrupting a rep: any rep's pipeline, the team's, due today, hot
deals, reps behind on updates, the numbers, what comes back or closes in a period, and long lists
a page at a time with a way to see the rest."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from storage.db import Database
from storage.models import Deal
from tests.assistant.transcript import Chat
from tests.support.clock import FakeClock


def _crm_fields(db: Database, name: str, **values: Any) -> None:
    """Set what a rep's update or a CRM import stores (currency, close date) on a deal."""
    with db.unit_of_work() as session:
        deal = session.scalars(select(Deal).where(Deal.name == name)).one()
        for field, value in values.items():
            setattr(deal, field, value)


def _team(chat: Chat, clock: FakeClock) -> None:
    """Dana: Hooli (hot, $40k, due today), Aviato (€75k), Pied Piper; Sam: Bachmanity, quiet."""
    dana, sam = chat.rep("Dana"), chat.rep("Sam")
    sam.says("new lead: Bachmanity")
    sam.says("Bachmanity: we need to send the pricing")
    clock.advance(days=8)  # Tue 1 Dec
    for name in ("Hooli", "Aviato", "Pied Piper"):
        dana.says(f"new lead: {name}")
    dana.says("Hooli: sent the proposal, $40k, they decide today")
    dana.says("Hooli is hot")
    dana.says("Aviato: €75k, we need to send the contract by Friday")
    dana.says("Pied Piper: I owe them a revised quote tomorrow")


def test_a_reps_pipeline_by_name_in_any_case_and_an_unknown_name(chat: Chat, clock: FakeClock) -> None:
    _team(chat, clock)
    maria = chat.manager("Maria")

    danas = maria.says("dana's deals").text
    assert "Dana's pipeline (3)" in danas
    assert "Hooli" in danas and "Aviato" in danas
    assert "Bachmanity" not in danas

    sams = maria.says("show me sam's deals").text
    assert "Bachmanity" in sams and "Hooli" not in sams

    assert "I don't know anyone called zed" in maria.says("show me zed's deals").text


def test_all_deals_is_the_whole_team_with_temperature_and_currency(
    chat: Chat, clock: FakeClock, db: Database
) -> None:
    _team(chat, clock)
    _crm_fields(db, "Aviato", currency="EUR")
    text = chat.manager("Maria").says("all deals").text
    assert "The team's pipeline (4)" in text
    assert "Bachmanity" in text and "Hooli" in text
    hooli = next(line for line in text.splitlines() if line.startswith("• Hooli"))
    assert "hot" in hooli and "$40k" in hooli and "Dana" in hooli
    assert "€75k" in text  # Aviato's amount in the currency it was written in


def test_how_much_is_in_the_pipeline_totals_per_currency(chat: Chat, clock: FakeClock, db: Database) -> None:
    _team(chat, clock)
    _crm_fields(db, "Aviato", currency="EUR", close_by=date(2027, 1, 29))
    _crm_fields(db, "Hooli", close_by=date(2026, 12, 18))
    text = chat.manager("Maria").says("how much is in the pipeline").text
    assert "4 deals · €75k + $40k open" in text  # never one sum of dollars and euros
    assert "proposal: 1 deal · $40k" in text
    assert "Dana: 3 deals · €75k + $40k" in text
    assert "Sam: 1 deal" in text
    assert "Dec 2026: 1 deal · $40k" in text
    assert "Jan 2027: 1 deal · €75k" in text
    assert "no close date: 2 deals" in text


def test_closing_this_month_uses_the_close_date(chat: Chat, clock: FakeClock, db: Database) -> None:
    _team(chat, clock)
    _crm_fields(db, "Hooli", close_by=date(2026, 12, 18))
    _crm_fields(db, "Aviato", currency="EUR", close_by=date(2027, 1, 29))
    maria = chat.manager("Maria")
    asked = maria.says("what's closing this month")
    month = asked.text
    assert [s.title for s in asked.replies[0].sections][-1] == "In all"  # Slack and Teams show sections
    assert "Closing this month (1)" in month
    assert "Hooli" in month and "closes Fri 18 Dec" in month
    assert "Aviato" not in month
    assert "In all: 1 deal · $40k expected to close this month." in month
    assert "2 open deals have no expected close date yet" in month
    quarter = maria.says("what's closing this quarter").text  # Q4: Oct to Dec
    assert "Aviato" not in quarter


def test_reps_behind_on_updates(chat: Chat, clock: FakeClock) -> None:
    _team(chat, clock)
    text = chat.manager("Maria").says("which reps are behind on updates").text
    assert "Sam: 1 of 1 open deal not updated this week" in text
    assert "Dana:" not in text
    assert "Nothing is overdue" not in text


def test_a_yes_no_question_about_a_deal_gets_its_status(chat: Chat, clock: FakeClock) -> None:
    _team(chat, clock)
    text = chat.manager("Maria").says("Do you have any updates on the Pied Piper deal?").text
    assert "Next step: revised quote" in text
    assert "Updated moments ago by Dana" in text


def test_hot_warm_and_cold_deals(chat: Chat, clock: FakeClock) -> None:
    _team(chat, clock)
    chat.rep("Sam").says("Bachmanity: deal is warm")
    maria = chat.manager("Maria")
    hot = maria.says("which deals are hot").text
    assert "Hot deals (1)" in hot and "Hooli" in hot and "Bachmanity" not in hot
    warm = maria.says("what's warm").text
    assert "Bachmanity" in warm and "Hooli" not in warm
    assert "No deal is cold right now." in maria.says("cold deals").text


def test_due_today_and_my_day(chat: Chat, clock: FakeClock) -> None:
    _team(chat, clock)
    dana, sam, maria = chat.rep("Dana"), chat.rep("Sam"), chat.manager("Maria")
    team = maria.says("what's due today").text
    assert "Due today (1)" in team and "Hooli" in team
    mine = dana.says("my day").text
    assert "Your day: due today (1)" in mine and "Hooli" in mine
    assert "Nothing is due today." in sam.says("my day").text
    clock.advance(days=1)  # Wed 2 Dec: Hooli's decision is late, Pied Piper's quote due today
    day = dana.says("my day").text
    assert "Your day: due today (1)" in day and "Pied Piper" in day
    assert "1 step of yours is already overdue: ask “what's overdue?”" in day  # Hooli


def test_bare_list_words_are_those_lists(chat: Chat, clock: FakeClock) -> None:
    _team(chat, clock)
    dana, maria = chat.rep("Dana"), chat.manager("Maria")
    dana.says("Park Pied Piper until January, demo on Thursday")
    clock.advance(days=3)  # Fri 4 Dec: Hooli's decision (due Tue) is late
    assert "Pied Piper" in maria.says("parked").text
    assert "Overdue, most overdue first (1)" in maria.says("overdue").text
    assert "Every open deal has had an update" in maria.says("gone quiet").text


def test_what_comes_back_this_month_lists_only_this_months_returns(chat: Chat, clock: FakeClock) -> None:
    dana, maria = chat.rep("Dana"), chat.manager("Maria")
    dana.says("new lead: Raviga")
    dana.says("new lead: Nucleus")
    dana.says("Park Raviga until December 10")
    dana.says("Nucleus: park until January, demo on Thursday")
    clock.advance(days=10)  # Thu 3 Dec
    back = maria.says("what comes back this month").text
    assert "Coming back this month (1)" in back
    assert "Raviga" in back and "back Thu 10 Dec" in back
    assert "Nucleus" not in back
    everything = maria.says("parked").text
    assert "Raviga" in everything and "Nucleus" in everything
    assert "parked because: demo on Thursday" in everything
    assert "Nucleus: park" not in everything


def test_a_long_list_pages_with_a_button_and_typed_more_and_show_all(chat: Chat) -> None:
    dana, sam, maria = chat.rep("Dana"), chat.rep("Sam"), chat.manager("Maria")
    for i in range(1, 24):
        rep = dana if i % 2 else sam
        rep.says(f"new lead: Acme{i:02d}")
        rep.says(f"Acme{i:02d}: we need to send the proposal")

    first = maria.says("what's waiting on us?")
    assert "Waiting on us, longest first (23)" in first.text
    assert "…and 13 more. Say “more” for the next 10 or “show all”" in first.text
    assert first.text.count("• Acme") == 10

    second = maria.presses(first, "More (13 left)")
    assert "(11–20 of 23)" in second.text
    assert "Acme11" in second.text and "Acme01" not in second.text

    third = maria.says("more")
    assert "(21–23 of 23)" in third.text
    assert "Acme23" in third.text
    assert "That's all 23." in third.text
    assert "nothing more" in maria.says("more").text

    everything = maria.says("show all")
    assert everything.text.count("• Acme") == 23
    assert "more" not in everything.labels

    danas = maria.says("waiting on us for dana").text
    assert "Waiting on us, longest first · Dana (12)" in danas
    assert "Acme02" not in danas


def test_more_with_no_list_asked_says_what_to_do_and_show_all_is_every_deal(chat: Chat) -> None:
    maria = chat.manager("Maria")
    assert "Ask for a list first" in maria.says("more").text
    chat.rep("Dana").says("new lead: Hooli")
    assert "The team's pipeline (1)" in maria.says("show all").text


def test_a_list_narrowed_to_a_stage(chat: Chat, clock: FakeClock) -> None:
    _team(chat, clock)
    clock.advance(days=3)  # Hooli's decision and Aviato's contract are both late
    text = chat.manager("Maria").says("overdue in proposal").text
    assert "Overdue, most overdue first · in proposal (1)" in text
    assert "Hooli" in text and "Aviato" not in text


def test_a_deals_status_shows_its_temperature_currency_and_close(
    chat: Chat, clock: FakeClock, db: Database
) -> None:
    _team(chat, clock)
    chat.rep("Dana").says("Aviato is warm")
    _crm_fields(db, "Aviato", currency="EUR", close_by=date(2027, 1, 29))
    answer = chat.manager("Maria").says("Aviato?")
    assert "Temperature: warm" in answer.text
    assert "Amount: €75k" in answer.text
    assert "Expected close: Fri 29 Jan 2027" in answer.text


def test_a_name_several_people_share_gets_a_question(chat: Chat, clock: FakeClock) -> None:
    chat.rep("Dana Scully").says("new lead: Hooli")
    chat.rep("Dana White").says("new lead: Aviato")
    answer = chat.manager("Maria").says("dana's deals")
    assert answer.kinds == ["question"]
    assert "Dana Scully" in answer.text and "Dana White" in answer.text
    assert "Dana Scully's pipeline (1)" in chat.manager("Maria").says("show me Scully's deals").text


def test_help_lists_the_managers_questions_and_paging(chat: Chat) -> None:
    text = chat.manager("Maria").says("help").text
    assert "“which reps are behind on updates?”" in text
    assert "say “more” or “show all”" in text


def test_an_empty_narrowed_list_says_what_was_asked(chat: Chat, clock: FakeClock) -> None:
    _team(chat, clock)
    maria = chat.manager("Maria")
    assert "Nothing is overdue for Sam." in maria.says("what's overdue for sam").text
    assert "Nothing is overdue in proposal." in maria.says("overdue in proposal").text
