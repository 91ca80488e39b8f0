"""Back-pressure for acknowledged work: a fixed number of deliveries in hand, the rest wait in the inbox.

Every delivery is kept in the inbox before its ack. While this process has room (fewer than
`limit` deliveries admitted and not finished) a new one is leased to it and handled at once;
past that it is stored due and waits in the inbox (kept, acknowledged, costing no memory), and
the drainer hands the waiting ones over, oldest first, as room frees up. Once one waits, every
later one waits behind it until the drainer has caught up, so a conversation's deliveries are
handled in the order they arrived. How many wait is a metric and a log line, and past
`backlog_limit` the process says it is not ready (a load balancer sends new work elsewhere).
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable

from ops import metrics

log = logging.getLogger(__name__)

IN_FLIGHT_ENV = "NEXTSTEP_MAX_IN_FLIGHT"
BACKLOG_ENV = "NEXTSTEP_INBOX_BACKLOG_LIMIT"
DEFAULT_IN_FLIGHT = 32
DEFAULT_BACKLOG_LIMIT = 5_000
RESERVATION_SECONDS = 10.0  # an admitted delivery its listener never took up stops counting after this
REPORT_EVERY = 10.0  # seconds between "still behind" log lines


def env_int(name: str, default: int, env: dict[str, str] | None = None) -> int:
    raw = (env if env is not None else os.environ).get(name, "").strip()
    try:
        return max(1, int(raw)) if raw else default
    except ValueError:
        return default


class Admission:
    """Decides, before each store, whether a delivery is handled now or waits in the inbox."""

    def __init__(
        self,
        platform: str,
        limit: int | None = None,
        backlog_limit: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.platform = platform
        self.limit = limit or env_int(IN_FLIGHT_ENV, DEFAULT_IN_FLIGHT)
        self.backlog_limit = backlog_limit or env_int(BACKLOG_ENV, DEFAULT_BACKLOG_LIMIT)
        self.clock = clock
        self.running = 0  # handled now: started, not finished
        self._reserved: deque[float] = deque()  # admitted at the store, not started yet
        self.waiting = 0  # stored to wait in the inbox and not handed over yet (this process's count)
        self._storing = 0  # waiting deliveries whose INSERT is under way
        self._stored = 0  # waiting deliveries stored so far (the drainer compares before and after)
        self._behind_since: float | None = None
        self._reported = 0.0
        self._waited_total = 0
        self.most_in_flight = 0  # the highest in_flight seen (tests check the bound)

    # --- at the store, before the ack ---------------------------------------------------------------

    def admit(self) -> bool:
        """True: handle the delivery now (a slot is reserved for it); False: it waits in the inbox."""
        if self._behind_since is None and self.in_flight < self.limit:
            self._reserved.append(self.clock())
            self._observe()
            return True
        if self._behind_since is None:
            self._behind_since = self.clock()
            log.warning(
                "%s deliveries arrive faster than they are handled (%s at once): newcomers wait in the "
                "inbox, kept and acknowledged, and are handled in order",
                self.platform,
                self.limit,
            )
        self._storing += 1
        return False

    def stored_waiting(self, *, kept: bool) -> None:
        """The waiting delivery's INSERT ended; `kept`: a new row (not a retry's duplicate)."""
        self._storing -= 1
        if kept:
            self._stored += 1
            self.waiting += 1
            self._waited_total += 1
        self._observe()

    def unreserve(self) -> None:
        """The admitted delivery's listener ran: its slot becomes a task (`started`), or is freed."""
        if self._reserved:
            self._reserved.popleft()
        self._observe()

    # --- the work ------------------------------------------------------------------------------------

    def started(self) -> None:
        self.running += 1
        self._observe()

    def finished(self) -> None:
        self.running -= 1
        self._observe()

    @property
    def in_flight(self) -> int:
        expired = self.clock() - RESERVATION_SECONDS
        while self._reserved and self._reserved[0] < expired:
            self._reserved.popleft()
        return self.running + len(self._reserved)

    @property
    def behind(self) -> bool:
        """Deliveries wait in the inbox: newcomers go behind them."""
        return self._behind_since is not None

    def room(self) -> int:
        """How many waiting deliveries the drainer may hand over now."""
        return max(0, self.limit - self.in_flight)

    # --- the drainer ---------------------------------------------------------------------------------

    def asking(self) -> int:
        """Before the drainer looks into the inbox: a mark for `handed_over`."""
        return self._stored

    def handed_over(self, count: int, asked: int, mark: int) -> None:
        """The drainer took `count` deliveries from the inbox, having asked for `asked` after
        `asking()` gave `mark`: fewer means none is left waiting, unless a waiting one was stored
        meanwhile or its INSERT is still under way."""
        self.waiting = max(0, self.waiting - count)
        caught_up = count < asked and not self._storing and self._stored == mark
        if self._behind_since is not None and caught_up:
            log.info(
                "%s caught up: %s delivery(ies) waited in the inbox over %.1f s",
                self.platform,
                self._waited_total,
                self.clock() - self._behind_since,
            )
            self._behind_since = None
            self._waited_total = 0
            self.waiting = 0
        elif self.waiting and self.clock() - self._reported > REPORT_EVERY:
            self._reported = self.clock()
            log.warning(
                "%s is behind: about %s delivery(ies) wait in the inbox, %s handled at once",
                self.platform,
                self.waiting,
                self.limit,
            )
        self._observe()

    def overloaded(self) -> str | None:
        """For /readyz: why this process should get no new work, or None."""
        if self.waiting > self.backlog_limit:
            return (
                f"{self.waiting} acknowledged {self.platform} deliveries wait in the inbox "
                f"(more than {self.backlog_limit})"
            )
        return None

    def _observe(self) -> None:
        in_flight = self.running + len(self._reserved)
        self.most_in_flight = max(self.most_in_flight, self.running)
        metrics.set_backlog(self.platform, in_flight=in_flight, waiting=self.waiting)
