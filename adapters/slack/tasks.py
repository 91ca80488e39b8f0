"""Work done after Slack got its ack: background tasks, in order within one conversation.

Slack wants an answer within 3 s; parsing and storing happen after it. Tasks of one
conversation (team + channel) run one after another, so an update is recorded before
the question that follows it is answered; conversations run side by side.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from adapters.durable.backlog import Admission
from ops import metrics

log = logging.getLogger(__name__)


class ConversationTasks:
    """Background tasks with a strong reference each (asyncio keeps only weak ones)."""

    def __init__(self, admission: Admission | None = None) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._locks: dict[str, asyncio.Lock] = {}
        self._waiting: dict[str, int] = {}
        self.admission = admission

    def start(
        self, conversation: str, work: Coroutine[Any, Any, None], *, counted: bool = False
    ) -> asyncio.Task[None]:
        """Run `work` after the conversation's earlier work is done.

        `counted`: a delivery's handling, which holds one of the admission's slots until it ends.
        """
        task = asyncio.get_running_loop().create_task(self._in_turn(conversation, metrics.measured(work)))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if counted and self.admission is not None:
            admission = self.admission
            admission.started()
            task.add_done_callback(lambda _task: admission.finished())
        return task

    async def _in_turn(self, conversation: str, work: Coroutine[Any, Any, None]) -> None:
        lock = self._locks.setdefault(conversation, asyncio.Lock())
        self._waiting[conversation] = self._waiting.get(conversation, 0) + 1
        try:
            async with lock:
                await work
        except Exception:  # the work logs with context itself; this is the last line of defence
            log.exception("background Slack work failed in %s", conversation)
        finally:
            self._waiting[conversation] -= 1
            if not self._waiting[conversation]:
                del self._waiting[conversation]
                self._locks.pop(conversation, None)

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait for the work in flight (on shutdown), cancelling what outlasts `timeout`."""
        if not self._tasks:
            return
        _done, late = await asyncio.wait(set(self._tasks), timeout=timeout)
        for task in late:
            task.cancel()
