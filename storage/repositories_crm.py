"""A workspace's CRM connection and the links between its deals and CRM records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import CrmConnection, CrmLink, Deal, DealUpdate, Person


class CrmLinks:
    """Links of one workspace; every query filters on `workspace_id`."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def connection(self) -> CrmConnection | None:
        return self.session.scalars(
            select(CrmConnection).where(CrmConnection.workspace_id == self.workspace_id)
        ).one_or_none()

    def connect(self, system: str, now: datetime) -> CrmConnection:
        """The workspace's connection to `system`, made on first use (switching CRMs starts over)."""
        found = self.connection()
        if found is not None and found.system != system:
            for link in self.session.scalars(
                select(CrmLink).where(CrmLink.workspace_id == self.workspace_id)
            ):
                self.session.delete(link)
            self.session.delete(found)
            self.session.flush()
            found = None
        if found is None:
            found = CrmConnection(workspace_id=self.workspace_id, system=system, connected_at=now)
            self.session.add(found)
            self.session.flush()
        return found

    def by_crm_ids(self, system: str, crm_ids: Sequence[str]) -> dict[str, CrmLink]:
        """Links of these CRM records, in queries of 500 ids."""
        ids = sorted(set(crm_ids))
        found: dict[str, CrmLink] = {}
        for i in range(0, len(ids), 500):
            rows = self.session.scalars(
                select(CrmLink).where(
                    CrmLink.workspace_id == self.workspace_id,
                    CrmLink.system == system,
                    CrmLink.crm_id.in_(ids[i : i + 500]),
                )
            )
            found.update((str(link.crm_id), link) for link in rows)
        return found

    def for_deals(self, deal_ids: Sequence[int]) -> dict[int, CrmLink]:
        if not deal_ids:
            return {}
        rows = self.session.scalars(
            select(CrmLink).where(
                CrmLink.workspace_id == self.workspace_id, CrmLink.deal_id.in_(list(deal_ids))
            )
        )
        return {link.deal_id: link for link in rows}

    def link(self, deal_id: int, system: str, crm_id: str | None, flush: bool = True) -> CrmLink:
        link = CrmLink(
            workspace_id=self.workspace_id,
            deal_id=deal_id,
            system=system,
            crm_id=crm_id,
            agreed={},
            attempts=0,
        )
        self.session.add(link)
        if flush:
            self.session.flush()
        return link

    def deals_to_write(self, since: datetime | None) -> list[int]:
        """Deals changed in chat after `since` (every deal when None), undone since, or whose write failed."""
        ws = self.workspace_id
        changed = select(Deal.id).where(Deal.workspace_id == ws)
        if since is not None:
            changed = changed.where(Deal.updated_at > since)
        failed = select(CrmLink.deal_id).where(CrmLink.workspace_id == ws, CrmLink.failed.is_not(None))
        ids: set[int] = set(self.session.scalars(changed)) | set(self.session.scalars(failed))
        if since is not None:
            undone = select(DealUpdate.deal_id).where(
                DealUpdate.workspace_id == ws, DealUpdate.retracted_at > since
            )
            ids |= set(self.session.scalars(undone))
        return sorted(ids)

    def counts(self) -> tuple[int, int, int]:
        """(linked deals, deals whose last write failed, deals not yet created in the CRM)."""
        ws = self.workspace_id
        linked = self.session.scalar(
            select(func.count())
            .select_from(CrmLink)
            .where(CrmLink.workspace_id == ws, CrmLink.crm_id.is_not(None))
        )
        failed = self.session.scalar(
            select(func.count())
            .select_from(CrmLink)
            .where(CrmLink.workspace_id == ws, CrmLink.failed.is_not(None))
        )
        unlinked = self.session.scalar(
            select(func.count())
            .select_from(Deal)
            .outerjoin(CrmLink, CrmLink.deal_id == Deal.id)
            .where(Deal.workspace_id == ws, CrmLink.id.is_(None))
        )
        return int(linked or 0), int(failed or 0), int(unlinked or 0)

    def failures(self, limit: int = 10) -> list[tuple[str, str]]:
        rows = self.session.execute(
            select(Deal.name, CrmLink.failed)
            .join(Deal, Deal.id == CrmLink.deal_id)
            .where(CrmLink.workspace_id == self.workspace_id, CrmLink.failed.is_not(None))
            .limit(limit)
        )
        return [(str(name), str(error)) for name, error in rows]

    def person_for(self, email: str | None, name: str | None) -> Person | None:
        """The chat person a CRM owner is: by e-mail, else by full display name."""
        people = select(Person).where(Person.workspace_id == self.workspace_id)
        if email:
            found = self.session.scalars(people.where(func.lower(Person.email) == email.casefold())).first()
            if found is not None:
                return found
        if name:
            return self.session.scalars(
                people.where(func.lower(Person.display_name) == name.strip().casefold())
            ).first()
        return None
