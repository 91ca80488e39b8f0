"""Deals created by another process (`nextstep import`, `nextstep crm sync`, another replica)
reach this process's parser without a restart.

Deals are never deleted, so a workspace's deal count only grows when one is created. Before a
message is parsed, at most once every `CHECK_EVERY` per workspace, one `count(*)` over the
workspace's deals is compared with the count this process expects: what it saw when it loaded
the names, plus the deals it created itself. When the count grew elsewhere, the names are read
again and only those missing from the index in memory are added. A deal renamed by another
process keeps its old name here until the index is loaded again (a restart, an eviction, a
rename in this process).
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from assistant.deal_names import DealNames
from assistant.ports import Clock
from nlp import DealIndex
from storage.repositories_deals import Deals

CHECK_EVERY = timedelta(seconds=5)


class DealNamesWatch:
    """Keeps `DealNames` in step with deals created by other processes; safe to share between threads."""

    def __init__(self, clock: Clock, every: timedelta = CHECK_EVERY) -> None:
        self.clock = clock
        self.every = every
        self._lock = threading.Lock()
        self._expected: dict[int, tuple[int, datetime]] = {}  # workspace -> (deal count, checked at)
        self.catch_ups = 0  # how often deals from elsewhere were added (for tests and benchmarks)

    def index(self, names: DealNames, workspace_id: int, deals: Deals) -> DealIndex:
        """The workspace's index from `names`, with the deals other processes created since last time."""
        now = self.clock.now()
        with self._lock:
            expected = self._expected.get(workspace_id)
        loaded = workspace_id in names
        if loaded and expected is not None and timedelta(0) <= now - expected[1] < self.every:
            return names.index(workspace_id, deals.all_names)
        count = deals.count()  # read before the names: a deal committed in between is seen next time
        if loaded and expected is not None and count != expected[0]:
            known = names.index(workspace_id, deals.all_names)
            for name in [name for name in deals.all_names() if name not in known]:
                names.add(workspace_id, name)
            self.catch_ups += 1
        index = names.index(workspace_id, deals.all_names)
        with self._lock:
            self._expected[workspace_id] = (count, now)
        return index

    def created(self, workspace_id: int, count: int) -> None:
        """This process created `count` deals (committed): they are no news from elsewhere."""
        with self._lock:
            expected = self._expected.get(workspace_id)
            if expected is not None and count:
                self._expected[workspace_id] = (expected[0] + count, expected[1])
