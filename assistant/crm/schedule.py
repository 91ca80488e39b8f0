"""The CRM sync on the scheduler leader's tick: every few minutes, for each connected workspace.

A sync that fails (the CRM is down, a token was revoked) is logged, remembered for
`nextstep crm status`, and tried again on the next run; chat is never held up by it.
Changes made in the CRM are told in the deal's thread through the platform's notifier.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select

from assistant.crm.port import CrmError
from assistant.crm.sync import CrmSync, Notice
from assistant.messages import Outbound, Reply, Target
from assistant.ports import Notifier
from storage.db import Database
from storage.models import CrmConnection, Workspace

log = logging.getLogger(__name__)


def _digest(text: str) -> str:
    """A stable short key for a notice's text (`hash()` differs from one process to the next)."""
    return hashlib.sha1(text.encode()).hexdigest()[:16]


class CrmSchedule:
    def __init__(self, db: Database, sync_for: Callable[[str], CrmSync], every: timedelta) -> None:
        self.db = db
        self.sync_for = sync_for  # system -> a CrmSync for it
        self.every = every
        self.last_run: datetime | None = None

    def due(self, now: datetime) -> bool:
        return self.last_run is None or now - self.last_run >= self.every

    async def run(self, now: datetime, notifiers: list[Notifier]) -> list[Outbound]:
        """Sync every connected workspace when due; tell the chat what changed in the CRM."""
        if not self.due(now):
            return []
        self.last_run = now
        told: list[Outbound] = []
        for workspace_id, system, platform, external_id in await asyncio.to_thread(self._connected):
            try:
                report = await asyncio.to_thread(self.sync_for(system).run, workspace_id)
            except CrmError as error:
                log.warning("CRM sync of workspace %s failed; next run tries again: %s", workspace_id, error)
                continue
            except Exception:
                log.exception("CRM sync of workspace %s failed; next run tries again", workspace_id)
                continue
            for notice in report.notices:
                outbound = self._outbound(notice, platform, external_id)
                notifier = next((n for n in notifiers if n.platform == platform), None)
                if outbound is None or notifier is None:
                    continue
                try:
                    await notifier.send(outbound)
                    told.append(outbound)
                except Exception:
                    log.exception("could not tell %s about a CRM change", notice.channel_id)
        return told

    def _connected(self) -> list[tuple[int, str, str, str]]:
        with self.db.unit_of_work() as session:
            rows = session.execute(
                select(
                    CrmConnection.workspace_id,
                    CrmConnection.system,
                    Workspace.platform,
                    Workspace.external_id,
                )
                .join(Workspace, Workspace.id == CrmConnection.workspace_id)
                .order_by(CrmConnection.workspace_id)
            )
            return [(int(w), str(s), str(p), str(e)) for w, s, p, e in rows]

    @staticmethod
    def _outbound(notice: Notice, platform: str, external_id: str) -> Outbound | None:
        if not notice.channel_id:
            return None
        return Outbound(
            platform=platform,  # type: ignore[arg-type]
            workspace_id=external_id,
            target=Target("channel", notice.channel_id, notice.thread_id),
            reply=Reply(text=notice.text, kind="info"),
            key=f"crm:{notice.workspace_id}:{notice.channel_id}:{notice.thread_id}:{_digest(notice.text)}",
        )
