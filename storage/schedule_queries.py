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

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from storage.models import Channel, Deal, DealUpdate, Person, Workspace

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


def stage_moves_since(session: Session, workspace_id: int, since: datetime) -> list[StageMove]:
    """Deals whose stage changed since `since`, from the (non-retracted) deal_updates log.

    `changes` is JSON (field -> [old, new]); filtering on a JSON key differs per dialect,
    so the window's updates are read and the stage changes picked here.
    """
    rows = session.execute(
        select(DealUpdate.deal_id, DealUpdate.changes, DealUpdate.created_at)
        .where(
            DealUpdate.workspace_id == workspace_id,
            DealUpdate.created_at >= since,
            DealUpdate.retracted_at.is_(None),
        )
        .order_by(DealUpdate.created_at, DealUpdate.id)
    ).all()
    first_old: dict[int, str | None] = {}
    last_new: dict[int, tuple[str | None, datetime]] = {}
    for deal_id, changes, created_at in rows:
        stage = (changes or {}).get("stage")
        if not isinstance(stage, list | tuple) or len(stage) != 2:
            continue
        first_old.setdefault(deal_id, stage[0])
        last_new[deal_id] = (stage[1], created_at)
    if not last_new:
        return []
    deals = {
        deal.id: deal
        for deal in session.scalars(
            select(Deal).where(Deal.workspace_id == workspace_id, Deal.id.in_(list(last_new)))
        ).unique()
    }
    moves = [
        StageMove(deals[deal_id], first_old[deal_id], new, at)
        for deal_id, (new, at) in last_new.items()
        if deal_id in deals and first_old[deal_id] != new
    ]
    moves.sort(key=lambda move: move.at)
    return moves


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
