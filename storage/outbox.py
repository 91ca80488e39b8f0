"""The outbox: replies stored in the transaction that decided them, then sent and retried from here.

A reply is added with a short lease held by its creator, who sends it at once; a reply that
could not go out (429, 5xx, a dropped connection, a crash) is picked up again by `due`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.orm import Session

from storage import leased
from storage.db import Database
from storage.models import OutboxMessage

ERROR_LIMIT = 300


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    platform: str
    workspace: str
    conversation: str
    method: str
    payload: dict[str, Any]
    attempts: int
    created_at: datetime


def _item(row: OutboxMessage) -> OutboxItem:
    return OutboxItem(
        row.id,
        row.platform,
        row.workspace,
        row.conversation,
        row.method,
        row.payload,
        row.attempts,
        row.created_at,
    )


_TABLE = cast(
    Table, OutboxMessage.__table__
)  # Core inserts: the ORM's bulk path cost more than the statement
_ADD_ONE = insert(_TABLE).returning(_TABLE.c.id)
_ADD_MANY = insert(_TABLE).returning(_TABLE.c.id, sort_by_parameter_order=True)


def add(
    session: Session,
    *,
    platform: str,
    workspace: str,
    conversation: str,
    sends: Iterable[tuple[str, dict[str, Any]]],
    now: datetime,
    held_until: datetime,
) -> list[OutboxItem]:
    """Keep `(method, payload)` sends, in order, leased to the caller until `held_until`."""
    rows: list[dict[str, Any]] = [
        {
            "platform": platform,
            "workspace": workspace,
            "conversation": conversation[:300],
            "method": method,
            "payload": payload,
            "status": "pending",
            "attempts": 0,
            "created_at": now,
            "next_attempt_at": held_until,
        }
        for method, payload in sends
    ]
    if not rows:
        return []
    if len(rows) == 1:  # nearly always: one plain INSERT, built once
        ids = [session.execute(_ADD_ONE, rows[0]).scalar_one()]
    else:
        ids = list(session.scalars(_ADD_MANY, rows).all())
    return [
        OutboxItem(row_id, platform, workspace, row["conversation"], row["method"], row["payload"], 0, now)
        for row_id, row in zip(ids, rows, strict=True)
    ]


def _mark_sent_statement() -> Any:
    table = cast(Table, OutboxMessage.__table__)  # Core, built once: this runs every few replies
    return (
        update(table)
        .where(table.c.id.in_(bindparam("ids", expanding=True)))
        .values(
            status="sent", sent_at=bindparam("now", type_=table.c.sent_at.type), attempts=table.c.attempts + 1
        )
    )


_MARK_SENT = _mark_sent_statement()


def mark_sent(db: Database, ids: Iterable[int], now: datetime) -> None:
    wanted = list(ids)
    if wanted:
        with db.engine.begin() as connection:  # no ORM session: one statement
            connection.execute(_MARK_SENT, {"ids": wanted, "now": now})


def retry_later(db: Database, outbox_id: int, until: datetime, error: str) -> None:
    with db.unit_of_work() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id, OutboxMessage.status == "pending")
            .values(
                next_attempt_at=until, attempts=OutboxMessage.attempts + 1, last_error=error[:ERROR_LIMIT]
            )
            .execution_options(synchronize_session=False)
        )


def mark_failed(db: Database, outbox_id: int, error: str) -> None:
    """A send the platform refused for good (a channel gone, a bad request): not tried again."""
    with db.unit_of_work() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id)
            .values(status="failed", attempts=OutboxMessage.attempts + 1, last_error=error[:ERROR_LIMIT])
            .execution_options(synchronize_session=False)
        )


def due(
    db: Database, platform: str, now: datetime, lease_until: datetime, limit: int = 100
) -> list[OutboxItem]:
    """Pending sends whose time has come (oldest first), leased to the caller."""
    return leased.take_due(
        db,
        OutboxMessage,
        (OutboxMessage.platform == platform,),
        now=now,
        lease_until=lease_until,
        limit=limit,
        item=_item,
    )


def prune(db: Database, platform: str, before: datetime) -> int:
    """Forget replies sent (or refused for good) before `before`."""
    mine = (OutboxMessage.platform == platform,)
    return leased.prune(db, OutboxMessage, mine, created=OutboxMessage.created_at, before=before)
