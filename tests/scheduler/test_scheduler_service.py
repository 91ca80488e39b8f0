"""The scheduler inside the server: it starts with the app, catches up at once, stops cleanly."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from aiohttp import web

from assistant.scheduler import attach_scheduler
from assistant.scheduler.leader import Leadership
from assistant.settings import Settings
from storage.db import Database
from tests.scheduler.support import MONDAY_NINE, RecordingNotifier, TickServices, one_step_due_monday
from tests.support.clock import FakeClock


def seed(db: Database) -> None:
    one_step_due_monday(db, touched_days_before=1)


async def serve_once(services: TickServices, expect: int) -> None:
    """Start the server with the scheduler, wait for the start-up tick's sends, shut down."""
    app = web.Application()
    attach_scheduler(app, services, Settings(missed_run_grace_hours=12))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    notifier = services.notifiers[0]
    assert isinstance(notifier, RecordingNotifier)
    for _ in range(200):
        if len(notifier.sent) >= expect:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.1)  # room for a wrong extra send to show up
    await runner.cleanup()


def test_the_server_sends_what_was_missed_at_start_and_not_again_after_a_restart(db: Database) -> None:
    seed(db)
    # The server comes up at 11:00 on Monday after being down since Sunday.
    first = RecordingNotifier()
    asyncio.run(serve_once(TickServices(db, FakeClock(MONDAY_NINE + timedelta(hours=2)), [first]), expect=2))
    assert sorted(o.reply.kind for o in first.sent) == ["reminder", "summary"]

    # Restarted an hour later: nothing is sent twice.
    second = RecordingNotifier()
    asyncio.run(serve_once(TickServices(db, FakeClock(MONDAY_NINE + timedelta(hours=3)), [second]), expect=1))
    assert second.sent == []


def test_only_one_process_leads_on_postgresql_and_a_standby_takes_over(db_url: str) -> None:
    one, two = Database.from_url(db_url), Database.from_url(db_url)
    first, second = Leadership(one.engine), Leadership(two.engine)
    try:
        if one.engine.dialect.name != "postgresql":
            # SQLite: a single machine, every process leads; the deliveries ledger keeps sends single.
            assert first.acquire() and second.acquire()
            return
        assert first.acquire() is True
        assert second.acquire() is False  # standby
        assert first.acquire() is True  # still leading on the next tick
        first.release()
        assert second.acquire() is True  # the standby takes over on its next try
        assert first.acquire() is False
    finally:
        first.release()
        second.release()
        one.engine.dispose()
        two.engine.dispose()
