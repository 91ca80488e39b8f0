"""One scheduler tick as a plain function: what is due at `now`, claimed once, sent, recorded.

`run_due(services, now)` is what the APScheduler job calls every minute and what tests
call with a controllable clock. It never trusts in-memory scheduler state: what is due is
computed from the database (slots within the grace window, keys not yet in `deliveries`),
so a restart, a missed run or a second replica changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Protocol

from assistant.followups import due_followups
from assistant.messages import Outbound
from assistant.ports import Clock, Notifier
from assistant.scheduler.deliveries import already_claimed, claim, mark
from assistant.scheduler.due import Due
from assistant.summary_schedule import due_summaries
from storage import schedule_queries as q
from storage.db import Database


class SchedulerServices(Protocol):
    """What a tick needs of assistant.services.Services (tests may pass something smaller)."""

    db: Database
    clock: Clock
    notifiers: list[Notifier]


log = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(hours=12)


async def run_due(
    services: SchedulerServices, now: datetime, grace: timedelta = DEFAULT_GRACE
) -> list[Outbound]:
    """Send everything due at `now` exactly once; returns what was sent."""
    notifiers: dict[str, Notifier] = {}
    for notifier in services.notifiers:
        notifiers.setdefault(notifier.platform, notifier)
    if not notifiers:
        return []
    due = await asyncio.to_thread(collect_due, services.db, now, grace, set(notifiers))
    sent: list[Outbound] = []
    for item in due:
        outbound = await asyncio.to_thread(claim_and_compose, services.db, item, now)
        if outbound is None:
            continue
        try:
            await notifiers[item.platform].send(outbound)
        except Exception:
            log.exception("scheduled %s to %s failed (key %s); not retried", item.kind, item.target, item.key)
            await asyncio.to_thread(mark, services.db, item.key, "failed", services.clock.now())
            continue
        await asyncio.to_thread(mark, services.db, item.key, "sent", services.clock.now())
        sent.append(outbound)
    return sent


def collect_due(db: Database, now: datetime, grace: timedelta, platforms: set[str]) -> list[Due]:
    """Summaries and follow-ups due at `now` on `platforms` whose key is not claimed yet."""
    with db.unit_of_work() as session:
        due = due_summaries(session, now, grace, platforms)
        for workspace in q.all_workspaces(session):
            if workspace.platform in platforms:
                due.extend(due_followups(session, workspace, now, grace))
        taken = already_claimed(session, (d.key for d in due))
    unique: dict[str, Due] = {}
    for item in due:
        if item.key not in taken:
            unique.setdefault(item.key, item)
    return list(unique.values())


def claim_and_compose(db: Database, item: Due, now: datetime) -> Outbound | None:
    """In one transaction: claim the key, apply any state change and build the message.

    None when the key was claimed elsewhere or the message no longer applies (nothing kept).
    """
    with db.unit_of_work() as session:
        if not claim(session, item, now):
            return None
        reply = item.compose(session)
        if reply is None:
            session.rollback()
            return None
        return Outbound(
            platform=item.platform,
            workspace_id=item.workspace_external_id,
            target=item.target,
            reply=reply,
            key=item.key,
        )
