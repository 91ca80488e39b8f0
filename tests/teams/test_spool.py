"""Messages kept in the Teams spool while the database was down, replayed once it answers.

A message that cannot be handled although the database answers (a damaged line, a field
botbuilder cannot read) must not hold up the ones behind it: it is parked beside the spool
with its error, and its author is told it was not recorded.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from adapters.durable.readiness import is_ready
from adapters.durable.spool import SPOOL_ENV, Spool, spool_path
from storage.db import Database
from storage.models import DealUpdate
from tests.teams.conftest import DANA
from tests.teams.harness import TeamsHarness, Tenant
from tests.teams.test_dialogue import _answers


def stored_updates(db: Database) -> list[str]:
    with db.unit_of_work() as session:
        return list(session.scalars(select(DealUpdate.raw_text).order_by(DealUpdate.id)))


@pytest.fixture
def teams_spool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Spool:
    monkeypatch.setenv(SPOOL_ENV, str(tmp_path / "spool.jsonl"))
    return Spool(spool_path(platform="teams"))


def test_a_message_that_cannot_be_replayed_is_parked_and_the_ones_behind_it_are_recorded(
    teams_spool: Spool, db: Database, teams: TeamsHarness, tenant: Tenant
) -> None:
    first = tenant.personal_message(DANA, "Pied Piper: sent the proposal, they decide Friday")
    broken = tenant.personal_message(DANA, "Hooli: demo went well, pricing by Tuesday")
    broken["timestamp"] = "the day before yesterday"  # botbuilder cannot read the activity
    last = tenant.personal_message(DANA, "Pied Piper: waiting on their legal for the MSA")
    for activity in (first, broken, last):
        teams_spool.append({"activity": activity})

    sent = teams.connector.wait_for(
        lambda sent: all(any(_answers(s, a) for s in sent) for a in (first, broken, last)), 20
    )

    said = {a["id"]: [s.shown for s in sent if _answers(s, a)] for a in (first, broken, last)}
    assert "Pied Piper" in said[first["id"]][0]
    assert "legal" in said[last["id"]][0]
    [notice] = said[broken["id"]]
    assert "couldn't record your message “Hooli: demo went well, pricing by Tuesday”" in notice
    assert "send it again" in notice
    assert stored_updates(db) == [first["text"], last["text"]]

    parked_file = teams_spool.path.with_name("spool-teams-parked.jsonl")
    [parked] = [json.loads(line) for line in parked_file.read_text().splitlines()]
    assert parked["record"]["activity"]["id"] == broken["id"]
    assert "DeserializationError" in parked["error"]
    assert _eventually_ready(teams)
    assert not teams_spool.path.exists()


def test_a_line_that_is_no_message_at_all_is_parked_without_holding_up_the_next(
    teams_spool: Spool, db: Database, teams: TeamsHarness, tenant: Tenant
) -> None:
    teams_spool.append({"something else": True})
    after = tenant.personal_message(DANA, "Pied Piper: call booked with their CFO next Wednesday")
    teams_spool.append({"activity": after})

    teams.connector.wait_for(lambda sent: any(_answers(s, after) for s in sent), 20)

    assert stored_updates(db) == [after["text"]]
    assert _eventually_ready(teams)
    parked_file = teams_spool.path.with_name("spool-teams-parked.jsonl")
    assert "KeyError" in json.loads(parked_file.read_text())["error"]


def _eventually_ready(teams: TeamsHarness) -> bool:
    assert teams._runner is not None
    deadline = time.monotonic() + 10
    while not is_ready(teams._runner.app)[0] and time.monotonic() < deadline:
        time.sleep(0.05)
    return is_ready(teams._runner.app)[0]
