"""Each workspace's known deal names, kept in memory for the parser, within a memory budget.

An index is loaded from the database the first time a workspace needs it and then kept
current as deals are created, so a message never makes us reload 100,000 names. Names are
added only after the transaction that created them commits.

A process serving many workspaces (a thousand teams of a thousand deals) cannot keep every
index: they are kept least-recently-used first within a budget (NEXTSTEP_DEAL_INDEX_MB, 192 MB
by default, estimated from the names: see `estimated_bytes`), and an evicted one is loaded again
when next needed. A large index can load in the background (`prefetch`) while the assistant
answers messages that name their deals exactly (assistant/core.py); `index` waits for it.

After a large index is built the heap is frozen (`gc.freeze()`): the objects alive then leave
the garbage collector's generations, so full collections stop pausing to walk them (the index
itself holds few containers the collector tracks; the parser and the database layer hold many).
Frozen objects are still freed by reference counting when an index is evicted (it holds no
cycles). `settle_heap()` does the same once the process has started.
"""

from __future__ import annotations

import gc
import logging
import os
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from nlp import DealIndex

log = logging.getLogger(__name__)

BUDGET_ENV = "NEXTSTEP_DEAL_INDEX_MB"
DEFAULT_BUDGET_MB = 192
FREEZE_FROM = 20_000  # names: smaller indexes are not worth a freeze
# A workspace with more deals than this has its index loaded in the background when it is not in
# memory (the assistant meanwhile answers messages that name their deals exactly); a smaller one
# loads at once (2,000 names take about a tenth of a second).
BACKGROUND_FROM = 2_000
# What one name costs in an index: measured (deep size of nlp.DealIndex) at 340 bytes for one word,
# 490 for invented names of one or two words, 1,070 for three ("Acme Globex 000123"), 1,830 for
# four and 2,470 for five: every run of words of a name is a key of its own.
BYTES_PER_NAME = 200
BYTES_PER_RUN = 155
MAX_RUN_WORDS = 12

Loader = Callable[[], Iterable[str]]
Task = Callable[[], None]


def name_bytes(name: str) -> int:
    """The memory one name is estimated to take in an index (see BYTES_PER_RUN)."""
    words = min(len(name.split()), MAX_RUN_WORDS)
    return BYTES_PER_NAME + BYTES_PER_RUN * (words * (words + 1) // 2)


def budget_from_env(env: dict[str, str] | None = None) -> int:
    """The memory budget in bytes, from NEXTSTEP_DEAL_INDEX_MB (a bad value means the default)."""
    raw = (env if env is not None else os.environ).get(BUDGET_ENV, "").strip()
    try:
        megabytes = float(raw) if raw else DEFAULT_BUDGET_MB
    except ValueError:
        megabytes = DEFAULT_BUDGET_MB
    return int(max(1.0, megabytes) * 1024 * 1024)


def settle_heap() -> None:
    """Everything alive now (the parser, the modules, the wiring) lives as long as the process:
    take it out of the garbage collector's way, so a full collection does not pause for 0.2-0.7 s
    walking it."""
    gc.collect()
    gc.freeze()


@dataclass(eq=False)
class _Load:
    """A load of one workspace's names, in the background or by the thread that needs it."""

    started: bool = False
    stale: bool = False  # forgotten meanwhile: its result is dropped
    added: list[str] = field(default_factory=list)  # committed while it read the database
    done: threading.Event = field(default_factory=threading.Event)


class DealNames:
    """Per-workspace `nlp.DealIndex`es, least recently used evicted first; safe to share between threads."""

    def __init__(
        self,
        budget_bytes: int | None = None,
        *,
        freeze_from: int = FREEZE_FROM,
        background_from: int = BACKGROUND_FROM,
        background: Callable[[Task], None] | None = None,
    ) -> None:
        """`background(task)` runs a background load (default: one worker thread, in turn)."""
        self.budget = budget_bytes if budget_bytes is not None else budget_from_env()
        self.freeze_from = freeze_from
        self.background_from = background_from
        self._indexes: OrderedDict[int, DealIndex] = OrderedDict()
        self._bytes: dict[int, int] = {}
        self._total = 0
        self._lock = threading.Lock()  # guards the dicts; never held while loading
        self._loads: dict[int, _Load] = {}
        self._background = background or self._in_worker
        self._queue: queue.SimpleQueue[Task] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self.loads = 0
        self.evictions = 0
        self.failures = 0

    def get(self, workspace_id: int) -> DealIndex | None:
        """The workspace's index if it is in memory (now the most recently used), else None."""
        with self._lock:
            found = self._indexes.get(workspace_id)
            if found is not None:
                self._indexes.move_to_end(workspace_id)
            return found

    def index(self, workspace_id: int, load: Loader) -> DealIndex:
        """The workspace's index; `load` reads every name from the database when it is not in memory.

        A load already under way (in the background or in another thread) is waited for; one
        that was only queued is done here and now. Loading one workspace does not hold up the others.
        """
        while True:
            with self._lock:
                found = self._indexes.get(workspace_id)
                if found is not None:
                    self._indexes.move_to_end(workspace_id)
                    return found
                job = self._loads.get(workspace_id)
                mine = job is None or not job.started
                if job is None:
                    job = self._loads[workspace_id] = _Load()
                job.started = True
            if mine:
                built = self._run(workspace_id, job, load)
                if built is not None:
                    return built
            else:
                job.done.wait()
            # Forgotten while loading, or the load failed elsewhere: look again.

    def prefetch(self, workspace_id: int, load: Loader) -> None:
        """Load the workspace's index in the background unless it is in memory or on its way.

        `load` runs in another thread: it opens its own database session.
        """
        with self._lock:
            if workspace_id in self._indexes or workspace_id in self._loads:
                return
            job = self._loads[workspace_id] = _Load()
        self._background(lambda: self._load_queued(workspace_id, job, load))

    def loading(self, workspace_id: int) -> bool:
        """Whether the workspace's index is on its way (queued or being read)."""
        with self._lock:
            return workspace_id in self._loads

    def add(self, workspace_id: int, name: str) -> None:
        """A deal was created (committed): the parser knows it from the next message on."""
        with self._lock:
            found = self._indexes.get(workspace_id)
            if found is not None:
                if name not in found:
                    found.add(name)
                    self._grow(workspace_id, name_bytes(name))
                    self._evict(keep=workspace_id)
                return
            job = self._loads.get(workspace_id)
            if job is not None:  # the load may have read the names before this one committed
                job.added.append(name)

    def forget(self, workspace_id: int) -> None:
        """Drop a workspace's index (it is reloaded on next use), e.g. after a rename."""
        with self._lock:
            if workspace_id in self._indexes:
                self._drop(workspace_id)
            job = self._loads.pop(workspace_id, None)
            if job is not None:
                job.stale = True  # what it read may predate the change

    @property
    def estimated_bytes(self) -> int:
        """The estimated memory of the indexes in memory (what the budget is compared with)."""
        with self._lock:
            return self._total

    def __len__(self) -> int:
        return len(self._indexes)

    def __contains__(self, workspace_id: object) -> bool:
        return workspace_id in self._indexes

    # -- loading ----------------------------------------------------------------------------------
    def _run(self, workspace_id: int, job: _Load, load: Loader) -> DealIndex | None:
        """Build the index from `load`, keep it (unless forgotten meanwhile) and return it."""
        try:
            names = list(load())
            built = DealIndex(names)
        except BaseException:
            with self._lock:
                if self._loads.get(workspace_id) is job:
                    del self._loads[workspace_id]
            job.done.set()
            raise
        size = sum(name_bytes(name) for name in names)
        with self._lock:
            for name in job.added:
                if name not in built:
                    built.add(name)
                    size += name_bytes(name)
            if self._loads.get(workspace_id) is job:
                del self._loads[workspace_id]
            kept = not job.stale
            if kept:
                self._indexes[workspace_id] = built
                self._grow(workspace_id, size)
                self.loads += 1
                self._evict(keep=workspace_id)
        job.done.set()
        if kept and len(built) >= self.freeze_from:
            gc.freeze()
        return built if kept else None

    def _load_queued(self, workspace_id: int, job: _Load, load: Loader) -> None:
        with self._lock:
            if job.started or self._loads.get(workspace_id) is not job:
                return  # taken over by a thread that needed it at once, or forgotten
            job.started = True
        try:
            self._run(workspace_id, job, load)
        except Exception:
            self.failures += 1  # the next message that needs it loads it again
            log.warning("loading the deal names of workspace %s failed", workspace_id, exc_info=True)

    def _in_worker(self, task: Task) -> None:
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="deal-index-loader", daemon=True)
                self._worker.start()
        self._queue.put(task)

    def _work(self) -> None:
        while True:
            self._queue.get()()

    # -- the budget (called with the lock held) ---------------------------------------------------
    def _grow(self, workspace_id: int, size: int) -> None:
        self._bytes[workspace_id] = self._bytes.get(workspace_id, 0) + size
        self._total += size

    def _drop(self, workspace_id: int) -> None:
        del self._indexes[workspace_id]
        self._total -= self._bytes.pop(workspace_id, 0)

    def _evict(self, keep: int) -> None:
        """Drop least recently used indexes until the rest fit the budget (never `keep`)."""
        while self._total > self.budget and len(self._indexes) > 1:
            oldest = next(iter(self._indexes))
            if oldest == keep:
                self._indexes.move_to_end(keep)
                oldest = next(iter(self._indexes))
            self._drop(oldest)
            self.evictions += 1


# -- the deals a message names, before the index is in memory ---------------------------------------
# Stripped from the ends of a run of words before it is compared with deal names: quotes, brackets,
# punctuation ("Pied Piper?", "“Hooli”,", "(Globex)").
_EDGES = " \t\"'“”‘’()[]{}<>*_~`?!.,:;…-–—"
_CLOSING = "?!:;,)]}\"'”’…"
MAX_NAME_WORDS = 8  # a run of more words is not looked up
MAX_MESSAGE_WORDS = 40  # a longer message waits for the index


def name_keys_in(text: str) -> set[str] | None:
    """Every run of words of `text` that could be a deal's whole name, as a name key (casefolded,
    single-spaced, see storage.repositories_deals.name_key); None for a message too long to try."""
    words = text.split()
    if len(words) > MAX_MESSAGE_WORDS:
        return None
    keys: set[str] = set()
    for first in range(len(words)):
        for last in range(first + 1, min(len(words), first + MAX_NAME_WORDS) + 1):
            run = " ".join(words[first:last])
            bare = run.strip(_EDGES)
            for variant in (run, run.rstrip(_CLOSING), bare, _without_possessive(bare)):
                if variant:
                    keys.add(variant.casefold())
    return keys


def _without_possessive(run: str) -> str:
    for ending in ("'s", "’s", "'", "’"):
        if run.endswith(ending):
            return run[: -len(ending)]
    return run
