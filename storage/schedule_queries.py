"""Workspace-scoped reads for what the assistant says by itself: summaries, reminders, resurfacing.

Every query filters on `workspace_id` and leans on the deal indexes in storage/models.py
(owner+due, updated_at, rep, park_until), so a summary for 10,000 deals stays a handful
of small queries: a count and the top few rows per section.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from storage.models import Channel, Deal, DealUpdate, Person, Workspace
from storage.types import UTCDateTime

CLOSED = ("won", "lost")


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
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    if total == 0:
        return [], 0
    deals = list(session.scalars(query.order_by(*order, Deal.id).limit(limit)).unique())
    return deals, total


def waiting_since() -> ColumnElement[Any]:
    """When the ball came to its current side: owner_since, else the deal's creation."""
    return func.coalesce(Deal.owner_since, Deal.created_at)


@dataclass(frozen=True, slots=True)
class StageMove:
    """One deal's stage change over a window: first old stage -> last new stage."""

    deal: Deal
    old_stage: str | None
    new_stage: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class StageMoves:
    """A window's stage moves in the order the summary lists them (won, lost, the rest; each by
    time): the first `shown`, how many there are, and how many and how much were won and lost."""

    shown: list[StageMove]
    total: int
    won: int
    won_amount: int
    lost: int
    lost_amount: int


def _moves_per_deal(workspace_id: int, since: datetime) -> Any:
    """Per deal moved since `since`: its first old stage, last new stage and when (a subquery).

    Reads only stage-moving, standing updates, through ix_deal_updates_stage_moves; a deal whose
    moves cancel out (demo -> proposal -> demo) is dropped.
    """
    by_deal = DealUpdate.deal_id
    first = func.row_number().over(partition_by=by_deal, order_by=(DealUpdate.stage_moved_at, DealUpdate.id))
    last = func.row_number().over(
        partition_by=by_deal, order_by=(DealUpdate.stage_moved_at.desc(), DealUpdate.id.desc())
    )
    ranked = (
        select(
            by_deal.label("deal_id"),
            DealUpdate.stage_from,
            DealUpdate.stage_to,
            DealUpdate.stage_moved_at,
            first.label("first"),
            last.label("last"),
        )
        .where(
            DealUpdate.workspace_id == workspace_id,
            DealUpdate.stage_moved_at >= since,
            DealUpdate.retracted_at.is_(None),
        )
        .subquery()
    )
    old = func.max(case((ranked.c.first == 1, ranked.c.stage_from)))
    new = func.max(case((ranked.c.last == 1, ranked.c.stage_to)))
    at = type_coerce(func.max(case((ranked.c.last == 1, ranked.c.stage_moved_at))), UTCDateTime())
    per_deal = (
        select(ranked.c.deal_id, old.label("old"), new.label("new"), at.label("at"))
        .group_by(ranked.c.deal_id)
        .subquery()
    )
    kind = case((per_deal.c.new == "won", 0), (per_deal.c.new == "lost", 1), else_=2)
    return per_deal, kind


def stage_moves(session: Session, workspace_id: int, since: datetime, top: int) -> StageMoves:
    """The stage moves since `since`: the first `top` to show, and the counts and sums around them.

    Two small queries over the week's stage moves (not the week's updates) and `top` deals.
    """
    per_deal, kind = _moves_per_deal(workspace_id, since)
    moved = per_deal.c.old.is_distinct_from(per_deal.c.new)
    in_workspace_deals = and_(Deal.id == per_deal.c.deal_id, Deal.workspace_id == workspace_id)
    totals = {
        k: (int(count), int(amount or 0))
        for k, count, amount in session.execute(
            select(kind, func.count(), func.sum(func.coalesce(Deal.amount, 0)))
            .select_from(per_deal)
            .join(Deal, in_workspace_deals)
            .where(moved)
            .group_by(kind)
        ).all()
    }
    rows = session.execute(
        select(Deal, per_deal.c.old, per_deal.c.new, per_deal.c.at)
        .select_from(per_deal)
        .join(Deal, in_workspace_deals)
        .where(moved)
        .order_by(kind, per_deal.c.at, per_deal.c.deal_id)
        .limit(top)
    ).unique()
    shown = [StageMove(deal, old, new, at) for deal, old, new, at in rows]
    won, lost = totals.get(0, (0, 0)), totals.get(1, (0, 0))
    total = sum(count for count, _amount in totals.values())
    return StageMoves(shown, total, won[0], won[1], lost[0], lost[1])


def stage_moves_since(session: Session, workspace_id: int, since: datetime) -> list[StageMove]:
    """Every deal whose stage changed since `since` (first old -> last new), oldest move first."""
    per_deal, _kind = _moves_per_deal(workspace_id, since)
    rows = session.execute(
        select(Deal, per_deal.c.old, per_deal.c.new, per_deal.c.at)
        .select_from(per_deal)
        .join(Deal, and_(Deal.id == per_deal.c.deal_id, Deal.workspace_id == workspace_id))
        .where(per_deal.c.old.is_distinct_from(per_deal.c.new))
        .order_by(per_deal.c.at, per_deal.c.deal_id)
    ).unique()
    return [StageMove(deal, old, new, at) for deal, old, new, at in rows]


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
        .where(Channel.is_deals_channel.is_(True))
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
    return list(session.scalars(select(Workspace).order_by(Workspace.id)))


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
