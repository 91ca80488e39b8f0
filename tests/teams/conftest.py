"""A Teams tenant for dialogue tests: the fake Bot Connector, the real app server, people and #deals."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.services import Services
from assistant.settings import Settings
from nlp import MessageParser
from storage.db import Database
from tests.support.clock import FakeClock
from tests.teams.harness import Member, TeamsHarness, Tenant

DANA = Member.named("Dana")  # a rep
MAX = Member.named("Max")  # her manager

LOCAL = Settings(teams_local=True, scheduler_enabled=False)


@pytest.fixture(autouse=True)
def _no_proxy_for_the_local_fakes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The connector client sends with `requests`, which honours HTTP(S)_PROXY: keep 127.0.0.1 direct."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")


@pytest.fixture(scope="session")
def parser() -> MessageParser:
    return MessageParser()


@pytest.fixture
def services(db: Database, clock: FakeClock, parser: MessageParser) -> Services:
    return Services.build(db, clock=clock, parser=parser)


@pytest.fixture
def teams(services: Services) -> Iterator[TeamsHarness]:
    """The app with NEXTSTEP_TEAMS_LOCAL=1 (no app id), talking to the fake Bot Connector."""
    with TeamsHarness(LOCAL, services) as harness:
        yield harness


@pytest.fixture
def tenant(teams: TeamsHarness) -> Tenant:
    return Tenant(teams)
