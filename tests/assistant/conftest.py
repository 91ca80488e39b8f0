"""Fixtures for dialogue tests: one real parser per session, an assistant over the test database."""

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
def assistant(db: Database, parser: MessageParser, clock: FakeClock) -> Assistant:
    return Assistant(db, parser, clock)


@pytest.fixture
def chat(assistant: Assistant, clock: FakeClock) -> Chat:
    """The Pied Piper sales team's deals channel; the clock reads Mon 23 Nov 2026, 09:00 in Chicago."""
    return Chat(assistant, clock)
