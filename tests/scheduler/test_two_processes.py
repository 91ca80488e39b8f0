"""Two scheduler processes over one database for a simulated week: every message exactly once.

Each process is a real OS process running the real tick (leadership + run_due); the test
drives both fake clocks in lockstep, hour by hour, and in mid-week SIGKILLs whichever
process is leading and starts a replacement, as a crashed replica would be restarted.
On PostgreSQL one process leads through the advisory lock; on SQLite both run and the
deliveries ledger alone keeps every message single.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from storage.db import Database
from tests.scheduler.pipeline import Pipeline
from tests.scheduler.worker import read_json, write_json

REPO = Path(__file__).resolve().parents[2]
START = datetime(2026, 11, 8, 12, 0, tzinfo=UTC)  # Sunday noon UTC
HOURS = 8 * 24 + 8  # through Monday 16 Nov, 20:00 UTC
KILL_AT_HOUR = 4 * 24  # Thursday noon UTC


def seed(url: str) -> None:
    """Two deals channels, three reps in three time zones, and a week of things falling due."""
    db = Database.from_url(url)
    long_ago = START - timedelta(days=60)
    p = Pipeline(db, tz="America/New_York").setup(long_ago)
    p.channel("C-deals", long_ago, name="deals")
    p.channel("C-emea", long_ago, name="emea-deals")
    p.rep("Dana", long_ago, tz="America/New_York")
    p.rep("Lee", long_ago, tz="Europe/Berlin")
    p.rep("Sam", long_ago)  # the workspace's zone
    fresh = START - timedelta(days=1)
    for i, (rep, day) in enumerate(
        [("Dana", 10), ("Lee", 11), ("Sam", 12), ("Dana", 13), ("Lee", 14), ("Sam", 15)]
    ):
        p.deal(
            f"Ours {i}",
            rep,
            fresh,
            next_step=f"send proposal {i}",
            next_step_owner="us",
            due_date=date(2026, 11, day),
        )
    for i, (rep, day) in enumerate([("Dana", 9), ("Lee", 11), ("Sam", 13)]):
        p.deal(
            f"Theirs {i}",
            rep,
            fresh,
            next_step=f"signed MSA {i}",
            next_step_owner="prospect",
            due_date=date(2026, 11, day),
        )
    p.deal("Parked Wed", "Lee", long_ago, park_until=date(2026, 11, 11), park_reason="budget freeze")
    p.deal("Parked Fri", "Dana", long_ago, park_until=date(2026, 11, 13), park_reason="reorg")
    p.deal("Quiet A", "Sam", long_ago, stage="qualified")
    p.deal("Quiet B", "Sam", long_ago, stage="demo")
    db.engine.dispose()


def start_worker(url: str, name: str, sync: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.scheduler.worker", url, name, str(sync)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=(sync / f"stderr-{name}.log").open("wb"),
    )


def wait_for_acks(sync: Path, workers: dict[str, subprocess.Popen[bytes]], step: int) -> dict[str, bool]:
    """Block until every worker has run `step`; who is leading."""
    deadline = time.monotonic() + 60
    leading: dict[str, bool] = {}
    while len(leading) < len(workers):
        for name, proc in workers.items():
            if proc.poll() is not None:
                log = (sync / f"stderr-{name}.log").read_text(errors="replace")
                raise AssertionError(f"worker {name} died (exit {proc.returncode}):\n{log}")
            ack = read_json(sync / f"ack-{name}.json")
            if ack is not None and int(str(ack["i"])) >= step:
                leading[name] = bool(ack["leader"])
        if time.monotonic() > deadline:
            raise AssertionError(f"step {step}: no ack from {set(workers) - set(leading)}")
        time.sleep(0.002)
    return leading


def sent_lines(sync: Path) -> list[dict[str, str]]:
    return [
        json.loads(line)
        for path in sorted(sync.glob("sent-*.jsonl"))
        for line in path.read_text().splitlines()
    ]


def test_two_schedulers_for_a_week_deliver_every_message_exactly_once(db_url: str, tmp_path: Path) -> None:
    seed(db_url)
    sync = tmp_path
    workers = {name: start_worker(db_url, name, sync) for name in ("A", "B")}
    killed: str | None = None
    try:
        for hour in range(HOURS + 1):
            write_json(sync / "clock.json", {"i": hour, "now": (START + timedelta(hours=hour)).isoformat()})
            leading = wait_for_acks(sync, workers, hour)
            if db_url.startswith("postgresql"):
                assert sum(leading.values()) <= 1, f"hour {hour}: two leaders {leading}"
            if hour == KILL_AT_HOUR:
                killed = next((n for n, lead in leading.items() if lead), "A")
                workers[killed].send_signal(signal.SIGKILL)
                workers[killed].wait()
                del workers[killed]
                workers["C"] = start_worker(db_url, "C", sync)
        write_json(sync / "clock.json", {"stop": True})
        for proc in workers.values():
            assert proc.wait(timeout=30) == 0
    finally:
        for proc in workers.values():
            if proc.poll() is None:
                proc.kill()

    sent = sent_lines(sync)
    keys = Counter(line["key"] for line in sent)
    assert [k for k, n in keys.items() if n > 1] == [], "sent more than once"

    def count(kind: str) -> Counter[str]:
        return Counter(line["target"] for line in sent if f"/{kind}" in line["key"])

    # Two Mondays (9 and 16 Nov, 09:00 New York) for each deals channel.
    assert count("summary") == {"C-deals": 2, "C-emea": 2}
    # Every next step on us on its own morning, every late prospect step the morning after.
    assert count("due_us") == {"U-Dana": 2, "U-Lee": 2, "U-Sam": 2}
    assert count("prospect_late") == {"U-Dana": 1, "U-Lee": 1, "U-Sam": 1}
    # Both parked deals came back to their reps; Sam's quiet deals nudged each Monday.
    assert count("resurface") == {"U-Lee": 1, "U-Dana": 1}
    assert count("gone_quiet") == {"U-Sam": 2}
    assert len(sent) == 4 + 6 + 3 + 2 + 2
    # The replacement (or the standby) took over after the crash: more than one process sent.
    assert killed is not None
    assert len({line["worker"] for line in sent}) >= 2
