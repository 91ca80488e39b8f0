"""Teams messages that arrived while the database was down: kept in a local spool, replayed later.

The bot (bot.py) appends such an activity to the spool and tells the person the truth
("I can't reach the pipeline right now; I'll record this as soon as I can") before the Bot
Connector gets its answer. When the database is back, each one is handled as if it had just
arrived, in a turn opened with `continue_conversation`, and answered in its reply chain.
A message that cannot be handled although the database answers is parked, not retried forever
in front of the others (see `SpoolReplay`).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from botbuilder.core import ActivityHandler, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity

from adapters.durable.readiness import Readiness
from adapters.durable.spool import Spool
from assistant.formatting import quote
from ops.metrics import EVENTS_FAILED
from storage.db import Database

log = logging.getLogger(__name__)

REPLAY_SECONDS = 1.0
ATTEMPTS = 3  # a message that fails this often in a row, the database answering, is parked
PARKED_NOTICE = (
    "Sorry, I couldn't record your message {quoted} that was waiting for the pipeline, "
    "so nothing of it was saved. Please send it again."
)

ADDRESS = ("type", "id", "serviceUrl", "channelId", "conversation", "from", "recipient", "text")


def parked_path(spool: Spool) -> Path:
    """Where messages that could not be handled are kept for a person to look at: beside the spool."""
    path = spool.path
    return path.with_name(f"{path.stem}-parked{path.suffix}")


class SpoolReplay:
    """Replays spooled activities through the bot once the database answers again.

    One that keeps failing while the database answers (a poison message) does not hold up the
    ones behind it: after `ATTEMPTS` tries it is parked in `…-parked.jsonl` with its error,
    logged and counted as a failed event, its author is told it was not recorded, and the
    replay goes on with the next one.
    """

    def __init__(
        self,
        db: Database,
        spool: Spool,
        readiness: Readiness,
        adapter: CloudAdapter,
        app_id: str | None,
        bot: ActivityHandler,
    ) -> None:
        self.db = db
        self.spool = spool
        self.parked = Spool(parked_path(spool))
        self.readiness = readiness
        self.adapter = adapter
        self.app_id = app_id
        self.bot = bot

    async def run(self) -> None:
        while True:
            try:
                await self.replay()
            except Exception:
                log.warning("teams: could not replay the spool yet", exc_info=True)
            await asyncio.sleep(REPLAY_SECONDS)

    async def replay(self) -> int:
        """Handle what the spool kept, oldest first; how many left it (handled or parked)."""
        records = await asyncio.to_thread(self.spool.take)
        if not records or not await asyncio.to_thread(self.db.reachable):
            return 0
        self.readiness.database_up()  # a message that finds it gone again says so (bot.py)
        done = 0
        try:
            for record in records:
                if not await self._handled(record):
                    self.readiness.database_down()
                    break  # the database went away again: the rest waits, in order
                done += 1
                if self.readiness.is_database_down:
                    break  # that one went back into the spool: so would the rest
        finally:
            if done:
                await asyncio.to_thread(self.spool.forget, done)
                log.info("teams: %s message(s) kept while the database was down left the spool", done)
        return done

    async def _handled(self, record: dict[str, Any]) -> bool:
        """Handle one record (or park it after `ATTEMPTS` failures); False when the database is down."""
        error: Exception | None = None
        for _attempt in range(ATTEMPTS):
            try:
                await self._replay(Activity().deserialize(record["activity"]))
                return True
            except Exception as failure:
                error = failure
                if not await asyncio.to_thread(self.db.reachable):
                    return False
        assert error is not None
        await self._park(record, error)
        return True

    async def _park(self, record: dict[str, Any], error: Exception) -> None:
        activity = record.get("activity") if isinstance(record, dict) else None
        activity_id = activity.get("id") if isinstance(activity, dict) else None
        log.error(
            "teams: spooled message %s failed %s times with the database up; parked in %s",
            activity_id,
            ATTEMPTS,
            self.parked.path,
            exc_info=error,
        )
        EVENTS_FAILED.labels("teams", "message").inc()
        parked = {"record": record, "error": f"{type(error).__name__}: {error}"[:2000]}
        await asyncio.to_thread(self.parked.append, parked)
        if isinstance(activity, dict):
            await self._tell_author(activity)

    async def _tell_author(self, raw: dict[str, Any]) -> None:
        """Best effort: the author was told it would be recorded; now they learn it was not."""
        try:
            # Only what addresses the reply: the field that made the message fail may be elsewhere.
            activity = Activity().deserialize({k: raw[k] for k in ADDRESS if k in raw})
            reference = TurnContext.get_conversation_reference(activity)
            text = (activity.text or "").strip()
            quoted = f"“{quote(text, 80)}”" if text else ""
            notice = " ".join(PARKED_NOTICE.format(quoted=quoted).split())

            async def tell(context: TurnContext) -> None:
                context.activity.id = activity.id  # in the message's reply chain
                await context.send_activity(notice)

            await self.adapter.continue_conversation(reference, tell, bot_app_id=self.app_id)
        except Exception:
            log.warning("teams: could not tell the author of parked message %s", raw.get("id"), exc_info=True)

    async def _replay(self, activity: Activity) -> None:
        reference = TurnContext.get_conversation_reference(activity)

        async def handle(context: TurnContext) -> None:
            replay = TurnContext(self.adapter, activity)
            state: dict[str, Any] = context.turn_state
            for key, value in state.items():
                replay.turn_state[key] = value
            await self.bot.on_turn(replay)

        await self.adapter.continue_conversation(reference, handle, bot_app_id=self.app_id)
