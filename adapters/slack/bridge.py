"""What happens after Slack got its ack: dedupe, translate, ask the core, answer in the thread.

Every entry point runs in the background (see tasks.py) and never raises: a failure is
logged with its context and the person gets a short apology in the thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import dedup
from adapters.slack.directory import SlackDirectory
from adapters.slack.render import action_name, home_view, message_payload
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

APOLOGY = (
    "Sorry, something went wrong on my side and I couldn't handle that. "
    "Nothing was lost; please try again in a minute."
)

NOTHING_TO_RECORD = (
    "I found no deal update or question in that message (or it was recorded already). "
    "Updates read like “Pied Piper: sent the proposal, they decide Friday”."
)

Respond = Callable[..., Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Where:
    """Where a reply goes: a channel and the thread inside it."""

    team_id: str
    channel_id: str
    thread_ts: str | None


class SlackBridge:
    """Turns acknowledged Slack deliveries into core calls and the outcomes into Slack messages."""

    def __init__(self, services: Services, directory: SlackDirectory | None = None) -> None:
        self.services = services
        self.directory = directory or SlackDirectory()
        self.ledger = dedup.InboundLedger(services.db, services.clock)
        self.tasks = ConversationTasks()

    # --- entry points, called by the bolt listeners right after ack -------------------------

    def message_event(self, body: dict[str, Any], client: AsyncWebClient, bot_user_id: str | None) -> None:
        """A `message` or `app_mention` event: an update, a question, an edit or a deletion."""
        event: dict[str, Any] = body.get("event") or {}
        team_id = str(body.get("team_id") or event.get("team") or "")
        event_keys = [dedup.event_key(body["event_id"])] if body.get("event_id") else []
        channel = str(event.get("channel") or "")
        conversation = f"{team_id}:{channel}"
        if (spoken := spoken_message(team_id, event)) is not None:
            keys = [*event_keys, dedup.message_key(team_id, spoken.channel_id, spoken.ts)]
            self.tasks.start(conversation, self._message(client, bot_user_id, spoken, keys))
        elif (edited := edited_message(team_id, event)) is not None:
            edited_at = str((event.get("message") or {}).get("edited", {}).get("ts") or event.get("ts"))
            keys = [*event_keys, dedup.edit_key(team_id, channel, edited.ts, edited_at)]
            self.tasks.start(conversation, self._edit(client, bot_user_id, edited, keys))
        elif (gone := deleted_ts(event)) is not None:
            keys = [*event_keys, dedup.delete_key(team_id, channel, gone)]
            self.tasks.start(conversation, self._delete(client, team_id, channel, gone, keys))

    def home_opened(self, body: dict[str, Any], client: AsyncWebClient) -> None:
        event: dict[str, Any] = body.get("event") or {}
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        team_id = str(body.get("team_id") or "")
        self.tasks.start(
            f"{team_id}:home:{event['user']}", self._publish_home(client, team_id, [event["user"]])
        )

    def block_action(self, body: dict[str, Any], client: AsyncWebClient, respond: Respond | None) -> None:
        """A button we rendered was pressed (`respond` answers one on an ephemeral message)."""
        team_id = str((body.get("team") or {}).get("id") or body.get("team_id") or "")
        channel = str(
            (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""
        )
        conversation = f"{team_id}:{channel or 'home'}"
        ephemeral = bool((body.get("container") or {}).get("is_ephemeral"))
        self.tasks.start(
            conversation, self._action(client, team_id, channel, body, respond if ephemeral else None)
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

    async def _message(
        self, client: AsyncWebClient, bot_user_id: str | None, message: SlackMessage, keys: list[str]
    ) -> None:
        where = Where(message.team_id, message.channel_id, message.reply_thread)
        async with self._apologising(client, where, "message", message.ts):
            if not await self._claimed(keys):
                return
            inbound = await to_inbound(
                message, client=client, directory=self.directory, bot_user_id=bot_user_id
            )
            outcome = await asyncio.to_thread(self.services.assistant.handle_message, inbound)
            await self._deliver(client, where, outcome)

    async def _edit(
        self, client: AsyncWebClient, bot_user_id: str | None, message: SlackMessage, keys: list[str]
    ) -> None:
        where = Where(message.team_id, message.channel_id, message.reply_thread)
        async with self._apologising(client, where, "edit", message.ts):
            if not await self._claimed(keys):
                return
            inbound = await to_inbound(
                message, client=client, directory=self.directory, bot_user_id=bot_user_id
            )
            outcome = await asyncio.to_thread(self.services.assistant.handle_edit, inbound)
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
        async with self._apologising(
            client, where, f"button {name}", message_ts, user_id=user_id, respond=respond
        ):
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
            await self._deliver_action(client, where, user_id, message_ts, outcome, respond)

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
        async with self._apologising(client, where, "command", None, user_id=user_id, respond=respond):
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
                await self._ephemeral(client, where, user_id, reply, respond)
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
        async with self._apologising(
            client, where, "shortcut", message.get("ts"), user_id=user_id, respond=respond
        ):
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
                await self._ephemeral(client, where, user_id, reply, respond)
            await self._refresh_homes(client, team_id, outcome)

    # --- sending --------------------------------------------------------------------------------

    async def _deliver(self, client: AsyncWebClient, where: Where, outcome: Outcome) -> None:
        for reply in outcome.replies:
            await self._post(client, where, reply)
        await self._refresh_homes(client, where.team_id, outcome)

    async def _deliver_action(
        self,
        client: AsyncWebClient,
        where: Where,
        user_id: str,
        message_ts: str | None,
        outcome: Outcome,
        respond: Respond | None,
    ) -> None:
        # A corrected confirmation (or the answer to "which deal?") takes the place of the
        # message whose button was pressed; anything else goes into the thread. Buttons on an
        # ephemeral message (only its viewer sees it) are answered through its response_url.
        for index, reply in enumerate(outcome.replies):
            replaces = index == 0 and reply.kind == "confirmation"
            if respond is not None:
                await respond(response_type="ephemeral", replace_original=replaces, **message_payload(reply))
            elif reply.kind == "error":
                await self._ephemeral(client, where, user_id, reply, None)
            elif replaces and message_ts and where.channel_id:
                await client.chat_update(channel=where.channel_id, ts=message_ts, **message_payload(reply))
            else:
                await self._post(client, where, reply)
        await self._refresh_homes(client, where.team_id, outcome)

    async def _post(self, client: AsyncWebClient, where: Where, reply: Reply) -> None:
        await client.chat_postMessage(
            channel=where.channel_id, thread_ts=where.thread_ts, **message_payload(reply)
        )

    async def _ephemeral(
        self, client: AsyncWebClient, where: Where, user_id: str, reply: Reply, respond: Respond | None
    ) -> None:
        payload = message_payload(reply)
        if respond is not None:
            await respond(response_type="ephemeral", replace_original=False, **payload)
        elif where.channel_id:
            await client.chat_postEphemeral(
                channel=where.channel_id, user=user_id, thread_ts=where.thread_ts, **payload
            )

    async def _refresh_homes(self, client: AsyncWebClient, team_id: str, outcome: Outcome) -> None:
        if outcome.changed_for:
            await self._publish_home(client, team_id, sorted(outcome.changed_for))

    async def _publish_home(self, client: AsyncWebClient, team_id: str, user_ids: Iterable[str]) -> None:
        for user_id in user_ids:
            try:
                person = await self.directory.person(client, team_id, user_id)
                home = await asyncio.to_thread(self.services.assistant.home, "slack", team_id, person)
                await client.views_publish(user_id=user_id, view=home_view(home))
            except Exception:
                log.exception("App Home publish failed: team=%s user=%s", team_id, user_id)

    # --- failures -------------------------------------------------------------------------------

    def _apologising(
        self,
        client: AsyncWebClient,
        where: Where,
        what: str,
        ts: str | None,
        *,
        user_id: str | None = None,
        respond: Respond | None = None,
    ) -> _Apology:
        return _Apology(self, client, where, what, ts, user_id, respond)

    def _when(self, ts: Any) -> datetime:
        try:
            return ts_to_datetime(str(ts)) if ts else self.services.clock.now()
        except ValueError:
            return self.services.clock.now()


class _Apology:
    """Logs a failure with its context and says sorry where the person is looking."""

    def __init__(
        self,
        bridge: SlackBridge,
        client: AsyncWebClient,
        where: Where,
        what: str,
        ts: str | None,
        user_id: str | None,
        respond: Respond | None,
    ) -> None:
        self.bridge, self.client, self.where, self.what = bridge, client, where, what
        self.ts, self.user_id, self.respond = ts, user_id, respond

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _tb: Any
    ) -> bool:
        if error is None or not isinstance(error, Exception):
            return False
        log.exception(
            "Slack %s failed: team=%s channel=%s ts=%s user=%s",
            self.what,
            self.where.team_id,
            self.where.channel_id,
            self.ts,
            self.user_id,
            exc_info=error,
        )
        sorry = Reply(text=APOLOGY, kind="error")
        try:
            if self.respond is not None and self.user_id:
                await self.bridge._ephemeral(self.client, self.where, self.user_id, sorry, self.respond)
            elif self.where.channel_id:
                await self.bridge._post(self.client, self.where, sorry)
        except Exception:
            log.exception("could not even apologise in %s", self.where)
        return True
