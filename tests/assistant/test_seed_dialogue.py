"""The seed dialogue: a rep tells, a manager asks, the rep is never pinged."""

from __future__ import annotations

from tests.assistant.transcript import Chat
from tests.support.clock import FakeClock


def test_rep_updates_and_manager_asks_without_pinging_the_rep(chat: Chat) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Pied Piper")

    seen = dana.says("Pied Piper: still waiting on engineering for cost estimates, should have them Friday")
    assert seen.kinds == ["confirmation"]
    assert "Pied Piper" in seen.text
    assert "cost estimates" in seen.text
    assert "on us" in seen.text
    assert "Fri 27 Nov" in seen.text
    assert {"it's on them", "snooze 1w", "park", "undo"} <= set(seen.labels)

    answer = maria.says("Pied Piper?")
    assert answer.kinds == ["answer"]
    assert "cost estimates" in answer.text
    assert "on us" in answer.text
    assert "Fri 27 Nov" in answer.text
    assert "moments ago by dana" in answer.text
    # Answered from stored state, in maria's thread only: nobody else is told anything.
    assert answer.outcome.changed_for == set()


def test_the_answer_ages_and_turns_overdue(chat: Chat, clock: FakeClock) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Pied Piper")
    dana.says("Pied Piper: waiting on engineering for cost estimates, should have them Friday")

    clock.advance(days=3)
    assert "updated 3 days ago by dana" in maria.says("Pied Piper?").text.casefold()

    clock.advance(days=4)  # Mon 30 Nov: Friday has passed
    answer = maria.says("Pied Piper?")
    assert "overdue by 3 days" in answer.text
    assert "7 days ago by dana" in answer.text


def test_a_new_deal_is_created_and_belongs_to_the_rep_who_introduced_it(chat: Chat) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    seen = dana.says("New lead: Massive Dynamic, first call with their CTO on Thursday")
    assert "Massive Dynamic" in seen.text
    assert "New deal" in seen.text

    answer = maria.says("Massive Dynamic?")
    assert "Rep: dana" in answer.text
    assert "lead" in answer.text
    dana_deals = maria.says("show me Dana's deals").text
    assert "dana's pipeline" in dana_deals and "Massive Dynamic" in dana_deals
    assert "Massive Dynamic" in dana.says("my pipeline").text
    assert "no open deals" in maria.says("my pipeline").text


def test_amounts_stages_and_temperature_read_well(chat: Chat) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Hooli, intro call today")
    seen = dana.says("Hooli: sent the proposal for $120k, they decide by Friday")
    assert "$120k" in seen.text

    answer = maria.says("Hooli?")
    assert "proposal" in answer.text
    assert "$120k" in answer.text
    assert "on them" in answer.text

    dana.says("Closed Hooli, $1.2M!")
    answer = maria.says("Hooli?")
    assert "won" in answer.text
    assert "$1.2M" in answer.text
    assert "Next step" not in answer.text  # a closed deal has no next step


def test_relative_dates_resolve_in_the_authors_time_zone(chat: Chat, clock: FakeClock) -> None:
    from datetime import UTC, datetime

    # Mon 23 Nov 2026, 03:00 UTC is still Sunday 22 Nov, 21:00 in Chicago: "tomorrow" is Monday.
    clock.set(datetime(2026, 11, 23, 3, 0, tzinfo=UTC))
    dana = chat.rep("dana", tz="America/Chicago")
    dana.says("new lead: Aviato")
    seen = dana.says("Aviato: I need to send them the pricing tomorrow")
    assert "Mon 23 Nov" in seen.text
