"""What the database itself refuses: a second deal of the same name, a message recorded twice,
a scheduled message sent twice, a platform event handled twice. A refusal loses nothing stored."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from storage.db import Database
from storage.models import Deal, DealUpdate, Delivery, InboundEvent
from storage.repositories import Deals, Directory, People, UpdateLog
from tests.support.clock import FakeClock


def two_workspaces(db: Database, now: datetime) -> tuple[int, int, int]:
    """Hooli and Raviga, each with one Pied Piper deal; returns (hooli id, raviga id, hooli's deal id)."""
    with db.unit_of_work() as session:
        hooli = Directory(session).workspace("slack", "T-HOOLI", now=now)
        raviga = Directory(session).workspace("slack", "T-RAVIGA", now=now)
        deal = Deals(session, hooli.id).create("Pied Piper", rep_id=None, now=now)
        Deals(session, raviga.id).create("Pied Piper", rep_id=None, now=now)
        return hooli.id, raviga.id, deal.id


def count(db: Database, model: type[Deal | DealUpdate | Delivery | InboundEvent]) -> int:
    with db.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_deal_name_is_unique_within_a_workspace_whatever_its_case(db: Database, clock: FakeClock) -> None:
    hooli, _raviga, _deal = two_workspaces(db, clock.now())
    with pytest.raises(IntegrityError), db.unit_of_work() as session:
        Deals(session, hooli).create("pied   PIPER", rep_id=None, now=clock.now())
    assert count(db, Deal) == 2  # Hooli's and Raviga's, untouched
    with db.unit_of_work() as session:
        kept = Deals(session, hooli).by_name("Pied Piper")
        assert kept is not None and kept.name == "Pied Piper"


def test_a_platform_message_records_one_update_per_workspace(db: Database, clock: FakeClock) -> None:
    hooli, raviga, deal = two_workspaces(db, clock.now())
    with db.unit_of_work() as session:
        dana = People(session, hooli).upsert("U-DANA", now=clock.now(), name="Dana")
        UpdateLog(session, hooli).record(
            deal_id=deal,
            author_id=dana.id,
            message_id="1700000000.000100",
            raw_text="Pied Piper: demo Friday",
            parsed={},
            changes={},
            now=clock.now(),
        )
        dana_id = dana.id

    # Slack delivers the same message again: the second record is refused.
    with pytest.raises(IntegrityError), db.unit_of_work() as session:
        UpdateLog(session, hooli).record(
            deal_id=deal,
            author_id=dana_id,
            message_id="1700000000.000100",
            raw_text="Pied Piper: demo Friday",
            parsed={},
            changes={},
            now=clock.now(),
        )
    # The same message id in another workspace is another message.
    with db.unit_of_work() as session:
        raviga_deal = Deals(session, raviga).by_name("Pied Piper")
        assert raviga_deal is not None
        UpdateLog(session, raviga).record(
            deal_id=raviga_deal.id,
            author_id=None,
            message_id="1700000000.000100",
            raw_text="Pied Piper: pricing call Monday",
            parsed={},
            changes={},
            now=clock.now(),
        )
    with db.unit_of_work() as session:
        kept = UpdateLog(session, hooli).by_message_id("1700000000.000100")
        assert kept is not None and kept.raw_text == "Pied Piper: demo Friday"
    assert count(db, DealUpdate) == 2


def test_a_scheduled_message_is_claimed_once_by_its_delivery_key(db: Database, clock: FakeClock) -> None:
    hooli, raviga, _deal = two_workspaces(db, clock.now())
    key = "summary:slack:T-HOOLI:C-DEALS:2026-W48"
    with db.unit_of_work() as session:
        session.add(
            Delivery(workspace_id=hooli, key=key, kind="summary", target="C-DEALS", created_at=clock.now())
        )
    # A second replica (or a restart mid-run) tries to claim the same summary: refused.
    with pytest.raises(IntegrityError), db.unit_of_work() as session:
        session.add(
            Delivery(workspace_id=hooli, key=key, kind="summary", target="C-DEALS", created_at=clock.now())
        )
    with db.unit_of_work() as session:
        session.add(
            Delivery(
                workspace_id=raviga,
                key=key.replace("2026-W48", "2026-W49"),
                kind="summary",
                target="C-DEALS",
                created_at=clock.now(),
            )
        )
    assert count(db, Delivery) == 2
    with db.unit_of_work() as session:
        claimed = session.scalars(select(Delivery).where(Delivery.key == key)).one()
        assert (claimed.status, claimed.sent_at) == ("claimed", None)


def test_a_platform_event_is_handled_once_per_platform(db: Database, clock: FakeClock) -> None:
    with db.unit_of_work() as session:
        session.add(InboundEvent(platform="slack", event_key="Ev0123ABC", received_at=clock.now()))
    with pytest.raises(IntegrityError), db.unit_of_work() as session:
        session.add(InboundEvent(platform="slack", event_key="Ev0123ABC", received_at=clock.now()))
    with db.unit_of_work() as session:
        session.add(InboundEvent(platform="teams", event_key="Ev0123ABC", received_at=clock.now()))
    assert count(db, InboundEvent) == 2
