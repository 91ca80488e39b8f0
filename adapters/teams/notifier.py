"""Proactive messages in Teams: summaries and reminders through stored conversation references."""

from __future__ import annotations

import asyncio
import logging

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import (
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)

from adapters.teams.cards import reply_activities
from adapters.teams.references import ReferenceBook
from assistant.messages import Outbound, Platform, Reply
from assistant.ports import Clock

log = logging.getLogger(__name__)


class NoConversationError(LookupError):
    """Teams never told us how to reach that channel or person (the app is not installed there)."""


class TeamsNotifier:
    """Sends what the core decided to say by itself, via `continue_conversation` with the bot's app id."""

    platform: Platform = "teams"

    def __init__(self, adapter: CloudAdapter, book: ReferenceBook, clock: Clock, app_id: str | None) -> None:
        self.adapter = adapter
        self.book = book
        self.clock = clock
        self.app_id = app_id

    async def send(self, outbound: Outbound) -> None:
        """Post `outbound.reply` to its channel, or to its person's personal chat (opened if needed)."""
        target = outbound.target
        if target.kind == "channel":
            reference = await asyncio.to_thread(self.book.for_conversation, outbound.workspace_id, target.id)
            if reference is None:
                raise NoConversationError(f"no Teams conversation stored for channel {target.id!r}")
            await self._continue(reference, outbound.reply)
            return
        personal, member = await asyncio.to_thread(self.book.for_person, outbound.workspace_id, target.id)
        if personal is not None:
            await self._continue(personal, outbound.reply)
        elif member is not None:
            await self._open_personal_chat(outbound.workspace_id, target.id, member, outbound.reply)
        else:
            raise NoConversationError(f"no way to reach Teams user {target.id!r} yet")
        log.info("teams: sent %s to %s %s", outbound.key, target.kind, target.id)

    async def _continue(self, reference: ConversationReference, reply: Reply) -> None:
        async def post(turn_context: TurnContext) -> None:
            # A new message in the conversation, not a reply to the synthetic continuation event.
            turn_context.activity.id = None
            for activity in reply_activities(reply):  # a 500-deal summary goes as several cards
                await turn_context.send_activity(activity)

        await self.adapter.continue_conversation(reference, post, bot_app_id=self.app_id)

    async def _open_personal_chat(
        self, tenant_id: str, person_id: str, member: ConversationReference, reply: Reply
    ) -> None:
        """Create the 1:1 chat with someone seen in a channel, send the reply, keep its reference."""
        user = member.user or ChannelAccount()
        parameters = ConversationParameters(
            is_group=False,
            bot=member.bot,
            members=[ChannelAccount(id=user.id, name=user.name)],
            tenant_id=tenant_id,
            channel_data={"tenant": {"id": tenant_id}},
        )

        async def post(turn_context: TurnContext) -> None:
            conversation = turn_context.activity.conversation
            turn_context.activity.id = None
            for activity in reply_activities(reply):
                await turn_context.send_activity(activity)
            personal = ConversationReference(
                bot=member.bot,
                user=user,
                conversation=ConversationAccount(
                    id=conversation.id, conversation_type="personal", tenant_id=tenant_id
                ),
                channel_id=member.channel_id,
                service_url=member.service_url,
            )
            await asyncio.to_thread(
                self.book.remember_personal, tenant_id, person_id, personal, self.clock.now()
            )

        await self.adapter.create_conversation(
            self.app_id,
            post,
            conversation_parameters=parameters,
            channel_id=member.channel_id,
            service_url=member.service_url,
        )
