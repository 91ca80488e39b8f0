"""The core's neutral vocabulary: what adapters hand in and what they render.

Adapters translate a platform event into an `InboundMessage` / `Action` and a
`Reply` into Block Kit, an Adaptive Card or plain text. Nothing here knows a
platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Platform = Literal["slack", "teams", "console"]


@dataclass(frozen=True, slots=True)
class Person:
    """Someone speaking: their id on the platform, display name and IANA time zone."""

    platform_id: str
    name: str
    tz: str | None = None
    email: str | None = None  # from the platform's profile, when it shares it: matches CRM deal owners


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """A message a person wrote, as the core sees it.

    `workspace_id` is the platform's id for the team (Slack team id, Teams tenant id,
    "console"); `message_id` is the platform's id of this message, unique in the
    workspace; `sent_at` is timezone-aware.
    """

    platform: Platform
    workspace_id: str
    channel_id: str
    message_id: str
    author: Person
    text: str
    sent_at: datetime
    thread_id: str | None = None
    is_direct: bool = False
    workspace_name: str | None = None
    channel_name: str | None = None


@dataclass(frozen=True, slots=True)
class Action:
    """A button press / card submit: `name` is one of the ACTION_* names, `value` its payload."""

    platform: Platform
    workspace_id: str
    channel_id: str
    actor: Person
    name: str
    value: str
    sent_at: datetime
    thread_id: str | None = None
    message_id: str | None = None


# The actions a reply's buttons carry. Values are opaque strings the core made.
ACTION_OWNER_PROSPECT = "owner_prospect"  # "it's on them"
ACTION_OWNER_US = "owner_us"  # "it's on us"
ACTION_SNOOZE_WEEK = "snooze_week"
ACTION_PARK = "park"
ACTION_UNDO = "undo"
ACTION_DONE = "done"  # a follow-up's next step is done
ACTION_CHOOSE_DEAL = "choose_deal"  # answer to "which deal?"
ACTION_NEW_DEAL = "new_deal"  # answer to "is X a new deal?" (value: yes/no:<pending id>)
ACTION_DELIVERED = "delivered"  # prospect delivered what they owed
ACTION_MORE = "more"  # the next page of a list (value: the list's spec, assistant/paging.py)


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    action: str
    value: str
    style: Literal["default", "primary", "danger"] = "default"


@dataclass(frozen=True, slots=True)
class Fact:
    """One labelled value of a structured reply ("Next step", "cost estimates")."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Section:
    """A titled group of lines, e.g. one bucket of a list or of the weekly summary."""

    title: str
    lines: tuple[str, ...] = ()
    more: int = 0  # how many further items were left out for brevity


@dataclass(frozen=True, slots=True)
class Reply:
    """What the core wants shown. `text` always reads well on its own (console, fallback)."""

    text: str
    title: str | None = None
    facts: tuple[Fact, ...] = ()
    sections: tuple[Section, ...] = ()
    buttons: tuple[Button, ...] = ()
    kind: Literal["confirmation", "answer", "question", "info", "error", "summary", "reminder"] = "info"


@dataclass(slots=True)
class Outcome:
    """The core's answer to one inbound event.

    `replies` go into the message's thread; `changed_for` names the people
    (platform ids) whose deals changed, so an adapter can refresh their home view.
    """

    replies: list[Reply] = field(default_factory=list)
    changed_for: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Target:
    """Where a proactive message goes: a channel or a person's direct messages (in a thread, if set)."""

    kind: Literal["channel", "person"]
    id: str
    thread: str | None = None


@dataclass(frozen=True, slots=True)
class Outbound:
    """A message the core decided to send by itself (summary, reminder, resurfacing).

    `key` is the idempotency key (workspace, target, kind, period): a delivery with
    a key already recorded is never sent again.
    """

    platform: Platform
    workspace_id: str
    target: Target
    reply: Reply
    key: str
