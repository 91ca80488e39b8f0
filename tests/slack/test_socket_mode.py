"""Socket Mode (a laptop, no public URL): the same dialogue over a WebSocket the app opens."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from assistant.settings import Settings
from nlp import MessageParser
from storage.db import Database
from tests.slack.conftest import DANA, DEALS, Workspace, running_workspace
from tests.slack.dialogue import SEED_UPDATE, in_thread
from tests.slack.driver import BOT_TOKEN
from tests.slack.fake_slack import FakeSlack
from tests.support.clock import FakeClock

APP_TOKEN = "xapp-1-A0NEXTSTEP-0000-test"


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


def test_an_update_over_socket_mode_is_acked_and_confirmed_in_the_thread(socket_workspace: Workspace) -> None:
    fake, slack = socket_workspace.fake, socket_workspace.slack
    [opened] = fake.wait_for("apps.connections.open")
    assert opened.token == APP_TOKEN
    event = slack.message_event(DANA, SEED_UPDATE, channel=DEALS)
    envelope = {
        "envelope_id": "57d6a792-4d35-4d0b-b6aa-3361493e1caf",
        "payload": json.loads(slack.event_body(event)),
        "type": "events_api",
        "accepts_response_payload": False,
        "retry_attempt": 0,
        "retry_reason": "",
    }
    fake.socket_send(envelope)
    [ack] = fake.wait_for("socket_ack")
    assert ack.get("envelope_id") == envelope["envelope_id"]
    [confirmation] = fake.wait_for("chat.postMessage", in_thread(event["ts"]))
    assert "Pied Piper" in confirmation.text
    assert confirmation.token == BOT_TOKEN


def test_without_a_signing_secret_nothing_is_served_over_http(socket_workspace: Workspace) -> None:
    body = socket_workspace.slack.event_body(
        socket_workspace.slack.message_event(DANA, SEED_UPDATE, channel=DEALS)
    )
    assert socket_workspace.slack.post(body, "application/json").status in {404, 405}
