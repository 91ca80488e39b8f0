"""`POST /api/messages`: the Bot Framework endpoint, through botbuilder's CloudAdapter.

Requests carry a Bot Framework JWT that botbuilder validates against MICROSOFT_APP_ID.
Only with NEXTSTEP_TEAMS_LOCAL=1 (the Emulator, local tests) is the endpoint served
without authentication, and that is logged loudly at start.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jwt
from aiohttp import web
from botbuilder.core import TurnContext, serializer_helper
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityTypes

from adapters.durable.readiness import readiness_of
from adapters.durable.spool import Spool, spool_path
from adapters.teams.bot import STORED, NextstepBot
from adapters.teams.notifier import TeamsNotifier
from adapters.teams.observe import PARSED_BODY
from adapters.teams.outbox import TeamsOutbox
from adapters.teams.references import ReferenceBook
from adapters.teams.signing_keys import SigningKeys
from adapters.teams.spooled import SpoolReplay
from assistant.settings import Settings
from ops.metrics import event_failed

if TYPE_CHECKING:
    from assistant.services import Services

log = logging.getLogger(__name__)

ROUTE = "/api/messages"
APOLOGY = "Sorry, something went wrong on my side and I couldn't finish that. Please try again in a minute."
# The failure came after the activity's work was committed: asking for it again would double it.
STORED_APOLOGY = (
    "I've recorded that, but something went wrong on my side before I could show you the result. "
    "There's no need to send it again."
)
PROACTIVE_EVENTS = ("ContinueConversation", "CreateConversation")


class TeamsConfigError(ValueError):
    """The Microsoft app settings cannot work together (said in plain words at start)."""


@dataclass(frozen=True, slots=True)
class BotConfig:
    """The attribute names botbuilder's ConfigurationBotFrameworkAuthentication reads."""

    APP_ID: str | None
    APP_PASSWORD: str | None
    APP_TYPE: str
    APP_TENANTID: str | None


def bot_config(settings: Settings) -> BotConfig:
    """botbuilder's configuration; in local mode no app id, which turns authentication off."""
    if settings.teams_local:
        return BotConfig(None, None, "MultiTenant", None)
    app_type = settings.microsoft_app_type
    if app_type.lower() == "singletenant" and not (
        settings.microsoft_app_password and settings.microsoft_app_tenant_id
    ):
        raise TeamsConfigError(
            "MICROSOFT_APP_TYPE=SingleTenant needs MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID"
        )
    if app_type.lower() == "userassignedmsi" and not settings.microsoft_app_tenant_id:
        raise TeamsConfigError("MICROSOFT_APP_TYPE=UserAssignedMSI needs MICROSOFT_APP_TENANT_ID")
    return BotConfig(
        settings.microsoft_app_id,
        settings.microsoft_app_password,
        app_type,
        settings.microsoft_app_tenant_id,
    )


def make_adapter(config: BotConfig) -> CloudAdapter:
    """A CloudAdapter whose turn errors are logged with context and answered with an apology."""
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(config))

    async def on_turn_error(turn_context: TurnContext, error: Exception) -> None:
        event_failed()
        activity = turn_context.activity
        conversation = activity.conversation.id if activity.conversation is not None else None
        log.error(
            "teams: turn failed (type=%s id=%s conversation=%s)",
            getattr(activity.type, "value", activity.type),
            activity.id,
            conversation,
            exc_info=error,
        )
        if activity.type == ActivityTypes.event and activity.name in PROACTIVE_EVENTS:
            raise error  # a proactive send: the caller (the scheduler) records the failure
        try:
            await turn_context.send_activity(
                STORED_APOLOGY if turn_context.turn_state.get(STORED) else APOLOGY
            )
        except Exception:
            log.exception("teams: could not send the apology (conversation=%s)", conversation)

    adapter.on_turn_error = on_turn_error
    return adapter


def _bearer_token(header: str) -> str:
    return header.partition(" ")[2]


def _looks_like_bearer_jwt(header: str) -> bool:
    """Cheap pre-check, so a malformed header is a 401 and never an error inside botbuilder."""
    scheme, _, token = header.partition(" ")
    if scheme != "Bearer" or token.count(".") != 2:
        return False
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return False
    return isinstance(claims, dict) and bool(claims.get("iss"))


async def _process(
    adapter: CloudAdapter, bot: NextstepBot, authorization: str, body: dict[str, Any]
) -> web.Response:
    """What `CloudAdapter.process` does, on the body already parsed (it would read the JSON again)."""
    activity = Activity().deserialize(body)
    invoke_response = await adapter.process_activity(authorization, activity, bot.on_turn)
    if invoke_response is None:
        return web.Response(status=201)
    return web.json_response(data=serializer_helper(invoke_response.body), status=invoke_response.status)


def mount(web_app: web.Application, services: Services, settings: Settings) -> TeamsNotifier | None:
    """Serve POST /api/messages on `web_app`; the notifier sends proactive messages, None if not served."""
    if not settings.microsoft_app_id and not settings.teams_local:
        log.info("teams: MICROSOFT_APP_ID is not set: %s is not served", ROUTE)
        return None
    config = bot_config(settings)
    auth_required = bool(config.APP_ID)
    if not auth_required:
        log.warning(
            "\n%s\nteams: NEXTSTEP_TEAMS_LOCAL=1: %s ACCEPTS UNAUTHENTICATED REQUESTS.\n"
            "For the Bot Framework Emulator and local tests only; never expose this server.%s\n%s",
            "!" * 78,
            ROUTE,
            " MICROSOFT_APP_ID is ignored in local mode." if settings.microsoft_app_id else "",
            "!" * 78,
        )
    adapter = make_adapter(config)
    signing_keys = SigningKeys()
    book = ReferenceBook(services.db)
    kept = TeamsOutbox(services.db, adapter, config.APP_ID)
    spool = Spool(spool_path(platform="teams"))
    readiness = readiness_of(web_app)
    readiness.add_spool(lambda: len(spool))
    bot = NextstepBot(services, book, kept, spool, readiness)
    replay = SpoolReplay(services.db, spool, readiness, adapter, config.APP_ID, bot)

    async def messages(request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "expected application/json"}, status=415)
        authorization = request.headers.get("Authorization", "")
        if auth_required and not _looks_like_bearer_jwt(authorization):
            return web.json_response({"error": "unauthorized"}, status=401)
        if auth_required and (refusal := await signing_keys.refusal(_bearer_token(authorization))):
            log.warning("teams: rejected a request: %s", refusal)
            return web.json_response({"error": "unauthorized"}, status=401)
        if PARSED_BODY in request:  # the metrics middleware (observe.py) read it already
            body = request[PARSED_BODY]
        else:
            try:
                body = await request.json()
            except ValueError:
                body = None
        if body is None:
            return web.json_response({"error": "invalid JSON"}, status=400)
        if not isinstance(body, dict) or not body.get("type"):
            return web.json_response({"error": "not an activity"}, status=400)
        try:
            response = await _process(adapter, bot, authorization, body)
        except web.HTTPException:
            raise
        except (PermissionError, jwt.PyJWTError) as error:
            log.warning("teams: rejected a request: %s", error)
            return web.json_response({"error": "unauthorized"}, status=401)
        except Exception:
            log.exception(
                "teams: could not process an activity (type=%s id=%s)", body["type"], body.get("id")
            )
            return web.json_response({"error": "internal error"}, status=500)
        return response

    web_app.router.add_post(ROUTE, messages)
    loops: list[asyncio.Task[None]] = []

    async def resume_replies(_app: web.Application) -> None:
        loops.append(asyncio.get_running_loop().create_task(kept.run()))
        loops.append(asyncio.get_running_loop().create_task(replay.run()))

    async def stop_replies(_app: web.Application) -> None:
        for task in loops:
            task.cancel()
        await asyncio.gather(*loops, return_exceptions=True)

    web_app.on_startup.append(resume_replies)
    web_app.on_shutdown.append(stop_replies)
    return TeamsNotifier(adapter, book, services.clock, config.APP_ID)
