"""Fixtures for dialogue tests: one real parser per session, an assistant over the test database."""

from __future__ import annotations

import pytest

from assistant.core import Assistant
from nlp import MessageParser
from storage.db import Database
from tests.assistant.scripted import ScriptedParser
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


@pytest.fixture
def scripted(parser: MessageParser) -> ScriptedParser:
    """The real parser, with the parse of some messages written out as PARSING.md reads them."""
    return ScriptedParser(parser)


@pytest.fixture
def talk(db: Database, scripted: ScriptedParser, clock: FakeClock) -> Chat:
    """The deals channel of `chat`, over an assistant that uses the `scripted` parser."""
    return Chat(Assistant(db, scripted, clock), clock)
