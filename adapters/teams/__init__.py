"""Microsoft Teams adapter (botbuilder): POST /api/messages, Adaptive Cards, proactive messages.

botbuilder is imported only when Teams is mounted, so `nextstep teams-package` and the
icon generator stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp import web

    from adapters.teams.notifier import TeamsNotifier
    from assistant.services import Services
    from assistant.settings import Settings

__all__ = ["mount"]


def mount(web_app: web.Application, services: Services, settings: Settings) -> TeamsNotifier | None:
    """Serve POST /api/messages when Teams is configured; see adapters.teams.endpoint.py."""
    from adapters.teams.endpoint import ROUTE
    from adapters.teams.endpoint import mount as mount_teams
    from adapters.teams.observe import middleware

    notifier = mount_teams(web_app, services, settings)
    if notifier is not None:
        web_app.middlewares.append(middleware(ROUTE))
    return notifier
