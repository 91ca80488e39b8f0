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
        self._spools: list[Callable[[], int]] = [spooled] if spooled is not None else []
        self._checks: list[Callable[[], str | None]] = []

    def add_spool(self, spooled: Callable[[], int]) -> None:
        """Another adapter's spool: not ready while it holds deliveries either."""
        self._spools.append(spooled)

    def add_check(self, check: Callable[[], str | None]) -> None:
        """Another reason not to be ready (None when there is none), e.g. a backlog past its limit."""
        self._checks.append(check)

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
        waiting = sum(spooled() for spooled in self._spools)
        if waiting:
            return False, f"{waiting} acknowledged event(s) in the local spool wait for the database"
        for check in self._checks:
            reason = check()
            if reason is not None:
                return False, reason
        return True, "ok"


READINESS_KEY = web.AppKey("nextstep_readiness", Readiness)


def readiness_of(web_app: web.Application) -> Readiness:
    """The app's one Readiness, shared by the adapters mounted on it."""
    if READINESS_KEY not in web_app:
        web_app[READINESS_KEY] = Readiness()
    return web_app[READINESS_KEY]


def is_ready(web_app: web.Application) -> tuple[bool, str]:
    """For `/readyz`: (ready, reason) of the chat adapters mounted on `web_app` (ready when none)."""
    readiness = web_app.get(READINESS_KEY)
    return readiness.state() if readiness is not None else (True, "ok")
