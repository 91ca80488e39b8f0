"""Drive the real app over HTTP the way Teams does: activity JSON POSTed to /api/messages.

`TeamsHarness` runs the fake Bot Connector and app.build_web_app on 127.0.0.1 in one
background loop; `Tenant` builds the activities Teams sends (channel posts with the
bot's mention, personal chats, card submits) for people of one tenant.
"""

from __future__ import annotations

import itertools
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import web

from adapters.teams.notifier import TeamsNotifier
from app import build_web_app
from assistant.services import Services
from assistant.settings import Settings
from tests.teams.fake_connector import FakeBotConnector, LoopThread, Sent

TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47"
BOT_ID = "28:0f3a1c2e-1111-2222-3333-444455556666"
BOT_NAME = "Nextstep"
DEALS_CHANNEL = "19:deals0123456789abcdef@thread.tacv2"
TEAM_ID = "19:team0123456789abcdef@thread.tacv2"


@dataclass(frozen=True, slots=True)
class Member:
    """Someone in the tenant: Teams user id (29:...), AAD object id and display name."""

    name: str
    aad: str
    teams_id: str

    @classmethod
    def named(cls, name: str) -> Member:
        key = name.lower().replace(" ", "-")
        return cls(name=name, aad=f"aad-{key}", teams_id=f"29:1{key}")

    @property
    def personal_chat(self) -> str:
        return f"a:1personal-{self.aad}"


class TeamsHarness:
    """The app's real aiohttp server (Teams mounted) plus the fake Bot Connector, on local ports."""

    def __init__(self, settings: Settings, services: Services) -> None:
        self.settings = settings
        self.services = services
        self.connector = FakeBotConnector()
        self._thread: LoopThread | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    def __enter__(self) -> TeamsHarness:
        self._thread = LoopThread("teams-harness")
        self._thread.run(self.connector.start())
        self._thread.run(self._start_app())
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._thread is not None:
            if self._runner is not None:
                self._thread.run(self._runner.cleanup())
            self._thread.run(self.connector.stop())
            self._thread.stop()
            self._thread = None

    async def _start_app(self) -> None:
        web_app = build_web_app(self.settings, self.services)
        self._runner = web.AppRunner(web_app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    @property
    def notifier(self) -> TeamsNotifier:
        found = [n for n in self.services.notifiers if isinstance(n, TeamsNotifier)]
        assert found, "the app mounted no Teams notifier"
        return found[0]

    def run(self, coro: Any) -> Any:
        """Run a coroutine on the server's loop (e.g. a proactive `notifier.send`)."""
        assert self._thread is not None
        return self._thread.run(coro)

    def post(self, activity: dict[str, Any], headers: dict[str, str] | None = None) -> tuple[int, str]:
        """POST one activity to /api/messages, as the Bot Connector does; returns (status, body)."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/messages",
            data=json.dumps(activity).encode(),
            headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@dataclass
class Tenant:
    """Builds the activities Teams would send for people of one tenant."""

    harness: TeamsHarness
    tenant_id: str = TENANT_ID
    timezone: str = "America/Chicago"
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1763910000001))

    def _base(self, kind: str, who: Member, conversation: dict[str, Any]) -> dict[str, Any]:
        now: datetime = self.harness.services.clock.now()
        return {
            "type": kind,
            "id": str(next(self._ids)),
            "timestamp": now.isoformat().replace("+00:00", "Z"),
            "localTimezone": self.timezone,
            "serviceUrl": self.harness.connector.url,
            "channelId": "msteams",
            "from": {"id": who.teams_id, "name": who.name, "aadObjectId": who.aad},
            "conversation": {"tenantId": self.tenant_id, **conversation},
            "recipient": {"id": BOT_ID, "name": BOT_NAME},
            "locale": "en-US",
            "channelData": {"tenant": {"id": self.tenant_id}},
        }

    def _channel(self, kind: str, who: Member, root: str | None) -> dict[str, Any]:
        activity = self._base(kind, who, {"isGroup": True, "conversationType": "channel"})
        chain = root or activity["id"]
        activity["conversation"]["id"] = f"{DEALS_CHANNEL};messageid={chain}"
        activity["channelData"].update(
            {
                "teamsChannelId": DEALS_CHANNEL,
                "teamsTeamId": TEAM_ID,
                "channel": {"id": DEALS_CHANNEL, "name": "deals"},
                "team": {"id": TEAM_ID, "name": "Sales"},
            }
        )
        return activity

    def channel_post(
        self, who: Member, text: str, *, root: str | None = None, mention: bool = True
    ) -> dict[str, Any]:
        """A channel message (a new post, or a reply in `root`'s chain), @mentioning the bot."""
        activity = self._channel("message", who, root)
        tag = f"<at>{BOT_NAME}</at>"
        activity["textFormat"] = "plain"
        activity["text"] = f"{tag} {text}" if mention else text
        mentioned = {"type": "mention", "mentioned": {"id": BOT_ID, "name": BOT_NAME}, "text": tag}
        activity["entities"] = [mentioned] if mention else []
        return activity

    def personal_message(self, who: Member, text: str) -> dict[str, Any]:
        activity = self._base("message", who, {"conversationType": "personal", "id": who.personal_chat})
        activity["textFormat"] = "plain"
        activity["text"] = text
        return activity

    def submit(
        self, who: Member, card_message: Sent, title: str, *, incoming: dict[str, Any]
    ) -> dict[str, Any]:
        """Pressing an Action.Submit button: a message whose `value` is the button's data, no text.

        `incoming` is the activity the card answered (its conversation is where Teams shows it).
        """
        if incoming["conversation"].get("conversationType") == "channel":
            root = incoming["conversation"]["id"].split(";messageid=")[1]
            activity = self._channel("message", who, root)
        else:
            activity = self._base("message", who, dict(incoming["conversation"]))
        activity["replyToId"] = card_message.id
        activity["value"] = card_message.button(title)
        return activity

    def installed(self, who: Member, *, scope: str) -> dict[str, Any]:
        """installationUpdate (add) in a personal chat or the deals channel."""
        if scope == "personal":
            personal = {"conversationType": "personal", "id": who.personal_chat}
            activity = self._base("installationUpdate", who, personal)
        else:
            activity = self._channel("installationUpdate", who, None)
            activity["conversation"]["id"] = DEALS_CHANNEL
        activity["action"] = "add"
        return activity
