"""One scheduler process for the multi-process test, stepping a fake clock that the test drives.

    python -m tests.scheduler.worker DATABASE_URL NAME SYNC_DIR

The test writes SYNC_DIR/clock.json ({"i": step, "now": iso} or {"stop": true}); on each new
step this process sets its clock, runs one real scheduler tick (leadership + run_due) and
writes SYNC_DIR/ack-NAME.json. What it sends is appended to SYNC_DIR/sent-NAME.jsonl.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from assistant.messages import Outbound, Platform
from assistant.scheduler.service import SchedulerLoop
from storage.db import Database
from tests.scheduler.support import TickServices
from tests.support.clock import FakeClock


@dataclass
class FileNotifier:
    """Records each send as one JSON line, flushed to disk before returning (a crash loses nothing sent)."""

    path: Path
    worker: str
    clock: FakeClock
    platform: Platform = "slack"

    async def send(self, outbound: Outbound) -> None:
        line = json.dumps(
            {
                "key": outbound.key,
                "target": outbound.target.id,
                "kind": outbound.reply.kind,
                "title": outbound.reply.title,
                "worker": self.worker,
                "at": self.clock.now().isoformat(),
            }
        )
        with self.path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")
            out.flush()
            os.fsync(out.fileno())


def write_json(path: Path, value: object) -> None:
    """Atomically replace `path` (readers never see half a file)."""
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(value), encoding="utf-8")
    os.replace(tmp, path)


def read_json(path: Path) -> dict[str, object] | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return value if isinstance(value, dict) else None


async def serve(url: str, name: str, sync: Path) -> None:
    db = Database.from_url(url)
    clock = FakeClock()
    notifier = FileNotifier(sync / f"sent-{name}.jsonl", name, clock)
    loop = SchedulerLoop(TickServices(db, clock, [notifier]), grace=timedelta(hours=12))
    last = -1
    try:
        while True:
            state = read_json(sync / "clock.json")
            if state is not None and state.get("stop"):
                return
            step = int(str(state["i"])) if state is not None else -1
            if state is None or step <= last:
                await asyncio.sleep(0.005)
                continue
            clock.set(datetime.fromisoformat(str(state["now"])))
            await loop.tick()
            leading = loop.leadership.needs_lock is False or loop.leadership.holds_lock
            write_json(sync / f"ack-{name}.json", {"i": step, "leader": leading, "pid": os.getpid()})
            last = step
    finally:
        await loop.stop()
        db.engine.dispose()


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1], sys.argv[2], Path(sys.argv[3])))
