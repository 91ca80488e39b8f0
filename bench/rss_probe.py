"""`python -m bench.rss_probe URL WORKSPACE REP`: the RSS of a fresh process serving one workspace.

Builds what app.py builds (database, parser, assistant), answers "Deal?", list questions and updates
for the workspace so its deal index is loaded, and prints RSS before and after (target <= 250 MB
serving 100,000 deals). Run in its own process so the bench's seeding does not count.
"""

from __future__ import annotations

import gc
import random
import sys
from datetime import UTC, datetime

from sqlalchemy import select

from assistant.messages import InboundMessage, Person
from assistant.ports import SystemClock
from assistant.services import Services
from bench.common import rss_mb
from storage.db import Database
from storage.models import Deal, Workspace

TARGET_MB = 250.0


def main(url: str, external: str, rep_id: str) -> None:
    services = Services.build(Database.from_url(url), clock=SystemClock())
    services.parser.parse("Hooli: sent the quote", now=datetime(2026, 11, 24, 10), tz="UTC")
    before = rss_mb()
    with services.db.unit_of_work() as session:
        ws = session.scalars(select(Workspace.id).where(Workspace.external_id == external)).one()
        names = list(session.scalars(select(Deal.name).where(Deal.workspace_id == ws).limit(5_000)))
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
    gc.collect()
    after = rss_mb()
    deals = len(services.assistant.names.index(ws, list))
    ok = "ok" if after <= TARGET_MB else "MISSED"
    print(
        f"RSS serving {deals:,} deals: {after:.0f} MB (parser and app loaded: {before:.0f} MB; "
        f"deal index and the rest: {after - before:.0f} MB) [<= {TARGET_MB:.0f} MB: {ok}]"
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
