"""Whether this process can do its work now: the database reachable, nothing waiting in the spool.

`/readyz` answers 503 with the reason while `Readiness.state()` says not ready; people are
told the truth meanwhile ("I can't reach the pipeline right now; I'll record this as soon as I can").
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from aiohttp import web


class Readiness:
    """Set by the inbox and outbox as they succeed or fail against the database."""

    def __init__(self, spooled: Callable[[], int] | None = None) -> None:
        self._lock = threading.Lock()
        self._database_down = False
        self._spooled = spooled

    def database_down(self) -> None:
        with self._lock:
            self._database_down = True

    def database_up(self) -> None:
        with self._lock:
            self._database_down = False

    @property
    def is_database_down(self) -> bool:
        with self._lock:
            return self._database_down

    def state(self) -> tuple[bool, str]:
        """(ready, reason): the reason names what is wrong, or "ok"."""
        if self.is_database_down:
            return False, "database unreachable: acknowledged events wait in the local spool"
        waiting = self._spooled() if self._spooled is not None else 0
        if waiting:
            return False, f"{waiting} acknowledged event(s) in the local spool wait for the database"
        return True, "ok"


READINESS_KEY = web.AppKey("nextstep_readiness", Readiness)


def is_ready(web_app: web.Application) -> tuple[bool, str]:
    """For `/readyz`: (ready, reason) of the chat adapters mounted on `web_app` (ready when none)."""
    readiness = web_app.get(READINESS_KEY)
    return readiness.state() if readiness is not None else (True, "ok")
