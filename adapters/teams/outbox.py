"""Teams replies kept in the outbox with the update they answer, sent at once and retried later.

A reply the Bot Connector refuses while the request is open (a 5xx, a 429, no connection)
stays in the outbox and goes out later through `continue_conversation`, in the same reply
chain, with backoff; nobody is asked to send again what was already stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity

from adapters.teams.cards import send_reply
from adapters.teams.references import from_json, to_json
from assistant.messages import Reply
from assistant.ports import Clock, SystemClock
from assistant.scheduler.codec import reply_from_json, reply_to_json
from assistant.scheduler.retry import backoff, is_transient, retry_after
from storage import outbox
from storage.db import Database
from storage.outbox import OutboxItem

log = logging.getLogger(__name__)

PLATFORM = "teams"
METHOD = "teams.reply"
HOLD = timedelta(seconds=30)
POLL_SECONDS = 1.0
KEEP_SENT = timedelta(days=7)
PRUNE_EVERY = 3600.0


def reply_sends(activity: Activity, replies: Sequence[Reply]) -> list[tuple[str, dict[str, Any]]]:
    """What the outbox keeps per reply: the reply and how to reach the activity's reply chain."""
    reference = to_json(TurnContext.get_conversation_reference(activity))
    return [(METHOD, {"reference": reference, "reply": reply_to_json(reply)}) for reply in replies]


class TeamsOutbox:
    """Sends kept replies: through the open turn first, later through continue_conversation."""

    def __init__(self, db: Database, adapter: CloudAdapter, app_id: str | None) -> None:
        self.db = db
        self.adapter = adapter
        self.app_id = app_id
        self.clock: Clock = SystemClock()

    def hold_until(self) -> Any:
        return self.clock.now() + HOLD

    async def deliver(
        self, turn_context: TurnContext, items: Sequence[OutboxItem], replies: Sequence[Reply]
    ) -> None:
        """Send `replies` (kept as `items`) in the open turn; what fails waits in the outbox."""
        sent: list[int] = []
        for index, (item, reply) in enumerate(zip(items, replies, strict=True)):
            try:
                await send_reply(turn_context, reply)
            except Exception as error:
                await self._later(items[index:], error)
                break
            sent.append(item.id)
        await self.mark_sent(sent)

    async def mark_sent(self, ids: Sequence[int]) -> None:
        """Mark replies sent; a database failure here is logged, never raised into the turn.

        The update they answer is committed already: an error now would end in an apology that
        invites sending it again. Unmarked, a reply goes out once more after `HOLD` instead.
        """
        if not ids:
            return
        try:
            await asyncio.to_thread(outbox.mark_sent, self.db, list(ids), self.clock.now())
        except Exception:
            log.warning(
                "teams: replies %s were sent but not marked; they may be sent again", ids, exc_info=True
            )

    async def run(self) -> None:
        """Forever: send kept replies whose time has come (and forget those sent a week ago)."""
        pruned_at = 0.0
        while True:
            try:
                await self.send_due()
                if time.monotonic() - pruned_at > PRUNE_EVERY:
                    pruned_at = time.monotonic()
                    await asyncio.to_thread(outbox.prune, self.db, PLATFORM, self.clock.now() - KEEP_SENT)
            except Exception:
                log.warning("teams: the outbox could not be read; trying again", exc_info=True)
            await asyncio.sleep(POLL_SECONDS)

    async def send_due(self) -> None:
        now = self.clock.now()
        items = await asyncio.to_thread(outbox.due, self.db, PLATFORM, now, now + HOLD)
        waiting: set[str] = set()
        for item in items:
            if item.conversation in waiting:
                await asyncio.to_thread(
                    outbox.retry_later, self.db, item.id, now, "waits for an earlier reply"
                )
                continue
            try:
                await self._continue(item)
            except Exception as error:
                waiting.add(item.conversation)
                await self._later([item], error)
                continue
            await asyncio.to_thread(outbox.mark_sent, self.db, [item.id], self.clock.now())

    async def _continue(self, item: OutboxItem) -> None:
        reference = from_json(item.payload["reference"])
        reply = reply_from_json(item.payload["reply"])

        async def post(turn_context: TurnContext) -> None:
            # A reply to the message it answers (the continuation event has an id of its own).
            turn_context.activity.id = reference.activity_id
            await send_reply(turn_context, reply)

        await self.adapter.continue_conversation(reference, post, bot_app_id=self.app_id)

    async def _later(self, items: Sequence[OutboxItem], error: BaseException) -> None:
        first = items[0]
        if not is_transient(error) and first.attempts >= 2:
            log.error("teams: a reply was refused for good (outbox %s): %s", first.id, error)
            await asyncio.to_thread(outbox.mark_failed, self.db, first.id, str(error))
            items = items[1:]
        wait = retry_after(error) or backoff(first.attempts)
        until = self.clock.now() + timedelta(seconds=wait)
        log.warning(
            "teams: a reply is not sent yet (attempt %s, again in %.1fs): %s", first.attempts + 1, wait, error
        )
        for item in items:
            with contextlib.suppress(Exception):
                await asyncio.to_thread(outbox.retry_later, self.db, item.id, until, str(error))
