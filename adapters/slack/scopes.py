"""What the app asks Slack for: the bot scopes and events (kept in step with slack/manifest.yml)."""

from __future__ import annotations

BOT_SCOPES: tuple[str, ...] = (
    "app_mentions:read",  # "@Nextstep Pied Piper?" anywhere
    "channels:history",  # updates posted in public deals channels
    "groups:history",  # ... and in private ones
    "im:history",  # direct messages to the assistant
    "mpim:history",  # group DMs it was added to
    "channels:read",  # channel names for summaries
    "groups:read",
    "im:read",
    "im:write",  # conversations.open for reminders and resurfaced deals
    "chat:write",  # replies, confirmations, summaries
    "commands",  # /nextstep
    "users:read",  # names and time zones (users.info)
    "users:read.email",  # e-mail addresses: a CRM deal's owner is matched to a rep by e-mail
    "team:read",  # the workspace's name
)

BOT_EVENTS: tuple[str, ...] = (
    "app_home_opened",
    "app_mention",
    "app_uninstalled",
    "message.channels",
    "message.groups",
    "message.im",
    "message.mpim",
    "tokens_revoked",
)

SLASH_COMMAND = "/nextstep"
RECORD_SHORTCUT = "record_update"  # message shortcut "Record as deal update"
