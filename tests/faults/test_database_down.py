"""The database goes down while people post updates: they are told the truth, nothing is lost.

Against a real PostgreSQL of the test's own that it stops and starts. Before the spool, five
of five updates sent during an outage were never stored while people read "nothing was lost".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from adapters.durable.readiness import is_ready
from adapters.durable.spool import SPOOL_ENV
from adapters.slack.answering import DATABASE_DOWN
from adapters.slack.bridge import HOLD_ENV
from adapters.slack.inbox import LEASE_ENV
from adapters.teams.bot import DATABASE_DOWN as TEAMS_DATABASE_DOWN
from assistant.services import Services
from assistant.settings import Settings
from nlp import MessageParser
from storage.db import Database
from storage.models import DealUpdate
from tests.faults.private_postgres import PrivatePostgres
from tests.slack.conftest import DANA, DEALS, running_workspace, slack_settings
from tests.slack.dialogue import in_thread
from tests.slack.fake_slack import FakeSlack
from tests.support.clock import FakeClock
from tests.teams.conftest import DANA as TEAMS_DANA
from tests.teams.fake_connector import Sent
from tests.teams.harness import TeamsHarness, Tenant
from tests.teams.test_dialogue import _answers, answer_to

DURING_THE_OUTAGE = [
    "Pied Piper: still waiting on engineering for cost estimates, should have them Friday",
    "Pied Piper: sent the proposal, they decide Friday",
    "Pied Piper: demo went well, they want pricing by Tuesday",
    "Pied Piper: waiting on their legal for the MSA",
    "Pied Piper: call booked with their CFO next Wednesday",
]


@pytest.fixture
def postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    yield server
    server.close()


def stored_updates(db: Database) -> int:
    with db.unit_of_work() as session:
        return int(session.scalar(select(func.count()).select_from(DealUpdate)) or 0)


def test_updates_sent_while_the_database_is_down_wait_in_the_spool_and_are_recorded_when_it_is_back(
    postgres: PrivatePostgres,
    parser: MessageParser,
    fake_slack: FakeSlack,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(SPOOL_ENV, str(tmp_path / "spool.jsonl"))
    db = Database.from_url(postgres.url)
    settings = slack_settings(fake_slack)
    with running_workspace(settings, db, FakeClock(), parser, fake_slack) as workspace:
        assert workspace.server.web_app is not None
        assert is_ready(workspace.server.web_app) == (True, "ok")
        postgres.stop()

        threads = [workspace.slack.say(DANA, text, channel=DEALS) for text in DURING_THE_OUTAGE]
        for ts in threads:
            [notice] = fake_slack.wait_for("chat.postMessage", in_thread(ts), timeout=20)
            assert notice.text == DATABASE_DOWN
        ready, reason = is_ready(workspace.server.web_app)
        assert not ready and "database" in reason  # /readyz says 503 meanwhile
        assert (tmp_path / "spool.jsonl").exists()

        postgres.start()
        for ts in threads:
            _notice, confirmation = fake_slack.wait_for(
                "chat.postMessage", in_thread(ts), count=2, timeout=40
            )
            assert "Pied Piper" in confirmation.everything_shown
        assert stored_updates(db) == len(DURING_THE_OUTAGE)
        deadline = time.monotonic() + 10
        while not is_ready(workspace.server.web_app)[0] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert is_ready(workspace.server.web_app) == (True, "ok")
        assert not (tmp_path / "spool.jsonl").exists()

    everything_said = [call.everything_shown.lower() for call in fake_slack.calls_to("chat.postMessage")]
    assert not any("nothing was lost" in said or "try again" in said for said in everything_said)
    assert len(everything_said) == 2 * len(DURING_THE_OUTAGE)
    db.engine.dispose()


def test_an_update_kept_in_the_inbox_waits_there_while_the_database_goes_down_and_is_recorded_after(
    postgres: PrivatePostgres,
    parser: MessageParser,
    fake_slack: FakeSlack,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(SPOOL_ENV, str(tmp_path / "spool.jsonl"))
    monkeypatch.setenv(HOLD_ENV, "5")  # the database goes down between the ack and the handling
    monkeypatch.setenv(LEASE_ENV, "1")
    db = Database.from_url(postgres.url)
    with running_workspace(slack_settings(fake_slack), db, FakeClock(), parser, fake_slack) as workspace:
        ts = workspace.slack.say(DANA, DURING_THE_OUTAGE[0], channel=DEALS)  # kept in the inbox, acked
        postgres.stop()
        [notice] = fake_slack.wait_for("chat.postMessage", in_thread(ts), timeout=20)
        assert notice.text == DATABASE_DOWN
        assert workspace.server.web_app is not None
        assert not is_ready(workspace.server.web_app)[0]
        assert not (tmp_path / "spool.jsonl").exists()  # it was in the inbox already

        postgres.start()
        _notice, confirmation = fake_slack.wait_for("chat.postMessage", in_thread(ts), count=2, timeout=40)
        assert "Pied Piper" in confirmation.everything_shown
        assert stored_updates(db) == 1
    db.engine.dispose()


def test_teams_messages_sent_while_the_database_is_down_are_recorded_when_it_is_back(
    postgres: PrivatePostgres,
    parser: MessageParser,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(SPOOL_ENV, str(tmp_path / "spool.jsonl"))
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    db = Database.from_url(postgres.url)
    services = Services.build(db, clock=FakeClock(), parser=parser)
    with TeamsHarness(Settings(teams_local=True, scheduler_enabled=False), services) as teams:
        tenant = Tenant(teams)
        answer_to(teams, tenant.personal_message(TEAMS_DANA, "help"))  # she and her chat are known
        postgres.stop()

        outage = [tenant.personal_message(TEAMS_DANA, text) for text in DURING_THE_OUTAGE[:3]]
        for activity in outage:
            assert answer_to(teams, activity).shown == DATABASE_DOWN
        assert not is_ready_teams(teams)

        postgres.start()
        for activity in outage:
            teams.connector.wait_for(answered_twice(activity), 40)
            confirmation = [s for s in teams.connector.sent if _answers(s, activity)][1]
            assert "Pied Piper" in confirmation.shown
        assert stored_updates(db) == 3
    everything_said = [sent.shown.lower() for sent in teams.connector.sent]
    assert not any("nothing was lost" in said or "try again" in said for said in everything_said)
    db.engine.dispose()


def answered_twice(activity: dict[str, object]) -> Callable[[list[Sent]], bool]:
    """The connector got the notice and then the confirmation for `activity`."""

    def both(sent: list[Sent]) -> bool:
        return len([s for s in sent if _answers(s, activity)]) >= 2

    return both


def is_ready_teams(teams: TeamsHarness) -> bool:
    assert teams._runner is not None
    return is_ready(teams._runner.app)[0]


def test_a_teams_edit_and_a_deletion_made_while_the_database_is_down_are_applied_when_it_is_back(
    postgres: PrivatePostgres,
    parser: MessageParser,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(SPOOL_ENV, str(tmp_path / "spool.jsonl"))
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    db = Database.from_url(postgres.url)
    services = Services.build(db, clock=FakeClock(), parser=parser)
    with TeamsHarness(Settings(teams_local=True, scheduler_enabled=False), services) as teams:
        tenant = Tenant(teams)
        kept = tenant.personal_message(TEAMS_DANA, "Pied Piper: sent the proposal, they decide Friday")
        gone = tenant.personal_message(TEAMS_DANA, "Pied Piper: also waiting on their legal for the MSA")
        answer_to(teams, kept)
        answer_to(teams, gone)
        postgres.stop()

        edited = dict(kept, type="messageUpdate", text=str(kept["text"]).replace("Friday", "Thursday"))
        edited["channelData"] = {**kept["channelData"], "eventType": "editMessage"}  # type: ignore[dict-item]
        deleted = dict(gone, type="messageDelete", text="")
        deleted["channelData"] = {**gone["channelData"], "eventType": "softDeleteMessage"}  # type: ignore[dict-item]
        before = len(teams.connector.sent)
        for activity in (edited, deleted):
            assert teams.post(activity)[0] in (200, 201)
        notices = teams.connector.wait_for_count(before + 2, 20)[before:]
        assert [notice.shown for notice in notices] == [TEAMS_DATABASE_DOWN] * 2
        assert (tmp_path / "spool-teams.jsonl").exists()

        postgres.start()
        deadline = time.monotonic() + 40
        while stored_texts(db) != [edited["text"]]:  # the edit applied, the deleted one retracted
            assert time.monotonic() < deadline, stored_texts(db)
            time.sleep(0.2)
        answer = answer_to(teams, tenant.personal_message(TEAMS_DANA, "Pied Piper?")).shown
        assert "Thu" in answer and "legal" not in answer
    db.engine.dispose()


def stored_texts(db: Database) -> list[str] | None:
    """The words of the updates that stand (None while the database does not answer)."""
    try:
        with db.unit_of_work() as session:
            query = (
                select(DealUpdate.raw_text).where(DealUpdate.retracted_at.is_(None)).order_by(DealUpdate.id)
            )
            return list(session.scalars(query))
    except Exception:
        return None
