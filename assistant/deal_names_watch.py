"""Deals created by another process (`nextstep import`, `nextstep crm sync`, another replica)
reach this process's parser without a restart.

Deal ids only grow. Before a message is parsed, at most once every `CHECK_EVERY` per workspace, the
workspace's deals with an id above the highest this process has seen are read (a primary-key range:
none, almost always); those whose names the index in memory lacks are added. A deal this process
created itself is in its index already and is no news. A deal renamed by another process keeps its
old name here until the index is loaded again (a restart, an eviction, a rename in this process).
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
        self._seen: dict[int, tuple[int, datetime]] = {}  # workspace -> (highest deal id seen, checked at)
        self.catch_ups = 0  # how often deals from elsewhere were added (for tests and benchmarks)

    def index(self, names: DealNames, workspace_id: int, deals: Deals) -> DealIndex:
        """The workspace's index from `names`, with the deals other processes created since last time."""
        now = self.clock.now()
        with self._lock:
            seen = self._seen.get(workspace_id)
        loaded = workspace_id in names
        if loaded and seen is not None and timedelta(0) <= now - seen[1] < self.every:
            return names.index(workspace_id, deals.all_names)
        if not loaded or seen is None:
            # read before the names: a deal committed in between is read again next time, harmlessly
            highest = deals.highest_id()
        else:
            highest = seen[0]
            newer = deals.names_after(highest)
            if newer:
                highest = newer[-1][0]
                known = names.index(workspace_id, deals.all_names)
                missing = [name for _id, name in newer if name not in known]
                for name in missing:
                    names.add(workspace_id, name)
                self.catch_ups += bool(missing)
        index = names.index(workspace_id, deals.all_names)
        with self._lock:
            self._seen[workspace_id] = (highest, now)
        return index
