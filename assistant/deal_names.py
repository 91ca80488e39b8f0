"""Each workspace's known deal names, kept in memory for the parser, within a memory budget.

An index is loaded from the database the first time a workspace needs it and then kept
current as deals are created, so a message never makes us reload 100,000 names. Names are
added only after the transaction that created them commits.

A process serving many workspaces (a thousand teams of a thousand deals) cannot keep every
index: they are kept least-recently-used first within a budget (NEXTSTEP_DEAL_INDEX_MB, 256 MB
by default, estimated per name), and an evicted one is loaded again when next needed (a
workspace of 1,000 deals loads in tens of milliseconds). After a large index is built the
heap is frozen (`gc.freeze()`): its hundreds of thousands of containers leave the garbage
collector's generations, so full collections stop pausing to walk them. Frozen objects are
still freed by reference counting when an index is evicted (an index holds no cycles).
"""

from __future__ import annotations

import gc
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

from nlp import DealIndex

# Measured with 100,000 names: ~0.5 KB per invented name, ~1.1 KB per shared-word name
# ("Acme Globex 000123": every part of it is indexed); the estimate errs towards the latter.
BYTES_PER_NAME = 1_200
BUDGET_ENV = "NEXTSTEP_DEAL_INDEX_MB"
DEFAULT_BUDGET_MB = 256
FREEZE_FROM = 20_000  # names: smaller indexes are not worth a freeze


def budget_from_env(env: dict[str, str] | None = None) -> int:
    """The memory budget in bytes, from NEXTSTEP_DEAL_INDEX_MB (a bad value means the default)."""
    raw = (env if env is not None else os.environ).get(BUDGET_ENV, "").strip()
    try:
        megabytes = float(raw) if raw else DEFAULT_BUDGET_MB
    except ValueError:
        megabytes = DEFAULT_BUDGET_MB
    return int(max(1.0, megabytes) * 1024 * 1024)


class DealNames:
    """Per-workspace `nlp.DealIndex`es, least recently used evicted first; safe to share between threads."""

    def __init__(self, budget_bytes: int | None = None, *, freeze_from: int = FREEZE_FROM) -> None:
        self.budget = budget_bytes if budget_bytes is not None else budget_from_env()
        self.freeze_from = freeze_from
        self._indexes: OrderedDict[int, DealIndex] = OrderedDict()
        self._lock = threading.Lock()  # guards the dicts; never held while loading
        self._loading: dict[int, threading.Lock] = {}
        self.loads = 0
        self.evictions = 0

    def index(self, workspace_id: int, load: Callable[[], Iterable[str]]) -> DealIndex:
        """The workspace's index; `load` reads every name from the database when it is not in memory.

        Loading one workspace does not hold up the others: each has a lock of its own for it.
        """
        with self._lock:
            found = self._indexes.get(workspace_id)
            if found is not None:
                self._indexes.move_to_end(workspace_id)
                return found
            loading = self._loading.setdefault(workspace_id, threading.Lock())
        with loading:
            with self._lock:
                found = self._indexes.get(workspace_id)
                if found is not None:  # another thread loaded it meanwhile
                    return found
            built = DealIndex(list(load()))
            with self._lock:
                self._indexes[workspace_id] = built
                self._loading.pop(workspace_id, None)
                self.loads += 1
                self._evict(keep=workspace_id)
        if len(built) >= self.freeze_from:
            gc.freeze()
        return built

    def add(self, workspace_id: int, name: str) -> None:
        """A deal was created (committed): the parser knows it from the next message on."""
        with self._lock:
            loading = self._loading.get(workspace_id)
        if loading is not None:
            with loading:  # a load in progress may have read the names before this one committed
                pass
        with self._lock:
            found = self._indexes.get(workspace_id)
            if found is not None:
                found.add(name)
                self._evict(keep=workspace_id)

    def forget(self, workspace_id: int) -> None:
        """Drop a workspace's index (it is reloaded on next use), e.g. after a rename."""
        with self._lock:
            self._indexes.pop(workspace_id, None)

    @property
    def estimated_bytes(self) -> int:
        with self._lock:
            return self._estimate()

    def __len__(self) -> int:
        return len(self._indexes)

    def __contains__(self, workspace_id: object) -> bool:
        return workspace_id in self._indexes

    def _estimate(self) -> int:
        return sum(len(index) for index in self._indexes.values()) * BYTES_PER_NAME

    def _evict(self, keep: int) -> None:
        """Drop least recently used indexes until the rest fit the budget (never `keep`)."""
        total = self._estimate()
        while total > self.budget and len(self._indexes) > 1:
            oldest = next(iter(self._indexes))
            if oldest == keep:
                self._indexes.move_to_end(keep)
                oldest = next(iter(self._indexes))
            total -= len(self._indexes.pop(oldest)) * BYTES_PER_NAME
            self.evictions += 1
