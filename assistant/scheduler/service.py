"""APScheduler 3 inside the serving process: a tick every minute (and one at start).

The job only wakes the tick up; what is due is decided by `run_due` from the database,
so APScheduler's in-memory job store (which cannot be shared between processes) holds
nothing that matters and a late or skipped tick loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from assistant.messages import Outbound
from assistant.scheduler.leader import Leadership
from assistant.scheduler.run import SchedulerServices, run_due
from assistant.settings import Settings

log = logging.getLogger(__name__)

TICK_SECONDS = 60


class SchedulerLoop:
    """Leads (or stands by) and runs what is due, one tick at a time."""

    def __init__(
        self, services: SchedulerServices, grace: timedelta, tick_seconds: float = TICK_SECONDS
    ) -> None:
        self.services = services
        self.grace = grace
        self.tick_seconds = tick_seconds
        self.leadership = Leadership(services.db.engine)
        self._scheduler: AsyncIOScheduler | None = None
        self._lock = asyncio.Lock()

    async def tick(self) -> list[Outbound]:
        """One run: lead if we can, then send what is due now. Never raises."""
        async with self._lock:
            try:
                if not await asyncio.to_thread(self.leadership.acquire):
                    return []
                now = self.services.clock.now()
                sent = await run_due(self.services, now, self.grace)
                crm = getattr(self.services, "crm", None)  # the CRM sync runs on the leader only
                if crm is not None:
                    sent += await crm.run(now, self.services.notifiers)
                return sent
            except Exception:
                log.exception("scheduler tick failed; the next tick tries again")
                return []

    def start(self) -> None:
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(
            self.tick,
            "interval",
            seconds=self.tick_seconds,
            id="nextstep-tick",
            next_run_time=datetime.now(UTC),  # once at start: catch up what was missed
            coalesce=True,  # after a stall, one tick, not a burst
            max_instances=1,
            misfire_grace_time=None,  # a late tick still runs; the grace window is ours (run_due)
        )
        scheduler.start()
        self._scheduler = scheduler

    async def stop(self) -> None:
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduler = None
        async with self._lock:
            await asyncio.to_thread(self.leadership.release)


SCHEDULER_KEY = web.AppKey("nextstep_scheduler", SchedulerLoop)


def attach_scheduler(
    web_app: web.Application, services: SchedulerServices, settings: Settings
) -> SchedulerLoop:
    """Run the scheduler with the server: started on startup, stopped (lock released) on cleanup."""
    loop = SchedulerLoop(services, timedelta(hours=settings.missed_run_grace_hours))
    web_app[SCHEDULER_KEY] = loop

    async def on_startup(_app: web.Application) -> None:
        loop.start()
        log.info("scheduler started (tick every %ss)", loop.tick_seconds)

    async def on_cleanup(_app: web.Application) -> None:
        await loop.stop()

    web_app.on_startup.append(on_startup)
    web_app.on_cleanup.append(on_cleanup)
    return loop
