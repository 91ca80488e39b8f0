"""The issue's own messages, end to end through the real parser: capture a rep can trust."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.db import Database
from tests.assistant.transcript import Chat
from tests.scheduler.support import RecordingNotifier, TickServices, run_through
from tests.support.clock import FakeClock


def _deals(chat: Chat, *names: str) -> None:
    for name in names:
        chat.rep("dana").says(f"new lead: {name}", channel="C-SETUP")


def test_a_monday_recap_updates_each_deal(chat: Chat) -> None:
    _deals(chat, "Hooli", "Aviato", "Initech")
    dana, maria = chat.rep("dana"), chat.manager("maria")
    seen = dana.says(
        "Monday recap:\n• Hooli: sent the proposal, they decide Friday\n"
        "• Aviato: waiting on their legal\n• Initech: €75k, closing end of March"
    )
    lines = seen.replies[0].text.splitlines()
    assert lines[0] == "Updated 3 deals:"
    assert [line.split(" · ")[0] for line in lines[1:4]] == ["• Hooli", "• Aviato", "• Initech"]
    assert "€75k" in lines[3] and "closing by Wed 31 Mar 2027" in lines[3]
    assert "Fri 27 Nov" in maria.says("Hooli?").text
    assert "their legal" in maria.says("Aviato?").text
    initech = maria.says("Initech?").text
    assert "€75k" in initech and "close Wed 31 Mar 2027" in initech


def test_done_snooze_and_remind_in_words(chat: Chat) -> None:
    _deals(chat, "Hooli", "Aviato")
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("Hooli: we need to send the pricing by Friday")
    assert "Snoozed to Fri 4 Dec" in dana.says("snooze Hooli a week").text
    done = dana.says("Hooli: done")
    assert "Done: send the pricing." in done.text and "no next step yet" in done.text
    assert "in a row waiting on us" not in maria.says("Hooli?").text
    assert "no due date to snooze" in dana.says("snooze Aviato").text
    remind = dana.says("remind me to call Aviato on Friday")
    assert "I'll remind you on Fri 27 Nov" in remind.text
    assert "on us" in maria.says("Aviato?").text


def test_rename_reassign_close_and_reopen_in_words(chat: Chat) -> None:
    _deals(chat, "Hooli", "Raviga")
    dana, lee, maria = chat.rep("dana"), chat.rep("lee"), chat.manager("maria")
    lee.says("morning all")
    assert "Renamed Hooli to Nucleus" in dana.says("rename Hooli to Nucleus").text
    assert "Nucleus is now lee's" in dana.says("reassign Nucleus to Lee").text
    assert "couldn't find anyone called Zed" in dana.says("reassign Raviga to Zed").text
    assert "Closed Raviga as lost" in dana.says("close Raviga as lost").text
    assert "Reopened Raviga" in dana.says("Raviga is back on").text
    assert "Raviga · lead" in maria.says("Raviga?").text


def test_park_without_a_date_asks_until_when(chat: Chat) -> None:
    _deals(chat, "Hooli")
    dana, maria = chat.rep("dana"), chat.manager("maria")
    assert "Until when should I park Hooli?" in dana.says("park Hooli").text
    assert "parked until Mon 1 Mar 2027" in dana.says("March").text
    assert "Hooli" in maria.says("what's parked?").text
    back = dana.says("Hooli: back from the parking lot, demo next tuesday")
    assert "out of the parking lot" in back.text and "next step: demo" in back.text
    assert "Tue 1 Dec" in back.text
    assert "Hooli" not in maria.says("what's parked?").text
    assert "Until when" in dana.says("park Hooli").text
    assert "parked until Tue 23 Feb 2027" in dana.says("3 months").text


def test_the_stored_step_stays_and_the_date_moves(chat: Chat) -> None:
    _deals(chat, "Pied Piper", "Aviato")
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("Pied Piper: waiting on the engineering team for cost estimates, should have them Friday")
    still = dana.says("Pied Piper: still nothing from engineering")
    assert "cost estimates" in still.text
    assert "cost estimates" in maria.says("Pied Piper?").text
    dana.says("Aviato: we need to send the usage data by Friday")
    moved = dana.says("aviato - pushed to end of Q1")
    assert "next step: send the usage data · on us · due Wed 31 Mar 2027" in moved.text


def test_amounts_in_the_currency_written(chat: Chat) -> None:
    _deals(chat, "Initech")
    dana, maria = chat.rep("dana"), chat.manager("maria")
    assert "$999k" in dana.says("Initech: $999k").text
    assert "€75k" in dana.says("Initech: €75k").text
    assert "€75k" in maria.says("Initech?").text


def test_done_typed_in_reply_to_a_reminder_completes_that_step(
    chat: Chat, db: Database, clock: FakeClock
) -> None:
    _deals(chat, "Hooli", "Aviato")
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("Aviato: we need to send the usage data by Monday")
    dana.says("Hooli: we need to send the pricing by Friday")
    friday_nine = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)  # 09:00 in Chicago
    sent = run_through(
        TickServices(db, clock, [RecordingNotifier()]), clock, friday_nine, friday_nine, timedelta(minutes=15)
    )
    assert [o.reply.title for _, o in sent if o.target.id == "U-DANA"]  # the morning reminder about Hooli

    done = dana.says("done", channel="D-DANA", direct=True)
    assert "Done: send the pricing." in done.text
    assert "send the pricing" not in maria.says("Hooli?").text.split("Updated")[0]
    assert "send the usage data" in maria.says("Aviato?").text


def _tick(db: Database, clock: FakeClock, when: datetime) -> list[str]:
    """The scheduler's run at `when`: what Dana was sent."""
    sent = run_through(
        TickServices(db, clock, [RecordingNotifier()]), clock, when, when, timedelta(minutes=15)
    )
    return [o.reply.text for _, o in sent if o.target.id == "U-DANA"]


def test_a_late_prospect_is_a_reason_to_call_about_what_they_owe(
    chat: Chat, db: Database, clock: FakeClock
) -> None:
    _deals(chat, "Aviato")
    chat.rep("dana").says("Aviato: waiting on them to send the usage data by Friday")
    [reminder] = _tick(db, clock, datetime(2026, 11, 28, 15, 0, tzinfo=UTC))  # Saturday 09:00
    assert "ask whether they have sent the usage data" in reminder
    assert "with send" not in reminder


def test_a_parked_deal_comes_back_with_its_reason_without_the_label(
    chat: Chat, db: Database, clock: FakeClock
) -> None:
    _deals(chat, "Hooli")
    chat.rep("dana").says("Hooli: budget frozen, park until December 1st")
    [back] = _tick(db, clock, datetime(2026, 12, 1, 15, 0, tzinfo=UTC))
    assert "parked because: Budget frozen, park until December 1st." in back
    assert "because: Hooli:" not in back


def test_sent_it_completes_our_step_and_hands_them_the_ball(chat: Chat) -> None:
    _deals(chat, "Hooli")
    dana, maria = chat.rep("dana"), chat.manager("maria")
    dana.says("Hooli: we need to send the pricing by Friday")
    seen = dana.says("Hooli: sent it")
    assert "Done: send the pricing. It's on them now" in seen.text
    assert "Hooli" in maria.says("what are we waiting on?").text
    assert "Hooli" not in maria.says("what's waiting on us?").text


def test_done_in_a_deals_thread_completes_its_step_and_in_the_channel_is_chit_chat(chat: Chat) -> None:
    _deals(chat, "Hooli", "Aviato")
    dana = chat.rep("dana")
    dana.says("Aviato: we need to send the usage data by Monday", channel="C-OTHER")
    update = dana.says("Hooli: we need to send the pricing by Friday")
    assert dana.says("done!").silent
    assert "Done: send the pricing." in dana.says("done", thread=update.message_id).text


def test_a_recap_line_about_an_unknown_name_is_asked_about_unless_it_introduces_it(chat: Chat) -> None:
    _deals(chat, "Hooli")
    dana = chat.rep("dana")
    asked = dana.says("recap:\n• Hooli: sent pricing\n• Vandelay Industries: they want a demo Thursday")
    assert "Hooli · " in asked.text and "Is Vandelay Industries a new deal?" in asked.text
    created = dana.says("recap:\n• Hooli: they want a call\n• Globex: intro call went well, demo Thursday")
    assert "New deal Globex (yours)" in created.text
