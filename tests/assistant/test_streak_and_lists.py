"""The ownership streak and every list question a manager asks."""

from __future__ import annotations

from tests.assistant.transcript import Chat
from tests.support.clock import FakeClock


def test_three_updates_in_a_row_waiting_on_us_are_called_out(chat: Chat, clock: FakeClock) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Pied Piper")
    dana.says("Pied Piper: we need to add cost estimates to the proposal")
    clock.advance(days=2)
    assert "in a row" not in maria.says("Pied Piper?").text
    dana.says("Pied Piper: still waiting on engineering for the estimates")
    clock.advance(days=2)
    dana.says("Pied Piper: no word from engineering yet, I owe them the estimate")

    answer = maria.says("Pied Piper?")
    assert "3 updates in a row waiting on us" in answer.text
    assert "⚠" in maria.says("what's waiting on us?").text

    dana.says("Pied Piper: sent them the estimates, they review with their CFO")
    answer = maria.says("Pied Piper?")
    assert "in a row" not in answer.text
    assert "on them" in answer.text


def _pipeline(chat: Chat, clock: FakeClock) -> None:
    """Dana and Sam's deals: two on us, two on the prospect, one overdue, one parked, one quiet."""
    dana, sam = chat.rep("dana"), chat.rep("sam")
    for name in ("Pied Piper", "Hooli", "Aviato", "Raviga", "Endframe", "Nucleus"):
        dana.says(f"new lead: {name}")
    sam.says("new lead: Bachmanity")
    clock.advance(days=20)  # Sun 13 Dec: everything above is now 20 days old
    dana.says("Hooli: we owe them a revised quote by Friday")  # Fri 18 Dec
    clock.advance(days=1)
    dana.says("Pied Piper: I need to send the security questionnaire by Thursday")
    dana.says("Aviato: sent the proposal, waiting on their CFO to approve")
    sam.says("Bachmanity: they are meeting internally on budget")
    dana.says("Park Raviga until March")
    dana.says("Endframe: we need to send the contract tomorrow")
    clock.advance(days=3)  # Thu 17 Dec: Endframe's "tomorrow" has passed


def test_waiting_on_us_oldest_first(chat: Chat, clock: FakeClock) -> None:
    _pipeline(chat, clock)
    text = chat.manager("maria").says("what's waiting on us?").text
    assert text.index("Hooli") < text.index("Pied Piper") < text.index("Endframe")
    assert "revised quote" in text
    assert "Aviato" not in text
    assert "Raviga" not in text  # parked deals leave active lists


def test_waiting_on_the_prospect(chat: Chat, clock: FakeClock) -> None:
    _pipeline(chat, clock)
    text = chat.manager("maria").says("which deals are waiting on the customer?").text
    assert "Aviato" in text
    assert "Bachmanity" in text
    assert "Hooli" not in text


def test_overdue(chat: Chat, clock: FakeClock) -> None:
    _pipeline(chat, clock)
    text = chat.manager("maria").says("what's overdue?").text
    assert "Endframe" in text
    assert "overdue by" in text
    assert "Hooli" not in text


def test_gone_quiet_uses_the_stale_threshold(chat: Chat, clock: FakeClock) -> None:
    _pipeline(chat, clock)
    text = chat.manager("maria").says("what's gone quiet?").text
    assert "14 days" in text
    assert "Nucleus" in text  # 24 days without an update
    assert "Hooli" not in text
    assert "Raviga" not in text


def test_parked_deals_and_when_they_come_back(chat: Chat, clock: FakeClock) -> None:
    _pipeline(chat, clock)
    text = chat.manager("maria").says("what's parked?").text
    assert "Raviga" in text
    assert "Mon 1 Mar 2027" in text
    assert "Park Raviga until March" in text  # the reason is the rep's words
    assert "Hooli" not in text


def test_a_reps_pipeline_my_pipeline_and_a_stage(chat: Chat, clock: FakeClock) -> None:
    _pipeline(chat, clock)
    maria, sam = chat.manager("maria"), chat.rep("sam")
    dana_deals = maria.says("show me Dana's deals").text
    assert "Hooli" in dana_deals and "Aviato" in dana_deals
    assert "Bachmanity" not in dana_deals
    assert "1 parked" in dana_deals

    mine = sam.says("my pipeline").text
    assert "Bachmanity" in mine
    assert "Hooli" not in mine

    proposal = maria.says("what's in proposal?").text
    assert "Aviato" in proposal
    assert "Hooli" not in proposal


def test_history_newest_first(chat: Chat, clock: FakeClock) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("new lead: Nucleus")
    clock.advance(days=1)
    dana.says("Nucleus: sent the proposal")
    clock.advance(days=1)
    dana.says("Nucleus: they want a demo on Thursday")
    text = maria.says("history of Nucleus").text
    assert text.index("demo") < text.index("sent the proposal") < text.index("new lead")
    assert "dana" in text


def test_empty_lists_get_a_friendly_line(chat: Chat) -> None:
    maria = chat.manager("maria")
    assert "Nothing is waiting on us" in maria.says("what's waiting on us?").text
    assert "aren't waiting on any prospect" in maria.says("what are we waiting on?").text
    assert "Nothing is overdue" in maria.says("what's overdue?").text
    assert "No deal is parked" in maria.says("what's parked?").text
    assert "no open deals" in maria.says("my pipeline").text


def test_long_lists_are_short_and_say_how_many_more(chat: Chat) -> None:
    dana, maria = chat.rep("dana"), chat.manager("maria")
    for i in range(1, 14):
        dana.says(f"new lead: Acme{i}")
        dana.says(f"Acme{i}: we need to send the proposal")
    text = maria.says("what's waiting on us?").text
    assert "(13)" in text
    assert "and 3 more" in text
