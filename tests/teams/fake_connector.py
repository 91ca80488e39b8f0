"""A small local Bot Connector: the `serviceUrl` of the test activities, recording what the bot sends.

It answers the v3 REST calls botbuilder makes (send to a conversation, reply to an
activity, update an activity, create a conversation) the way the real service does,
and can fail the next N sends to exercise the bot's error path.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import web

_T = TypeVar("_T")


class LoopThread:
    """An asyncio loop in a daemon thread; `run` executes a coroutine there and waits for it."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, _T], timeout: float = 30) -> _T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()


@dataclass(frozen=True, slots=True)
class Sent:
    """One call the bot made to the connector."""

    kind: str  # "send" | "reply" | "update" | "create_conversation"
    id: str  # the id the service gave the message (or the conversation it created)
    conversation_id: str
    reply_to_id: str | None
    body: dict[str, Any]
    authorization: str | None

    @property
    def card(self) -> dict[str, Any] | None:
        """The Adaptive Card of this message, if it carries one."""
        for attachment in self.body.get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                content: dict[str, Any] = attachment["content"]
                return content
        return None

    @property
    def shown(self) -> str:
        """What a person sees in Teams: the message text, or the card's words and button titles."""
        parts = [self.body.get("text") or ""]
        card = self.card
        if card is not None:
            parts.extend(_card_words(card.get("body") or []))
            parts.extend(action.get("title", "") for action in card.get("actions") or [])
        return "\n".join(part for part in parts if part)

    def button(self, title: str) -> dict[str, Any]:
        """The data of the card's Action.Submit titled `title` (what Teams posts back when pressed)."""
        card = self.card or {}
        for action in card.get("actions") or []:
            if action.get("title") == title and action.get("type") == "Action.Submit":
                data: dict[str, Any] = action["data"]
                return data
        titles = [action.get("title") for action in card.get("actions") or []]
        raise AssertionError(f"no button {title!r} on this card; it has {titles}")


def _card_words(elements: list[dict[str, Any]]) -> list[str]:
    words: list[str] = []
    for element in elements:
        if element.get("type") == "TextBlock":
            words.append(element.get("text", ""))
        elif element.get("type") == "FactSet":
            words.extend(f"{fact['title']}: {fact['value']}" for fact in element.get("facts", []))
        words.extend(_card_words(element.get("items") or []))
        for column in element.get("columns") or []:
            words.extend(_card_words(column.get("items") or []))
    return words


class FakeBotConnector:
    """The fake service: start it in a LoopThread, point activities' serviceUrl at `url`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sent: list[Sent] = []
        self._ids = itertools.count(1)
        self.fail_next_sends = 0
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    # --- what the tests read -------------------------------------------------

    @property
    def sent(self) -> list[Sent]:
        with self._lock:
            return list(self._sent)

    def wait_for(self, predicate: Callable[[list[Sent]], bool], timeout: float = 10) -> list[Sent]:
        """Poll until `predicate(sent)` holds (replies may arrive after the HTTP response)."""
        deadline = time.monotonic() + timeout
        while True:
            sent = self.sent
            if predicate(sent):
                return sent
            if time.monotonic() > deadline:
                raise AssertionError(f"the connector never got what was expected; it got {sent}")
            time.sleep(0.02)

    def wait_for_count(self, count: int, timeout: float = 10) -> list[Sent]:
        return self.wait_for(lambda sent: len(sent) >= count, timeout)

    # --- the service -------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create_conversation)
        app.router.add_post("/v3/conversations/{conversation_id}/activities", self._send)
        app.router.add_post("/v3/conversations/{conversation_id}/activities/{activity_id}", self._reply)
        app.router.add_put("/v3/conversations/{conversation_id}/activities/{activity_id}", self._update)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def _record(self, request: web.Request, kind: str, body: dict[str, Any], reply_to: str | None) -> str:
        new_id = f"{next(self._ids):013d}"
        if kind == "create_conversation":
            new_id = f"a:personal-{new_id}"
        elif kind == "update":
            new_id = request.match_info["activity_id"]
        with self._lock:
            self._sent.append(
                Sent(
                    kind=kind,
                    id=new_id,
                    conversation_id=request.match_info.get("conversation_id", ""),
                    reply_to_id=reply_to,
                    body=body,
                    authorization=request.headers.get("Authorization"),
                )
            )
        return new_id

    def _should_fail(self) -> bool:
        with self._lock:
            if self.fail_next_sends > 0:
                self.fail_next_sends -= 1
                return True
            return False

    async def _send(self, request: web.Request) -> web.Response:
        if self._should_fail():
            return web.json_response({"error": {"code": "ServiceError", "message": "try again"}}, status=500)
        new_id = self._record(request, "send", await request.json(), None)
        return web.json_response({"id": new_id}, status=201)

    async def _reply(self, request: web.Request) -> web.Response:
        if self._should_fail():
            return web.json_response({"error": {"code": "ServiceError", "message": "try again"}}, status=500)
        new_id = self._record(request, "reply", await request.json(), request.match_info["activity_id"])
        return web.json_response({"id": new_id}, status=201)

    async def _update(self, request: web.Request) -> web.Response:
        new_id = self._record(request, "update", await request.json(), request.match_info["activity_id"])
        return web.json_response({"id": new_id})

    async def _create_conversation(self, request: web.Request) -> web.Response:
        new_id = self._record(request, "create_conversation", await request.json(), None)
        return web.json_response({"id": new_id, "serviceUrl": self.url}, status=201)
