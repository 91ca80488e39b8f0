"""Nextstep's Slack app on the shared aiohttp server: events, commands, buttons, OAuth, Socket Mode."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from adapters.slack import listeners
from adapters.slack.bridge import SlackBridge
from adapters.slack.clients import WorkspaceClients, make_client
from adapters.slack.install import oauth_settings
from adapters.slack.notifier import SlackNotifier
from assistant.services import Services
from assistant.settings import Settings

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
    listeners.register(app, bridge)
    if oauth is not None:
        app.enable_token_revocation_listeners()  # uninstalled / revoked: forget the tokens
    else:

        async def token_gone(body: dict[str, Any]) -> None:
            log.warning(
                "Slack says the app was uninstalled or its tokens revoked (team %s)", body.get("team_id")
            )

        app.event("app_uninstalled")(token_gone)
        app.event("tokens_revoked")(token_gone)
    return app, bridge


def mount(web_app: web.Application, services: Services, settings: Settings) -> SlackNotifier:
    """Serve Slack on `web_app` (HTTP at /slack/events and/or Socket Mode) and return its notifier."""
    app, bridge = build_bolt_app(services, settings)
    web_app[BRIDGE_KEY] = bridge

    async def dispatch(request: web.Request) -> web.Response:
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

    async def finish_work(_app: web.Application) -> None:
        bridge.homes.cancel_all()
        await bridge.tasks.drain()

    web_app.on_shutdown.append(finish_work)
    clients = WorkspaceClients(settings.slack_api_url, app.client, app.installation_store)
    return SlackNotifier(clients)


def _attach_socket_mode(web_app: web.Application, app: AsyncApp, app_token: str) -> None:
    """Socket Mode (a laptop behind NAT): the same listeners over a WebSocket Slack opens."""
    handler = AsyncSocketModeHandler(app, app_token)

    async def connect(_app: web.Application) -> None:
        await handler.connect_async()  # type: ignore[no-untyped-call]
        log.info("Slack Socket Mode connected")

    async def close(_app: web.Application) -> None:
        await handler.close_async()  # type: ignore[no-untyped-call]

    web_app.on_startup.append(connect)
    web_app.on_cleanup.append(close)
