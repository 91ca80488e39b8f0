"""What Teams was acknowledged for is stored: the Bot Connector gets its answer only after the
update, its re-delivery key and its replies are committed (see adapters/teams/__init__.py)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from storage import outbox
from storage.db import Database
from storage.models import DealUpdate
from tests.teams.conftest import DANA
from tests.teams.harness import TeamsHarness, Tenant
from tests.teams.test_dialogue import _answers

UPDATE = "Pied Piper: sent the proposal, they decide Friday"


def stored_updates(db: Database) -> list[str]:
    with db.unit_of_work() as session:
        return list(session.scalars(select(DealUpdate.raw_text)))


def test_the_connector_gets_its_answer_only_once_the_update_is_stored(
    db: Database, teams: TeamsHarness, tenant: Tenant
) -> None:
    update = tenant.channel_post(DANA, UPDATE)
    status, _ = teams.post(update)
    assert status in (200, 201)
    assert stored_updates(db) == [UPDATE]  # no waiting: it was committed before the answer

    again, _ = teams.post(update)  # the connector re-sends it (it thought we were too slow)
    assert again in (200, 201)
    assert stored_updates(db) == [UPDATE]


def test_a_database_failure_after_the_update_is_stored_never_asks_for_it_again(
    db: Database, teams: TeamsHarness, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot_mark(*_args: Any) -> None:
        raise ConnectionError("the database went away a moment after the commit")

    monkeypatch.setattr(outbox, "mark_sent", cannot_mark)
    update = tenant.personal_message(DANA, UPDATE)
    status, _ = teams.post(update)

    assert status in (200, 201)
    [confirmation] = [s for s in teams.connector.sent if _answers(s, update)]
    assert "Pied Piper" in confirmation.shown
    assert stored_updates(db) == [UPDATE]
