"""Workspace-scoped reads for what the assistant says by itself: summaries, reminders, resurfacing.

Every query filters on `workspace_id` and leans on the deal indexes in storage/models.py
(owner+due, updated_at, rep, park_until), so a summary for 10,000 deals stays a handful
of small queries: a count and the top few rows per section.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final, TypeVar

from sqlalchemy import ARRAY, ColumnElement, Integer, Select, and_, any_, bindparam, case, func, or_, select
from sqlalchemy.orm import Session

from storage.models import Channel, Deal, DealUpdate, Person, Workspace

CLOSED = ("won", "lost")
_T = TypeVar("_T")


def is_open() -> ColumnElement[bool]:
    """A deal that is neither won nor lost (the core stamps `closed_at` when it closes)."""
    return Deal.closed_at.is_(None)


def is_active(today: date) -> ColumnElement[bool]:
    """Open and not parked, as storage/repositories_deals.py's lists define it.

    A deal whose park date has come counts as back, even before it is resurfaced.
    """
    return and_(is_open(), or_(Deal.park_until.is_(None), Deal.park_until <= today))


def in_workspace(workspace_id: int, *conditions: ColumnElement[bool]) -> Select[Deal]:
    """Deals of one workspace matching every condition."""
    return select(Deal).where(Deal.workspace_id == workspace_id, *conditions)


def top_and_count(
    session: Session, query: Select[Deal], order: Sequence[Any], limit: int
) -> tuple[list[Deal], int]:
    """The first `limit` deals in `order` and how many match in all (one query each)."""
    where = query.whereclause
    counted = select(func.count(Deal.id))
    total = session.scalar(counted if where is None else counted.where(where)) or 0
    if total == 0:
        return [], 0
    deals = list(session.scalars(query.order_by(*order, Deal.id).limit(limit)).unique())
    return deals, total


# (position of the deal's last move in the window, deal id, first old stage, last new stage)
_Move = tuple[int, int, str | None, str | None]
_DEAL: Final = 1
_OLD: Final = 2
_NEW: Final = 3


def _moves(session: Session, workspace_id: int, since: datetime) -> list[_Move]:
    """Per deal moved since `since`: its first old stage and last new stage, by last move.

    Reads the window's standing stage moves in time order off ix_deal_updates_stage_moves, which
    holds every column asked for (no table lookups, no sort, no JSON, no datetimes decoded); a deal
    whose moves cancel out (demo -> proposal -> demo) is dropped.
    """
    rows = session.execute(
        select(DealUpdate.deal_id, DealUpdate.stage_from, DealUpdate.stage_to)
        .where(
            DealUpdate.workspace_id == workspace_id,
            DealUpdate.stage_moved_at >= since,
            DealUpdate.retracted_at.is_(None),
        )
        .order_by(DealUpdate.stage_moved_at, DealUpdate.id)
    ).tuples()
    first_old: dict[int, str | None] = {}
    last: dict[int, tuple[int, str | None]] = {}
    keep_first = first_old.setdefault
    for position, (deal_id, old, new) in enumerate(rows):
        keep_first(deal_id, old)
        last[deal_id] = (position, new)
    moved = [(order, d, first_old[d], new) for d, (order, new) in last.items() if first_old[d] != new]
    moved.sort()
    return moved


def _deals_by_id(session: Session, workspace_id: int, ids: list[int]) -> dict[int, Deal]:
    if not ids:
        return {}
    query = select(Deal).where(Deal.workspace_id == workspace_id, Deal.id.in_(ids))
    return {deal.id: deal for deal in session.scalars(query).unique()}


@dataclass(frozen=True, slots=True)
class WeekMove:
    """One deal's stage change over a window (first old -> last new), with what the summary needs
    of the deal to add it up and to place it, but not the deal itself."""

    deal_id: int
    old_stage: str | None
    new_stage: str | None
    amount: int | None
    currency: str | None
    elsewhere: bool  # the deal is shown in another section of the summary (`elsewhere` held)


def week_moves(
    session: Session, workspace_id: int, since: datetime, elsewhere: ColumnElement[bool]
) -> list[WeekMove]:
    """Per deal of the workspace moved since `since`: its first old and last new stage, by last move.

    The window's standing moves are read in time order off ix_deal_updates_stage_moves alone and
    folded per deal (a deal whose moves cancel out, demo -> proposal -> demo, is dropped); then each
    moved deal's amount, currency and whether `elsewhere` holds for it (a CASE the database works
    out) by primary key, in id order. No deal is loaded, no JSON or datetime decoded.
    """
    folded = _moves(session, workspace_id, since)
    ids = sorted(m[_DEAL] for m in folded)
    about: dict[int, tuple[int | None, str | None, bool]] = {}
    postgres = session.get_bind().dialect.name == "postgresql"
    # PostgreSQL takes the ids as one array parameter (one statement, one plan); SQLite in chunks
    # under its limit of bound parameters.
    for part in [ids] if postgres and ids else _chunks(ids, 5_000):
        among = (
            Deal.id == any_(bindparam("moved_ids", part, type_=ARRAY(Integer)))
            if postgres
            else Deal.id.in_(part)
        )
        rows = session.execute(
            select(Deal.id, Deal.amount, Deal.currency, case((elsewhere, 1), else_=0)).where(
                Deal.workspace_id == workspace_id, among
            )
        ).tuples()
        about.update((deal_id, (amount, currency, bool(shown))) for deal_id, amount, currency, shown in rows)
    return [WeekMove(m[_DEAL], m[_OLD], m[_NEW], *about[m[_DEAL]]) for m in folded if m[_DEAL] in about]


def deals_by_id(session: Session, workspace_id: int, ids: list[int]) -> dict[int, Deal]:
    """These (few) deals of the workspace, by id."""
    return _deals_by_id(session, workspace_id, ids)


def _chunks(items: list[_T], size: int) -> list[list[_T]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def type_coerce_datetime(value: Any) -> datetime:
    """max() of a UTC column comes back as the column type on PostgreSQL, as text on SQLite."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class RepFreshness:
    """How many of a rep's active deals were updated since the start of the week."""

    rep: str
    updated: int
    total: int


def rep_freshness(session: Session, workspace_id: int, today: date, since: datetime) -> list[RepFreshness]:
    """Per rep with active deals: updated this week vs. all, least fresh first."""
    updated = func.sum(case((Deal.updated_at >= since, 1), else_=0))
    rows = session.execute(
        select(Person.display_name, updated, func.count(Deal.id))
        .select_from(Deal)
        .join(Person, Person.id == Deal.rep_id)
        .where(Deal.workspace_id == workspace_id, is_active(today))
        .group_by(Person.id, Person.display_name)
    ).all()
    fresh = [RepFreshness(name, int(done or 0), int(total)) for name, done, total in rows]
    fresh.sort(key=lambda f: (f.updated / f.total, -f.total, f.rep.casefold()))
    return fresh


def deals_channels(session: Session) -> list[tuple[Channel, Workspace]]:
    """Every deals channel with its workspace, across workspaces (the scheduler's fan-out)."""
    rows = session.execute(
        select(Channel, Workspace)
        .join(Workspace, Workspace.id == Channel.workspace_id)
        .where(Channel.is_deals_channel.is_(True), Workspace.uninstalled_at.is_(None))
        .order_by(Workspace.id, Channel.id)
    ).all()
    return [(channel, workspace) for channel, workspace in rows]


def find_channel(
    session: Session, channel_id: str, workspace_id: str | None = None, platform: str | None = None
) -> list[tuple[Channel, Workspace]]:
    """Channels with this platform id (narrowed by workspace external id / platform when given)."""
    query = (
        select(Channel, Workspace)
        .join(Workspace, Workspace.id == Channel.workspace_id)
        .where(Channel.external_id == channel_id)
    )
    if workspace_id is not None:
        query = query.where(Workspace.external_id == workspace_id)
    if platform is not None:
        query = query.where(Workspace.platform == platform)
    return [(channel, workspace) for channel, workspace in session.execute(query).all()]


def all_workspaces(session: Session) -> list[Workspace]:
    """Every workspace the app is installed in (an uninstalled one gets nothing scheduled)."""
    return list(
        session.scalars(select(Workspace).where(Workspace.uninstalled_at.is_(None)).order_by(Workspace.id))
    )


def next_steps_due_between(
    session: Session, workspace_id: int, owner: str, first: date, last: date
) -> list[Deal]:
    """Active deals whose next step (owned by `owner`) is due in [first, last]; rep loaded."""
    query = in_workspace(
        workspace_id,
        is_open(),
        Deal.park_until.is_(None),
        Deal.next_step_owner == owner,
        Deal.due_date >= first,
        Deal.due_date <= last,
    )
    return list(session.scalars(query.order_by(Deal.due_date, Deal.id)).unique())


def parked_until_on_or_before(session: Session, workspace_id: int, last: date) -> list[Deal]:
    """Parked deals whose park date is `last` or earlier (candidates to come back)."""
    query = in_workspace(workspace_id, Deal.park_until.is_not(None), Deal.park_until <= last)
    return list(session.scalars(query.order_by(Deal.park_until, Deal.id)).unique())
