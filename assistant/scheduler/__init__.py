"""The assistant that speaks first: weekly summaries, follow-ups and the parking lot, sent once.

- `run_due(services, now)` (run.py): what is due at `now`, claimed in `deliveries`, sent, marked;
- `attach_scheduler(web_app, services, settings)` (service.py): APScheduler ticking inside the server,
  with one leader across replicas (leader.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiohttp import web

    from assistant.scheduler.run import SchedulerServices
    from assistant.scheduler.service import SchedulerLoop
    from assistant.settings import Settings


def attach_scheduler(
    web_app: web.Application, services: SchedulerServices, settings: Settings
) -> SchedulerLoop:
    """See assistant/scheduler/service.py (imported lazily: followups only need the slot maths)."""
    from assistant.scheduler.service import attach_scheduler as attach

    return attach(web_app, services, settings)


def __getattr__(name: str) -> Any:
    if name == "run_due":
        from assistant.scheduler.run import run_due

        return run_due
    raise AttributeError(name)
