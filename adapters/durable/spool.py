"""A local file for deliveries acknowledged while the database is down: one JSON line each.

Each line is flushed and fsynced before the platform gets its ack, so a crash or restart
keeps it; when the database is back the lines move into the inbox and the file is emptied.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

SPOOL_ENV = "NEXTSTEP_SPOOL_PATH"
DEFAULT_SPOOL = "nextstep-spool.jsonl"


def spool_path(env: dict[str, str] | None = None, platform: str = "slack") -> Path:
    """Where a platform's spool lives: NEXTSTEP_SPOOL_PATH (else ./nextstep-spool.jsonl) for
    Slack, the same name with "-teams" for Teams."""
    path = Path((env if env is not None else os.environ).get(SPOOL_ENV) or DEFAULT_SPOOL)
    return path if platform == "slack" else path.with_name(f"{path.stem}-{platform}{path.suffix}")


class Spool:
    """Append-only JSON lines with fsync; `take()` hands them over, `forget(n)` drops the first n."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as file:
                file.write(line)
                file.flush()
                os.fsync(file.fileno())

    def take(self) -> list[dict[str, Any]]:
        """Every record kept so far, oldest first (a torn last line, from a crash mid-write, is skipped)."""
        with self._lock:
            return self._read()

    def forget(self, count: int) -> None:
        """Drop the first `count` records (they reached the database); later ones stay."""
        with self._lock:
            remaining = self._lines()[count:]
            if not remaining:
                self.path.unlink(missing_ok=True)
                return
            temporary = self.path.with_suffix(self.path.suffix + ".tmp")
            with temporary.open("w", encoding="utf-8") as file:
                file.writelines(remaining)
                file.flush()
                os.fsync(file.fileno())
            temporary.replace(self.path)

    def __len__(self) -> int:
        with self._lock:
            return len(self._read())

    def _lines(self) -> list[str]:
        try:
            with self.path.open(encoding="utf-8") as file:
                return [line for line in file if line.strip()]
        except FileNotFoundError:
            return []

    def _read(self) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        for line in self._lines():
            try:
                records.append(json.loads(line))
            except ValueError:
                continue
        return records
