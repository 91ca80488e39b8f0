"""`python -m bench.rss_probe URL WORKSPACE REP`: the RSS of a fresh process serving one workspace.

Builds what app.py builds (database, parser, assistant, and the modules of the web server, Slack,
Teams and the scheduler), freezes the start-up heap as `nextstep run` does, answers "Deal?", list
questions and updates for the workspace once its deal index has loaded, and prints RSS before and
after (target <= 250 MB serving 100,000 deals) and how long a full garbage collection takes then.
Run in its own process so the bench's seeding does not count.
"""

from __future__ import annotations

import gc
import random
import sys
import time
from datetime import UTC, datetime

from sqlalchemy import select

from assistant.deal_names import settle_heap
from assistant.messages import InboundMessage, Person
from assistant.ports import SystemClock
from assistant.services import Services
from bench.common import rss_mb
from storage.db import Database
from storage.models import Deal, Workspace
from storage.repositories import Deals

TARGET_MB = 250.0


def main(url: str, external: str, rep_id: str) -> None:
    import aiohttp.web  # noqa: F401  (what `nextstep run` imports too)

    import adapters.slack
    import adapters.teams  # noqa: F401
    import assistant.scheduler  # noqa: F401
    import ops.health  # noqa: F401

    services = Services.build(Database.from_url(url), clock=SystemClock())
    services.parser.parse("Hooli: sent the quote", now=datetime(2026, 11, 24, 10), tz="UTC")
    settle_heap()
    before = rss_mb()
    with services.db.unit_of_work() as session:
        ws = session.scalars(select(Workspace.id).where(Workspace.external_id == external)).one()
        names = list(session.scalars(select(Deal.name).where(Deal.workspace_id == ws).limit(5_000)))
    services.assistant.names.index(ws, lambda: _all_names(services, ws))
    rng = random.Random(5)
    rep = Person(rep_id, "Rep", "America/Chicago")
    texts = ["what's waiting on us?", "anything overdue?", "show me my pipeline"]
    for n in range(60):
        name = rng.choice(names)
        text = (
            texts[n % 3] if n % 4 == 3 else (f"{name}?" if n % 2 else f"{name}: I'll send the SOW by Friday")
        )
        services.assistant.handle_message(
            InboundMessage(
                platform="slack",
                workspace_id=external,
                channel_id="C0DEALS",
                message_id=f"rss-{n}",
                author=rep,
                text=text,
                sent_at=datetime.now(UTC),
            )
        )
    started = time.perf_counter()
    gc.collect()
    pause = time.perf_counter() - started
    after = rss_mb()
    deals = len(services.assistant.names.index(ws, list))
    ok = "ok" if after <= TARGET_MB else "MISSED"
    print(
        f"RSS serving {deals:,} deals: {after:.0f} MB (parser and app loaded: {before:.0f} MB; "
        f"deal index and the rest: {after - before:.0f} MB) [<= {TARGET_MB:.0f} MB: {ok}];"
        f" a full garbage collection then: {pause * 1000:.1f} ms"
    )


def _all_names(services: Services, ws: int) -> list[str]:
    with services.db.unit_of_work() as session:
        return Deals(session, ws).all_names()


if __name__ == "__main__":
    main(*sys.argv[1:4])
