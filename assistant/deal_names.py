"""Each workspace's known deal names, kept in memory for the parser.

Loaded once per workspace from the database and then kept current as deals are
created or renamed, so a message never makes us reload 100,000 names. Names are
added only after the transaction that created them commits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from nlp import DealIndex


class DealNames:
    """A per-workspace `nlp.DealIndex` cache, safe to share between threads."""

    def __init__(self) -> None:
        self._indexes: dict[int, DealIndex] = {}
        self._lock = threading.Lock()

    def index(self, workspace_id: int, load: Callable[[], Iterable[str]]) -> DealIndex:
        """The workspace's index; `load` reads every name from the database the first time only."""
        found = self._indexes.get(workspace_id)
        if found is not None:
            return found
        with self._lock:
            found = self._indexes.get(workspace_id)
            if found is None:
                found = DealIndex(list(load()))
                self._indexes[workspace_id] = found
            return found

    def add(self, workspace_id: int, name: str) -> None:
        """A deal was created (committed): the parser knows it from the next message on."""
        with self._lock:
            found = self._indexes.get(workspace_id)
            if found is not None:
                found.add(name)

    def forget(self, workspace_id: int) -> None:
        """Drop a workspace's index (it is reloaded on next use), e.g. after a rename."""
        with self._lock:
            self._indexes.pop(workspace_id, None)
