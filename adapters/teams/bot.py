"""The Teams ActivityHandler: each activity becomes one call into the core, each reply a message.

Thin on purpose: translation in translate.py, rendering in cards.py, every decision in
the core. Replies go to the activity's own conversation, so a channel message is
answered in its reply chain.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, TypeVar

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import Activity, ActivityTypes, AdaptiveCardInvokeResponse

from adapters.teams import dedup
from adapters.teams.cards import adaptive_cards, reply_activities, reply_activity
from adapters.teams.references import ReferenceBook
from adapters.teams.translate import card_action, inbound_message, place_of, submitted_data
from assistant.messages import InboundMessage, Outcome, Reply
from ops.metrics import count_reply

if TYPE_CHECKING:
    from assistant.services import Services

log = logging.getLogger(__name__)

_T = TypeVar("_T")

# What the manifest's command list sends; they go to the core's command entry point.
COMMANDS = ("help", "my deals", "waiting on us", "undo", "settings")


def is_command(text: str) -> bool:
    """A Teams command-menu entry (`help`, `settings summary monday 9am`, ...)."""
    lowered = " ".join(text.lower().split())
    if lowered.startswith("/"):
        lowered = lowered[1:]
    if lowered.startswith("nextstep "):
        lowered = lowered[len("nextstep ") :]
    return lowered in COMMANDS or lowered.startswith("settings ")


WELCOME = (
    "Hi, I'm Nextstep. Tell me about your deals the way you'd tell a colleague, e.g. "
    "“Pied Piper: sent the proposal, they decide Friday”, and I keep track of the next step, "
    "who owns it (us or the prospect) and when it's due. Ask “Pied Piper?” or “what's waiting on us?” "
    "any time; type “help” for more."
)


class NextstepBot(TeamsActivityHandler):  # type: ignore[misc]
    """Routes Teams activities to the assistant core and sends its replies back."""

    def __init__(self, services: Services, book: ReferenceBook) -> None:
        super().__init__()
        self.services = services
        self.book = book

    async def _core(self, call: Callable[..., _T], *args: Any) -> _T:
        """The core is synchronous (database, parser): run it off the event loop."""
        return await asyncio.to_thread(call, *args)

    async def _send(self, turn_context: TurnContext, outcome: Outcome) -> None:
        for reply in outcome.replies:
            for activity in reply_activities(reply):  # a long list goes as several cards
                await count_reply("teams", turn_context.send_activity(activity))

    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        now = self.services.clock.now()
        once = activity.type in (ActivityTypes.message, ActivityTypes.invoke)
        if once and not await self._core(dedup.claim, self.services.db, activity, now):
            log.info("teams: ignoring a re-delivered %s %s", activity.type, activity.id)
            if activity.type == ActivityTypes.invoke:
                done = InvokeResponse(status=int(HTTPStatus.OK))
                await turn_context.send_activity(Activity(type=ActivityTypes.invoke_response, value=done))
            return
        removed = activity.type == ActivityTypes.installation_update and str(
            activity.action or ""
        ).startswith("remove")
        if not removed and activity.type in (
            ActivityTypes.message,
            ActivityTypes.conversation_update,
            ActivityTypes.installation_update,
        ):
            await self._core(self.book.remember, activity, now)
        await super().on_turn(turn_context)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        """Added to a team, a group chat or someone's personal chat: say hello and what to do."""
        if turn_context.activity.action == "add":  # not "add-upgrade": an update says nothing
            await count_reply("teams", turn_context.send_activity(WELCOME))

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        """Removed: forget how to reach that conversation (and the team's channels), so nothing
        is sent there again."""
        dropped = await self._core(self.book.forget, turn_context.activity)
        log.info(
            "teams: removed from %s; %d conversation references dropped",
            turn_context.activity.conversation.id,
            dropped,
        )

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        data = submitted_data(activity)
        if data is not None:
            await self._card_action(turn_context, data)
            return
        message = inbound_message(activity, self.services.clock.now())
        if not message.text:
            return  # an image, a sticker, an empty mention: nothing to understand
        assistant = self.services.assistant
        handle = assistant.handle_command if is_command(message.text) else assistant.handle_message
        await self._send(turn_context, await self._core(handle, message))

    async def on_message_update_activity(self, turn_context: TurnContext) -> None:
        message: InboundMessage = inbound_message(turn_context.activity, self.services.clock.now())
        if message.text:
            await self._send(turn_context, await self._core(self.services.assistant.handle_edit, message))

    async def on_message_delete_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if not activity.id:
            return
        where = place_of(activity)
        outcome = await self._core(
            self.services.assistant.handle_delete, "teams", where.workspace_id, activity.id
        )
        await self._send(turn_context, outcome)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        """Universal Actions (Action.Execute): the card is refreshed with the core's first reply."""
        activity = turn_context.activity
        data = submitted_data(activity)
        if activity.name != "adaptiveCard/action" or data is None:
            return await super().on_invoke_activity(turn_context)
        action = card_action(activity, data, self.services.clock.now())
        if action is None:
            return InvokeResponse(status=int(HTTPStatus.BAD_REQUEST))
        outcome = await self._core(self.services.assistant.handle_action, action)
        first, rest = (outcome.replies[0], outcome.replies[1:]) if outcome.replies else (None, [])
        await self._send(turn_context, Outcome(replies=list(rest)))
        body = AdaptiveCardInvokeResponse(
            status_code=int(HTTPStatus.OK),
            type="application/vnd.microsoft.card.adaptive",
            value=adaptive_cards(first)[0] if first is not None else None,
        )
        return InvokeResponse(status=int(HTTPStatus.OK), body=body)

    async def _card_action(self, turn_context: TurnContext, data: dict[str, Any]) -> None:
        """A corrected confirmation takes the place of the pressed card; anything else is a reply."""
        action = card_action(turn_context.activity, data, self.services.clock.now())
        if action is None:
            log.warning("teams: card submit without an action name: %r", data)
            return
        outcome = await self._core(self.services.assistant.handle_action, action)
        replies = list(outcome.replies)
        corrected = replies and replies[0].kind == "confirmation" and action.message_id
        if corrected and await self._replace(turn_context, str(action.message_id), replies[0]):
            replies = replies[1:]
        await self._send(turn_context, Outcome(replies=replies))

    async def _replace(self, turn_context: TurnContext, message_id: str, reply: Reply) -> bool:
        """Update the card `message_id` in place; False (logged) when Teams refuses."""
        updated = reply_activity(reply)
        updated.id = message_id
        try:
            await turn_context.update_activity(updated)
        except Exception:
            log.warning("teams: could not update card %s; replying instead", message_id, exc_info=True)
            return False
        return True
