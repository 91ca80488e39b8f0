"""A clock the tests move by hand, so "due Friday" and "3 days ago" never depend on today."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

# Monday 23 Nov 2026, 15:00 UTC = 09:00 in Chicago: "Friday" is Fri 27 Nov.
DEFAULT_START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


class FakeClock:
    """Implements assistant.ports.Clock; time stands still until `set()` or `advance()` moves it."""

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        self._lock = threading.Lock()
        self._now = _aware(start)

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, when: datetime) -> datetime:
        """Jump to `when` (timezone-aware; kept as UTC) and return it."""
        with self._lock:
            self._now = _aware(when)
            return self._now

    def advance(
        self,
        delta: timedelta | None = None,
        *,
        days: float = 0,
        hours: float = 0,
        minutes: float = 0,
        seconds: float = 0,
    ) -> datetime:
        """Move forward by `delta` and/or the given units, e.g. `advance(days=3)`, and return the new now."""
        step = (delta or timedelta()) + timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
        with self._lock:
            self._now = self._now + step
            return self._now

    def __repr__(self) -> str:
        return f"FakeClock({self.now().isoformat()})"


def _aware(when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError("FakeClock needs a timezone-aware datetime")
    return when.astimezone(UTC)
