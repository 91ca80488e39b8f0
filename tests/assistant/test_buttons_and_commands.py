"""Every fix-it button under a confirmation, the slash commands and the home view."""

from __future__ import annotations

from tests.assistant.transcript import Chat


def _update(chat: Chat, text: str = "Pied Piper: we need to send the pricing by Friday"):  # type: ignore[no-untyped-def]
    dana = chat.rep("dana")
    dana.says("new lead: Pied Piper")
    return dana, chat.manager("maria"), dana.says(text)


def test_its_on_them_moves_the_ball_and_its_on_us_moves_it_back(chat: Chat) -> None:
    dana, maria, seen = _update(chat)
    assert "it's on us" not in seen.labels  # it already is
    on_them = dana.presses(seen, "it's on them")
    assert "the next step is on them" in on_them.text
    assert "it's on them" not in on_them.labels  # the buttons follow the new state
    assert "on them" in maria.says("Pied Piper?").text
    assert "Pied Piper" in maria.says("what are we waiting on?").text

    assert "the next step is on us" in dana.presses(on_them, "it's on us").text
    assert "Pied Piper" in maria.says("what's waiting on us?").text


def test_snooze_moves_the_due_date_a_week(chat: Chat) -> None:
    dana, maria, seen = _update(chat)
    assert "Fri 4 Dec" in dana.presses(seen, "snooze").text
    assert "Fri 4 Dec" in maria.says("Pied Piper?").text


def test_park_takes_the_deal_off_active_lists(chat: Chat) -> None:
    dana, maria, seen = _update(chat)
    assert "Parked until" in dana.presses(seen, "park").text
    assert "Pied Piper" in maria.says("what's parked?").text
    assert "Pied Piper" not in maria.says("what's waiting on us?").text


def test_the_undo_button_takes_the_update_back(chat: Chat) -> None:
    dana, maria, seen = _update(chat)
    assert "Undone" in dana.presses(seen, "undo").text
    assert "pricing" not in maria.says("Pied Piper?").text
    assert "already taken back" in dana.presses(seen, "undo").text


def test_undo_after_a_button_also_takes_back_what_the_button_did(chat: Chat) -> None:
    dana, maria, seen = _update(chat)
    dana.presses(seen, "it's on them")
    dana.says("undo")
    answer = maria.says("Pied Piper?").text
    assert "on them" not in answer and "pricing" not in answer


def test_commands(chat: Chat) -> None:
    dana, maria, _ = _update(chat)
    assert "Pied Piper?" in dana.command("help").text
    assert "Pied Piper" in dana.command("my deals").text
    assert "Pied Piper" in maria.command("waiting on us").text
    settings = maria.command("settings").text
    assert "Monday 09:00" in settings and "14 days" in settings
    assert "don't know the command" in dana.command("dance").text
    assert "Undone" in dana.command("undo").text


def test_home_groups_deals_by_who_owns_the_next_step(chat: Chat) -> None:
    dana, _, _ = _update(chat)
    dana.says("new lead: Hooli")
    dana.says("Hooli: sent the proposal, waiting on their CFO")
    home = dana.home()
    assert home.text.index("On us") < home.text.index("Pied Piper") < home.text.index("On them")
    assert home.text.index("On them") < home.text.index("Hooli")
