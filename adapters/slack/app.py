"""Nextstep's Slack app on the shared aiohttp server: events, commands, buttons, OAuth, Socket Mode."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.listener.async_builtins import AsyncTokenRevocationListeners

from adapters.durable.readiness import READINESS_KEY
from adapters.slack import listeners
from adapters.slack.bridge import SlackBridge
from adapters.slack.clients import WorkspaceClients, make_client
from adapters.slack.install import oauth_settings
from adapters.slack.notifier import SlackNotifier
from assistant.services import Services
from assistant.settings import Settings
from ops import health, logs, metrics
from storage.repositories import Directory

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
BRIDGE_KEY = web.AppKey("nextstep_slack_bridge", SlackBridge)


def build_bolt_app(services: Services, settings: Settings) -> tuple[AsyncApp, SlackBridge]:
    """The bolt AsyncApp with our listeners: single-workspace token, or OAuth when configured."""
    oauth = None
    if settings.slack_client_id and settings.slack_client_secret:
        oauth = oauth_settings(settings.slack_client_id, settings.slack_client_secret, services.db.engine)
    token = None if oauth else settings.slack_bot_token
    app = AsyncApp(
        name="nextstep",
        logger=logging.getLogger("adapters.slack.bolt"),
        signing_secret=settings.slack_signing_secret or "",
        client=make_client(settings.slack_api_url, token),
        oauth_settings=oauth,
        # Slack wants a response within 3 s: ack first, parse and store in the background.
        process_before_response=False,
    )
    bridge = SlackBridge(services)
    listeners.register(app, bridge, observe=_observe)
    _forget_on_uninstall(app, services, revoke_tokens=oauth is not None)
    return app, bridge


def _forget_on_uninstall(app: AsyncApp, services: Services, *, revoke_tokens: bool) -> None:
    """app_uninstalled / tokens_revoked: forget the workspace's stored tokens (OAuth installs) and
    schedule nothing more for it, until it is seen again (reinstalled)."""
    store = app.installation_store
    revocation = AsyncTokenRevocationListeners(store) if revoke_tokens and store is not None else None

    def stop_scheduling(team_id: str) -> None:
        with services.db.unit_of_work() as session:
            Directory(session).mark_uninstalled("slack", team_id, now=services.clock.now())

    async def uninstalled(body: dict[str, Any], context: AsyncBoltContext) -> None:
        team_id = str(context.team_id or body.get("team_id") or "")
        if revocation is not None:
            await revocation.handle_app_uninstalled_events(context)
        await asyncio.to_thread(stop_scheduling, team_id)
        log.warning(
            "Slack says the app was uninstalled from team %s: its tokens and schedule are dropped", team_id
        )

    async def revoked(body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext) -> None:
        team_id = str(context.team_id or body.get("team_id") or "")
        if revocation is not None:
            await revocation.handle_tokens_revoked_events(event, context)
        if (event.get("tokens") or {}).get("bot"):  # the bot can no longer post there
            await asyncio.to_thread(stop_scheduling, team_id)
            log.warning("Slack says the bot token of team %s was revoked: its schedule is dropped", team_id)

    app.event("app_uninstalled")(uninstalled)
    app.event("tokens_revoked")(revoked)


def event_kind(body: dict[str, Any]) -> str:
    """What a delivery is, for metrics: the event's type, or the interaction's kind."""
    kind = str(body.get("type") or ("command" if body.get("command") else "unknown"))
    if kind == "event_callback":
        return str((body.get("event") or {}).get("type") or "event")
    return {"block_actions": "action", "message_action": "shortcut"}.get(kind, kind)


def _observe(body: dict[str, Any]) -> None:
    """Count the delivery in and tag every log line of its handling with where it came from."""
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    event_id = body.get("event_id") or body.get("trigger_id")
    logs.bind(platform="slack", workspace=str(team) if team else None, event_id=event_id)
    metrics.event_received("slack", event_kind(body))


def _has_numeric_timestamp(request: web.Request) -> bool:
    """Slack's X-Slack-Request-Timestamp is seconds since the epoch; anything else is no Slack request."""
    return request.headers.get("X-Slack-Request-Timestamp", "").strip().isdigit()


def mount(web_app: web.Application, services: Services, settings: Settings) -> SlackNotifier:
    """Serve Slack on `web_app` (HTTP at /slack/events and/or Socket Mode) and return its notifier."""
    app, bridge = build_bolt_app(services, settings)
    web_app[BRIDGE_KEY] = bridge

    async def dispatch(request: web.Request) -> web.Response:
        if not _has_numeric_timestamp(request):  # bolt would fail on int() with a 500
            return web.json_response({"error": "invalid request timestamp"}, status=401)
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    if settings.slack_signing_secret:
        web_app.router.add_post(EVENTS_PATH, dispatch)
    flow = app.oauth_flow
    if flow is not None:

        async def install(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

        async def oauth_redirect(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

        web_app.router.add_get(flow.install_path, install)
        web_app.router.add_get(flow.redirect_uri_path, oauth_redirect)

    if settings.slack_app_token:
        _attach_socket_mode(web_app, app, settings.slack_app_token)

    clients = WorkspaceClients(settings.slack_api_url, app.client, app.installation_store)
    bridge.connect(clients)
    if READINESS_KEY in web_app:  # share one with the other adapters
        web_app[READINESS_KEY].add_spool(lambda: len(bridge.spool))
        web_app[READINESS_KEY].add_check(bridge.admission.overloaded)
        bridge.readiness = bridge.inbox.readiness = bridge.outbox.readiness = web_app[READINESS_KEY]
    else:
        web_app[READINESS_KEY] = bridge.readiness
    loops: list[asyncio.Task[None]] = []

    async def resume_work(_app: web.Application) -> None:
        # What a crash or an outage left in the inbox, the spool or the outbox goes on from here.
        loops.append(asyncio.get_running_loop().create_task(bridge.run_recovery()))
        loops.append(asyncio.get_running_loop().create_task(bridge.outbox.run()))

    async def finish_work(_app: web.Application) -> None:
        bridge.homes.cancel_all()
        await bridge.tasks.drain()
        for task in loops:
            task.cancel()
        await asyncio.gather(*loops, return_exceptions=True)
        with contextlib.suppress(Exception):
            await bridge.outbox.flush_sent()
        await bridge.close()
        with contextlib.suppress(Exception):
            await bridge.outbox.close()

    web_app.on_startup.append(resume_work)
    web_app.on_shutdown.append(finish_work)
    return SlackNotifier(clients)


def _attach_socket_mode(web_app: web.Application, app: AsyncApp, app_token: str) -> None:
    """Socket Mode (a laptop behind NAT): the same listeners over a WebSocket Slack opens."""
    handler = AsyncSocketModeHandler(app, app_token)

    async def connected() -> str | None:
        # As Bolt's Socket Mode health-check example does: ready only while the WebSocket is up.
        client = handler.client
        if client is not None and await client.is_connected():
            return None
        return "the Slack Socket Mode connection is not open"

    health.add_readiness_check(web_app, "slack socket mode", connected)

    async def connect(_app: web.Application) -> None:
        await handler.connect_async()  # type: ignore[no-untyped-call]
        log.info("Slack Socket Mode connected")

    async def close(_app: web.Application) -> None:
        await handler.close_async()  # type: ignore[no-untyped-call]

    web_app.on_startup.append(connect)
    web_app.on_cleanup.append(close)
