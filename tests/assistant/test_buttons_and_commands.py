"""Every fix-it button under a confirmation, the slash commands and the home view."""

from __future__ import annotations

from sqlalchemy import select

from assistant.actions import deal_value
from assistant.messages import (
    ACTION_DELIVERED,
    ACTION_DONE,
    ACTION_OWNER_PROSPECT,
    ACTION_SNOOZE_WEEK,
    Button,
    Outcome,
    Reply,
)
from storage.db import Database
from storage.models import Deal
from tests.assistant.transcript import Chat, Seen


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


def _reminder(db: Database, deal_name: str) -> Seen:
    """A follow-up reminder as the scheduler sends it: buttons about the deal as it stands."""
    with db.unit_of_work() as session:
        deal = session.scalars(select(Deal).where(Deal.name == deal_name)).one()
        value = deal_value(deal.id)
    buttons = (
        Button("done", ACTION_DONE, value),
        Button("snooze 1w", ACTION_SNOOZE_WEEK, value),
        Button("it's on them now", ACTION_OWNER_PROSPECT, value),
        Button("they delivered", ACTION_DELIVERED, value),
    )
    return Seen(Outcome([Reply(text=f"{deal_name} is due today", buttons=buttons, kind="reminder")]))


def test_reminder_buttons_done_snooze_on_them_and_delivered(chat: Chat, db: Database) -> None:
    dana, maria, _ = _update(chat)
    assert "Fri 4 Dec" in dana.presses(_reminder(db, "Pied Piper"), "snooze").text
    assert "on them" in dana.presses(_reminder(db, "Pied Piper"), "on them now").text
    assert "Pied Piper" in maria.says("what are we waiting on?").text

    delivered = dana.presses(_reminder(db, "Pied Piper"), "delivered").text
    assert "they delivered" in delivered and "on us" in delivered

    done = dana.presses(_reminder(db, "Pied Piper"), "done").text
    assert "What's the next step on Pied Piper?" in done
    assert "no next step yet" in done
    # Each press is kept in the deal's history like any other update.
    assert "(button: done)" in maria.says("history of Pied Piper").text
    # ... but a press is no "last update": the status quotes what someone wrote.
    status = maria.says("Pied Piper?").text
    assert "button" not in status and "pressed" not in status
    assert "we need to send the pricing by Friday" in status


def test_home_says_how_many_deals_it_leaves_out_and_how_to_see_them(chat: Chat) -> None:
    dana = chat.rep("dana")
    for i in range(1, 28):
        dana.says(f"new lead: Acme{i:02d}")
    home = dana.home()
    assert "2 more open deals" in home.text
    assert "say “more” to page through them" in home.text
    assert any(s.title == "2 more open deals" for s in home.replies[0].sections)  # the Home tab shows it
