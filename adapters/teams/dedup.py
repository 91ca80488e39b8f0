"""At-most-once handling of Teams messages and card actions, across retries and processes.

The Bot Connector re-sends an activity when the bot is slow to answer; each message or
invoke claims its key in `inbound_events` in the transaction that handles it (bot.py), and
the unique (platform, event_key) constraint lets exactly one delivery win, even on another
process.
"""

from __future__ import annotations

from botbuilder.schema import Activity

from adapters.teams.translate import place_of
from storage.inbound import KEY_LIMIT

PLATFORM = "teams"


def activity_key(activity: Activity) -> str | None:
    """Type, tenant, conversation and id: what makes one delivered message unique."""
    if not activity.id:
        return None
    where = place_of(activity)
    return f"{activity.type}:{where.workspace_id}:{where.conversation_id}:{activity.id}"[:KEY_LIMIT]
