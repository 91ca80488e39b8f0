"""A small local fake of the Slack Web API that records every call and answers like Slack.

It listens on 127.0.0.1 (a free port) in its own thread and event loop, so synchronous tests
and the benchmark can watch what the app sent: `wait_for(...)` polls with a bounded timeout.
It can answer one call with a 429 + Retry-After, like Slack's rate limiter.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from aiohttp import web

T = TypeVar("T")

TEAM_ID = "T0ACME"
TEAM_NAME = "Acme Sales"
BOT_USER_ID = "U0NEXTSTEP"
BOT_ID = "B0NEXTSTEP"
INSTALL_CODE = "install-code-from-slack"
INSTALLED_BOT_TOKEN = "xoxb-installed-in-acme"


@dataclass(frozen=True, slots=True)
class SlackUser:
    id: str
    name: str
    tz: str = "America/Chicago"
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Call:
    """One Web API call as the fake received it: method name and merged params."""

    method: str
    params: dict[str, Any]
    token: str | None
    response: dict[str, Any] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)

    @property
    def text(self) -> str:
        return str(self.params.get("text") or "")

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.params.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else list(blocks)

    @property
    def everything_shown(self) -> str:
        """The fallback text and all text inside the blocks, for "the person sees X" checks."""
        return self.text + "\n" + json.dumps(self.blocks, ensure_ascii=False)

    def buttons(self) -> list[dict[str, Any]]:
        return [el for b in self.blocks if b.get("type") == "actions" for el in b.get("elements", [])]

    def button(self, label: str) -> dict[str, Any]:
        """The button whose label contains `label` (case-insensitive)."""
        for element in self.buttons():
            if label.lower() in element["text"]["text"].lower():
                return element
        raise AssertionError(f"no {label!r} button in {[b['text']['text'] for b in self.buttons()]}")

    def as_message(self) -> dict[str, Any]:
        """The message Slack would show for this chat.postMessage (to press its buttons)."""
        return {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "ts": self.response.get("ts") or self.params.get("ts"),
            "text": self.text,
            "blocks": self.blocks,
            **({"thread_ts": self.params["thread_ts"]} if self.params.get("thread_ts") else {}),
        }


class LoopThread:
    """An asyncio event loop running in a daemon thread; `run()` executes a coroutine on it."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()


class FakeSlack:
    """The Slack Web API at `url` (give it to the app as SLACK_API_URL)."""

    def __init__(self, users: list[SlackUser] | None = None) -> None:
        self.users = {u.id: u for u in users or []}
        self._calls: list[Call] = []
        self._lock = threading.Lock()
        self._rate_limits: dict[str, int] = {}
        self._retry_after: dict[str, int] = {}
        self._failures: dict[str, tuple[int, int]] = {}
        self._ts = itertools.count(1)
        self._thread: LoopThread | None = None
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self.port = 0

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        self._thread = LoopThread("fake-slack")
        self._thread.run(self._start())
        return self

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/hooks/{path:.*}", self._hook)
        app.router.add_get("/socket", self._socket)
        # Stopping closes the Socket Mode connections only once no new one can be accepted (aiohttp
        # stops listening before its shutdown hooks); closed before that, the app may reconnect in
        # between and `cleanup` would wait its whole shutdown timeout for that connection.
        app.on_shutdown.append(self._close_sockets)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=5.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    def stop(self) -> None:
        if self._thread is not None and self._runner is not None:
            self._thread.run(self._runner.cleanup())
            self._thread.stop()
            self._thread = None

    async def _close_sockets(self, _app: web.Application) -> None:
        for socket in list(self._sockets):
            await socket.close()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def hook_url(self, name: str) -> str:
        """A response_url that lands here (slash commands answer through it)."""
        return f"http://127.0.0.1:{self.port}/hooks/{name}"

    # --- controls and observations --------------------------------------------------------------

    def rate_limit_next(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls to `method` with 429 and Retry-After: `retry_after`."""
        with self._lock:
            self._rate_limits[method] = times
            self._retry_after[method] = retry_after

    def fail_next(self, method: str, times: int = 1, status: int = 503) -> None:
        """Answer the next `times` calls to `method` with a server error (`status`)."""
        with self._lock:
            self._failures[method] = (times, status)

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def calls_to(
        self, method: str | set[str], where: Callable[[Call], bool] | None = None, since: int = 0
    ) -> list[Call]:
        """Calls to `method` (one name or a set) matching `where`, from the `since`-th call on."""
        methods = {method} if isinstance(method, str) else method
        return [c for c in self.calls[since:] if c.method in methods and (where is None or where(c))]

    def wait_for(
        self,
        method: str | set[str],
        where: Callable[[Call], bool] | None = None,
        count: int = 1,
        timeout: float = 5.0,
        since: int = 0,
    ) -> list[Call]:
        """The calls to `method` matching `where`, once there are `count` of them (or AssertionError)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls_to(method, where, since)
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                seen = "\n".join(f"  {c.method} {c.params}" for c in self.calls)
                raise AssertionError(f"expected {count} {method} call(s), got {len(found)}; calls:\n{seen}")
            time.sleep(0.01)

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()

    # --- Socket Mode ---------------------------------------------------------------------------

    def socket_send(self, envelope: dict[str, Any]) -> None:
        """Deliver a Socket Mode envelope over the app's open WebSocket (waits for it to connect)."""
        deadline = time.monotonic() + 5
        while not self._sockets:
            if time.monotonic() > deadline:
                raise AssertionError("the app never opened a Socket Mode connection")
            time.sleep(0.01)
        assert self._thread is not None
        self._thread.run(self._sockets[-1].send_json(envelope))

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"}})
        try:
            async for message in socket:
                if message.type.name == "TEXT":
                    with self._lock:
                        self._calls.append(Call("socket_ack", json.loads(message.data), None))
        finally:
            self._sockets.remove(socket)
        return socket

    # --- the API ---------------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        body = await request.text()
        if body:
            if request.content_type == "application/json":
                params.update(json.loads(body))
            else:
                params.update(dict(parse_qsl(body, keep_blank_values=True)))
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") or params.get("token")
        with self._lock:
            limited = self._rate_limits.get(method, 0)
            if limited:
                self._rate_limits[method] = limited - 1
            failing, status = self._failures.get(method, (0, 200))
            if failing and not limited:
                self._failures[method] = (failing - 1, status)
            if limited:
                answer = {"ok": False, "error": "ratelimited"}
            elif failing:
                answer = {"ok": False, "error": "service_unavailable"}
            else:
                answer = self._answer(method, params)
            self._calls.append(Call(method, params, token, answer))
            retry_after = self._retry_after.get(method, 1)
        if limited:
            return web.json_response(answer, status=429, headers={"Retry-After": str(retry_after)})
        if failing:
            return web.json_response(answer, status=status)
        return web.json_response(answer)

    async def _hook(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        with self._lock:
            self._calls.append(Call("response_url", {**params, "path": request.match_info["path"]}, None))
        return web.Response(text="ok")

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://acme.slack.com/",
                "team": TEAM_NAME,
                "user": "nextstep",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        if method == "oauth.v2.access":
            if params.get("code") != INSTALL_CODE:
                return {"ok": False, "error": "invalid_code"}
            return {
                "ok": True,
                "app_id": "A0NEXTSTEP",
                "authed_user": {"id": "U0ADMIN"},
                "scope": "chat:write,commands,users:read",
                "token_type": "bot",
                "access_token": INSTALLED_BOT_TOKEN,
                "bot_user_id": BOT_USER_ID,
                "team": {"id": TEAM_ID, "name": TEAM_NAME},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        if method == "users.info":
            user = self.users.get(str(params.get("user")))
            if user is None:
                return {"ok": False, "error": "user_not_found"}
            profile = {"display_name": user.name, "real_name": user.name}
            if user.email:
                profile["email"] = user.email
            return {
                "ok": True,
                "user": {"id": user.id, "name": user.name.lower(), "tz": user.tz, "profile": profile},
            }
        if method == "chat.postMessage":
            ts = self._next_ts()
            message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts, **params}
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}
        if method == "chat.update":
            return {
                "ok": True,
                "channel": params.get("channel"),
                "ts": params.get("ts"),
                "text": params.get("text"),
            }
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", "")).split(",")[0]}}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V0HOME", "type": "home"}}
        return {"ok": True}
