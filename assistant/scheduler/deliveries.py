"""The deliveries ledger: claim a key before sending, then mark it sent, retry or failed.

The claim is an INSERT under a unique constraint, in the same transaction that decides
to send (and that changes state, e.g. a parked deal coming back). Whoever inserts first
sends; a crash after the claim leaves it `claimed` and it is never sent again — at most
once, by design: a duplicate summary is worse than a missing one that the log explains.
A send the platform turned down for now (429, 5xx, no connection) is kept with what to
send (`retry`) and tried again with backoff; one refused for good is `failed`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.scheduler.due import Due
from storage.db import Database
from storage.models import Delivery

log = logging.getLogger(__name__)


def already_claimed(session: Session, keys: Iterable[str]) -> set[str]:
    """Which of `keys` are in the ledger already (any status)."""
    wanted = list(dict.fromkeys(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(session.scalars(select(Delivery.key).where(Delivery.key.in_(chunk))))
    return found


def claim(session: Session, due: Due, now: datetime) -> bool:
    """Insert the claim for `due`; False when someone (another run, replica or process) has it."""
    try:
        with session.begin_nested():
            session.add(
                Delivery(
                    workspace_id=due.workspace_id,
                    key=due.key,
                    kind=due.kind.split(":")[0],
                    target=f"{due.target.kind}:{due.target.id}"[:200],
                    status="claimed",
                    created_at=now,
                )
            )
            session.flush()
    except IntegrityError:
        return False
    return True


def mark(db: Database, key: str, status: str, now: datetime) -> None:
    """Record how a claimed send ended: `sent` or `failed`."""
    with db.unit_of_work() as session:
        values: dict[str, object] = {"status": status}
        if status == "sent":
            values["sent_at"] = now
        session.execute(update(Delivery).where(Delivery.key == key).values(**values))


def status_of(db: Database, key: str) -> str | None:
    with db.unit_of_work() as session:
        return session.scalar(select(Delivery.status).where(Delivery.key == key))


def mark_retry(db: Database, key: str, payload: dict[str, Any], next_attempt_at: datetime, error: str) -> int:
    """Keep a send that failed for now, to try again at `next_attempt_at`; the attempts so far."""
    with db.unit_of_work() as session:
        attempts = int(session.scalar(select(Delivery.attempts).where(Delivery.key == key)) or 0) + 1
        session.execute(
            update(Delivery)
            .where(Delivery.key == key)
            .values(
                status="retry",
                payload=payload,
                attempts=attempts,
                next_attempt_at=next_attempt_at,
                last_error=error[:300],
            )
        )
        return attempts


def mark_failed(db: Database, key: str, error: str) -> None:
    """A send refused for good (or retried too often): recorded with why, never sent."""
    with db.unit_of_work() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.key == key)
            .values(status="failed", attempts=Delivery.attempts + 1, last_error=error[:300])
        )


def take_retries(db: Database, now: datetime, platforms: set[str]) -> list[tuple[dict[str, Any], int]]:
    """Sends waiting to be retried whose time has come, claimed again: (payload, attempts so far)."""
    taken: list[tuple[dict[str, Any], int]] = []
    with db.unit_of_work() as session:
        rows = session.execute(
            select(Delivery.key, Delivery.payload, Delivery.attempts)
            .where(Delivery.status == "retry", Delivery.next_attempt_at <= now)
            .order_by(Delivery.next_attempt_at)
        ).all()
        for key, payload, attempts in rows:
            if not payload or payload.get("platform") not in platforms:
                continue
            claimed = session.execute(
                update(Delivery)
                .where(Delivery.key == key, Delivery.status == "retry")
                .values(status="claimed")
            )
            if getattr(claimed, "rowcount", 0):
                taken.append((payload, int(attempts or 0)))
    return taken
