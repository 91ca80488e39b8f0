"""The inbox: chat deliveries stored before the platform is acknowledged, handled from here.

One small INSERT before the ack (`store`); a handler then takes the row in the transaction
that applies it (`take`), so it is marked handled exactly when its effects are committed.
Rows a crashed process left `pending` are found again by `due` once their lease ran out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage import leased
from storage.db import Database
from storage.models import InboxEvent

KEY_LIMIT = 300


@dataclass(frozen=True, slots=True)
class InboxItem:
    id: int
    platform: str
    delivery_key: str
    payload: dict[str, Any]
    attempts: int
    received_at: datetime


def _row(values: dict[str, Any]) -> dict[str, Any]:
    return {**values, "delivery_key": str(values["delivery_key"])[:KEY_LIMIT]}


def _store_statement(module: Any) -> Any:
    table = InboxEvent.__table__  # Core, built once: this runs before every ack
    return (
        module.insert(table)
        .on_conflict_do_nothing(index_elements=["platform", "delivery_key"])
        .returning(table.c.id)
    )


_STORE = {"postgresql": _store_statement(postgresql), "sqlite": _store_statement(sqlite)}


def _insert_new(session: Session | Connection, values: dict[str, Any]) -> int | None:
    """INSERT unless (platform, delivery_key) is there already; the new id, or None."""
    dialect = session.get_bind().dialect.name if isinstance(session, Session) else session.dialect.name
    if dialect in _STORE:
        found: int | None = session.scalar(_STORE[dialect], values)
        return found
    try:
        with session.begin_nested():
            inserted: int | None = session.scalar(
                insert(InboxEvent).values(**values).returning(InboxEvent.id)
            )
            return inserted
    except IntegrityError:
        return None


def store(
    db: Database,
    platform: str,
    delivery_key: str,
    payload: dict[str, Any],
    now: datetime,
    lease_until: datetime,
) -> int | None:
    """Keep a delivery before its ack: its id, or None when it was stored before (a platform retry)."""
    values = _row(
        {
            "platform": platform,
            "delivery_key": delivery_key,
            "payload": payload,
            "status": "pending",
            "attempts": 0,
            "received_at": now,
            "next_attempt_at": lease_until,
        }
    )
    with db.engine.begin() as connection:  # no ORM session: this runs before every ack
        return _insert_new(connection, values)


def store_many(db: Database, records: Iterable[dict[str, Any]]) -> int:
    """Keep deliveries a local spool held while the database was down; how many were new."""
    added = 0
    with db.unit_of_work() as session:
        for record in records:
            if _insert_new(session, _row({"status": "pending", "attempts": 0, **record})) is not None:
                added += 1
    return added


def take(session: Session, inbox_id: int, now: datetime) -> bool:
    """Mark the row handled inside the transaction that handles it; False when someone else did.

    On PostgreSQL the UPDATE locks the row until that transaction ends, so a second handler
    waits, then finds it handled.
    """
    result = session.execute(
        update(InboxEvent)
        .where(InboxEvent.id == inbox_id, InboxEvent.status == "pending")
        .values(status="done", handled_at=now, attempts=InboxEvent.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def _mark_handled_statement() -> Any:
    table = cast(Table, InboxEvent.__table__)  # Core, built once: this runs every few deliveries
    return (
        update(table)
        .where(table.c.id.in_(bindparam("ids", expanding=True)), table.c.status == "pending")
        .values(
            status="done",
            handled_at=bindparam("now", type_=table.c.handled_at.type),
            attempts=table.c.attempts + 1,
        )
    )


_MARK_HANDLED = _mark_handled_statement()


def mark_handled(db: Database, inbox_ids: Iterable[int], now: datetime) -> None:
    """Mark deliveries handled whose effects (and ledger claims) are committed already, in one UPDATE.

    Until then a row is only leased: a handler that finds it again finds its keys claimed.
    """
    wanted = list(inbox_ids)
    if wanted:
        with db.engine.begin() as connection:  # no ORM session: one statement
            connection.execute(_MARK_HANDLED, {"ids": wanted, "now": now})


def give_up_in(session: Session, inbox_id: int, now: datetime) -> None:
    """A delivery that cannot be handled (its failure is answered): not tried again."""
    session.execute(
        update(InboxEvent)
        .where(InboxEvent.id == inbox_id, InboxEvent.status == "pending")
        .values(status="failed", handled_at=now, attempts=InboxEvent.attempts + 1)
        .execution_options(synchronize_session=False)
    )


def give_up(db: Database, inbox_id: int, now: datetime) -> None:
    with db.unit_of_work() as session:
        give_up_in(session, inbox_id, now)


def postpone(db: Database, inbox_id: int, now: datetime, delay: Callable[[int], float]) -> int:
    """Try the delivery again after `delay(attempts so far)` seconds; the attempts, this one included."""
    with db.unit_of_work() as session:
        attempts = int(session.scalar(select(InboxEvent.attempts).where(InboxEvent.id == inbox_id)) or 0)
        session.execute(
            update(InboxEvent)
            .where(InboxEvent.id == inbox_id, InboxEvent.status == "pending")
            .values(next_attempt_at=now + timedelta(seconds=delay(attempts)), attempts=attempts + 1)
            .execution_options(synchronize_session=False)
        )
        return attempts + 1


def due(db: Database, now: datetime, lease_until: datetime, limit: int = 50) -> list[InboxItem]:
    """Pending deliveries nobody holds a lease on (oldest first), leased to the caller now."""
    return leased.take_due(db, InboxEvent, (), now=now, lease_until=lease_until, limit=limit, item=_item)


def _item(row: InboxEvent) -> InboxItem:
    return InboxItem(row.id, row.platform, row.delivery_key, row.payload, row.attempts, row.received_at)


def prune(db: Database, before: datetime) -> int:
    """Forget deliveries handled (or given up) before `before`; the duplicate ledger stays."""
    return leased.prune(db, InboxEvent, (), created=InboxEvent.received_at, before=before)
