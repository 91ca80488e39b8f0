"""Data in and out: the pipeline as CSV or JSON lines, deals from a CRM's CSV, a person forgotten.

- `export_rows` / `write_export`: every deal with every field (and, in JSON lines, its updates
  verbatim, newest last); the update log as its own CSV.
- `plan_import` / `apply_import`: a CSV matched by its headers; an imported deal that already
  says what the row says is left alone, so importing the same file twice changes nothing. Each
  change is recorded in the deal's history (field -> [old, new]) like a chat update, so it can
  be seen and undone.
- `forget_person`: a person's messages are erased from the history (the text becomes
  "removed"); what they changed in the pipeline stays.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TextIO

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assistant.updates import encode, set_fields
from nlp.deals import MAX_NAME_CHARS
from nlp.types import CLOSED_STAGES, STAGES
from storage.models import Deal, DealUpdate, PendingQuestion, Person, Workspace
from storage.repositories import Deals, UpdateLog

REMOVED = "removed"
# Deal columns that are the database's own bookkeeping, not the pipeline.
INTERNAL = frozenset({"workspace_id", "name_key", "rep_id", "us_streak"})


class ExchangeError(Exception):
    """What stops an export, import or forget, in words for the person running it."""


# --- export ------------------------------------------------------------------------------------


def deal_columns() -> list[str]:
    """Every field a deal has (new columns are exported without a change here)."""
    return [c.name for c in Deal.__table__.columns if c.name not in INTERNAL]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _workspaces(session: Session, external_id: str | None) -> list[Workspace]:
    query = select(Workspace).order_by(Workspace.id)
    if external_id:
        query = query.where(Workspace.external_id == external_id)
    found = list(session.scalars(query))
    if external_id and not found:
        raise ExchangeError(f"no workspace {external_id!r} in this database")
    return found


def export_deals(session: Session, workspace: str | None = None) -> Iterator[dict[str, Any]]:
    """Each deal as a dict: the workspace, every field, the rep, and its updates (oldest first)."""
    columns = deal_columns()
    for ws in _workspaces(session, workspace):
        deals = session.scalars(select(Deal).where(Deal.workspace_id == ws.id).order_by(Deal.id)).unique()
        for deal in deals:
            row: dict[str, Any] = {"platform": ws.platform, "workspace": ws.external_id}
            row.update({name: _plain(getattr(deal, name)) for name in columns})
            row["rep"] = deal.rep.display_name if deal.rep else None
            row["rep_id"] = deal.rep.platform_id if deal.rep else None
            row["updates"] = [_update_row(u) for u in _updates_of(session, deal)]
            yield row


def _updates_of(session: Session, deal: Deal) -> Sequence[DealUpdate]:
    query = (
        select(DealUpdate).where(DealUpdate.deal_id == deal.id).order_by(DealUpdate.created_at, DealUpdate.id)
    )
    return list(session.scalars(query).unique())


def _update_row(update_row: DealUpdate) -> dict[str, Any]:
    return {
        "at": _plain(update_row.created_at),
        "author": update_row.author.display_name if update_row.author else None,
        "author_id": update_row.author.platform_id if update_row.author else None,
        "channel": update_row.channel_id,
        "message_id": update_row.platform_message_id,
        "text": update_row.raw_text,
        "changes": update_row.changes,
        "retracted_at": _plain(update_row.retracted_at),
    }


UPDATE_COLUMNS = ["platform", "workspace", "deal", "at", "author", "author_id", "channel", "message_id"]


def write_export(
    session: Session, out: TextIO, fmt: str = "csv", *, workspace: str | None = None, updates: bool = False
) -> int:
    """Write the export; returns how many rows (deals, or updates with `updates` in CSV) it wrote."""
    count = 0
    if fmt == "jsonl":
        for row in export_deals(session, workspace):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    if updates:
        header = [*UPDATE_COLUMNS, "text", "changes", "retracted_at"]
        writer = csv.DictWriter(out, fieldnames=header)
        writer.writeheader()
        for row in export_deals(session, workspace):
            for item in row["updates"]:
                base = {"platform": row["platform"], "workspace": row["workspace"], "deal": row["name"]}
                writer.writerow({**base, **item, "changes": json.dumps(item["changes"], ensure_ascii=False)})
                count += 1
        return count
    header = ["platform", "workspace", *deal_columns(), "rep", "rep_id", "updates", "last_update"]
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    for row in export_deals(session, workspace):
        history = row.pop("updates")
        live = [u for u in history if not u["retracted_at"]]
        writer.writerow({**row, "updates": len(live), "last_update": live[-1]["text"] if live else None})
        count += 1
    return count


# --- import ------------------------------------------------------------------------------------

# A column is recognised by its header, whatever the CRM calls it (compared without case or punctuation).
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "deal", "deal name", "dealname", "opportunity", "opportunity name", "account"),
    "rep": (
        "rep",
        "rep email",
        "rep e mail",
        "rep name",
        "sales rep",
        "deal owner",
        "account owner",
        "email",
    ),
    "stage": ("stage", "deal stage", "dealstage", "status"),
    "amount": ("amount", "value", "deal value", "deal amount"),
    "currency": ("currency", "currency code", "deal currency"),
    "next_step": ("next step", "nextstep", "next action", "hs next step"),
    "next_step_owner": ("owner", "next step owner", "ball", "whose move", "on"),
    "due_date": ("due", "due date", "next step due", "next step date", "follow up date"),
}
OWNER_WORDS = {
    "us": "us",
    "we": "us",
    "our side": "us",
    "ours": "us",
    "prospect": "prospect",
    "them": "prospect",
    "they": "prospect",
    "customer": "prospect",
    "client": "prospect",
    "buyer": "prospect",
}
STAGE_WORDS: dict[str, str] = {
    **{stage: stage for stage in STAGES},
    "closed won": "won",
    "closedwon": "won",
    "closed lost": "lost",
    "closedlost": "lost",
    "new": "lead",
    "prospecting": "lead",
    "qualification": "qualified",
    "discovery": "qualified",
    "presentation": "demo",
    "proposal/price quote": "proposal",
    "quote": "proposal",
    "negotiation/review": "negotiation",
    "contract": "negotiation",
}
CLOSES = ("next_step", "next_step_owner", "due_date", "park_until", "park_reason")
CLOSED_NOW = "now"
LABELS = {"rep_id": "rep", "next_step": "next step", "next_step_owner": "owner", "due_date": "due"}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y")


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def match_headers(headers: Sequence[str]) -> dict[str, int]:
    """Field -> column index, from the CSV's header row; `name` is required."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = _key(header)
        for name, spellings in HEADERS.items():
            if key in spellings and name not in found:
                found[name] = index
                break
    if "name" not in found:
        raise ExchangeError(
            "no deal name column: the header row needs one of "
            + ", ".join(repr(h) for h in HEADERS["name"][:4])
        )
    return found


@dataclass
class RowPlan:
    """What one CSV row would do: create a deal, change fields of one, or nothing."""

    line: int
    name: str
    action: str  # create | change | unchanged | skip
    values: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, list[Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rep_name: str | None = None

    def describe(self) -> str:
        if self.action == "skip":
            return f"line {self.line}: skipped: {'; '.join(self.notes)}"
        if self.action == "unchanged":
            head = f"line {self.line}: {self.name}: unchanged"
        else:
            fields = ", ".join(
                f"{LABELS.get(name, name)} {self._old(name, old)} -> {self._new(name, new)}"
                if self.action == "change"
                else f"{LABELS.get(name, name)} {self._new(name, new)}"
                for name, (old, new) in self.changes.items()
            )
            head = f"line {self.line}: {self.name}: {'new deal' if self.action == 'create' else 'change'}"
            head += f" ({fields})" if fields else ""
        return head + "".join(f"; {note}" for note in self.notes)

    def _new(self, name: str, value: Any) -> str:
        return (self.rep_name or "?") if name == "rep_id" else _shown(value)

    def _old(self, name: str, value: Any) -> str:
        return ("someone else" if value is not None else "(none)") if name == "rep_id" else _shown(value)


def _shown(value: Any) -> str:
    return "(none)" if value is None or value == "" else str(value)


def _parse_amount(text: str) -> int:
    cleaned = re.sub(r"[^\d.,kKmM-]", "", text).replace(",", "")
    multiplier = 1
    if cleaned[-1:] in {"k", "K"}:
        multiplier, cleaned = 1_000, cleaned[:-1]
    elif cleaned[-1:] in {"m", "M"}:
        multiplier, cleaned = 1_000_000, cleaned[:-1]
    try:
        value = Decimal(cleaned) * multiplier
    except InvalidOperation:
        raise ValueError(f"amount {text!r} is not a number") from None
    if value < 0:
        raise ValueError(f"amount {text!r} is negative")
    return int(value.to_integral_value())


def _parse_date(text: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"due date {text!r} is not a date (use YYYY-MM-DD)")


def _find_rep(people: Sequence[Person], text: str) -> Person | None:
    """A rep by platform id, name, or e-mail (its local part read as a name: dana.smith@ -> dana smith)."""
    wanted = {text.strip().casefold()}
    if "@" in text:
        local = text.split("@", 1)[0]
        wanted |= {_key(local), _key(local).split(" ")[0]}
    for person in people:
        names = {person.platform_id.casefold(), person.display_name.casefold(), _key(person.display_name)}
        if wanted & names:
            return person
    return None


def plan_row(
    line: int, cells: Sequence[str], columns: Mapping[str, int], deals: Deals, people: Sequence[Person]
) -> RowPlan:
    """What this row would change, without changing anything."""

    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    name = " ".join(cell("name").split())
    if not name:
        return RowPlan(line, "", "skip", notes=["no deal name"])
    if len(name) > MAX_NAME_CHARS:
        return RowPlan(
            line, name[:40] + "…", "skip", notes=[f"a deal name has at most {MAX_NAME_CHARS} characters"]
        )
    plan = RowPlan(line, name, "create")
    values: dict[str, Any] = {}
    if raw := cell("rep"):
        rep = _find_rep(people, raw)
        if rep is None:
            plan.notes.append(f"rep {raw!r} is nobody Nextstep knows yet: no rep set")
        else:
            values["rep_id"] = rep.id
            plan.rep_name = rep.display_name
    if raw := cell("stage"):
        stage = STAGE_WORDS.get(_key(raw)) or STAGE_WORDS.get(raw.strip().casefold())
        if stage is None:
            plan.notes.append(f"stage {raw!r} is not one of {', '.join(STAGES)}: left as it was")
        else:
            values["stage"] = stage
    if raw := cell("amount"):
        try:
            values["amount"] = _parse_amount(raw)
        except ValueError as error:
            plan.notes.append(f"{error}: left as it was")
    if raw := cell("currency"):
        if "currency" in deal_columns():
            values["currency"] = raw.upper()
        else:
            plan.notes.append(f"currency {raw.upper()} not kept (amounts are kept as written)")
    if raw := cell("next_step"):
        values["next_step"] = raw
    if raw := cell("next_step_owner"):
        owner = OWNER_WORDS.get(_key(raw))
        if owner is None:
            plan.notes.append(f"owner {raw!r} is neither us nor the prospect: left as it was")
        else:
            values["next_step_owner"] = owner
    if raw := cell("due_date"):
        try:
            values["due_date"] = _parse_date(raw)
        except ValueError as error:
            plan.notes.append(f"{error}: left as it was")
    deal = deals.by_name(name)
    stage = values.get("stage", deal.stage if deal else None)
    if stage in CLOSED_STAGES:  # as in chat: a won or lost deal has no next step and is not parked
        values.update({field: None for field in CLOSES})
    if deal is not None:
        plan.action = "change"
        values = {k: v for k, v in values.items() if getattr(deal, k) != v}
    else:
        values = {k: v for k, v in values.items() if v is not None}
    if "stage" in values:
        if stage in CLOSED_STAGES and (deal is None or deal.closed_at is None):
            values["closed_at"] = CLOSED_NOW  # the time of the import, when applied
        elif stage not in CLOSED_STAGES and deal is not None and deal.closed_at is not None:
            values["closed_at"] = None  # reopened
    if deal is not None and not values:
        plan.action = "unchanged"
    plan.values = values
    plan.changes = {
        k: [encode(k, getattr(deal, k)) if deal else None, encode(k, v)]
        for k, v in values.items()
        if k != "closed_at"
    }
    return plan


@dataclass
class ImportResult:
    plans: list[RowPlan]

    def count(self, action: str) -> int:
        return sum(1 for plan in self.plans if plan.action == action)

    def summary(self, dry_run: bool) -> str:
        verb = "would create" if dry_run else "created"
        change = "would change" if dry_run else "changed"
        return (
            f"{verb} {self.count('create')} deals, {change} {self.count('change')}, "
            f"{self.count('unchanged')} unchanged, {self.count('skip')} skipped"
        )


def read_rows(source: TextIO) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    """The matched columns and the data rows (with their line numbers) of a CSV."""
    sample = source.read()
    try:
        dialect: Any = csv.Sniffer().sniff(sample[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(sample.splitlines(), dialect)
    try:
        headers = next(reader)
    except StopIteration:
        raise ExchangeError("the file is empty") from None
    columns = match_headers(headers)
    rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    return columns, rows


def run_import(
    session: Session,
    workspace: Workspace,
    columns: Mapping[str, int],
    rows: Iterable[tuple[int, list[str]]],
    *,
    now: datetime,
    source_name: str,
    dry_run: bool,
) -> ImportResult:
    """Plan every row; unless `dry_run`, apply the plans (each change recorded in the deal's history)."""
    deals = Deals(session, workspace.id)
    log = UpdateLog(session, workspace.id)
    people = list(session.scalars(select(Person).where(Person.workspace_id == workspace.id)))
    plans: list[RowPlan] = []
    seen: set[str] = set()
    for line, cells in rows:
        plan = plan_row(line, cells, columns, deals, people)
        if plan.action in {"create", "change"} and plan.name.casefold() in seen:
            plan.action, plan.notes = "skip", [*plan.notes, "the same deal is on an earlier line"]
        seen.add(plan.name.casefold())
        plans.append(plan)
        if dry_run or plan.action not in {"create", "change"}:
            continue
        deal = deals.by_name(plan.name) or deals.create(plan.name, rep_id=None, now=now)
        values = dict(plan.values)
        if values.get("closed_at") == CLOSED_NOW:
            values["closed_at"] = now
        if "next_step_owner" in values:
            values["owner_since"] = now
        values["updated_at"] = now
        changes = set_fields(deal, values)
        digest = hashlib.sha256(
            json.dumps([source_name, line, plan.changes], sort_keys=True).encode()
        ).hexdigest()
        log.record(
            deal_id=deal.id,
            author_id=None,
            message_id=f"import:{digest[:32]}",
            raw_text=f"Imported from {source_name}, line {line}",
            parsed={},
            changes=changes,
            now=now,
        )
    if dry_run:
        session.rollback()
    return ImportResult(plans)


# --- forget ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Forgotten:
    person: str
    workspace: str
    updates: int
    pending: int


def forget_person(session: Session, platform_id: str, workspace: str | None = None) -> list[Forgotten]:
    """Erase the words of every message `platform_id` wrote (in `workspace`, else in every one)."""
    query = select(Person, Workspace).join(Workspace, Person.workspace_id == Workspace.id)
    query = query.where(Person.platform_id == platform_id)
    if workspace:
        query = query.where(Workspace.external_id == workspace)
    found = [(row[0], row[1]) for row in session.execute(query)]
    if not found:
        where = f" in workspace {workspace!r}" if workspace else ""
        raise ExchangeError(f"nobody with id {platform_id!r}{where}")
    results = []
    for person, ws in found:
        own = list(
            session.scalars(
                select(DealUpdate).where(DealUpdate.workspace_id == ws.id, DealUpdate.author_id == person.id)
            ).unique()
        )
        words = {u.raw_text for u in own if u.raw_text != REMOVED}
        for own_update in own:
            own_update.raw_text, own_update.parsed = REMOVED, {}
        # Their words also live on where an update kept them: a park reason, and its [old, new] in the log.
        deal_ids = {u.deal_id for u in own}
        if words and deal_ids:
            for deal in session.scalars(select(Deal).where(Deal.id.in_(deal_ids))).unique():
                if deal.park_reason in words:
                    deal.park_reason = REMOVED
            for logged in session.scalars(
                select(DealUpdate).where(DealUpdate.deal_id.in_(deal_ids))
            ).unique():
                scrubbed = {
                    name: [REMOVED if isinstance(value, str) and value in words else value for value in pair]
                    for name, pair in logged.changes.items()
                }
                if scrubbed != logged.changes:
                    logged.changes = scrubbed
        dropped = session.execute(
            update(PendingQuestion)
            .where(PendingQuestion.workspace_id == ws.id, PendingQuestion.author_id == person.id)
            .values(raw_text=REMOVED, parsed={})
        )
        results.append(Forgotten(person.platform_id, ws.external_id, len(own), _rowcount(dropped)))
    return results


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
