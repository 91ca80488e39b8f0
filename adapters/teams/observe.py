"""Metrics and log context for Bot Framework activities (handled within the request, unlike Slack's)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ops import logs, metrics

Handler = Any  # aiohttp's middleware handler type
PARSED_BODY = "nextstep.teams.activity_json"  # request key: the body as parsed (None: not JSON)


def activity_labels(body: Any) -> tuple[str, str | None, str | None]:
    """(kind, workspace, event id) of an activity: its type, its tenant, its id."""
    if not isinstance(body, dict):
        return "unknown", None, None
    channel_data = body.get("channelData")
    conversation = body.get("conversation")
    tenant_of_channel = channel_data.get("tenant") if isinstance(channel_data, dict) else None
    tenant = (tenant_of_channel.get("id") if isinstance(tenant_of_channel, dict) else None) or (
        conversation.get("tenantId") if isinstance(conversation, dict) else None
    )
    kind = str(body.get("type") or "unknown")
    if kind == "invoke" and body.get("name"):
        kind = f"invoke:{body['name']}"
    return kind, str(tenant) if tenant else None, str(body["id"]) if body.get("id") else None


def middleware(route: str) -> Any:
    """An aiohttp middleware counting each activity on `route`: received, handled or failed, latency."""

    @web.middleware
    async def observe(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path != route or request.method != "POST":
            return await handler(request)  # type: ignore[no-any-return]
        try:
            body = await request.json()
        except ValueError:
            body = None
        request[PARSED_BODY] = body  # the endpoint takes it from here: the JSON is parsed once
        kind, tenant, activity_id = activity_labels(body)
        logs.bind(platform="teams", workspace=tenant, event_id=activity_id)
        track = metrics.event_received("teams", kind)
        try:
            response: web.StreamResponse = await handler(request)
        except web.HTTPException as http_error:
            track.failed = http_error.status >= 500
            raise
        except BaseException:
            track.failed = True
            raise
        else:
            track.failed = track.failed or response.status >= 500
        finally:
            track.finish()
        return response

    return observe
