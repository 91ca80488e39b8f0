"""Proactive messages in the console playground: `/tick` runs the scheduler once and shows what it sent."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from assistant.messages import Outbound, Platform
from assistant.ports import Clock, Notifier
from assistant.scheduler.run import DEFAULT_GRACE, run_due
from storage.db import Database


@dataclass
class ConsoleNotifier:
    """A Notifier for the console: keeps what it was given, for the console to print."""

    platform: Platform = "console"
    sent: list[Outbound] = field(default_factory=list)

    async def send(self, outbound: Outbound) -> None:
        self.sent.append(outbound)


@dataclass
class _Tick:
    db: Database
    clock: Clock
    notifiers: list[Notifier]


def console_tick(db: Database, clock: Clock, when: str = "", tz: str | None = None) -> list[Outbound] | str:
    """Run what is due now (or at `when`, "YYYY-MM-DD HH:MM" local time): the messages sent, or a hint."""
    now = clock.now()
    if when.strip():
        try:
            local = datetime.strptime(when.strip(), "%Y-%m-%d %H:%M")
        except ValueError:
            return "(usage: /tick  or  /tick YYYY-MM-DD HH:MM, e.g. /tick 2026-11-30 09:00)"
        now = local.replace(tzinfo=ZoneInfo(tz or "UTC"))
    notifier = ConsoleNotifier()
    asyncio.run(run_due(_Tick(db, clock, [notifier]), now, DEFAULT_GRACE))
    return notifier.sent
