"""Times go in as any time zone and come back as the same instant, in UTC, on every database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from storage.db import Database
from storage.models import InboundEvent

CHICAGO = ZoneInfo("America/Chicago")


def test_an_aware_time_comes_back_as_the_same_instant_in_utc(db: Database) -> None:
    friday_morning = datetime(2026, 11, 27, 9, 30, 15, 123456, tzinfo=CHICAGO)
    with db.unit_of_work() as session:
        session.add(InboundEvent(platform="slack", event_key="Ev1", received_at=friday_morning))
    with db.unit_of_work() as session:
        stored = session.scalars(select(InboundEvent.received_at)).one()
    assert stored == friday_morning
    assert stored.tzinfo is UTC
    assert stored.isoformat() == "2026-11-27T15:30:15.123456+00:00"


def test_times_compare_by_instant_across_zones_and_a_dst_change(db: Database) -> None:
    # 1:30 happens twice on 1 Nov 2026 in Chicago; fold=1 is the later one (CST).
    times = {
        "before the change": datetime(2026, 11, 1, 1, 30, tzinfo=CHICAGO),
        "after the change": datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=CHICAGO),
        "in Berlin, later still": datetime(2026, 11, 1, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")),
    }
    with db.unit_of_work() as session:
        for key, when in times.items():
            session.add(InboundEvent(platform="slack", event_key=key, received_at=when))
    cutoff = datetime(2026, 11, 1, 7, 0, tzinfo=UTC)  # between the two 1:30s
    with db.unit_of_work() as session:
        in_order = session.scalars(select(InboundEvent.event_key).order_by(InboundEvent.received_at)).all()
        after = session.scalars(select(InboundEvent.event_key).where(InboundEvent.received_at > cutoff)).all()
    assert list(in_order) == ["before the change", "after the change", "in Berlin, later still"]
    assert sorted(after) == ["after the change", "in Berlin, later still"]
    assert times["after the change"] - times["before the change"] == timedelta(0)  # wall-clock math...
    assert times["after the change"].astimezone(UTC) - times["before the change"].astimezone(
        UTC
    ) == timedelta(hours=1)  # ...but one real hour apart, which is what the database keeps


def test_a_time_without_a_zone_is_refused_and_nothing_is_stored(db: Database) -> None:
    with pytest.raises(StatementError, match="naive datetime"), db.unit_of_work() as session:
        session.add(
            InboundEvent(platform="slack", event_key="Ev1", received_at=datetime(2026, 11, 27, 9, 30))
        )
    with db.unit_of_work() as session:
        assert session.scalars(select(InboundEvent)).all() == []
