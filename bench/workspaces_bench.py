"""A thousand workspaces of a thousand deals in one process: deal indexes loaded lazily, evicted LRU.

One SQLite database holds 1,000 workspaces x 1,000 deals (quick mode: 100), each workspace with
names of its own; the real Assistant, with the default budget (NEXTSTEP_DEAL_INDEX_MB, 192 MB),
answers "Deal?" for a random deal of a random workspace, so many questions land on a workspace whose
deal index is not in memory (loaded from the database, the least recently used evicted). Prints
p50/p99 against the floor (a primary-key select), how many indexes were loaded and evicted, their
estimated size, and the RSS of the serving process (a fresh one, so the seeding does not count;
target <= 400 MB; the start-up heap frozen as `nextstep run` does).
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from assistant.core import Assistant
from assistant.deal_names import DealNames, budget_from_env, settle_heap
from assistant.messages import InboundMessage, Person
from assistant.ports import SystemClock
from bench import corpus
from bench.common import Stats, pick, rss_mb, timed, verdict
from bench.seed import seed
from nlp import MessageParser
from storage.db import Database
from storage.models import Deal, Workspace

DEALS = 1_000
ASK_LABEL = '"Deal?" in a random workspace'
RSS_TARGET_MB = 400.0


def run() -> None:
    workspaces = pick(1_000, 100)
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'many.db'}"
        started = time.perf_counter()
        seeded = seed(
            url,
            lambda w: corpus.distinct_names(DEALS, seed=1_000 + w),
            deals=DEALS,
            workspaces=workspaces,
            updates_per_deal=1,
            now=now,
        )
        print(
            f"   {workspaces:,} workspaces x {DEALS:,} deals seeded in {time.perf_counter() - started:.0f} s"
        )
        del seeded
        # Served by a fresh process, as `nextstep run` would: the seeding (and any bench run before this
        # one in `make bench`) leaves a heap that is no part of a server's RSS.
        result = subprocess.run(
            [sys.executable, "-m", "bench.workspaces_bench", "serve", url],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parent.parent,
        )
        if result.returncode != 0:
            print(f"   serving failed: {result.stderr.strip()[-500:]}")
        print(result.stdout.rstrip())


def serve(url: str) -> None:
    """Answer the questions in this process, against the seeded database at `url`."""
    db = Database.from_url(url)
    try:
        with db.unit_of_work() as session:
            workspaces = [
                (w.id, w.external_id) for w in session.scalars(select(Workspace).order_by(Workspace.id))
            ]
        _serve(db, workspaces)
    finally:
        db.engine.dispose()


def _serve(db: Database, workspaces: list[tuple[int, str]]) -> None:
    assistant = Assistant(db, MessageParser(), SystemClock())
    assistant.names = DealNames(budget_bytes=budget_from_env())
    rep = Person("U001", "Rep 1", "America/Chicago")
    with db.unit_of_work() as session:
        some = {
            ws: list(session.scalars(select(Deal.name).where(Deal.workspace_id == ws).limit(50)))
            for ws, _ext in workspaces
        }
        ids = list(session.scalars(select(Deal.id).limit(5_000)))
    rng = random.Random(8)
    asks = [rng.choice(workspaces) for _ in range(pick(1_500, 300))]

    def ask(n: int) -> None:
        ws, external = asks[n]
        msg = InboundMessage(
            platform="slack",
            workspace_id=external,
            channel_id="C0DEALS",
            message_id=f"many-{n}-{time.perf_counter_ns()}",
            author=rep,
            text=f"{rng.choice(some[ws])}?",
            sent_at=datetime.now(UTC),
        )
        outcome = assistant.handle_message(msg)
        assert outcome.replies and outcome.replies[0].kind == "answer", outcome.replies

    def floor_call(n: int) -> None:
        with db.unit_of_work() as session:
            session.get(Deal, ids[n % len(ids)])
            session.expunge_all()

    settle_heap()
    ask(0)
    before = rss_mb()
    floor = Stats.of(timed(floor_call, 300))
    answers = Stats.of(timed(ask, len(asks)))
    cache = assistant.names
    print(f"   {'floor: primary-key select':<30} {floor.line()}")
    print(f"   {ASK_LABEL:<30} {answers.line(floor)}")
    after = rss_mb()
    print(
        f"   deal indexes: {cache.loads:,} loaded, {cache.evictions:,} evicted, {len(cache)} in memory"
        f" (~{cache.estimated_bytes / 2**20:.0f} MB estimated, budget {cache.budget / 2**20:.0f} MB);"
        f" RSS {after:.0f} MB ({after - before:+.0f} MB while serving)"
        f" [<= {RSS_TARGET_MB:.0f} MB: {verdict(after <= RSS_TARGET_MB)}]"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2])
    else:
        run()
