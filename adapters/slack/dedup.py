"""At-most-once handling of Slack deliveries, across retries, duplicates and processes.

Each delivery claims its keys (the Events API `event_id`, and team+channel+ts for a
message, which Slack also sends as `app_mention`) in `inbound_events`; the unique
(platform, event_key) constraint lets exactly one claimer win, even on another process.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.ports import Clock
from storage.db import Database
from storage.inbound import claim_keys

PLATFORM = "slack"


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
        return claim_keys(self._db, PLATFORM, keys, self._clock.now())
