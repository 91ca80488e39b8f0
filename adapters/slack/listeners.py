"""The bolt listeners: acknowledge at once, hand the delivery to the bridge's background work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt.async_app import AsyncApp

from adapters.slack.bridge import SlackBridge
from adapters.slack.inbox import CONTEXT_KEY
from adapters.slack.render import ACTION_ID_PATTERN
from adapters.slack.scopes import RECORD_SHORTCUT, SLASH_COMMAND


def register(
    app: AsyncApp, bridge: SlackBridge, observe: Callable[[dict[str, Any]], None] | None = None
) -> None:
    """The inbox first, then messages, mentions, App Home, our buttons, /nextstep and the shortcut.

    The inbox middleware keeps each delivery before any ack (and after the signature check),
    once `observe` counted it in (one middleware: each costs bolt an argument injection).
    Events are acked by bolt itself; the rest ack first, then hand over to the bridge.
    """
    keep = bridge.inbox.middleware

    async def observed_then_kept(
        body: dict[str, Any],
        context: Any,
        response: Any,
        next: Any,  # bolt passes them by name
    ) -> Any:
        if observe is not None:
            observe(body)
        return await keep(body, context, response, next)

    app.use(observed_then_kept)

    async def on_message(body: dict[str, Any], client: Any, context: Any) -> None:
        bridge.message_event(body, client, context.bot_user_id, context.get(CONTEXT_KEY))

    async def on_home_opened(body: dict[str, Any], client: Any) -> None:
        bridge.home_opened(body, client)

    async def on_button(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
        await ack()
        bridge.block_action(body, client, context.get(CONTEXT_KEY))

    async def on_command(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
        await ack()
        bridge.slash_command(body, client, context.get(CONTEXT_KEY))

    async def on_shortcut(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
        await ack()
        bridge.message_shortcut(body, client, context.get(CONTEXT_KEY))

    app.event("message")(on_message)
    app.event("app_mention")(on_message)
    app.event("app_home_opened")(on_home_opened)
    app.action(ACTION_ID_PATTERN)(on_button)
    app.command(SLASH_COMMAND)(on_command)
    app.shortcut(RECORD_SHORTCUT)(on_shortcut)
