"""What the inbox and the outbox share: rows worked off oldest first under a lease, pruned when done.

Both tables have `id`, `status` ("pending" until done with) and `next_attempt_at`, which is also
a lease: a live worker owns a pending row until then. `take_due` leases the due rows in two
statements (a SELECT, one UPDATE ... RETURNING), so a worker in another process that raced for
the same rows gets only those it really leased.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar, cast

from sqlalchemy import ColumnElement, Table, delete, select, update
from sqlalchemy.orm import InstrumentedAttribute

from storage.db import Database
from storage.models import InboxEvent, OutboxMessage

Row = TypeVar("Row", InboxEvent, OutboxMessage)
Item = TypeVar("Item")


def take_due(
    db: Database,
    table: type[Row],
    conditions: Sequence[ColumnElement[bool]],
    *,
    now: datetime,
    lease_until: datetime,
    limit: int,
    item: Callable[[Row], Item],
) -> list[Item]:
    """Pending rows due by `now` (oldest first, at most `limit`), leased to the caller until `lease_until`."""
    if limit <= 0:
        return []
    core = cast(Table, table.__table__)  # Core rows: nothing here needs the ORM's bookkeeping
    due = (core.c.status == "pending", core.c.next_attempt_at <= now)
    with db.engine.begin() as connection:
        rows = connection.execute(
            select(core).where(*due, *conditions).order_by(core.c.id).limit(limit)
        ).all()
        if not rows:
            return []
        leased = set(
            connection.scalars(
                update(core)
                .where(core.c.id.in_([row.id for row in rows]), *due)
                .values(next_attempt_at=lease_until)
                .returning(core.c.id)
            ).all()
        )
        return [item(cast(Row, row)) for row in rows if row.id in leased]


def prune(
    db: Database,
    table: type[Row],
    conditions: Sequence[ColumnElement[bool]],
    *,
    created: InstrumentedAttribute[datetime],
    before: datetime,
) -> int:
    """Forget rows done with (handled, sent, given up) whose `created` time is before `before`."""
    with db.unit_of_work() as session:
        statement = delete(table).where(table.status != "pending", created < before, *conditions)
        result = session.execute(statement)
        return int(getattr(result, "rowcount", 0) or 0)
