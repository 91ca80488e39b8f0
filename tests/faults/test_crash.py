"""A process killed after Slack got its ack: the restarted one records the update once and replies.

The app runs as a real subprocess against the fake Slack. A test-only setting makes it wait
between the ack and the handling, so SIGKILL lands exactly there; or the database is down
(a PostgreSQL of the test's own, stopped) and the delivery waits in the spool file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from adapters.slack.answering import DATABASE_DOWN
from adapters.slack.bridge import HOLD_ENV
from adapters.slack.inbox import LEASE_ENV
from assistant.ports import SystemClock
from storage.db import Database
from storage.models import DealUpdate, InboxEvent
from tests.faults.private_postgres import PrivatePostgres
from tests.slack.conftest import DANA, DEALS
from tests.slack.dialogue import SEED_UPDATE, in_thread
from tests.slack.driver import BOT_TOKEN, SIGNING_SECRET, SlackSender
from tests.slack.fake_slack import FakeSlack
from tests.slack.test_run_mode import ROOT, bare_env, free_port, wait_healthy


class Nextstep:
    """`nextstep run` in a subprocess, started and killed at will."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env = env
        self.cwd = cwd
        self.process: subprocess.Popen[bytes] | None = None
        self.base = f"http://127.0.0.1:{env['PORT']}"

    def start(self, **extra: str) -> Nextstep:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "run"],
            cwd=self.cwd,
            env={**self.env, **extra},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        wait_healthy(self.base, self.process)
        return self

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack([DANA]) as running:
        yield running


@pytest.fixture
def nextstep(db_url: str, fake: FakeSlack, tmp_path: Path) -> Iterator[Nextstep]:
    env = bare_env(
        PORT=str(free_port()),
        HOST="127.0.0.1",
        DATABASE_URL=db_url,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.url,
        NEXTSTEP_NO_SCHEDULER="1",
        NEXTSTEP_SPOOL_PATH=str(tmp_path / "spool.jsonl"),
        **{LEASE_ENV: "1"},
    )
    app = Nextstep(env, tmp_path)
    yield app
    app.stop()


def counts(db_url: str) -> tuple[int, int]:
    """(updates stored, deliveries still waiting in the inbox)."""
    db = Database.from_url(db_url)
    try:
        with db.unit_of_work() as session:
            updates = session.scalar(select(func.count()).select_from(DealUpdate)) or 0
            waiting = (
                session.scalar(
                    select(func.count()).select_from(InboxEvent).where(InboxEvent.status == "pending")
                )
                or 0
            )
            return int(updates), int(waiting)
    finally:
        db.engine.dispose()


def settled_counts(db_url: str, expected: tuple[int, int], timeout: float = 5.0) -> tuple[int, int]:
    """`counts` once they are `expected` (handled rows are marked in a batch a moment after their
    effects commit), or as they are when `timeout` ends."""
    deadline = time.monotonic() + timeout
    found = counts(db_url)
    while found != expected and time.monotonic() < deadline:
        time.sleep(0.05)
        found = counts(db_url)
    return found


def test_an_update_acknowledged_before_a_kill_is_stored_once_and_confirmed_after_the_restart(
    nextstep: Nextstep, fake: FakeSlack, db_url: str
) -> None:
    nextstep.start(**{HOLD_ENV: "120"})
    slack = SlackSender(nextstep.base, SystemClock())
    event = slack.message_event(DANA, SEED_UPDATE, channel=DEALS)
    assert slack.event(event, event_id="Ev0KILLED").status == 200  # Slack has its ack

    nextstep.kill()
    assert counts(db_url) == (0, 1)  # kept, not handled
    assert fake.calls_to("chat.postMessage") == []

    nextstep.start()
    [confirmation] = fake.wait_for("chat.postMessage", in_thread(event["ts"]), timeout=60)
    assert "Pied Piper" in confirmation.everything_shown

    # Slack retries the delivery it thinks went unanswered: acknowledged, and nothing more happens.
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert slack.event(event, event_id="Ev0KILLED", headers=retry).status == 200
    time.sleep(2.5)
    assert len(fake.calls_to("chat.postMessage", in_thread(event["ts"]))) == 1
    assert counts(db_url) == (1, 0)


def test_a_delivery_spooled_while_the_database_is_down_survives_a_kill_and_is_recorded_after_the_restart(
    fake: FakeSlack, tmp_path: Path
) -> None:
    postgres = PrivatePostgres()
    try:
        env = bare_env(
            PORT=str(free_port()),
            HOST="127.0.0.1",
            DATABASE_URL=postgres.url,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake.url,
            NEXTSTEP_NO_SCHEDULER="1",
            NEXTSTEP_SPOOL_PATH=str(tmp_path / "spool.jsonl"),
        )
        app = Nextstep(env, tmp_path).start()
        try:
            slack = SlackSender(app.base, SystemClock())
            postgres.stop()
            event = slack.message_event(DANA, SEED_UPDATE, channel=DEALS)
            assert slack.event(event, event_id="Ev0SPOOLED").status == 200
            [notice] = fake.wait_for("chat.postMessage", in_thread(event["ts"]), timeout=20)
            assert notice.text == DATABASE_DOWN
            app.kill()
            assert (tmp_path / "spool.jsonl").exists()

            postgres.start()
            app.start()
            _notice, confirmation = fake.wait_for(
                "chat.postMessage", in_thread(event["ts"]), count=2, timeout=60
            )
            assert "Pied Piper" in confirmation.everything_shown
            assert settled_counts(postgres.url, (1, 0)) == (1, 0)
            assert not (tmp_path / "spool.jsonl").exists()
        finally:
            app.stop()
    finally:
        postgres.close()
