"""Slack events as the core's neutral messages: which events count, and their plain text.

Bots (this app included) and housekeeping subtypes (joins, topic changes, ...) are never
handed to the core; markup is turned into what a person reads before parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.directory import SlackDirectory
from assistant.messages import InboundMessage
from nlp.markup import slack_to_plain

# Subtypes that are a person saying something; every other subtype is housekeeping.
SPOKEN_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})
_USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """The parts of a Slack message event the assistant uses."""

    team_id: str
    channel_id: str
    user_id: str
    text: str
    ts: str
    thread_ts: str | None = None
    channel_type: str | None = None

    @property
    def is_direct(self) -> bool:
        return self.channel_type == "im" or (self.channel_type is None and self.channel_id.startswith("D"))

    @property
    def reply_thread(self) -> str:
        """Where a reply goes: the message's thread, or a new thread under the message."""
        return self.thread_ts or self.ts


def ts_to_datetime(ts: str) -> datetime:
    """A Slack timestamp ("1700000000.000100") as an aware UTC datetime."""
    return datetime.fromtimestamp(float(ts), UTC)


def _from_person(message: dict[str, Any]) -> bool:
    return bool(message.get("user")) and not message.get("bot_id") and not message.get("bot_profile")


def spoken_message(team_id: str, event: dict[str, Any]) -> SlackMessage | None:
    """A message or app_mention event a person wrote, or None when it is not for the core."""
    if event.get("subtype") not in SPOKEN_SUBTYPES or not _from_person(event):
        return None
    return _said(team_id, event, event)


def edited_message(team_id: str, event: dict[str, Any]) -> SlackMessage | None:
    """The new version of an edited message (subtype message_changed), when its text changed.

    Unfurls and our own chat.update also arrive as message_changed: those are skipped.
    """
    message = event.get("message") or {}
    previous = event.get("previous_message") or {}
    if event.get("subtype") != "message_changed" or not _from_person(message):
        return None
    if (message.get("text") or "") == previous.get("text"):
        return None
    return _said(team_id, event, message)


def _said(team_id: str, event: dict[str, Any], message: dict[str, Any]) -> SlackMessage | None:
    """`message` (the event itself, or an edit's new version) as a SlackMessage; None when incomplete."""
    text = message.get("text") or ""
    if not text.strip() or not event.get("channel") or not message.get("ts"):
        return None
    return SlackMessage(
        team_id=team_id,
        channel_id=event["channel"],
        user_id=message["user"],
        text=text,
        ts=message["ts"],
        thread_ts=message.get("thread_ts"),
        channel_type=event.get("channel_type"),
    )


def deleted_ts(event: dict[str, Any]) -> str | None:
    """The ts of a person's deleted message (subtype message_deleted), else None."""
    if event.get("subtype") != "message_deleted":
        return None
    previous = event.get("previous_message")
    if previous is not None and not _from_person(previous):
        return None
    value = event.get("deleted_ts")
    return str(value) if value else None


async def plain_text(
    text: str, *, client: AsyncWebClient, directory: SlackDirectory, team_id: str, bot_user_id: str | None
) -> str:
    """Slack markup as a person reads it; a mention of the assistant itself is dropped."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
        text = re.sub(r"^\s*[,:;\-–—]+\s*", "", text)
    ids = [uid for uid in _USER_MENTION.findall(text) if uid != bot_user_id]
    names = await directory.names(client, team_id, ids) if ids else {}
    return slack_to_plain(text, names)


async def to_inbound(
    message: SlackMessage,
    *,
    client: AsyncWebClient,
    directory: SlackDirectory,
    bot_user_id: str | None,
) -> InboundMessage:
    """The core's InboundMessage for a Slack message, author's name and tz from users.info."""
    author = await directory.person(client, message.team_id, message.user_id)
    text = await plain_text(
        message.text, client=client, directory=directory, team_id=message.team_id, bot_user_id=bot_user_id
    )
    return InboundMessage(
        platform="slack",
        workspace_id=message.team_id,
        channel_id=message.channel_id,
        message_id=message.ts,
        author=author,
        text=text,
        sent_at=ts_to_datetime(message.ts),
        thread_id=message.thread_ts,
        is_direct=message.is_direct,
    )
