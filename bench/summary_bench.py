"""The weekly summary alone (`python -m bench summary`): 10k and 100k deals with ~10 updates each,
on SQLite and, when NEXTSTEP_TEST_POSTGRES_URL is set, PostgreSQL.

`make bench` measures it inside the core bench (same databases, no second seeding); this module is
for working on the summary alone. Also times one scheduler tick's "what is due" pass at the
workspace's summary slot. Targets: <= 0.3 s at 10k, <= 1 s at 100k; each figure is printed with
its ratio to a primary-key select timed in the same rounds.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from assistant.scheduler.run import DEFAULT_GRACE, collect_due
from bench import corpus
from bench.common import database, dialects, sizes
from bench.core_bench import _summary
from bench.seed import seed
from storage.db import Database


def _names(count: int, _workspace: int) -> list[str]:
    return corpus.distinct_names(count)


def run() -> None:
    now = datetime.now(UTC)
    for dialect in dialects():
        for count in sizes((10_000, 100_000), (10_000,)):
            with tempfile.TemporaryDirectory() as tmp, database(dialect, Path(tmp), f"summary{count}") as url:
                _one(dialect, url, count, now)


def _one(dialect: str, url: str, count: int, now: datetime) -> None:
    seeded = seed(url, partial(_names, count), deals=count, now=now)
    print(f"   {dialect}: {count:,} deals, {seeded.updates:,} updates")
    db = Database.from_url(url)
    try:
        _summary(db, seeded.workspaces[0][0], count, now)
        started = time.perf_counter()
        due = collect_due(db, now, DEFAULT_GRACE, {"slack"})
        print(f"   one tick's due pass: {(time.perf_counter() - started) * 1000:.0f} ms, {len(due)} due")
    finally:
        db.engine.dispose()


if __name__ == "__main__":
    run()
