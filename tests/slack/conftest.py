"""A Slack workspace for dialogue tests: the fake Web API, the real app server, people and #deals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from assistant.services import Services
from assistant.settings import Settings
from nlp import MessageParser
from storage.db import Database
from tests.slack.driver import BOT_TOKEN, SIGNING_SECRET, AppServer, SlackSender
from tests.slack.fake_slack import FakeSlack, SlackUser
from tests.support.clock import FakeClock

DANA = SlackUser("U0DANA", "Dana", "America/Chicago", "dana@acme.test")  # a rep
MAX = SlackUser("U0MAX", "Max", "America/New_York")  # her manager
DEALS = "C0DEALS"
DANA_DM = "D0DANA"


@pytest.fixture(scope="session")
def parser() -> MessageParser:
    return MessageParser()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack([DANA, MAX]) as fake:
        yield fake


def slack_settings(fake: FakeSlack) -> Settings:
    return Settings(
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.url,
        scheduler_enabled=False,
    )


@dataclass
class Workspace:
    """Everything a dialogue test touches: Slack's side (fake, sender) and ours (server, db)."""

    fake: FakeSlack
    server: AppServer
    slack: SlackSender
    db: Database
    clock: FakeClock


@contextmanager
def running_workspace(
    settings: Settings, db: Database, clock: FakeClock, parser: MessageParser, fake_slack: FakeSlack
) -> Iterator[Workspace]:
    """The app server started with `settings` over the fake Slack, stopped when the test ends."""
    server = AppServer(settings, Services.build(db, clock=clock, parser=parser)).start()
    try:
        yield Workspace(fake_slack, server, SlackSender(server.url, clock), db, clock)
    finally:
        server.stop()


@pytest.fixture
def workspace(
    db: Database, clock: FakeClock, parser: MessageParser, fake_slack: FakeSlack
) -> Iterator[Workspace]:
    with running_workspace(slack_settings(fake_slack), db, clock, parser, fake_slack) as running:
        yield running
