"""Who counts as a manager. Kept simple: a role on the person, rep or manager; anyone may ask anything."""

from __future__ import annotations

from typing import Literal

from assistant.messages import Person, Platform
from assistant.ports import Clock
from storage.db import Database
from storage.repositories import Directory, People

Role = Literal["rep", "manager"]
ROLES: tuple[Role, ...] = ("rep", "manager")


def set_role(
    db: Database, clock: Clock, platform: Platform, workspace_id: str, person: Person, role: str
) -> str:
    """Make `person` a rep or a manager in the workspace; returns a line saying so."""
    wanted = role.strip().casefold()
    if wanted not in ROLES:
        return f"A role is one of: {', '.join(ROLES)}."
    now = clock.now()
    with db.unit_of_work() as session:
        workspace = Directory(session).workspace(platform, workspace_id, now=now)
        row = People(session, workspace.id).upsert(
            person.platform_id, now=now, name=person.name, tz=person.tz
        )
        row.role = wanted
        return f"{row.display_name} is now a {wanted}."
