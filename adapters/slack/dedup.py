"""At-most-once handling of Slack deliveries, across retries, duplicates and processes.

Each delivery claims its keys (the Events API `event_id`, and team+channel+ts for a
message, which Slack also sends as `app_mention`) in `inbound_events`; the unique
(platform, event_key) constraint lets exactly one claimer win, even on another process.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.exc import IntegrityError

from assistant.ports import Clock
from storage.db import Database
from storage.models import InboundEvent

PLATFORM = "slack"
KEY_LIMIT = 300


def event_key(event_id: str) -> str:
    return f"event:{event_id}"


def message_key(team_id: str, channel_id: str, ts: str) -> str:
    return f"message:{team_id}:{channel_id}:{ts}"


def edit_key(team_id: str, channel_id: str, ts: str, edited_ts: str) -> str:
    return f"edit:{team_id}:{channel_id}:{ts}:{edited_ts}"


def delete_key(team_id: str, channel_id: str, ts: str) -> str:
    return f"delete:{team_id}:{channel_id}:{ts}"


def interaction_key(team_id: str, trigger_id: str) -> str:
    return f"interaction:{team_id}:{trigger_id}"


class InboundLedger:
    """Remembers which deliveries were handled, in the shared database."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def claim(self, keys: Iterable[str]) -> bool:
        """True when none of `keys` was seen before (and now they are); False for a duplicate."""
        unique = [key[:KEY_LIMIT] for key in dict.fromkeys(keys) if key]
        if not unique:
            return True
        now = self._clock.now()
        try:
            with self._db.unit_of_work() as session:
                session.add_all(InboundEvent(platform=PLATFORM, event_key=k, received_at=now) for k in unique)
        except IntegrityError:
            return False
        return True
