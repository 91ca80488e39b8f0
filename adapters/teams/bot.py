"""The Teams ActivityHandler: each activity becomes one call into the core, each reply a message.

Thin on purpose: translation in translate.py, rendering in cards.py, every decision in
the core. Replies go to the activity's own conversation, so a channel message is
answered in its reply chain.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, TypeVar

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import ActivityTypes, AdaptiveCardInvokeResponse

from adapters.durable.readiness import Readiness
from adapters.durable.spool import Spool
from adapters.teams import dedup
from adapters.teams.cards import adaptive_cards, reply_activity, send_reply
from adapters.teams.outbox import PLATFORM, TeamsOutbox, reply_sends
from adapters.teams.references import ReferenceBook
from adapters.teams.translate import card_action, inbound_message, place_of, submitted_data
from assistant.messages import InboundMessage, Outcome, Reply
from ops.metrics import count_reply
from storage import outbox
from storage.inbound import claim_in
from storage.outbox import OutboxItem

if TYPE_CHECKING:
    from assistant.services import Services

log = logging.getLogger(__name__)

_T = TypeVar("_T")
DATABASE_DOWN = "I can't reach the pipeline right now; I'll record this as soon as I can."
# Kept in the spool while the database is down (a card submit is a message too). An invoke is
# not: its answer is the card itself, so it gets the apology and is pressed again.
SPOOLED = (ActivityTypes.message, ActivityTypes.message_update, ActivityTypes.message_delete)
STORED = "nextstep.stored"  # turn state: what this activity changed is committed
ONCE = (ActivityTypes.message, ActivityTypes.invoke)  # handled at most once, however often delivered

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


@dataclass
class Handled:
    """The core's outcome for one activity and its replies as kept in the outbox (none after a failure)."""

    outcome: Outcome
    items: list[OutboxItem]
    stored: bool = False  # committed with its ledger key (False after a failure: nothing kept)
    failed: bool = False  # the core failed inside (it answered with an apology)


class DatabaseUnreachable(RuntimeError):
    """The core failed because the database is out of reach: the activity goes to the spool."""


WELCOME = (
    "Hi, I'm Nextstep. Tell me about your deals the way you'd tell a colleague, e.g. "
    "“Pied Piper: sent the proposal, they decide Friday”, and I keep track of the next step, "
    "who owns it (us or the prospect) and when it's due. Ask “Pied Piper?” or “what's waiting on us?” "
    "any time; type “help” for more."
)


class NextstepBot(TeamsActivityHandler):  # type: ignore[misc]
    """Routes Teams activities to the assistant core and sends its replies back.

    Each activity is handled in one transaction: the re-delivery ledger, what the core changed
    and the replies (in the outbox) commit together, so a crash before the HTTP answer leaves
    nothing half done and the Bot Connector's retry is handled as new. Replies then go out in
    the open turn; one the connector refuses waits in the outbox and is retried (outbox.py).
    """

    def __init__(
        self,
        services: Services,
        book: ReferenceBook,
        kept: TeamsOutbox,
        spool: Spool | None = None,
        readiness: Readiness | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.book = book
        self.kept = kept
        self.spool = spool
        self.readiness = readiness or Readiness()

    async def _core(self, call: Callable[..., _T], *args: Any) -> _T:
        """The core is synchronous (database, parser): run it off the event loop."""
        return await asyncio.to_thread(call, *args)

    async def _handle(
        self, turn_context: TurnContext, call: Callable[..., Outcome], *args: Any
    ) -> Handled | None:
        """Run a core call for this activity in one transaction with its ledger key and replies.

        None for a re-delivery already handled; a failure inside is answered but keeps nothing,
        unless the database is out of reach: then DatabaseUnreachable, and on_turn spools it.
        """
        activity = turn_context.activity
        key = dedup.activity_key(activity) if activity.type in ONCE else None

        def apply() -> Handled | None:
            now = self.kept.clock.now()
            with self.services.db.one_unit() as unit:
                outcome = call(*args)
                if unit.error is not None:
                    pass  # rolled back; the core's apology is sent without being kept
                elif key is not None and not claim_in(unit.session, dedup.PLATFORM, [key], now):
                    unit.discard()
                    return None
                else:
                    items = outbox.add(
                        unit.session,
                        platform=PLATFORM,
                        workspace=place_of(activity).workspace_id,
                        conversation=place_of(activity).conversation_id,
                        sends=reply_sends(activity, outcome.replies),
                        now=now,
                        held_until=self.kept.hold_until(),
                    )
                    return Handled(outcome, items, stored=True)
            return Handled(outcome, [], failed=True)

        handled = await asyncio.to_thread(apply)
        if (
            handled is not None
            and handled.failed
            and self.spool is not None
            and activity.type in SPOOLED
            and not await asyncio.to_thread(self.services.db.reachable)
        ):
            raise DatabaseUnreachable(f"{activity.type} {activity.id}")  # kept for later, not apologised for
        if handled is not None and handled.stored:
            turn_context.turn_state[STORED] = True  # a failure from here on must not ask for it again
        if handled is None:
            log.info("teams: ignoring a re-delivered %s %s", activity.type, activity.id)
        return handled

    async def _send(self, turn_context: TurnContext, handled: Handled | None, skip: int = 0) -> None:
        """Send the replies after the first `skip` (shown otherwise), marking those kept as sent."""
        if handled is None:
            return
        replies = handled.outcome.replies
        if not handled.items:  # a failure's apology: nothing was kept
            for reply in replies[skip:]:
                await send_reply(turn_context, reply)
            return
        if skip:
            await self.kept.mark_sent([item.id for item in handled.items[:skip]])
        await self.kept.deliver(turn_context, handled.items[skip:], replies[skip:])

    async def on_turn(self, turn_context: TurnContext) -> None:
        try:
            await self._turn(turn_context)
        except Exception:
            activity = turn_context.activity
            if (
                self.spool is None
                or activity.type not in SPOOLED
                or turn_context.turn_state.get(STORED)  # recorded already: nothing to keep for later
                or await asyncio.to_thread(self.services.db.reachable)
            ):
                raise
            await self._keep_for_later(turn_context)

    async def _keep_for_later(self, turn_context: TurnContext) -> None:
        """The database is down: keep the message (an edit, a deletion) in the spool and tell them
        it will be recorded."""
        assert self.spool is not None
        activity = turn_context.activity
        self.readiness.database_down()
        await asyncio.to_thread(self.spool.append, {"activity": activity.serialize()})
        log.warning("teams: the database is out of reach; message %s waits in the spool", activity.id)
        message = inbound_message(activity, self.services.clock.now())
        is_personal = place_of(activity).kind == "personal"
        if submitted_data(activity) is not None or is_personal or self._means_something(message.text):
            try:
                await turn_context.send_activity(DATABASE_DOWN)
            except Exception:
                log.warning("teams: could not say that message %s waits", activity.id, exc_info=True)

    def _means_something(self, text: str) -> bool:
        parsed = self.services.parser.parse(text, now=self.services.clock.now(), tz="UTC")
        return parsed.intent != "other"

    async def _turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        now = self.services.clock.now()
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
        await self._send(turn_context, await self._handle(turn_context, handle, message))

    async def on_message_update_activity(self, turn_context: TurnContext) -> None:
        message: InboundMessage = inbound_message(turn_context.activity, self.services.clock.now())
        if message.text:
            handled = await self._handle(turn_context, self.services.assistant.handle_edit, message)
            await self._send(turn_context, handled)

    async def on_message_delete_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if not activity.id:
            return
        where = place_of(activity)
        handled = await self._handle(
            turn_context, self.services.assistant.handle_delete, "teams", where.workspace_id, activity.id
        )
        await self._send(turn_context, handled)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        """Universal Actions (Action.Execute): the card is refreshed with the core's first reply."""
        activity = turn_context.activity
        data = submitted_data(activity)
        if activity.name != "adaptiveCard/action" or data is None:
            return await super().on_invoke_activity(turn_context)
        action = card_action(activity, data, self.services.clock.now())
        if action is None:
            return InvokeResponse(status=int(HTTPStatus.BAD_REQUEST))
        handled = await self._handle(turn_context, self.services.assistant.handle_action, action)
        if handled is None:
            return InvokeResponse(status=int(HTTPStatus.OK))  # a re-delivery, answered before
        replies = handled.outcome.replies
        first = replies[0] if replies else None
        await self._send(turn_context, handled, skip=1 if first is not None else 0)
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
        handled = await self._handle(turn_context, self.services.assistant.handle_action, action)
        if handled is None:
            return
        replies = handled.outcome.replies
        corrected = replies and replies[0].kind == "confirmation" and action.message_id
        replaced = bool(corrected) and await self._replace(turn_context, str(action.message_id), replies[0])
        await self._send(turn_context, handled, skip=1 if replaced else 0)

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
