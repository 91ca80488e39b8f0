"""What Nextstep and the CRM tell each other: the core decides, a connector carries it.

- Import: deals changed in the CRM since the last import become known deals (new ones) or
  update ours where the CRM changed stage, amount, currency, close date or name since both
  sides last agreed (the CRM wins for those; the next step and its owner stay ours). Each
  such change is logged as an update of the deal and told in the deal's thread.
- Write-back: every deal changed in chat since the last write (an update, an edit, an undo, a
  button) has its next step, owner, due date, stage, amount and close date written to its CRM
  record, only the fields that differ from what both sides last agreed, batched; a deal made
  in chat is created in the CRM. A failed write is kept (and shown by `nextstep crm status`)
  and tried again on every sync until it lands; the chat update is never affected.

Nothing here talks HTTP: the connector does, outside any database transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from assistant.crm.port import CrmConnector, CrmDeal, CrmError, CrmWrite, WriteResult
from assistant.crm.stages import StageMap
from assistant.deal_names import DealNames
from assistant.ports import Clock
from nlp.types import CLOSED_STAGES
from storage.db import Database
from storage.models import CrmLink, Deal
from storage.repositories_crm import CrmLinks
from storage.repositories_deals import Deals, name_key
from storage.repositories_log import UpdateLog

log = logging.getLogger(__name__)

# What both sides agree on, in our terms: compared field by field to find who changed what.
SHARED = ("name", "stage", "amount", "currency", "close_date")
OURS = ("next_step", "owner", "due")
CRM_WINS = ("stage", "amount", "currency", "close_date")
# A write-back pass re-reads a little before the last one: a deal committed during it is seen again
# (harmless: a deal whose values match what was agreed is not written).
OVERLAP = timedelta(seconds=30)
LABELS = {"hubspot": "HubSpot", "salesforce": "Salesforce"}


@dataclass(frozen=True, slots=True)
class Notice:
    """Something to tell the chat: where (the deal's last thread) and what."""

    workspace_id: int
    channel_id: str | None
    thread_id: str | None
    text: str


@dataclass
class SyncReport:
    imported: list[str] = field(default_factory=list)
    changed_in_crm: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = "would " if self.dry_run else ""
        out = [
            f"{verb}import {len(self.imported)} new deal(s){_names(self.imported)}",
            f"{verb}take {len(self.changed_in_crm)} change(s) made in the CRM{_names(self.changed_in_crm)}",
            f"{verb}write {len(self.written)} deal(s) to the CRM{_names(self.written)}",
            f"{verb}create {len(self.created)} deal(s) in the CRM{_names(self.created)}",
        ]
        if self.failed:
            out.append(
                f"{len(self.failed)} write(s) failed and will be retried: " + "; ".join(self.failed[:5])
            )
        return out


def _names(items: list[str]) -> str:
    if not items:
        return ""
    shown = ", ".join(items[:8])
    return f": {shown}" + (f" and {len(items) - 8} more" if len(items) > 8 else "")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


class CrmSync:
    def __init__(
        self,
        db: Database,
        connector: CrmConnector,
        stages: StageMap,
        clock: Clock,
        names: DealNames | None = None,
    ) -> None:
        self.db = db
        self.connector = connector
        self.stages = stages
        self.clock = clock
        self.names = names
        self.system = connector.system
        self.label = LABELS.get(self.system, self.system)

    # -- connecting ------------------------------------------------------------------------------
    def connect(self, workspace_id: int) -> str:
        """Check the credentials and record the workspace's connection; say what we reached."""
        reached = self.connector.check()
        with self.db.unit_of_work() as session:
            CrmLinks(session, workspace_id).connect(self.system, self.clock.now())
        return reached

    def run(self, workspace_id: int, *, dry_run: bool = False) -> SyncReport:
        """Import, then write back. Raises CrmError when the CRM cannot be reached at all."""
        report = SyncReport(dry_run=dry_run)
        try:
            self.import_deals(workspace_id, report)
            self.write_back(workspace_id, report)
        except CrmError as error:
            if not dry_run:
                self._remember_error(workspace_id, str(error))
            raise
        return report

    def _remember_error(self, workspace_id: int, error: str) -> None:
        with self.db.unit_of_work() as session:
            connection = CrmLinks(session, workspace_id).connection()
            if connection is not None:
                connection.last_error = f"{self.clock.now().isoformat(timespec='seconds')}: {error}"[:2000]

    # -- import ----------------------------------------------------------------------------------
    def import_deals(self, workspace_id: int, report: SyncReport) -> None:
        with self.db.unit_of_work() as session:
            connection = CrmLinks(session, workspace_id).connection()
            if connection is None or connection.system != self.system:
                raise CrmError(f"this workspace is not connected to {self.label}: run `nextstep crm connect`")
            cursor = connection.import_cursor
        remote = self.connector.deals_modified_since(cursor)
        now = self.clock.now()
        created_names: list[str] = []
        renamed = False
        with self.db.unit_of_work() as session:
            links = CrmLinks(session, workspace_id)
            deals, updates = Deals(session, workspace_id), UpdateLog(session, workspace_id)
            newest = cursor
            known = links.by_crm_ids(self.system, [d.crm_id for d in remote])
            by_name = deals.by_names([d.name for d in remote if d.crm_id not in known])
            people: dict[tuple[str | None, str | None], int | None] = {}
            adopted: list[tuple[CrmDeal, Deal, bool]] = []  # (record, our deal, made by this import)
            for crm_deal in remote:
                if crm_deal.modified_at and (newest is None or crm_deal.modified_at > newest):
                    newest = crm_deal.modified_at
                link = known.get(crm_deal.crm_id)
                if link is not None:
                    renamed |= self._take_changes(session, link, updates, crm_deal, now, report)
                    continue
                existing = by_name.get(name_key(crm_deal.name))
                if existing is not None:
                    adopted.append((crm_deal, existing, False))
                elif not crm_deal.closed:  # a closed deal we never knew: nothing to follow up
                    made = self._new_deal(links, deals, crm_deal, now, people)
                    by_name[name_key(made.name)] = made
                    adopted.append((crm_deal, made, True))
            session.flush()  # one flush for every deal made: their ids for the links below
            for crm_deal, deal, made_here in adopted:
                link = links.link(deal.id, self.system, crm_deal.crm_id, flush=False)
                if not made_here:
                    link.agreed = {}  # agree on nothing yet: the next write-back writes our state
                    continue
                link.agreed = self._remote_values(crm_deal) | {"next_step": deal.next_step}
                updates.record(
                    deal_id=deal.id,
                    author_id=None,
                    message_id=f"crm:{self.system}:{crm_deal.crm_id}:import",
                    raw_text=f"Imported from {self.label}",
                    parsed={},
                    changes={},
                    now=now,
                    flush=False,
                )
                report.imported.append(deal.name)
                created_names.append(deal.name)
            if report.dry_run:
                session.rollback()
                return
            connection = links.connection()
            assert connection is not None
            connection.import_cursor = newest
            connection.last_import_at = now
            connection.last_error = None
        if self.names is not None:
            if renamed:
                self.names.forget(workspace_id)
            else:
                for name in created_names:
                    self.names.add(workspace_id, name)

    def _remote_values(self, crm_deal: CrmDeal) -> dict[str, Any]:
        return {
            "name": crm_deal.name,
            "stage": self.stages.our_stage(crm_deal.stage),
            "amount": crm_deal.amount,
            "currency": crm_deal.currency,
            "close_date": _iso(crm_deal.close_date),
        }

    def _new_deal(
        self,
        links: CrmLinks,
        deals: Deals,
        crm_deal: CrmDeal,
        now: datetime,
        people: dict[tuple[str | None, str | None], int | None],
    ) -> Deal:
        """Our deal for a CRM deal we did not know, owned by the chat person the CRM's owner is."""
        owner = (crm_deal.owner_email, crm_deal.owner_name)
        if owner not in people:
            person = links.person_for(*owner)
            people[owner] = person.id if person else None
        stage = self.stages.our_stage(crm_deal.stage)
        deal = deals.create(crm_deal.name, rep_id=people[owner], now=now, stage=stage, flush=False)
        deal.amount, deal.currency, deal.close_by = crm_deal.amount, crm_deal.currency, crm_deal.close_date
        if stage in CLOSED_STAGES:
            deal.closed_at = now
        if crm_deal.next_step:
            deal.next_step = crm_deal.next_step[:2000]
        return deal

    def _take_changes(
        self,
        session: Any,
        link: CrmLink,
        updates: UpdateLog,
        crm_deal: CrmDeal,
        now: datetime,
        report: SyncReport,
    ) -> bool:
        """Apply what changed in the CRM since we last agreed (it wins); True when the deal was renamed."""
        deal = session.get(Deal, link.deal_id)
        if deal is None:
            return False
        remote = self._remote_values(crm_deal)
        agreed = dict(link.agreed or {})
        changes: dict[str, list[Any]] = {}
        said: list[str] = []
        renamed = False
        for key in SHARED:
            value = remote[key]
            if key not in agreed or value == agreed.get(key):
                continue
            if key == "stage" and value is None:
                continue  # a CRM stage we have no mapping for
            said.append(self._describe(key, value, crm_deal))
            renamed |= self._set(session, deal, key, value, changes, now)
        link.agreed = agreed | remote
        if not changes:
            return False
        by = f" by {crm_deal.modified_by}" if crm_deal.modified_by else ""
        text = f"{deal.name}: " + "; ".join(said) + f" in {self.label}{by}."
        stamp = crm_deal.modified_at.isoformat() if crm_deal.modified_at else now.isoformat()
        last = updates.latest_for_deal(deal.id)
        updates.record(
            deal_id=deal.id,
            author_id=None,
            message_id=f"crm:{self.system}:{crm_deal.crm_id}:{stamp}",
            raw_text=text,
            parsed={},
            changes=changes,
            now=now,
            channel_id=last.channel_id if last else None,
            thread_id=(last.thread_id or last.platform_message_id) if last else None,
        )
        report.changed_in_crm.append(deal.name)
        if last is not None and last.channel_id:
            # The thread the deal was last discussed in: the message's own thread, or the message itself.
            chat_message = None if last.platform_message_id.startswith("crm:") else last.platform_message_id
            thread = last.thread_id or chat_message
            report.notices.append(Notice(link.workspace_id, last.channel_id, thread, text))
        return renamed

    def _describe(self, key: str, value: Any, crm_deal: CrmDeal) -> str:
        if key == "stage":
            return f"stage changed to {crm_deal.stage}"
        if key == "amount":
            return f"amount changed to {value:,}" if value is not None else "amount cleared"
        if key == "close_date":
            return f"close date changed to {value}" if value else "close date cleared"
        if key == "name":
            return f"renamed to {value}"
        return f"{key} changed to {value}"

    def _set(
        self, session: Any, deal: Deal, key: str, value: Any, changes: dict[str, list[Any]], now: datetime
    ) -> bool:
        renamed = False
        if key == "name":
            clash = Deals(session, deal.workspace_id).by_name(value)
            if clash is not None and clash.id != deal.id:
                return False
            changes["name"] = [deal.name, value]
            deal.name, deal.name_key = value, name_key(value)
            renamed = True
        elif key == "stage":
            changes["stage"] = [deal.stage, value]
            deal.stage = value
            if value in CLOSED_STAGES and deal.closed_at is None:
                deal.closed_at = now
            elif value not in CLOSED_STAGES:
                deal.closed_at = None
        elif key == "amount":
            changes["amount"] = [deal.amount, value]
            deal.amount = value
        elif key == "currency":
            changes["currency"] = [deal.currency, value]
            deal.currency = value
        elif key == "close_date":
            changes["close_by"] = [_iso(deal.close_by), value]
            deal.close_by = date.fromisoformat(value) if value else None
        return renamed

    # -- write-back ------------------------------------------------------------------------------
    def _ours(self, deal: Deal) -> dict[str, Any]:
        return {
            "name": deal.name,
            "stage": deal.stage,
            "amount": deal.amount,
            "currency": deal.currency,
            "close_date": _iso(deal.close_by),
            "next_step": deal.next_step,
            "owner": deal.next_step_owner,
            "due": _iso(deal.due_date),
        }

    def write_back(self, workspace_id: int, report: SyncReport) -> None:
        started = self.clock.now()
        writes: list[CrmWrite] = []
        wanted: dict[str, tuple[int, dict[str, Any]]] = {}
        with self.db.unit_of_work() as session:
            links = CrmLinks(session, workspace_id)
            connection = links.connection()
            if connection is None:
                return
            since = connection.written_through - OVERLAP if connection.written_through else None
            deal_ids = links.deals_to_write(since)
            by_deal = links.for_deals(deal_ids)
            for deal in Deals(session, workspace_id).by_ids(deal_ids):
                link = by_deal.get(deal.id)
                ours = self._ours(deal)
                agreed = dict(link.agreed or {}) if link else {}
                fields = {k: v for k, v in ours.items() if v is not None and v != agreed.get(k)}
                clear = frozenset(k for k in OURS if ours[k] is None and agreed.get(k) is not None)
                crm_id = link.crm_id if link else None
                if crm_id and not fields and not clear:
                    continue
                if crm_id is None and deal.closed_at is not None and link is None:
                    continue  # a deal closed before the CRM was connected stays out of it
                digest = hashlib.sha1(json.dumps(ours, sort_keys=True).encode()).hexdigest()[:16]
                key = f"ns-{workspace_id}-{deal.id}" if crm_id is None else f"ns-{deal.id}-{digest}"
                typed: dict[str, object] = {
                    k: (date.fromisoformat(v) if k in {"close_date", "due"} and isinstance(v, str) else v)
                    for k, v in fields.items()
                }
                writes.append(CrmWrite(key, crm_id, deal.name, typed, clear))
                wanted[key] = (deal.id, ours)
                (report.created if crm_id is None else report.written).append(deal.name)
        if report.dry_run or not writes:
            if not report.dry_run:
                self._mark_written(workspace_id, started, [])
            return
        try:
            results = self.connector.write(writes)
        except CrmError as error:
            results = [WriteResult(w.key, w.crm_id, str(error)) for w in writes]
        self._mark_written(workspace_id, started, results, wanted, report)

    def _mark_written(
        self,
        workspace_id: int,
        started: datetime,
        results: list[WriteResult],
        wanted: dict[str, tuple[int, dict[str, Any]]] | None = None,
        report: SyncReport | None = None,
    ) -> None:
        wanted = wanted or {}
        with self.db.unit_of_work() as session:
            links = CrmLinks(session, workspace_id)
            by_deal = links.for_deals([deal_id for deal_id, _ours in wanted.values()])
            for result in results:
                deal_id, ours = wanted[result.key]
                link = by_deal.get(deal_id) or links.link(deal_id, self.system, None)
                if result.error is None:
                    link.crm_id = result.crm_id or link.crm_id
                    link.agreed = dict(link.agreed or {}) | ours
                    link.written_key, link.written_at, link.failed, link.attempts = (
                        result.key,
                        started,
                        None,
                        0,
                    )
                else:
                    link.failed, link.attempts = result.error[:2000], link.attempts + 1
                    if report is not None:
                        report.failed.append(f"{ours['name']}: {result.error}")
                        name = ours["name"]
                        for bucket in (report.written, report.created):
                            if name in bucket:
                                bucket.remove(name)
            connection = links.connection()
            if connection is not None:
                connection.written_through = started
                if results:
                    connection.last_write_at = started
