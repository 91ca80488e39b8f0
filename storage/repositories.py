"""Repositories over the models: who is who (workspaces, people, channels), re-exporting the rest.

Every repository below a workspace is built with that workspace's id and filters
every query on it, so two workspaces never see each other's rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, and_, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Base, Channel, Person, Workspace
from storage.repositories_deals import DealPage, Deals, name_key
from storage.repositories_log import PendingQuestions, UpdateLog

__all__ = [
    "Channels",
    "DealPage",
    "Deals",
    "Directory",
    "PendingQuestions",
    "People",
    "UpdateLog",
    "insert_or_get",
    "name_key",
]

_Row = TypeVar("_Row", bound=Base)

# Run on every message: built once, executed with parameters.
_WORKSPACE = select(Workspace).where(
    Workspace.platform == bindparam("platform"), Workspace.external_id == bindparam("external_id")
)
_PERSON = select(Person).where(Person.workspace_id == bindparam("ws"), Person.platform_id == bindparam("pid"))
_CHANNEL = select(Channel).where(
    Channel.workspace_id == bindparam("ws"), Channel.external_id == bindparam("cid")
)
_SPEAKER = (
    select(Workspace, Person, Channel)
    .outerjoin(Person, and_(Person.workspace_id == Workspace.id, Person.platform_id == bindparam("pid")))
    .outerjoin(Channel, and_(Channel.workspace_id == Workspace.id, Channel.external_id == bindparam("cid")))
    .where(Workspace.platform == bindparam("platform"), Workspace.external_id == bindparam("external_id"))
)


class Directory:
    """Finds or creates workspaces (one per Slack team / Teams tenant / console)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def workspace(
        self, platform: str, external_id: str, *, now: datetime, name: str | None = None
    ) -> Workspace:
        """The workspace for (platform, external id), created on first sight."""
        query, params = _WORKSPACE, {"platform": platform, "external_id": external_id}
        found = self.session.scalars(query, params).one_or_none()
        if found is None:
            found = insert_or_get(
                self.session,
                Workspace(platform=platform, external_id=external_id, name=name, created_at=now),
                query,
                params,
            )
        if name and found.name != name:
            found.name = name
        if found.uninstalled_at is not None:  # seen again: installed again
            found.uninstalled_at = None
        return found

    def mark_uninstalled(self, platform: str, external_id: str, *, now: datetime) -> bool:
        """The app was removed from the workspace: schedule nothing for it until it is seen again."""
        found = self.find_workspace(platform, external_id)
        if found is None or found.uninstalled_at is not None:
            return False
        found.uninstalled_at = now
        return True

    def speaker_rows(
        self, platform: str, external_id: str, platform_id: str, channel_id: str | None
    ) -> tuple[Workspace | None, Person | None, Channel | None]:
        """The workspace, the person and the channel of a message in one query (any may be missing).

        Every message and button press starts with these three; one round trip instead of three
        when they exist, which is every time but the first.
        """
        params = {
            "platform": platform,
            "external_id": external_id,
            "pid": platform_id,
            "cid": channel_id or "",
        }
        row = self.session.execute(_SPEAKER, params).first()
        if row is None:
            return None, None, None
        workspace, person, channel = row
        return workspace, person, channel if channel_id else None

    def find_workspace(self, platform: str, external_id: str) -> Workspace | None:
        """The workspace if it exists (never creates one)."""
        return self.session.scalars(
            select(Workspace).where(Workspace.platform == platform, Workspace.external_id == external_id)
        ).one_or_none()


class People:
    """The people of one workspace: reps and managers, by platform id or display name."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def upsert(
        self,
        platform_id: str,
        *,
        now: datetime,
        name: str | None = None,
        tz: str | None = None,
        email: str | None = None,
        found: Person | None = None,
    ) -> Person:
        """The person with this platform id, created on first sight; name and tz refreshed when given.

        `found`: the row when the caller read it already (Directory.speaker_rows).
        """
        query, params = _PERSON, {"ws": self.workspace_id, "pid": platform_id}
        if found is None:
            found = self.session.scalars(query, params).one_or_none()
        if found is None:
            found = insert_or_get(
                self.session,
                Person(
                    workspace_id=self.workspace_id,
                    platform_id=platform_id,
                    display_name=name or platform_id,
                    tz=tz,
                    role="rep",
                    created_at=now,
                ),
                query,
                params,
            )
        if name and found.display_name != name:
            found.display_name = name
        if tz and found.tz != tz and not found.tz_pinned:
            found.tz = tz
        if email and found.email != email:
            found.email = email
        return found

    def by_platform_id(self, platform_id: str) -> Person | None:
        return self.session.scalars(
            select(Person).where(Person.workspace_id == self.workspace_id, Person.platform_id == platform_id)
        ).one_or_none()

    def by_id(self, person_id: int) -> Person | None:
        person = self.session.get(Person, person_id)
        return person if person is not None and person.workspace_id == self.workspace_id else None

    def by_name(self, name: str) -> list[Person]:
        """People whose display name, or its first word (else another word), is `name` (case-insensitive)."""
        wanted = name.strip().casefold()
        if not wanted:
            return []
        exact = list(
            self.session.scalars(
                select(Person).where(
                    Person.workspace_id == self.workspace_id, func.lower(Person.display_name) == wanted
                )
            )
        )
        if exact:
            return exact
        everyone = list(self.session.scalars(select(Person).where(Person.workspace_id == self.workspace_id)))
        first = [
            p
            for p in everyone
            if p.display_name.casefold().split(" ")[0] == wanted or p.platform_id.casefold() == wanted
        ]
        # Else a surname: "Scully" is Dana Scully.
        return first or [p for p in everyone if wanted in p.display_name.casefold().split()[1:]]


class Channels:
    """Channels of one workspace where the assistant is used."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def upsert(
        self, external_id: str, *, now: datetime, name: str | None = None, found: Channel | None = None
    ) -> Channel:
        query, params = _CHANNEL, {"ws": self.workspace_id, "cid": external_id}
        if found is None:
            found = self.session.scalars(query, params).one_or_none()
        if found is None:
            found = insert_or_get(
                self.session,
                Channel(workspace_id=self.workspace_id, external_id=external_id, name=name, created_at=now),
                query,
                params,
            )
        if name and found.name != name:
            found.name = name
        return found


def insert_or_get(session: Session, row: _Row, query: Select[_Row], params: Mapping[str, object]) -> _Row:
    """Insert `row` in a savepoint; if a concurrent writer won the race, return theirs."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return session.scalars(query, params).one()
    return row
