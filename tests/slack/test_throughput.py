"""Throughput over real HTTP: past capacity, events wait in the inbox (kept, acknowledged, in order),
and one update costs a fixed number of database statements."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import event, func, select

from adapters.durable.backlog import IN_FLIGHT_ENV, Admission
from adapters.slack.app import BRIDGE_KEY
from adapters.slack.bridge import HOLD_ENV
from nlp import MessageParser
from ops import metrics
from storage.db import Database
from storage.models import Deal, InboxEvent
from tests.slack.conftest import DANA, DEALS, MAX, Workspace, running_workspace, slack_settings
from tests.slack.dialogue import SEED_UPDATE, in_thread
from tests.slack.fake_slack import FakeSlack
from tests.support.clock import FakeClock

LIMIT = 2
EMEA = "C0EMEA"


@pytest.fixture
def slow_workspace(
    db: Database,
    clock: FakeClock,
    parser: MessageParser,
    fake_slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Workspace]:
    """A workspace whose server handles 2 deliveries at once, each taking a quarter of a second."""
    monkeypatch.setenv(IN_FLIGHT_ENV, str(LIMIT))
    monkeypatch.setenv(HOLD_ENV, "0.25")
    with running_workspace(slack_settings(fake_slack), db, clock, parser, fake_slack) as running:
        yield running


def test_past_capacity_events_wait_in_the_inbox_and_every_one_is_answered_in_order(
    slow_workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    workspace = slow_workspace
    slack, fake = workspace.slack, workspace.fake
    caplog.set_level(logging.INFO, logger="adapters.durable.backlog")
    # Two deals, one a channel; then six updates each, sent together: far more than 2 at once.
    for who, channel, deal in ((DANA, DEALS, "Hooli"), (MAX, EMEA, "Aviato")):
        slack.say(who, f"new lead: {deal}, intro call went well", channel=channel)
    workspace.server.settle(timeout=30)
    fake.reset()
    events = []
    for step in range(1, 7):
        for who, channel, deal in ((DANA, DEALS, "Hooli"), (MAX, EMEA, "Aviato")):
            text = f"{deal}: I owe them version {step} of the pricing by Friday"
            events.append(slack.message_event(who, text, channel=channel))
    waiting_seen: list[float] = []
    watching = threading.Event()

    def watch() -> None:  # what /metrics says while the burst is handled
        while not watching.wait(0.02):
            waiting_seen.append(metrics.INBOX_WAITING.labels("slack")._value.get())

    watcher = threading.Thread(target=watch)
    watcher.start()

    def say_in_turn(channel: str) -> list[int]:  # each channel's messages one after another
        return [slack.event(e).status for e in events if e["channel"] == channel]

    with ThreadPoolExecutor(max_workers=2) as pool:  # the two channels at once
        acks = [status for statuses in pool.map(say_in_turn, (DEALS, EMEA)) for status in statuses]
    assert acks == [200] * len(events)  # every one acknowledged at once

    workspace.server.settle(timeout=60)
    watching.set()
    watcher.join()

    # Every update was answered, once, in its own thread; in each channel in the order sent.
    for channel in (DEALS, EMEA):
        sent = [e["ts"] for e in events if e["channel"] == channel]
        replies = [
            c.get("thread_ts") for c in fake.calls_to("chat.postMessage") if c.get("channel") == channel
        ]
        assert replies == sent
    # So the last update stands: nothing overtook it.
    with workspace.db.unit_of_work() as session:
        steps = {name: step or "" for name, step in session.execute(select(Deal.name, Deal.next_step))}
        pending = session.scalar(
            select(func.count()).select_from(InboxEvent).where(InboxEvent.status == "pending")
        )
    assert "version 6" in steps["Hooli"] and "version 6" in steps["Aviato"]
    # Never more than 2 in hand; the rest waited in the inbox, and that was visible.
    assert workspace.server.web_app is not None
    admission = workspace.server.web_app[BRIDGE_KEY].admission
    assert admission.most_in_flight == LIMIT
    assert max(waiting_seen) > 0
    assert admission.waiting == 0 and not admission.behind
    assert "arrive faster than they are handled" in caplog.text
    assert "caught up" in caplog.text
    assert pending == 0 or _settles_to_zero(workspace.db)


def _settles_to_zero(db: Database) -> bool:
    """Handled rows are marked in a batch a moment after their effects commit."""
    import time

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with db.unit_of_work() as session:
            if not session.scalar(
                select(func.count()).select_from(InboxEvent).where(InboxEvent.status == "pending")
            ):
                return True
        time.sleep(0.05)
    return False


class Statements:
    """SQL statements (and commits) run on the threads that handle Slack deliveries."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.seen: list[str] = []
        self.commits = 0

    def __enter__(self) -> Statements:
        event.listen(self.db.engine, "before_cursor_execute", self._statement)
        event.listen(self.db.engine, "commit", self._commit)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.db.engine, "before_cursor_execute", self._statement)
        event.remove(self.db.engine, "commit", self._commit)

    def _handling(self) -> bool:
        return threading.current_thread().name.startswith("slack-handling")

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self._handling():
            self.seen.append(" ".join(statement.split()[:3]))

    def _commit(self, _conn: Any) -> None:
        if self._handling():
            self.commits += 1


def test_one_update_costs_seven_statements_and_one_commit(workspace: Workspace) -> None:
    slack, fake = workspace.slack, workspace.fake
    first = slack.say(DANA, SEED_UPDATE, channel=DEALS)  # the workspace, Dana, #deals and the deal exist
    fake.wait_for("chat.postMessage", in_thread(first))
    workspace.server.settle()

    with Statements(workspace.db) as counted:
        ts = slack.say(DANA, "Pied Piper: sent them the proposal, they decide next week", channel=DEALS)
        [confirmation] = fake.wait_for("chat.postMessage", in_thread(ts))
        workspace.server.settle()
    assert "Pied Piper" in confirmation.everything_shown
    # Who speaks where (one SELECT), seen before or a question open (one), the deal, the update,
    # the deal's new state, Slack's keys claimed, the reply kept: then one commit.
    assert len(counted.seen) == 7, counted.seen
    assert counted.commits == 1


def test_the_drainer_does_not_call_it_caught_up_while_a_late_delivery_is_being_stored() -> None:
    admission = Admission("slack", limit=1)
    assert admission.admit()  # the one slot
    assert not admission.admit()  # past capacity: waits, and its INSERT is under way
    mark = admission.asking()
    admission.handed_over(0, 1, mark)  # the drainer looked before that INSERT committed
    assert admission.behind
    admission.stored_waiting(kept=True)
    admission.handed_over(0, 1, mark)  # ... and it committed after the drainer's look
    assert admission.behind
    admission.handed_over(1, 1, admission.asking())  # the drainer takes it
    admission.handed_over(0, 1, admission.asking())  # and finds nothing more
    assert not admission.behind
