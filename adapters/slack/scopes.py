"""What the app asks Slack for: the bot scopes and events (kept in step with adapters/slack/manifest.yml)."""

from __future__ import annotations

BOT_SCOPES: tuple[str, ...] = (
    "app_mentions:read",  # "@Nextstep Pied Piper?" anywhere
    "channels:history",  # updates posted in public deals channels
    "groups:history",  # ... and in private ones
    "im:history",  # direct messages to the assistant
    "mpim:history",  # group DMs it was added to
    "im:write",  # conversations.open for reminders and resurfaced deals
    "chat:write",  # replies, confirmations, summaries
    "commands",  # /nextstep and the message shortcut
    "users:read",  # names and time zones (users.info)
    "users:read.email",  # e-mail addresses: a CRM deal's owner is matched to a rep by e-mail
)

# The scope each Web API method the code calls needs (None: the bot token needs none).
# A test finds every `client.<method>(` in adapters/ and checks BOT_SCOPES is exactly what they,
# the events and the commands need: nothing missing, nothing asked for that nothing uses.
METHOD_SCOPES: dict[str, str | None] = {
    "chat_postMessage": "chat:write",
    "chat_postEphemeral": "chat:write",
    "chat_update": "chat:write",
    "conversations_open": "im:write",
    "users_info": "users:read",
    "views_publish": None,
    "auth_test": None,
}
EVENT_SCOPES: dict[str, str | None] = {
    "app_home_opened": None,
    "app_mention": "app_mentions:read",
    "app_uninstalled": None,
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "message.im": "im:history",
    "message.mpim": "mpim:history",
    "tokens_revoked": None,
}
COMMAND_SCOPE = "commands"  # slash commands and shortcuts
# Scopes that add fields to what a method returns: users.info's profile.email (adapters/slack/directory.py).
FIELD_SCOPES: dict[str, str] = {"users_info.profile.email": "users:read.email"}

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
