"""Running `nextstep` the way a person does: a subprocess in a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NEXTSTEP = [sys.executable, str(ROOT / "app.py")]


def bare_env(**extra: str) -> dict[str, str]:
    """No Slack / Teams / database settings leak in from the developer's shell."""
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    return {**keep, "PYTHONUNBUFFERED": "1", **extra}


def nextstep(
    *args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str = "", timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`nextstep ARGS...` in `cwd` (where a `.env` would be read), its output as text."""
    return subprocess.run(
        [*NEXTSTEP, *args],
        cwd=cwd,
        env=env if env is not None else bare_env(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
