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


def test_a_cut_summary_section_is_seen_in_full_with_its_button(
    chat: Chat, clock: FakeClock, db: Database
) -> None:
    from sqlalchemy import select

    from assistant.messages import Outcome
    from assistant.summary import build_summary
    from storage.models import Channel, Workspace
    from tests.assistant.transcript import Seen

    dana, maria = chat.rep("Dana"), chat.manager("Maria")
    for i in range(1, 9):
        dana.says(f"new lead: Acme{i}")
        dana.says(f"Acme{i}: we need to send the proposal tomorrow")
    clock.advance(days=3)  # every "tomorrow" has passed: eight overdue steps
    with db.unit_of_work() as s:
        ws = s.scalars(select(Workspace)).one()
        channel = s.scalars(select(Channel).where(Channel.workspace_id == ws.id)).first()
        summary = build_summary(s, ws, channel, clock.now())
    assert "Overdue follow-ups (8)" in summary.text
    assert "…and 3 more: ask “what's overdue?”" in summary.text
    full = maria.presses(Seen(Outcome([summary])), "All overdue (8)")
    assert "Overdue, most overdue first (8)" in full.text
    assert full.text.count("• Acme") == 8
