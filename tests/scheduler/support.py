"""Fakes for scheduler tests: a notifier that records what it was asked to send."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from assistant.messages import Outbound, Platform
from assistant.ports import Clock, Notifier
from assistant.scheduler.run import run_due
from storage.db import Database
from tests.scheduler.pipeline import Pipeline
from tests.support.clock import FakeClock


@dataclass
class RecordingNotifier:
    """Implements the Notifier protocol by remembering every outbound message, in order."""

    platform: Platform = "slack"
    sent: list[Outbound] = field(default_factory=list)
    fail_with: BaseException | None = None

    async def send(self, outbound: Outbound) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append(outbound)


@dataclass
class TickServices:
    """The part of assistant.services.Services that a scheduler tick uses."""

    db: Database
    clock: Clock
    notifiers: list[Notifier] = field(default_factory=list)


def tick(services: TickServices, now: datetime | None = None) -> list[Outbound]:
    """One scheduler run at `now` (default: the services' clock)."""
    return asyncio.run(run_due(services, now or services.clock.now()))


def steps(start: datetime, end: datetime, every: timedelta) -> Iterator[datetime]:
    current = start
    while current <= end:
        yield current
        current += every


def run_through(
    services: TickServices, clock: FakeClock, start: datetime, end: datetime, every: timedelta
) -> list[tuple[datetime, Outbound]]:
    """Tick every `every` from `start` to `end`; what was sent and when."""
    sent: list[tuple[datetime, Outbound]] = []
    for now in steps(start, end, every):
        clock.set(now)
        sent += [(now, outbound) for outbound in tick(services, now)]
    return sent


MONDAY_NINE = datetime(2026, 11, 9, 14, 0, tzinfo=UTC)  # 09:00 in New York


def one_step_due_monday(db: Database, touched_days_before: int) -> Pipeline:
    """A New York deals channel where Dana's Pied Piper has a step on us due Monday 9 Nov."""
    p = Pipeline(db, tz="America/New_York").setup(MONDAY_NINE - timedelta(days=30))
    p.channel("C-deals", MONDAY_NINE - timedelta(days=30))
    p.rep("Dana", MONDAY_NINE - timedelta(days=30))
    p.deal(
        "Pied Piper",
        "Dana",
        MONDAY_NINE - timedelta(days=touched_days_before),
        next_step="add cost estimates",
        next_step_owner="us",
        due_date=date(2026, 11, 9),
    )
    return p
