"""Shared parser and deal list for the nlp tests: the pipeline is built once per session."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp import DealIndex, MessageParser, ParsedMessage

DEALS = [
    "Pied Piper",
    "Hooli",
    "Hooli XYZ",
    "Aviato",
    "Raviga",
    "Endframe",
    "Maleant Data Systems",
    "Coleman-Blair",
    "June Robotics",
    "Monday Health",
    "Initech",
    "Globex Corporation",
    "Stark Industries",
    "Wayne Enterprises",
    "Acme Corp",
    "Acme Labs",
]
TUESDAY = datetime(2026, 11, 24, 10, 0)


@pytest.fixture(scope="session")
def parser() -> MessageParser:
    return MessageParser()


@pytest.fixture(scope="session")
def deals() -> DealIndex:
    return DealIndex(DEALS)


@pytest.fixture(scope="session")
def parse(parser: MessageParser, deals: DealIndex):
    def run(text: str, now: datetime = TUESDAY, tz: str = "America/Chicago") -> ParsedMessage:
        return parser.parse(text, now=now, tz=tz, deals=deals)

    return run
