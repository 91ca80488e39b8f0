"""The App Home: published when the person opens it, and after their deals change, debounced.

Building a home reads the viewer's pipeline (two list queries) and costs a `views.publish`
call; doing that after every update made each message pay for it. Now an update only marks
the people whose deals changed, and each of them gets one publish `delay` seconds after the
first change (later changes in that window ride along): at most one publish per person per
window however many updates arrive, and never on the update's own path. Opening the tab
publishes at once (and cancels that person's pending one), so what they look at is current.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterable
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.tasks import ConversationTasks

HOME_REFRESH_DELAY = 15.0  # seconds a changed home may lag behind while the tab stays open

Publish = Callable[[AsyncWebClient, str, str], Coroutine[Any, Any, None]]


class HomeRefresh:
    """Schedules App Home publishes: now when opened, once per window after changes."""

    def __init__(self, publish: Publish, tasks: ConversationTasks, delay: float = HOME_REFRESH_DELAY) -> None:
        self.publish = publish
        self.tasks = tasks
        self.delay = delay
        self._due: dict[tuple[str, str], asyncio.TimerHandle] = {}

    def opened(self, client: AsyncWebClient, team_id: str, user_id: str) -> None:
        """The person looks at their home: publish it now."""
        pending = self._due.pop((team_id, user_id), None)
        if pending is not None:
            pending.cancel()
        self._start(client, team_id, user_id)

    def changed(self, client: AsyncWebClient, team_id: str, user_ids: Iterable[str]) -> None:
        """These people's deals changed: publish their homes once, `delay` seconds from the first change."""
        loop = asyncio.get_running_loop()
        for user_id in user_ids:
            key = (team_id, user_id)
            if key not in self._due:
                self._due[key] = loop.call_later(self.delay, self._fire, client, team_id, user_id)

    @property
    def scheduled(self) -> int:
        """Homes waiting for their window to end."""
        return len(self._due)

    def cancel_all(self) -> None:
        """On shutdown: the homes are published again when next opened."""
        for handle in self._due.values():
            handle.cancel()
        self._due.clear()

    def _fire(self, client: AsyncWebClient, team_id: str, user_id: str) -> None:
        self._due.pop((team_id, user_id), None)
        self._start(client, team_id, user_id)

    def _start(self, client: AsyncWebClient, team_id: str, user_id: str) -> None:
        self.tasks.start(f"{team_id}:home:{user_id}", self.publish(client, team_id, user_id))
