"""The inbound ledger: which platform deliveries were handled already, across processes.

Each delivery claims its keys in `inbound_events`; the unique (platform, event_key)
constraint lets exactly one claimer win, whichever process it runs in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import InboundEvent

KEY_LIMIT = 300


def claim_in(session: Session, platform: str, keys: Iterable[str], now: datetime) -> bool:
    """Claim `keys` inside the caller's transaction: False when one of `keys` was seen before.

    One INSERT that skips keys already there; then the caller must roll back what it did.
    A claimer racing in another transaction makes the caller's commit fail on the unique
    constraint instead, so that transaction's effects are never committed twice.
    """
    unique = [key[:KEY_LIMIT] for key in dict.fromkeys(keys) if key]
    if not unique:
        return True
    rows = [{"platform": platform, "event_key": key, "received_at": now} for key in unique]
    dialect = session.get_bind().dialect.name
    if dialect not in ("postgresql", "sqlite"):
        if session.scalar(
            select(InboundEvent.id)
            .where(InboundEvent.platform == platform, InboundEvent.event_key.in_(unique))
            .limit(1)
        ):
            return False
        session.execute(insert(InboundEvent), rows)
        return True
    found = session.scalars(_CLAIM[dialect], rows).all()  # one INSERT (SQLAlchemy's insertmanyvalues)
    return len(found) == len(unique)


def _claim(module: Any) -> Any:
    table = InboundEvent.__table__  # a Core insert: the ORM's bulk path cost more than the statement
    return (
        module.insert(table)
        .on_conflict_do_nothing(index_elements=["platform", "event_key"])
        .returning(table.c.id)
    )


# Built once: constructing the statement cost more than running it.
_CLAIM = {"postgresql": _claim(postgresql), "sqlite": _claim(sqlite)}
