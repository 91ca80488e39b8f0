"""What every bench shares: quick mode, the databases to run on, percentiles, ratios to a floor, RSS.

Every figure is printed beside a floor measured in the same run on the same machine (a primary-key
select, spaCy's tokenizer, a Bolt app that only acks), so a busy or a fast machine moves both and
the ratio stays comparable between runs. Latencies are medians and p99s of every sample, never the
best of several rounds.

NEXTSTEP_BENCH_QUICK=1: smaller sizes and shorter runs (a minute or two instead of several).
NEXTSTEP_TEST_POSTGRES_URL: the database benches also run on this PostgreSQL server.
NEXTSTEP_BENCH_DIALECTS=postgresql (or sqlite): only that database.
"""

from __future__ import annotations

import os
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, make_url, pool, text

from storage.db import database_url

QUICK = os.environ.get("NEXTSTEP_BENCH_QUICK", "").strip().lower() not in {"", "0", "false", "no"}
POSTGRES_ENV = "NEXTSTEP_TEST_POSTGRES_URL"


def sizes(full: tuple[int, ...], quick: tuple[int, ...]) -> tuple[int, ...]:
    return quick if QUICK else full


def pick(full: int, quick: int) -> int:
    return quick if QUICK else full


@dataclass(frozen=True, slots=True)
class Stats:
    """Percentiles of a set of samples (seconds)."""

    p50: float
    p99: float
    n: int

    @classmethod
    def of(cls, samples: list[float]) -> Stats:
        ordered = sorted(samples)
        p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
        return cls(statistics.median(ordered), p99, len(ordered))

    def line(self, floor: Stats | None = None, unit: str = "ms") -> str:
        scale = 1000.0 if unit == "ms" else 1.0
        text_ = f"p50 {self.p50 * scale:8.3f} {unit}  p99 {self.p99 * scale:8.3f} {unit}  (n={self.n})"
        if floor is not None and floor.p50 > 0:
            text_ += f"  = {self.p50 / floor.p50:6.1f}x floor p50"
        return text_


def timed(call: Callable[[int], object], count: int) -> list[float]:
    """Durations of `call(0) .. call(count - 1)`."""
    samples = []
    for n in range(count):
        started = time.perf_counter()
        call(n)
        samples.append(time.perf_counter() - started)
    return samples


def interleaved(calls: dict[str, Callable[[int], object]], rounds: int) -> dict[str, list[float]]:
    """Durations of every call, one of each per round (`call(n)` in round n)."""
    samples: dict[str, list[float]] = {label: [] for label in calls}
    clock = time.perf_counter
    for n in range(rounds):
        for label, call in calls.items():
            started = clock()
            call(n)
            samples[label].append(clock() - started)
    return samples


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def rss_mb() -> float:
    """This process's resident set size now (Linux /proc; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def postgres_server() -> str | None:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    return database_url({"DATABASE_URL": url}) if url else None


@contextmanager
def database(dialect: str, directory: Path, name: str) -> Iterator[str]:
    """A fresh, empty database URL on `dialect` ("sqlite" or "postgresql"), dropped afterwards."""
    if dialect == "sqlite":
        yield f"sqlite:///{directory / (name + '.db')}"
        return
    server = postgres_server()
    assert server is not None
    base = make_url(server)
    db_name = f"nextstep_bench_{name}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{db_name}"'))
    try:
        yield base.set(database=db_name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        admin.dispose()


def dialects() -> list[str]:
    """SQLite, and PostgreSQL when a server is given; NEXTSTEP_BENCH_DIALECTS=postgresql picks one."""
    found = ["sqlite", "postgresql"] if postgres_server() else ["sqlite"]
    wanted = os.environ.get("NEXTSTEP_BENCH_DIALECTS", "").replace(",", " ").split()
    return [d for d in found if d in wanted] if wanted else found
