"""A small pipeline builder for scheduler tests: what the core would have stored after a week of chat.

It writes through storage/repositories.py the way the core does (deal + logged update with
its `changes`), so the summary and reminders read realistic rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import count
from typing import Any

from storage.db import Database
from storage.models import Channel, Deal, Person, Workspace
from storage.repositories import Channels, Deals, Directory, People, UpdateLog

_ids = count(1)


@dataclass
class Pipeline:
    """One workspace's deals, written at controllable instants."""

    db: Database
    platform: str = "slack"
    external_id: str = "T1"
    tz: str = "UTC"
    workspace_id: int = 0
    reps: dict[str, int] = field(default_factory=dict)

    def setup(self, now: datetime, **settings: Any) -> Pipeline:
        with self.db.unit_of_work() as s:
            ws = Directory(s).workspace(self.platform, self.external_id, now=now, name="Acme")
            ws.tz = self.tz
            for key, value in settings.items():
                setattr(ws, key, value)
            s.flush()
            self.workspace_id = ws.id
        return self

    def channel(self, external_id: str, now: datetime, name: str = "deals", **overrides: Any) -> None:
        with self.db.unit_of_work() as s:
            channel = Channels(s, self.workspace_id).upsert(external_id, now=now, name=name)
            for key, value in overrides.items():
                setattr(channel, key, value)

    def rep(self, name: str, now: datetime, tz: str | None = None, platform_id: str | None = None) -> None:
        with self.db.unit_of_work() as s:
            person = People(s, self.workspace_id).upsert(
                platform_id or f"U-{name}", now=now, name=name, tz=tz
            )
            self.reps[name] = person.id

    def deal(self, name: str, rep: str | None, now: datetime, **state: Any) -> int:
        """A new deal as of `now`, with its creating update logged."""
        with self.db.unit_of_work() as s:
            deal = Deals(s, self.workspace_id).create(
                name, rep_id=self.reps.get(rep) if rep else None, now=now, stage=state.pop("stage", None)
            )
            changes = self._apply(deal, now, state)
            UpdateLog(s, self.workspace_id).record(
                deal_id=deal.id,
                author_id=deal.rep_id,
                message_id=f"m{next(_ids)}",
                raw_text=f"new deal {name}",
                parsed={},
                changes=changes,
                now=now,
            )
            return deal.id

    def update(self, name: str, now: datetime, **state: Any) -> None:
        """An update to `name` at `now`: fields set, `changes` logged as [old, new]."""
        with self.db.unit_of_work() as s:
            deal = Deals(s, self.workspace_id).by_name(name)
            assert deal is not None, name
            changes = self._apply(deal, now, state)
            UpdateLog(s, self.workspace_id).record(
                deal_id=deal.id,
                author_id=deal.rep_id,
                message_id=f"m{next(_ids)}",
                raw_text=f"update {name}",
                parsed={},
                changes=changes,
                now=now,
            )

    @staticmethod
    def _apply(deal: Deal, now: datetime, state: dict[str, Any]) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        for key, value in state.items():
            old = getattr(deal, key)
            if old != value:
                changes[key] = [_jsonable(old), _jsonable(value)]
                setattr(deal, key, value)
        if "next_step_owner" in changes:
            deal.owner_since = now
        if deal.next_step_owner == "us":
            deal.us_streak = (deal.us_streak or 0) + 1
        elif "next_step_owner" in changes:
            deal.us_streak = 0
        if state.get("stage") in ("won", "lost"):
            deal.closed_at = now
            deal.next_step = None
            deal.next_step_owner = None
            deal.due_date = None
        deal.updated_at = now
        return changes

    def get(self, name: str) -> Deal:
        with self.db.unit_of_work() as s:
            deal = Deals(s, self.workspace_id).by_name(name)
            assert deal is not None
            return deal

    def workspace(self) -> Workspace:
        with self.db.unit_of_work() as s:
            ws = s.get(Workspace, self.workspace_id)
            assert ws is not None
            return ws

    def person(self, name: str) -> Person:
        with self.db.unit_of_work() as s:
            person = s.get(Person, self.reps[name])
            assert person is not None
            return person

    def channel_row(self, external_id: str) -> Channel:
        with self.db.unit_of_work() as s:
            found = Channels(s, self.workspace_id).upsert(external_id, now=datetime.now().astimezone())
            return found


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value
