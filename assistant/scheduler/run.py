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
from assistant.scheduler.codec import outbound_from_json, outbound_to_json
from assistant.scheduler.deliveries import (
    already_claimed,
    claim,
    mark,
    mark_failed,
    mark_retry,
    take_retries,
)
from assistant.scheduler.due import Due
from assistant.scheduler.retry import backoff, is_transient, retry_after
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
MAX_ATTEMPTS = 8  # with a minute's backoff doubling to an hour: about four hours of trying
RETRY_BASE_SECONDS = 60.0
RETRY_CAP_SECONDS = 3600.0


async def run_due(
    services: SchedulerServices, now: datetime, grace: timedelta = DEFAULT_GRACE
) -> list[Outbound]:
    """Send everything due at `now` exactly once, and retry what failed for now; returns what was sent."""
    notifiers: dict[str, Notifier] = {}
    for notifier in services.notifiers:
        notifiers.setdefault(notifier.platform, notifier)
    if not notifiers:
        return []
    sent: list[Outbound] = []
    for payload, attempts in await asyncio.to_thread(take_retries, services.db, now, set(notifiers)):
        outbound = outbound_from_json(payload)
        if await _send(services, notifiers[outbound.platform], outbound, now, attempts):
            sent.append(outbound)
    due = await asyncio.to_thread(collect_due, services.db, now, grace, set(notifiers))
    for item in due:
        claimed = await asyncio.to_thread(claim_and_compose, services.db, item, now)
        if claimed is not None and await _send(services, notifiers[item.platform], claimed, now, 0):
            sent.append(claimed)
    return sent


async def _send(
    services: SchedulerServices, notifier: Notifier, outbound: Outbound, now: datetime, attempts: int
) -> bool:
    """Send a claimed delivery and record how it went; a failure for now is kept to retry."""
    try:
        await notifier.send(outbound)
    except Exception as error:
        target = f"{outbound.target.kind} {outbound.target.id}"
        what = f"scheduled {outbound.reply.kind} to {target} (key {outbound.key})"
        if is_transient(error) and attempts + 1 < MAX_ATTEMPTS:
            wait = max(
                backoff(attempts, base=RETRY_BASE_SECONDS, cap=RETRY_CAP_SECONDS), retry_after(error) or 0.0
            )
            log.warning("%s failed for now (%s); trying again in %.0f s", what, error, wait)
            await asyncio.to_thread(
                mark_retry,
                services.db,
                outbound.key,
                outbound_to_json(outbound),
                now + timedelta(seconds=wait),
                str(error),
            )
        else:
            log.error(
                "%s failed after %s attempt(s); not retried: %s", what, attempts + 1, error, exc_info=error
            )
            await asyncio.to_thread(mark_failed, services.db, outbound.key, str(error))
        return False
    await asyncio.to_thread(mark, services.db, outbound.key, "sent", services.clock.now())
    return True


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
