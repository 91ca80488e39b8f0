"""What the core needs from the outside world, as small protocols."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Protocol

from assistant.messages import Outbound, Platform
from nlp import DealIndex
from nlp.types import ParsedMessage


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class Notifier(Protocol):
    """Sends what the core decided to say by itself (summaries, reminders) on one platform."""

    platform: Platform

    async def send(self, outbound: Outbound) -> None: ...


class Parser(Protocol):
    """Reads one chat message (nlp.MessageParser; a test may script some readings)."""

    def parse(
        self, text: str, *, now: datetime, tz: str, deals: DealIndex | Iterable[str] = ()
    ) -> ParsedMessage: ...
