"""Latency of "Deal?" answers and of recording an update, with 100,000 deals in SQLite.

The database is migrated for real (indexes included), the deals and one update
each are bulk-inserted, then the assistant answers and records through its public
API, parser included. Target: p99 <= 10 ms for an answer.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from assistant.core import Assistant
from assistant.messages import InboundMessage, Person
from assistant.ports import SystemClock
from nlp import MessageParser, ParsedMessage
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Deal, Workspace
from storage.models import Person as PersonRow

DEALS = 100_000
SAMPLES = 300
REPS = 25
WORDS = (
    *("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Aviato", "Raviga", "Vandelay", "Soylent"),
    *("Tyrell", "Cyberdyne", "Wonka", "Stark", "Wayne", "Oscorp", "Massive", "Dynamic", "Pied"),
    *("Piper", "Nucleus", "Endframe", "Sliceline", "Bachmanity", "Intersite", "Monarch"),
)


OWNERS = ("us", "prospect", None)
STAGES = ("lead", "qualified", "demo", "proposal", "negotiation")


def _sqlite_time(when: datetime) -> str:
    """A UTC time as storage.types.UTCDateTime keeps it in SQLite."""
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _name(i: int) -> str:
    return f"{WORDS[i % len(WORDS)]} {WORDS[(i // len(WORDS)) % len(WORDS)]} {i:06d}"


def _fill(db: Database, now: datetime) -> tuple[int, list[int]]:
    """One workspace with REPS reps, DEALS deals and one update each, bulk-inserted."""
    rng = random.Random(7)
    with db.unit_of_work() as session:
        workspace = Workspace(platform="slack", external_id="T-BENCH", name="Bench", tz="UTC", created_at=now)
        session.add(workspace)
        session.flush()
        reps = [
            PersonRow(
                workspace_id=workspace.id,
                platform_id=f"U{r:03d}",
                display_name=f"Rep {r}",
                tz="America/Chicago",
                role="rep",
                created_at=now,
            )
            for r in range(REPS)
        ]
        session.add_all(reps)
        session.flush()
        rep_ids = [p.id for p in reps]
        deal_rows, update_rows = [], []
        for i in range(DEALS):
            name = _name(i)
            updated = _sqlite_time(now - timedelta(hours=rng.randint(1, 24 * 60)))
            owner = OWNERS[i % 3]
            due = (now + timedelta(days=i % 40 - 10)).date().isoformat() if owner else None
            streak = i % 5 if owner == "us" else 0
            stage = STAGES[i % len(STAGES)]
            deal_rows.append(
                (
                    *(workspace.id, name, name.casefold(), rep_ids[i % REPS], stage, (i % 500 + 1) * 1000),
                    *("send the pricing" if owner else None, owner, due, streak, updated if owner else None),
                    *(updated, updated),
                )
            )
        # Raw executemany: the fastest way in; values are already in SQLite's storage format.
        connection = session.connection()
        connection.exec_driver_sql(
            "INSERT INTO deals (workspace_id, name, name_key, rep_id, stage, amount, next_step,"
            " next_step_owner, due_date, us_streak, owner_since, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            deal_rows,
        )
        ids = list(
            session.scalars(select(Deal.id).where(Deal.workspace_id == workspace.id).order_by(Deal.id))
        )
        for n, deal_id in enumerate(ids):
            row = deal_rows[n]
            update_rows.append(
                (
                    *(workspace.id, deal_id, rep_ids[n % REPS], "C-DEALS", f"seed-{deal_id}"),
                    *(f"{row[1]}: we need to send the pricing", "{}", "{}", row[12]),
                )
            )
        connection.exec_driver_sql(
            "INSERT INTO deal_updates (workspace_id, deal_id, author_id, channel_id, platform_message_id,"
            " raw_text, parsed, changes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            update_rows,
        )
        return workspace.id, ids


class TimingParser:
    """The real parser, noting how long each parse took (to tell the core's share from the parser's)."""

    def __init__(self, parser: MessageParser) -> None:
        self.parser = parser
        self.spent: list[float] = []

    def parse(self, text: str, **kwargs: Any) -> ParsedMessage:
        started = time.perf_counter()
        try:
            return self.parser.parse(text, **kwargs)
        finally:
            self.spent.append(time.perf_counter() - started)


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {p50 * 1000:6.2f} ms   p99 {p99 * 1000:6.2f} ms   (n={len(ordered)})"


def _timed(
    call: Callable[[int], object], count: int, parser: TimingParser
) -> tuple[list[float], list[float]]:
    """End-to-end durations, and the same minus the time spent parsing."""
    total, core = [], []
    for n in range(count):
        parser.spent.clear()
        started = time.perf_counter()
        call(n)
        elapsed = time.perf_counter() - started
        total.append(elapsed)
        core.append(elapsed - sum(parser.spent))
    return total, core


def run() -> None:
    """Print p50/p99 of answering "Deal?" and of recording an update, 100,000 deals in SQLite."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        db = Database.from_url(url)
        now = datetime.now(UTC)
        started = time.perf_counter()
        _fill(db, now)
        print(f"   {DEALS:,} deals and their updates inserted in {time.perf_counter() - started:.1f} s")

        parser = TimingParser(MessageParser())
        assistant = Assistant(db, parser, SystemClock())  # type: ignore[arg-type]
        rng = random.Random(11)
        picks = [rng.randrange(DEALS) for _ in range(SAMPLES)]
        rep = Person("U001", "Rep 1", "America/Chicago")

        def message(n: int, text: str) -> InboundMessage:
            return InboundMessage(
                platform="slack",
                workspace_id="T-BENCH",
                channel_id="C-DEALS",
                message_id=f"bench-{n}-{time.perf_counter_ns()}",
                author=rep,
                text=text,
                sent_at=datetime.now(UTC),
            )

        started = time.perf_counter()
        first = assistant.handle_message(message(-1, f"{_name(0)}?"))
        assert first.replies and first.replies[0].kind == "answer", first.replies
        loaded = time.perf_counter() - started
        print(f"   first answer, loading {DEALS:,} names into the deal index: {loaded:.2f} s")

        def answer(n: int) -> None:
            outcome = assistant.handle_message(message(n, f"{_name(picks[n])}?"))
            assert outcome.replies[0].kind == "answer", outcome.replies[0].text

        def update(n: int) -> None:
            outcome = assistant.handle_message(
                message(n, f"{_name(picks[n])}: we need to send the pricing by Friday")
            )
            assert outcome.replies[0].kind == "confirmation", outcome.replies[0].text

        _timed(answer, 20, parser)  # warm up
        for label, call in (('answer "Deal?"', answer), ("record an update", update)):
            total, core = _timed(call, SAMPLES, parser)
            print(f"   {label:<18} {_percentiles(total)}")
            print(f"   {'  without parsing':<18} {_percentiles(core)}")
        db.engine.dispose()


if __name__ == "__main__":
    run()
