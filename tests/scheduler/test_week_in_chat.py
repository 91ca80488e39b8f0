"""A week told in chat, then Monday's summary: what the reps said is what the channel reads."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from assistant.scheduler.run import run_due
from storage.db import Database
from tests.assistant.transcript import Chat
from tests.scheduler.support import RecordingNotifier, TickServices
from tests.support.clock import FakeClock


def test_a_week_of_updates_in_chat_becomes_mondays_summary(
    chat: Chat, clock: FakeClock, db: Database
) -> None:
    dana, lee = chat.rep("Dana"), chat.rep("Lee")
    # Mon 23 Nov 2026, 09:00 in Chicago.
    dana.says("new lead: Pied Piper, intro call went well, $40k")
    lee.says("new lead: Hooli, $120k")
    clock.advance(days=1)
    dana.says("Pied Piper: we need to add cost estimates to the proposal by Friday")
    lee.says("Hooli: sent them the contract, waiting on their legal")
    clock.advance(days=2)
    lee.says("Closed Hooli, $120k!")
    dana.says("new lead: Aviato")
    # Mon 30 Nov, 09:00 in Chicago: the workspace is on Chicago time.
    assert "Chicago" in dana.says("our time zone is America/Chicago").text
    clock.set(clock.now() + timedelta(days=4))

    notifier = RecordingNotifier()
    sent = asyncio.run(run_due(TickServices(db, clock, [notifier]), clock.now()))

    summaries = [o for o in sent if o.reply.kind == "summary"]
    assert [o.target.id for o in summaries] == ["C-DEALS"]
    text = summaries[0].reply.text
    # Due Friday and not done by Monday: overdue (and only there).
    assert "Overdue follow-ups (1)" in text and "Pied Piper" in text and "cost estimates" in text
    assert "Waiting on us" not in text
    assert "Won: Hooli ($120k, Lee)" in text
    assert "New leads without a next step (1)" in text and "Aviato (Dana)" in text
    assert "Dana: 2 of 2 updated this week" in text
