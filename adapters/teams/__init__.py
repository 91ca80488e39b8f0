"""Microsoft Teams adapter (botbuilder): POST /api/messages, Adaptive Cards, proactive messages.

botbuilder is imported only when Teams is mounted, so `nextstep teams-package` and the
icon generator stay light.

Nothing Teams was acknowledged for is lost, without an inbox table (Slack needs one because
it must be answered within 3 s, before handling): the Bot Connector waits for the HTTP answer
of POST /api/messages, and it gets it only after the activity is handled in one transaction
with its re-delivery key and its replies (bot.py `_handle`, outbox.py). So:

- a process that dies before that commit has acknowledged nothing: the connector sees the
  request fail and may deliver it again, which is handled as new (nothing of it was kept);
- one that dies after the commit and before the answer: a re-delivery finds its key and is
  ignored, and the kept replies go out from the outbox on the next start;
- while the database is down, a message, an edit or a deletion is appended (fsynced) to the
  Teams spool before the answer (spooled.py) and replayed when the database is back (an
  invoke, whose answer is the card itself, gets an apology and is pressed again); a spooled activity that
  keeps failing with the database up is parked beside the spool, not retried in front of the
  others, and its author is told it was not recorded;
- a failure after the commit (marking a sent reply, say) never ends in "please try again".

Handling before answering costs the connector's wait (it allows 15 s); the inbox that Slack
uses (adapters/slack/inbox.py) would add a write and a hand-over for no stronger guarantee.
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
