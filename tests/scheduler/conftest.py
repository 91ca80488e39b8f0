"""Scheduler test fixtures: the real assistant (one parser per session) for chat-driven tests."""

from __future__ import annotations

import pytest

from assistant.core import Assistant
from nlp import MessageParser
from storage.db import Database
from tests.assistant.transcript import Chat
from tests.support.clock import FakeClock


@pytest.fixture(scope="session")
def parser() -> MessageParser:
    return MessageParser()


@pytest.fixture
def chat(db: Database, parser: MessageParser, clock: FakeClock) -> Chat:
    """A Slack deals channel; the clock reads Mon 23 Nov 2026, 09:00 in Chicago."""
    return Chat(Assistant(db, parser, clock), clock)
