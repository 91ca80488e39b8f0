"""The last list each person was shown per channel, so "more" typed in chat continues it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from storage.models import ListView
from storage.repositories import insert_or_get

_VIEW = select(ListView).where(
    ListView.workspace_id == bindparam("ws"),
    ListView.person_id == bindparam("person"),
    ListView.channel_id == bindparam("channel"),
)


class ListViews:
    """One row per (workspace, person, channel): the newest list replaces the one before."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def remember(self, person_id: int, channel_id: str, spec: str, now: datetime) -> None:
        found = self.last(person_id, channel_id)
        if found is None:
            row = ListView(
                workspace_id=self.workspace_id,
                person_id=person_id,
                channel_id=channel_id,
                spec=spec,
                updated_at=now,
            )
            params = {"ws": self.workspace_id, "person": person_id, "channel": channel_id}
            found = insert_or_get(self.session, row, _VIEW, params)
        found.spec = spec
        found.updated_at = now

    def last(self, person_id: int, channel_id: str) -> ListView | None:
        params = {"ws": self.workspace_id, "person": person_id, "channel": channel_id}
        return self.session.scalars(_VIEW, params).one_or_none()
