"""What happens after Slack got its ack: dedupe, translate, ask the core, answer in the thread.

Every entry point runs in the background (see tasks.py) and never raises: a failure is
logged with its context and the person gets a short apology in the thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import dedup
from adapters.slack.answering import Apology, Respond, Where, answer_button, ephemeral, post
from adapters.slack.directory import SlackDirectory
from adapters.slack.home import HOME_REFRESH_DELAY, HomeRefresh
from adapters.slack.render import action_name, home_view
from adapters.slack.tasks import ConversationTasks
from adapters.slack.translate import (
    SlackMessage,
    deleted_ts,
    edited_message,
    plain_text,
    spoken_message,
    to_inbound,
    ts_to_datetime,
)
from assistant.messages import Action, InboundMessage, Outcome, Reply
from assistant.services import Services

log = logging.getLogger(__name__)

NOTHING_TO_RECORD = (
    "I found no deal update or question in that message (or it was recorded already). "
    "Updates read like “Pied Piper: sent the proposal, they decide Friday”."
)


class SlackBridge:
    """Turns acknowledged Slack deliveries into core calls and the outcomes into Slack messages."""

    def __init__(
        self,
        services: Services,
        directory: SlackDirectory | None = None,
        home_delay: float = HOME_REFRESH_DELAY,
    ) -> None:
        self.services = services
        self.directory = directory or SlackDirectory()
        self.ledger = dedup.InboundLedger(services.db, services.clock)
        self.tasks = ConversationTasks()
        self.homes = HomeRefresh(self._publish_home, self.tasks, home_delay)

    # --- entry points, called by the bolt listeners right after ack -------------------------

    def message_event(self, body: dict[str, Any], client: AsyncWebClient, bot_user_id: str | None) -> None:
        """A `message` or `app_mention` event: an update, a question, an edit or a deletion."""
        event: dict[str, Any] = body.get("event") or {}
        team_id = str(body.get("team_id") or event.get("team") or "")
        event_keys = [dedup.event_key(body["event_id"])] if body.get("event_id") else []
        channel = str(event.get("channel") or "")
        conversation = f"{team_id}:{channel}"
        assistant = self.services.assistant
        if (spoken := spoken_message(team_id, event)) is not None:
            keys = [*event_keys, dedup.message_key(team_id, spoken.channel_id, spoken.ts)]
            work = self._spoken(client, bot_user_id, spoken, keys, "message", assistant.handle_message)
            self.tasks.start(conversation, work)
        elif (edited := edited_message(team_id, event)) is not None:
            edited_at = str((event.get("message") or {}).get("edited", {}).get("ts") or event.get("ts"))
            keys = [*event_keys, dedup.edit_key(team_id, channel, edited.ts, edited_at)]
            work = self._spoken(client, bot_user_id, edited, keys, "edit", assistant.handle_edit)
            self.tasks.start(conversation, work)
        elif (gone := deleted_ts(event)) is not None:
            keys = [*event_keys, dedup.delete_key(team_id, channel, gone)]
            self.tasks.start(conversation, self._delete(client, team_id, channel, gone, keys))

    def home_opened(self, body: dict[str, Any], client: AsyncWebClient) -> None:
        event: dict[str, Any] = body.get("event") or {}
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        self.homes.opened(client, str(body.get("team_id") or ""), str(event["user"]))

    def block_action(self, body: dict[str, Any], client: AsyncWebClient, respond: Respond | None) -> None:
        """A button we rendered was pressed (`respond` answers one on an ephemeral message)."""
        team_id = str((body.get("team") or {}).get("id") or body.get("team_id") or "")
        channel = str(
            (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""
        )
        conversation = f"{team_id}:{channel or 'home'}"
        on_ephemeral = bool((body.get("container") or {}).get("is_ephemeral"))
        self.tasks.start(
            conversation, self._action(client, team_id, channel, body, respond if on_ephemeral else None)
        )

    def slash_command(self, body: dict[str, Any], client: AsyncWebClient, respond: Respond | None) -> None:
        team_id = str(body.get("team_id") or "")
        channel = str(body.get("channel_id") or "")
        self.tasks.start(f"{team_id}:{channel}", self._command(client, team_id, channel, body, respond))

    def message_shortcut(self, body: dict[str, Any], client: AsyncWebClient, respond: Respond | None) -> None:
        """ "Record as deal update" on any message, e.g. in a channel Nextstep is not in."""
        team_id = str((body.get("team") or {}).get("id") or "")
        channel = str((body.get("channel") or {}).get("id") or "")
        self.tasks.start(f"{team_id}:{channel}", self._shortcut(client, team_id, channel, body, respond))

    # --- the work -------------------------------------------------------------------------------

    async def _claimed(self, keys: Iterable[str]) -> bool:
        return await asyncio.to_thread(self.ledger.claim, keys)

    async def _spoken(
        self,
        client: AsyncWebClient,
        bot_user_id: str | None,
        message: SlackMessage,
        keys: list[str],
        what: str,
        handle: Callable[[InboundMessage], Outcome],
    ) -> None:
        """A message or its edit: claimed once, handed to the core, answered in its thread."""
        where = Where(message.team_id, message.channel_id, message.reply_thread)
        async with Apology(client, where, what, message.ts):
            if not await self._claimed(keys):
                return
            inbound = await to_inbound(
                message, client=client, directory=self.directory, bot_user_id=bot_user_id
            )
            outcome = await asyncio.to_thread(handle, inbound)
            await self._deliver(client, where, outcome)

    async def _delete(
        self, client: AsyncWebClient, team_id: str, channel: str, ts: str, keys: list[str]
    ) -> None:
        # The message is gone, so there is no thread to answer in: the retraction is silent.
        try:
            if not await self._claimed(keys):
                return
            outcome = await asyncio.to_thread(self.services.assistant.handle_delete, "slack", team_id, ts)
        except Exception:
            log.exception("Slack deletion failed: team=%s channel=%s ts=%s", team_id, channel, ts)
            return
        await self._refresh_homes(client, team_id, outcome)

    async def _action(
        self,
        client: AsyncWebClient,
        team_id: str,
        channel: str,
        body: dict[str, Any],
        respond: Respond | None,
    ) -> None:
        pressed: dict[str, Any] = (body.get("actions") or [{}])[0]
        name = action_name(str(pressed.get("action_id") or ""))
        if name is None:
            return
        message: dict[str, Any] = body.get("message") or {}
        container: dict[str, Any] = body.get("container") or {}
        message_ts = message.get("ts") or container.get("message_ts")
        thread_ts = message.get("thread_ts") or container.get("thread_ts") or message_ts
        where = Where(team_id, channel, thread_ts)
        user_id = str((body.get("user") or {}).get("id") or "")
        keys = [dedup.interaction_key(team_id, str(body.get("trigger_id") or pressed.get("action_ts") or ""))]
        async with Apology(client, where, f"button {name}", message_ts, user_id=user_id, respond=respond):
            if not await self._claimed(keys):
                return
            actor = await self.directory.person(client, team_id, user_id)
            action = Action(
                platform="slack",
                workspace_id=team_id,
                channel_id=channel,
                actor=actor,
                name=name,
                value=str(pressed.get("value") or ""),
                sent_at=self._when(pressed.get("action_ts")),
                thread_id=thread_ts,
                message_id=message_ts,
            )
            outcome = await asyncio.to_thread(self.services.assistant.handle_action, action)
            await answer_button(client, where, user_id, message_ts, outcome.replies, respond)
            await self._refresh_homes(client, team_id, outcome)

    async def _command(
        self,
        client: AsyncWebClient,
        team_id: str,
        channel: str,
        body: dict[str, Any],
        respond: Respond | None,
    ) -> None:
        user_id = str(body.get("user_id") or "")
        where = Where(team_id, channel, None)
        async with Apology(client, where, "command", None, user_id=user_id, respond=respond):
            keys = [dedup.interaction_key(team_id, str(body.get("trigger_id") or ""))]
            if body.get("trigger_id") and not await self._claimed(keys):
                return
            author = await self.directory.person(client, team_id, user_id)
            inbound = InboundMessage(
                platform="slack",
                workspace_id=team_id,
                channel_id=channel,
                message_id=f"command:{body.get('trigger_id') or self.services.clock.now().timestamp()}",
                author=author,
                text=str(body.get("text") or "").strip() or "help",
                sent_at=self.services.clock.now(),
                is_direct=channel.startswith("D"),
                channel_name=body.get("channel_name"),
            )
            outcome = await asyncio.to_thread(self.services.assistant.handle_command, inbound)
            for reply in outcome.replies:
                await ephemeral(client, where, user_id, reply, respond)
            await self._refresh_homes(client, team_id, outcome)

    async def _shortcut(
        self,
        client: AsyncWebClient,
        team_id: str,
        channel: str,
        body: dict[str, Any],
        respond: Respond | None,
    ) -> None:
        user_id = str((body.get("user") or {}).get("id") or "")
        message: dict[str, Any] = body.get("message") or {}
        where = Where(team_id, channel, None)
        async with Apology(client, where, "shortcut", message.get("ts"), user_id=user_id, respond=respond):
            keys = [dedup.interaction_key(team_id, str(body.get("trigger_id") or ""))]
            if not message.get("ts") or not await self._claimed(keys):
                return
            # Whoever uses the shortcut records the update: the message may be a prospect's.
            author = await self.directory.person(client, team_id, user_id)
            text = await plain_text(
                str(message.get("text") or ""),
                client=client,
                directory=self.directory,
                team_id=team_id,
                bot_user_id=None,
            )
            inbound = InboundMessage(
                platform="slack",
                workspace_id=team_id,
                channel_id=channel,
                message_id=str(message["ts"]),
                author=author,
                text=text,
                sent_at=self._when(message["ts"]),
                thread_id=message.get("thread_ts"),
                is_direct=channel.startswith("D"),
            )
            outcome = await asyncio.to_thread(self.services.assistant.handle_message, inbound)
            replies = outcome.replies or [Reply(text=NOTHING_TO_RECORD, kind="info")]
            for reply in replies:
                await ephemeral(client, where, user_id, reply, respond)
            await self._refresh_homes(client, team_id, outcome)

    # --- sending --------------------------------------------------------------------------------

    async def _deliver(self, client: AsyncWebClient, where: Where, outcome: Outcome) -> None:
        for reply in outcome.replies:
            await post(client, where, reply)
        await self._refresh_homes(client, where.team_id, outcome)

    async def _refresh_homes(self, client: AsyncWebClient, team_id: str, outcome: Outcome) -> None:
        """Whose deals changed: their homes are published later, once (see home.py), not now."""
        if outcome.changed_for:
            self.homes.changed(client, team_id, sorted(outcome.changed_for))

    async def _publish_home(self, client: AsyncWebClient, team_id: str, user_id: str) -> None:
        try:
            person = await self.directory.person(client, team_id, user_id)
            home = await asyncio.to_thread(self.services.assistant.home, "slack", team_id, person)
            await client.views_publish(user_id=user_id, view=home_view(home))
        except Exception:
            log.exception("App Home publish failed: team=%s user=%s", team_id, user_id)

    # --- helpers -------------------------------------------------------------------------------

    def _when(self, ts: Any) -> datetime:
        try:
            return ts_to_datetime(str(ts)) if ts else self.services.clock.now()
        except ValueError:
            return self.services.clock.now()
