"""Sending Slack replies from the outbox: at once, and again with backoff until Slack takes them.

A 429 pauses the whole workspace for its Retry-After (Slack's limits are per workspace and
method), a 5xx or a dropped connection backs off exponentially, and a refusal for good
(`channel_not_found`, a bad request) is recorded as failed and logged. Replies of one
conversation keep their order: one that waits holds back those after it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.durable.readiness import Readiness
from adapters.slack.clients import WorkspaceClients
from assistant.ports import Clock, SystemClock
from assistant.scheduler.retry import backoff, is_transient, retry_after
from ops.metrics import count_reply
from storage import outbox
from storage.db import Database
from storage.outbox import OutboxItem

log = logging.getLogger(__name__)

PLATFORM = "slack"
HOLD = timedelta(seconds=60)  # a reply belongs to its sender this long (longer than one HTTP try)
POLL_SECONDS = 0.5
SETTLE_SECONDS = 0.05  # sends that finish together are marked together
METHODS = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.update", "response_url"})


class _GivenUp:
    """A send Slack refused for good: recorded as failed, the next reply may go."""


GIVEN_UP = _GivenUp()


class SlackApiRefused(RuntimeError):
    """A response_url answered with an error status."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"response_url answered {status}: {body[:100]}")
        self.status = status


class SlackOutbox:
    """Sends outbox rows through the workspace's client; what fails stays for `run()` to retry."""

    def __init__(self, db: Database, readiness: Readiness) -> None:
        self.db = db
        self.clock: Clock = SystemClock()  # retry times are real time, whatever the assistant's clock says
        self.readiness = readiness
        self.clients: WorkspaceClients | None = None
        self._paused: dict[str, float] = {}  # workspace -> monotonic time its rate limit ends
        self._sent: list[int] = []  # sent, to be marked so in one UPDATE by the loop
        self._single: dict[tuple[str | None, str], AsyncWebClient] = {}
        self._session: aiohttp.ClientSession | None = None  # one connection pool for every reply
        self._woken = False

    async def deliver(self, items: Sequence[OutboxItem]) -> bool:
        """Send `items` in order now; True when all went out (the rest wait in the outbox)."""
        sent: list[int] = []
        waiting: datetime | None = None
        for item in items:
            if waiting is None:
                outcome = await self._attempt(item)
                if outcome is None:
                    sent.append(item.id)
                elif not isinstance(outcome, _GivenUp):
                    waiting = outcome
                continue
            await asyncio.to_thread(
                outbox.retry_later, self.db, item.id, waiting, "waits for an earlier reply"
            )
        self._sent.extend(sent)
        self._woken = True
        return waiting is None

    async def flush_sent(self) -> None:
        """Mark what went out as sent, in one UPDATE (until then its lease keeps it from being resent)."""
        sent, self._sent = self._sent, []
        if sent:
            try:
                await asyncio.to_thread(outbox.mark_sent, self.db, sent, self.clock.now())
            except Exception:
                self._sent.extend(sent)
                raise

    async def run(self) -> None:
        """Forever: mark what went out, send what is due, conversation by conversation, oldest first."""
        polled = 0.0
        while True:
            try:
                await self.flush_sent()
                # Woken to mark what went out; what waits for a retry is looked for twice a second.
                if time.monotonic() - polled >= POLL_SECONDS:
                    polled = time.monotonic()
                    await self.send_due()
            except Exception:
                log.warning("the Slack outbox could not be read; trying again", exc_info=True)
            # Naps, not asyncio.wait_for on an Event: on 3.11 that can swallow the cancel at shutdown.
            deadline = time.monotonic() + POLL_SECONDS
            while not self._woken and time.monotonic() < deadline:
                await asyncio.sleep(SETTLE_SECONDS)
            self._woken = False

    async def send_due(self) -> int:
        now = self.clock.now()
        items = await asyncio.to_thread(outbox.due, self.db, PLATFORM, now, now + HOLD)
        by_conversation: dict[str, list[OutboxItem]] = {}
        for item in items:
            by_conversation.setdefault(item.conversation, []).append(item)
        for conversation_items in by_conversation.values():
            await self.deliver(conversation_items)
        return len(items)

    async def _attempt(self, item: OutboxItem) -> datetime | _GivenUp | None:
        """Send one row: None when Slack took it, GIVEN_UP when it never will, else when to try again."""
        paused = self._paused.get(item.workspace, 0.0) - time.monotonic()
        if paused > 0:
            until = self.clock.now() + timedelta(seconds=paused)
            await asyncio.to_thread(outbox.retry_later, self.db, item.id, until, "workspace rate-limited")
            return until
        try:
            await self._send(item)
        except Exception as error:
            if not is_transient(error):
                log.error(
                    "Slack refused a reply for good (%s in %s, outbox %s): %s",
                    item.method,
                    item.conversation,
                    item.id,
                    error,
                )
                await asyncio.to_thread(outbox.mark_failed, self.db, item.id, str(error))
                return GIVEN_UP
            wait = retry_after(error)
            if wait is not None:
                self._paused[item.workspace] = time.monotonic() + wait
            else:
                wait = backoff(item.attempts)
            until = self.clock.now() + timedelta(seconds=wait)
            log.warning(
                "Slack reply %s in %s not sent yet (attempt %s, again in %.1fs): %s",
                item.id,
                item.conversation,
                item.attempts + 1,
                wait,
                error,
            )
            await asyncio.to_thread(outbox.retry_later, self.db, item.id, until, str(error))
            self._woken = True
            return until
        return None

    async def _send(self, item: OutboxItem) -> None:
        await count_reply("slack", self._send_one(item))  # /metrics: replies sent and failed

    async def _send_one(self, item: OutboxItem) -> None:
        payload: dict[str, Any] = dict(item.payload)
        if item.method == "response_url":
            url = str(payload.pop("url"))
            response = await AsyncWebhookClient(url).send_dict(payload)
            if response.status_code >= 400:
                raise SlackApiRefused(response.status_code, response.body)
            return
        if item.method not in METHODS:
            raise ValueError(f"unknown outbox method {item.method!r}")
        assert self.clients is not None, "the Slack outbox is used before the app is mounted"
        client = self._single_try(await self.clients.for_team(item.workspace))
        await getattr(client, item.method.replace(".", "_"))(**payload)

    def _single_try(self, client: AsyncWebClient) -> AsyncWebClient:
        """The workspace's client without its own 429 retries: a 429 comes back here, to be kept
        and retried from the outbox (sleeping on it would outlast the row's lease).

        Its requests share one aiohttp session, so replies reuse their connections to Slack
        (slack_sdk opens and closes a session, and so a connection, per call otherwise).
        """
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=client.timeout))
            self._single.clear()
        key = (client.token, client.base_url)
        if key not in self._single:
            self._single[key] = AsyncWebClient(
                token=client.token,
                base_url=client.base_url,
                timeout=client.timeout,
                session=self._session,
                retry_handlers=[AsyncConnectionErrorRetryHandler()],
            )
        return self._single[key]

    async def close(self) -> None:
        """On shutdown: close the replies' connections."""
        if self._session is not None:
            await self._session.close()
            self._session = None
