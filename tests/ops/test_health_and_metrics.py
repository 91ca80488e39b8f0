"""/healthz, /readyz and /metrics on the real server, with Slack served against the local fake."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from assistant.services import Services
from assistant.settings import Settings
from nlp import MessageParser
from ops.metrics import LedgerCollector, exposition
from storage.db import Database
from tests.scheduler.support import MONDAY_NINE, RecordingNotifier, TickServices, tick
from tests.scheduler.test_deliveries import deals_channel, slack_notifier
from tests.slack.conftest import DANA, DEALS, Workspace, running_workspace
from tests.slack.dialogue import SEED_UPDATE
from tests.slack.driver import BOT_TOKEN, AppServer
from tests.slack.fake_slack import FakeSlack
from tests.support.clock import FakeClock

APP_TOKEN = "xapp-1-A0NEXTSTEP-0000-test"


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def sample(metrics: str, name: str, **labels: str) -> float:
    """The value of one sample in a Prometheus exposition (0 when absent)."""
    for line in metrics.splitlines():
        if line.startswith("#"):
            continue
        match = re.match(r"^([a-zA-Z_:]+)(?:\{(.*)\})? (\S+)$", line)
        if not match or match.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2) or ""))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(match.group(3))
    return 0.0


def test_a_healthy_server_is_alive_and_ready(workspace: Workspace) -> None:
    assert get(workspace.server.url + "/healthz") == (200, '{"ok": true}')
    status, body = get(workspace.server.url + "/readyz")
    assert (status, json.loads(body)) == (200, {"ready": True})


def test_a_database_that_does_not_answer_makes_the_server_unready_but_alive(
    tmp_path: Path, clock: FakeClock, parser: MessageParser, fake_slack: FakeSlack
) -> None:
    gone = Database.from_url(f"sqlite:///{tmp_path}/no/such/dir/nextstep.db")
    settings = Settings(scheduler_enabled=False, teams_local=True)
    server = AppServer(settings, Services.build(gone, clock=clock, parser=parser)).start()
    try:
        assert get(server.url + "/healthz")[0] == 200
        status, body = get(server.url + "/readyz")
        assert status == 503
        [reason] = json.loads(body)["reasons"]
        assert reason == "the database does not answer: unable to open database file"
    finally:
        server.stop()


@pytest.fixture
def socket_workspace(
    db: Database, clock: FakeClock, parser: MessageParser, fake_slack: FakeSlack
) -> Iterator[Workspace]:
    settings = Settings(
        slack_bot_token=BOT_TOKEN,
        slack_app_token=APP_TOKEN,
        slack_api_url=fake_slack.url,
        scheduler_enabled=False,
    )
    with running_workspace(settings, db, clock, parser, fake_slack) as running:
        yield running


def _wait_for_status(url: str, status: int, timeout: float = 10) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    while True:
        got = get(url)
        if got[0] == status or time.monotonic() > deadline:
            return got
        time.sleep(0.1)


def test_in_socket_mode_ready_means_the_websocket_is_connected(socket_workspace: Workspace) -> None:
    url = socket_workspace.server.url + "/readyz"
    socket_workspace.fake.wait_for("apps.connections.open")
    assert _wait_for_status(url, 200)[0] == 200
    socket_workspace.fake.stop()  # Slack goes away: the connection drops and cannot come back
    status, body = _wait_for_status(url, 503)
    assert status == 503
    assert json.loads(body)["reasons"] == ["the Slack Socket Mode connection is not open"]
    assert get(socket_workspace.server.url + "/healthz")[0] == 200  # alive all the same


def _metrics_once(url: str, grows: str, before: str, timeout: float = 30) -> str:
    """The exposition once `grows` (a counter of the message's handling) went up: the work is done."""
    deadline = time.monotonic() + timeout
    labels = {"platform": "slack", "kind": "message"}
    while True:
        status, body = get(url)
        assert status == 200
        if sample(body, grows, **labels) > sample(before, grows, **labels) or time.monotonic() > deadline:
            return body
        time.sleep(0.05)


def test_metrics_count_an_update_from_arrival_to_reply(workspace: Workspace) -> None:
    url = workspace.server.url + "/metrics"
    before = get(url)[1]
    workspace.slack.say(DANA, SEED_UPDATE, channel=DEALS)
    workspace.fake.wait_for("chat.postMessage")
    after = _metrics_once(url, "nextstep_events_handled_total", before)

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("nextstep_events_received_total", platform="slack", kind="message") == 1
    assert grew("nextstep_events_handled_total", platform="slack", kind="message") == 1
    assert grew("nextstep_events_failed_total", platform="slack", kind="message") == 0
    assert grew("nextstep_event_handling_seconds_count", platform="slack", kind="message") == 1
    assert grew("nextstep_replies_sent_total", platform="slack") == 1
    assert sample(after, "nextstep_scheduler_leader") == 0  # this server runs no scheduler
    assert 'nextstep_scheduled_deliveries{status="sent"}' in after


def test_a_refused_reply_is_counted_and_its_stored_update_is_no_failed_event(workspace: Workspace) -> None:
    """Slack refuses every post: each refusal counts as a failed reply, and the message, whose update
    was stored and whose confirmation waits in the outbox to be retried, counts as handled."""
    url = workspace.server.url + "/metrics"
    before = get(url)[1]
    workspace.fake.rate_limit_next("chat.postMessage", times=100)  # Slack refuses every post
    workspace.slack.say(DANA, SEED_UPDATE, channel=DEALS)
    after = _metrics_once(url, "nextstep_events_handled_total", before)
    deadline = time.monotonic() + 30
    while sample(after, "nextstep_replies_failed_total", platform="slack") <= sample(
        before, "nextstep_replies_failed_total", platform="slack"
    ):
        assert time.monotonic() < deadline, "the refused reply was never counted"
        time.sleep(0.05)
        after = get(url)[1]
    labels = {"platform": "slack", "kind": "message"}
    assert sample(after, "nextstep_events_failed_total", **labels) == sample(
        before, "nextstep_events_failed_total", **labels
    )
    assert sample(after, "nextstep_events_handled_total", **labels) > sample(
        before, "nextstep_events_handled_total", **labels
    )


def test_the_process_running_the_scheduler_says_it_leads(
    db: Database, clock: FakeClock, parser: MessageParser
) -> None:
    settings = Settings(teams_local=True, scheduler_enabled=True)
    server = AppServer(settings, Services.build(db, clock=clock, parser=parser)).start()
    try:
        deadline = time.monotonic() + 10  # on PostgreSQL it leads once its first tick took the lock
        while sample(get(server.url + "/metrics")[1], "nextstep_scheduler_leader") != 1:
            assert time.monotonic() < deadline, "the only scheduler never said it leads"
            time.sleep(0.05)
    finally:
        server.stop()


def test_scheduled_deliveries_sent_retried_and_failed_are_in_the_metrics(db: Database) -> None:
    """Monday's summary and reminder: Slack turns them down twice, then takes them; the next week
    the channel is gone for good. /metrics reads it all from the ledger, so replicas agree."""
    deals_channel(db)
    with FakeSlack() as fake:
        fake.fail_next("chat.postMessage", times=2, status=503)
        s = TickServices(db, FakeClock(MONDAY_NINE), [slack_notifier(fake)])
        tick(s, MONDAY_NINE)
        waiting = exposition(LedgerCollector(db, lambda: True)).decode()
        assert sample(waiting, "nextstep_scheduled_deliveries", status="retry") == 2
        tick(s, MONDAY_NINE + timedelta(minutes=5))
    week_later = MONDAY_NINE + timedelta(days=7)
    tick(
        TickServices(db, FakeClock(week_later), [RecordingNotifier(fail_with=LookupError("gone"))]),
        week_later,
    )

    after = exposition(LedgerCollector(db, lambda: True)).decode()
    assert sample(after, "nextstep_scheduled_deliveries", status="sent") == 2
    assert sample(after, "nextstep_scheduled_deliveries", status="retry") == 0
    assert sample(after, "nextstep_scheduled_deliveries", status="failed") == 1  # the next week's send
    assert sample(after, "nextstep_scheduled_delivery_retries") == 2  # each was tried again once
    assert sample(after, "nextstep_scheduler_leader") == 1
