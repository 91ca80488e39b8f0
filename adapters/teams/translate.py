"""Teams activities -> the core's neutral messages (InboundMessage, Action).

Pure functions over botbuilder's `Activity`: where the message was (tenant, channel,
reply chain), who wrote it, and its text as a person reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from botbuilder.schema import Activity

from assistant.messages import Action, InboundMessage, Person
from nlp.markup import teams_to_plain

ConversationKind = Literal["channel", "groupChat", "personal"]

_MESSAGE_ID = re.compile(r";messageid=([^;]+)")
_MENTION = re.compile(r"<at\b[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Place:
    """Where an activity happened, in the core's terms."""

    workspace_id: str  # the tenant
    kind: ConversationKind
    conversation_id: str  # without the reply chain's `;messageid=` part
    channel_id: str
    thread_id: str | None
    channel_name: str | None = None


def _data(activity: Activity) -> dict[str, Any]:
    data = activity.channel_data
    return data if isinstance(data, dict) else {}


def tenant_of(activity: Activity) -> str:
    """The tenant id (the workspace); the Emulator has none, so its channel id stands in."""
    tenant = _data(activity).get("tenant")
    if isinstance(tenant, dict) and tenant.get("id"):
        return str(tenant["id"])
    conversation = activity.conversation
    if conversation is not None and conversation.tenant_id:
        return str(conversation.tenant_id)
    return str(activity.channel_id or "teams")


def place_of(activity: Activity) -> Place:
    """Tenant, conversation kind, channel and reply chain of an activity."""
    conversation = activity.conversation
    full_id = str(conversation.id) if conversation is not None and conversation.id else ""
    base_id = full_id.split(";", 1)[0]
    raw_kind = conversation.conversation_type if conversation is not None else None
    kind: ConversationKind = "personal"  # also the Emulator's, which names no type
    if raw_kind in ("channel", "groupChat"):
        kind = "channel" if raw_kind == "channel" else "groupChat"
    if kind != "channel":
        return Place(tenant_of(activity), kind, base_id, base_id, None)
    channel = _data(activity).get("channel")
    channel = channel if isinstance(channel, dict) else {}
    chain = _MESSAGE_ID.search(full_id)
    thread_id = chain.group(1) if chain else (str(activity.id) if activity.id else None)
    name = channel.get("name")
    return Place(
        tenant_of(activity),
        "channel",
        base_id,
        str(channel.get("id") or base_id),
        thread_id,
        str(name) if name else None,
    )


def person_of(activity: Activity) -> Person:
    """The speaker: AAD object id (stable across chats) when Teams gives it, their name and zone."""
    who = activity.from_property
    platform_id = ""
    name = ""
    if who is not None:
        platform_id = str(who.aad_object_id or who.id or "")
        name = str(who.name or "")
    return Person(platform_id=platform_id, name=name, tz=activity.local_timezone or None)


def _bot_mentions(activity: Activity) -> list[str]:
    """The `<at>..</at>` texts of the mentions that name the bot itself."""
    bot_id = activity.recipient.id if activity.recipient is not None else None
    found: list[str] = []
    for entity in activity.entities or []:
        if (getattr(entity, "type", "") or "").lower() != "mention":
            continue
        extra = getattr(entity, "additional_properties", None) or {}
        mentioned = extra.get("mentioned")
        text = extra.get("text")
        if isinstance(mentioned, dict) and mentioned.get("id") == bot_id and isinstance(text, str):
            found.append(text)
    return found


def plain_text(activity: Activity) -> str:
    """The message as a person reads it: the bot's mention removed, other mentions as @Name.

    Like `TurnContext.remove_recipient_mention`, but it removes only the mention tag, not
    every occurrence of the bot's name in the text.
    """
    text = activity.text or ""
    for mention in _bot_mentions(activity):
        text = text.replace(mention, " ")
    text = _MENTION.sub(lambda m: "@" + m.group(1).strip() if m.group(1).strip() else "", text)
    return teams_to_plain(text)


def sent_at(activity: Activity, fallback: datetime) -> datetime:
    stamp = activity.timestamp
    if isinstance(stamp, datetime) and stamp.tzinfo is not None:
        return stamp
    return fallback


def inbound_message(activity: Activity, now: datetime) -> InboundMessage:
    """A message (or the new text of an edited one) for the core."""
    where = place_of(activity)
    return InboundMessage(
        platform="teams",
        workspace_id=where.workspace_id,
        channel_id=where.channel_id,
        message_id=str(activity.id or ""),
        author=person_of(activity),
        text=plain_text(activity),
        sent_at=sent_at(activity, now),
        thread_id=where.thread_id,
        is_direct=where.kind == "personal",
        channel_name=where.channel_name,
    )


def submitted_data(activity: Activity) -> dict[str, Any] | None:
    """The data of an Action.Submit / Action.Execute, or None when this is no card action.

    A classic submit arrives as a message whose `value` is the action's data (and no
    text); Universal Actions arrive as an `adaptiveCard/action` invoke whose value
    wraps the data in `action.data`.
    """
    value = activity.value
    if not isinstance(value, dict):
        return None
    if activity.type == "invoke":
        action = value.get("action")
        data = action.get("data") if isinstance(action, dict) else None
        return data if isinstance(data, dict) else None
    if (activity.text or "").strip():
        return None
    return value


def card_action(activity: Activity, data: dict[str, Any], now: datetime) -> Action | None:
    """A card button press for the core, or None when the data carries no action name."""
    name = data.get("action")
    if not isinstance(name, str) or not name:
        return None
    value = data.get("value")
    where = place_of(activity)
    return Action(
        platform="teams",
        workspace_id=where.workspace_id,
        channel_id=where.channel_id,
        actor=person_of(activity),
        name=name,
        value="" if value is None else str(value),
        sent_at=sent_at(activity, now),
        thread_id=where.thread_id,
        message_id=str(activity.reply_to_id) if activity.reply_to_id else None,
    )
