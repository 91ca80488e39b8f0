"""At-most-once handling of Slack deliveries, across retries, duplicates and processes.

Each delivery claims its keys (the Events API `event_id`, and team+channel+ts for a
message, which Slack also sends as `app_mention`) in `inbound_events`; the unique
(platform, event_key) constraint lets exactly one claimer win, even on another process.
"""

from __future__ import annotations

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
