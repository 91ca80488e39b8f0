"""Teams messages that arrived while the database was down: kept in a local spool, replayed later.

The bot (bot.py) appends such an activity to the spool and tells the person the truth
("I can't reach the pipeline right now; I'll record this as soon as I can") before the Bot
Connector gets its answer. When the database is back, each one is handled as if it had just
arrived, in a turn opened with `continue_conversation`, and answered in its reply chain.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from botbuilder.core import ActivityHandler, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity

from adapters.durable.readiness import Readiness
from adapters.durable.spool import Spool
from storage.db import Database

log = logging.getLogger(__name__)

REPLAY_SECONDS = 1.0


class SpoolReplay:
    """Replays spooled activities through the bot once the database answers again."""

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
        """Handle what the spool kept, oldest first; how many were handled."""
        records = await asyncio.to_thread(self.spool.take)
        if not records or not await asyncio.to_thread(self.db.reachable):
            return 0
        done = 0
        try:
            for record in records:
                await self._replay(Activity().deserialize(record["activity"]))
                done += 1
        finally:
            if done:
                await asyncio.to_thread(self.spool.forget, done)
                log.info("teams: replayed %s message(s) kept while the database was down", done)
        self.readiness.database_up()
        return done

    async def _replay(self, activity: Activity) -> None:
        reference = TurnContext.get_conversation_reference(activity)

        async def handle(context: TurnContext) -> None:
            replay = TurnContext(self.adapter, activity)
            state: dict[str, Any] = context.turn_state
            for key, value in state.items():
                replay.turn_state[key] = value
            await self.bot.on_turn(replay)

        await self.adapter.continue_conversation(reference, handle, bot_app_id=self.app_id)
