"""Weekly summary for one channel over 10,000 deals (SQLite): build time against the 2 s target.

Also times one scheduler tick's "what is due" pass over the same workspace at its summary slot
(summary candidates, reminders, parked deals, gone-quiet counts), without sending anything.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from assistant.scheduler.run import DEFAULT_GRACE, collect_due
from assistant.summary import build_summary
from storage.db import Database, make_engine
from storage.models import Base, Channel, Deal, DealUpdate, Person, Workspace

DEALS = 10_000
REPS = 40
TARGET_SECONDS = 2.0
NOW = datetime(2026, 11, 9, 14, 0, tzinfo=UTC)  # Monday 09:00 in New York
STAGES = ("lead", "qualified", "demo", "proposal", "negotiation")


def seed(db: Database, deals: int = DEALS, reps: int = REPS, seed_value: int = 7) -> tuple[int, int]:
    """A workspace with deals in every state, three updates each; returns (workspace id, channel id)."""
    rnd = random.Random(seed_value)
    today = NOW.date()
    with db.unit_of_work() as s:
        ws = Workspace(
            platform="slack",
            external_id="T-BENCH",
            name="Bench",
            tz="America/New_York",
            summary_weekday=0,
            summary_time="09:00",
            stale_days=14,
            created_at=NOW - timedelta(days=400),
        )
        s.add(ws)
        s.flush()
        channel = Channel(
            workspace_id=ws.id,
            external_id="C-BENCH",
            name="deals",
            is_deals_channel=True,
            created_at=ws.created_at,
        )
        s.add(channel)
        people = [
            Person(
                workspace_id=ws.id,
                platform_id=f"U{i:03}",
                display_name=f"Rep {i}",
                tz=rnd.choice(["America/New_York", "Europe/Berlin", None]),
                role="rep",
                created_at=ws.created_at,
            )
            for i in range(reps)
        ]
        s.add_all(people)
        s.flush()
        rows: list[dict[str, Any]] = []
        for i in range(deals):
            created = NOW - timedelta(days=rnd.randint(0, 300), hours=rnd.randint(0, 23))
            updated = min(NOW, created + timedelta(days=rnd.randint(0, 60)))
            stage = rnd.choice(STAGES)
            closed = rnd.random() < 0.1
            owner = rnd.choice(["us", "prospect", None]) if not closed else None
            rows.append(
                {
                    "workspace_id": ws.id,
                    "name": f"Deal {i:05}",
                    "name_key": f"deal {i:05}",
                    "rep_id": rnd.choice(people).id,
                    "stage": rnd.choice(["won", "lost"]) if closed else stage,
                    "amount": rnd.randrange(5_000, 500_000, 1_000),
                    "next_step": f"step {i}" if owner else None,
                    "next_step_owner": owner,
                    "due_date": today + timedelta(days=rnd.randint(-20, 20)) if owner else None,
                    "park_until": today + timedelta(days=rnd.randint(1, 120)) if rnd.random() < 0.1 else None,
                    "park_reason": "budget next quarter",
                    "us_streak": rnd.randint(0, 5) if owner == "us" else 0,
                    "owner_since": updated if owner else None,
                    "created_at": created,
                    "updated_at": updated,
                    "closed_at": updated if closed else None,
                }
            )
        s.execute(insert(Deal), rows)
        ids = [d for (d,) in s.query(Deal.id).filter(Deal.workspace_id == ws.id)]
        updates: list[dict[str, Any]] = []
        for n, deal_id in enumerate(ids):
            for k in range(3):
                at = NOW - timedelta(days=rnd.randint(0, 30), minutes=k)
                changes = (
                    {"stage": [rnd.choice(STAGES), rnd.choice(STAGES)]}
                    if rnd.random() < 0.3
                    else {"amount": [1, 2]}
                )
                updates.append(
                    {
                        "workspace_id": ws.id,
                        "deal_id": deal_id,
                        "author_id": None,
                        "channel_id": "C-BENCH",
                        "platform_message_id": f"m{n}-{k}",
                        "raw_text": "an update",
                        "parsed": {},
                        "changes": changes,
                        "created_at": at,
                    }
                )
        s.execute(insert(DealUpdate), updates)
        return ws.id, channel.id


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        Base.metadata.create_all(engine)
        db = Database(engine)
        started = time.perf_counter()
        ws_id, channel_id = seed(db)
        print(
            f"seeded {DEALS:,} deals, {DEALS * 3:,} updates, {REPS} reps "
            f"in {time.perf_counter() - started:.1f}s"
        )
        timings = []
        sections = 0
        for _ in range(5):
            with db.unit_of_work() as s:
                ws, channel = s.get(Workspace, ws_id), s.get(Channel, channel_id)
                assert ws is not None and channel is not None
                t0 = time.perf_counter()
                reply = build_summary(s, ws, channel, NOW)
                timings.append(time.perf_counter() - t0)
                sections = len(reply.sections)
        median = statistics.median(timings)
        verdict = "ok" if max(timings) <= TARGET_SECONDS else "OVER TARGET"
        print(
            f"build_summary: median {median * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms "
            f"({sections} sections, {len(reply.text)} chars) — target ≤ {TARGET_SECONDS:.0f} s: {verdict}"
        )
        t0 = time.perf_counter()
        due = collect_due(db, NOW, DEFAULT_GRACE, {"slack"})
        print(
            f"one tick's due pass (Monday 09:00): {(time.perf_counter() - t0) * 1000:.0f} ms, "
            f"{len(due)} messages due"
        )
        engine.dispose()


if __name__ == "__main__":
    run()
