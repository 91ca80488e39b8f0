"""Who a Slack user is (display name, time zone), from `users.info`, cached per process.

Names turn `<@U123>` into `@Dana` before parsing; time zones resolve "Friday" in the
writer's zone. A failed lookup never blocks a message: the id stands in for the name.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from assistant.messages import Person

log = logging.getLogger(__name__)

DEFAULT_TTL_SECONDS = 3600.0
FAILED_TTL_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class _Entry:
    person: Person
    expires: float


class SlackDirectory:
    """users.info with a TTL cache keyed by (team, user)."""

    def __init__(
        self, ttl_seconds: float = DEFAULT_TTL_SECONDS, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = ttl_seconds
        self._monotonic = monotonic
        self._cache: dict[tuple[str, str], _Entry] = {}
        self._inflight: dict[tuple[str, str], asyncio.Future[Person]] = {}

    async def person(self, client: AsyncWebClient, team_id: str, user_id: str) -> Person:
        """The person behind `user_id`: display name and IANA tz (looked up once per TTL)."""
        key = (team_id, user_id)
        entry = self._cache.get(key)
        if entry and entry.expires > self._monotonic():
            return entry.person
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Person] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            person, ttl = await self._lookup(client, user_id)
            self._cache[key] = _Entry(person, self._monotonic() + ttl)
            future.set_result(person)
            return person
        finally:
            del self._inflight[key]
            if not future.done():  # cancelled mid-lookup (shutdown): so are its waiters
                future.cancel()

    async def names(self, client: AsyncWebClient, team_id: str, user_ids: Iterable[str]) -> dict[str, str]:
        """Display names for several users (for rewriting mentions)."""
        unique = list(dict.fromkeys(user_ids))
        people = await asyncio.gather(*(self.person(client, team_id, uid) for uid in unique))
        return {uid: p.name for uid, p in zip(unique, people, strict=True)}

    async def _lookup(self, client: AsyncWebClient, user_id: str) -> tuple[Person, float]:
        try:
            response = await client.users_info(user=user_id)
        except SlackApiError as error:
            log.warning("users.info failed for %s: %s", user_id, error.response.get("error"))
            return Person(platform_id=user_id, name=user_id), FAILED_TTL_SECONDS
        except Exception:  # network trouble: the message still goes through under the id
            log.warning("users.info unreachable for %s", user_id, exc_info=True)
            return Person(platform_id=user_id, name=user_id), FAILED_TTL_SECONDS
        user = response.get("user") or {}
        profile = user.get("profile") or {}
        name = (
            profile.get("display_name")
            or profile.get("real_name")
            or user.get("real_name")
            or user.get("name")
            or user_id
        )
        email = profile.get("email") or None  # users:read.email: how a CRM's deal owner is matched
        return Person(platform_id=user_id, name=str(name), tz=user.get("tz") or None, email=email), self._ttl
