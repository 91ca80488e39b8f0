"""Drive the real app over HTTP the way Slack does: signed events, button payloads, slash commands.

`AppServer` runs app.build_web_app on 127.0.0.1 in its own thread; `SlackSender` posts
requests signed with the signing secret exactly like Slack (v0 HMAC over timestamp + body).
"""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from adapters.slack.app import BRIDGE_KEY
from app import build_web_app
from assistant.services import Services
from assistant.settings import Settings
from tests.slack.fake_slack import BOT_USER_ID, TEAM_ID, LoopThread, SlackUser

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-0000-test-token"


class AppServer:
    """Nextstep's aiohttp server (Slack mounted), started with AppRunner on a free local port."""

    def __init__(self, settings: Settings, services: Services) -> None:
        self.settings = settings
        self.services = services
        self.web_app: web.Application | None = None
        self._runner: web.AppRunner | None = None
        self._thread: LoopThread | None = None
        self.port = 0

    def start(self) -> AppServer:
        self._thread = LoopThread("nextstep-app")
        self._thread.run(self._start())
        return self

    async def _start(self) -> None:
        self.web_app = build_web_app(self.settings, self.services)
        self._runner = web.AppRunner(self.web_app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    def stop(self) -> None:
        if self._thread is not None and self._runner is not None:
            self._thread.run(self._runner.cleanup())
            self._thread.stop()
            self._thread = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def settle(self, timeout: float = 5.0) -> None:
        """Wait until the background work of every delivery so far is done (those that came past
        capacity and wait in the inbox included)."""
        assert self.web_app is not None
        bridge = self.web_app[BRIDGE_KEY]
        deadline = time.monotonic() + timeout
        while bridge.tasks.pending or bridge.admission.behind:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{bridge.tasks.pending} Slack deliveries still in progress, "
                    f"{bridge.admission.waiting} waiting in the inbox"
                )
            time.sleep(0.01)

    def run(self, coro: Any) -> Any:
        assert self._thread is not None
        return self._thread.run(coro)


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: str
    elapsed: float

    def json(self) -> Any:
        return json.loads(self.body)


class SlackSender:
    """Posts to /slack/events as Slack would; message ts values follow the test's clock."""

    def __init__(self, base_url: str, clock: Any, signing_secret: str = SIGNING_SECRET) -> None:
        self.base_url = base_url
        self.clock = clock
        self.verifier = SignatureVerifier(signing_secret)
        self._seq = itertools.count(1)

    # --- raw HTTP --------------------------------------------------------------------------------

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        sig = signature or str(self.verifier.generate_signature(timestamp=stamp, body=body))
        request = urllib.request.Request(
            self.base_url + "/slack/events",
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": stamp,
                "X-Slack-Signature": sig,
                **(headers or {}),
            },
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Response(response.status, response.read().decode(), time.perf_counter() - started)
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read().decode(), time.perf_counter() - started)

    # --- Slack's payloads ------------------------------------------------------------------------

    def next_ts(self) -> str:
        """A message ts at the clock's current time, unique within the test."""
        return f"{int(self.clock.now().timestamp())}.{next(self._seq):06d}"

    def event_body(self, event: dict[str, Any], event_id: str | None = None) -> str:
        return json.dumps(
            {
                "token": "legacy-verification-token",
                "team_id": TEAM_ID,
                "api_app_id": "A0NEXTSTEP",
                "event": event,
                "type": "event_callback",
                "event_id": event_id or f"Ev{next(self._seq):08d}",
                "event_time": int(self.clock.now().timestamp()),
                "authorizations": [
                    {"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True, "enterprise_id": None}
                ],
            }
        )

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        return self.post(self.event_body(event, event_id), "application/json", headers=headers)

    def message_event(
        self,
        user: SlackUser,
        text: str,
        *,
        channel: str,
        channel_type: str = "channel",
        thread_ts: str | None = None,
        ts: str | None = None,
        event_type: str = "message",
    ) -> dict[str, Any]:
        event: dict[str, Any] = {
            "type": event_type,
            "user": user.id,
            "text": text,
            "ts": ts or self.next_ts(),
            "channel": channel,
            "event_ts": ts,
            "team": TEAM_ID,
        }
        if event_type == "message":
            event["channel_type"] = channel_type
        if thread_ts:
            event["thread_ts"] = thread_ts
        event["event_ts"] = event["ts"]
        return event

    def say(self, user: SlackUser, text: str, *, channel: str, **kwargs: Any) -> str:
        """`user` writes `text` in `channel`; returns the message's ts."""
        event = self.message_event(user, text, channel=channel, **kwargs)
        response = self.event(event)
        assert response.status == 200, response
        return str(event["ts"])

    def interaction(self, payload: dict[str, Any]) -> Response:
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def press(
        self, user: SlackUser, button: dict[str, Any], *, channel: str, message: dict[str, Any]
    ) -> Response:
        """`user` presses `button` (an element from a message's actions block) on `message`."""
        return self.interaction(self.press_payload(user, button, channel=channel, message=message))

    def press_payload(
        self,
        user: SlackUser,
        button: dict[str, Any],
        *,
        channel: str,
        message: dict[str, Any],
        trigger_id: str | None = None,
    ) -> dict[str, Any]:
        """The block_actions payload Slack sends when `user` presses `button` on `message`."""
        when = f"{self.clock.now().timestamp():.6f}"
        return {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "acme"},
            "user": {"id": user.id, "username": user.name.lower(), "team_id": TEAM_ID},
            "api_app_id": "A0NEXTSTEP",
            "token": "legacy-verification-token",
            "container": {
                "type": "message",
                "message_ts": message["ts"],
                "channel_id": channel,
                "is_ephemeral": False,
                **({"thread_ts": message["thread_ts"]} if message.get("thread_ts") else {}),
            },
            "trigger_id": trigger_id or f"{next(self._seq)}.{int(time.time())}.abcdef",
            "channel": {"id": channel, "name": "deals"},
            "message": message,
            "response_url": "",
            "actions": [
                {
                    "type": "button",
                    "action_id": button["action_id"],
                    "block_id": "b1",
                    "text": button["text"],
                    "value": button.get("value", ""),
                    "action_ts": when,
                }
            ],
        }

    def command(self, user: SlackUser, text: str, *, channel: str, response_url: str) -> Response:
        body = urlencode(
            {
                "token": "legacy-verification-token",
                "team_id": TEAM_ID,
                "team_domain": "acme",
                "channel_id": channel,
                "channel_name": "deals",
                "user_id": user.id,
                "user_name": user.name.lower(),
                "command": "/nextstep",
                "text": text,
                "api_app_id": "A0NEXTSTEP",
                "response_url": response_url,
                "trigger_id": f"{next(self._seq)}.{int(time.time())}.cmd",
            }
        )
        return self.post(body, "application/x-www-form-urlencoded")
