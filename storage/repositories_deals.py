"""Deals of one workspace: by name, by id, and the lists managers ask for.

"Active" means open (not won or lost) and not parked: a parked deal leaves every
active list until its park date, and comes back by itself on that date.
Each list is a `DealPage`: the first few deals in a useful order plus how many
there are in all, so an answer can say "and 12 more".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, bindparam, case, func, or_, select
from sqlalchemy.orm import Session

from storage.models import Deal, Person

CLOSED = ("won", "lost")

# The lists `Deals.find` answers (the core's list questions; PRODUCT.md "Answering").
ListKind = Literal[
    "waiting_on_us",
    "waiting_on_prospect",
    "overdue",
    "stale",
    "parked",
    "pipeline",
    "due",
    "temperature",
    "closing",
]
# How `Deals.totals` groups the pipeline's amounts.
TotalsBy = Literal["stage", "rep", "close_by"]


def name_key(name: str) -> str:
    """How a deal name is compared: casefolded, with runs of spaces collapsed."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class DealPage:
    """A page of a list, how many the whole list has, and where the next page starts.

    `total` is exact when `exact`; otherwise the list has more than `total` deals (a count
    that stopped at a cap) and `total_text`/`more_text` say so ("1,000+").
    `cursor` (None on the last page) is passed back to `Deals.find` for the next page.
    """

    deals: list[Deal]
    total: int
    exact: bool = True
    cursor: str | None = None

    @property
    def more(self) -> int:
        """How many deals of the list are not on this page (at least this many when not `exact`)."""
        return max(0, self.total - len(self.deals))

    @property
    def total_text(self) -> str:
        return f"{self.total:,}" if self.exact else f"{self.total:,}+"

    @property
    def more_text(self) -> str:
        return f"{self.more:,}" if self.exact else f"{self.more:,}+"


@dataclass(frozen=True, slots=True)
class DealFilter:
    """Which deals a list shows: its kind, narrowed by rep, stage, temperature and a date window.

    `first`..`last` (inclusive, either may be None) bound the kind's own date: the due date
    (`due`, default today), the park date (`parked`), the expected close (`closing`).
    `quiet_since` is the stale threshold's cut-off (`stale`).
    """

    kind: ListKind
    today: date
    rep_id: int | None = None
    stage: str | None = None
    temperature: str | None = None
    first: date | None = None
    last: date | None = None
    quiet_since: datetime | None = None
    undated_close: bool = False  # only deals with no expected close date


@dataclass(frozen=True, slots=True)
class Total:
    """One group of the pipeline's numbers: how many deals and their amount, in one currency.

    `key` is the stage, the rep's display name or the close date; `currency` None is the
    workspace's own (no currency written). Different currencies are never added together.
    """

    key: str | date | None
    currency: str | None
    count: int
    amount: int


@dataclass(frozen=True, slots=True)
class RepFreshness:
    """A rep's active deals and how many of them had no update since a moment."""

    rep: Person
    open: int
    behind: int


# The one-deal lookup is on every question's path: built once, run with parameters.
_BY_NAME = select(Deal).where(Deal.workspace_id == bindparam("ws"), Deal.name_key == bindparam("key"))


class Deals:
    """Every query here filters on `workspace_id` and uses an index of `deals`."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    # -- one deal ---------------------------------------------------------------------------------
    def by_name(self, name: str) -> Deal | None:
        """The deal with this name (case-insensitive): one unique-index lookup."""
        return self.session.scalars(_BY_NAME, {"ws": self.workspace_id, "key": name_key(name)}).one_or_none()

    def by_id(self, deal_id: int) -> Deal | None:
        deal = self.session.get(Deal, deal_id)
        return deal if deal is not None and deal.workspace_id == self.workspace_id else None

    def by_ids(self, deal_ids: Sequence[int]) -> list[Deal]:
        if not deal_ids:
            return []
        found = self.session.scalars(
            select(Deal).where(Deal.workspace_id == self.workspace_id, Deal.id.in_(list(deal_ids)))
        ).unique()
        order = {deal_id: i for i, deal_id in enumerate(deal_ids)}
        return sorted(found, key=lambda d: order[d.id])

    def create(
        self, name: str, *, rep_id: int | None, now: datetime, stage: str | None = None, flush: bool = True
    ) -> Deal:
        """A new deal belonging to `rep_id` (`flush=False` when creating many: one flush for all)."""
        deal = Deal(
            workspace_id=self.workspace_id,
            name=" ".join(name.split()),
            name_key=name_key(name),
            rep_id=rep_id,
            stage=stage,
            us_streak=0,
            created_at=now,
            updated_at=now,
        )
        self.session.add(deal)
        if flush:
            self.session.flush()
        return deal

    def by_names(self, names: Sequence[str]) -> dict[str, Deal]:
        """The deals with these names, by name key (case-insensitive), in queries of 500 names."""
        keys = sorted({name_key(n) for n in names})
        found: dict[str, Deal] = {}
        for i in range(0, len(keys), 500):
            rows = self.session.scalars(
                select(Deal).where(
                    Deal.workspace_id == self.workspace_id, Deal.name_key.in_(keys[i : i + 500])
                )
            ).unique()
            found.update((deal.name_key, deal) for deal in rows)
        return found

    def all_names(self) -> list[str]:
        """Every deal name of the workspace (to build the parser's deal index once)."""
        return list(self.session.scalars(select(Deal.name).where(Deal.workspace_id == self.workspace_id)))

    # -- lists ------------------------------------------------------------------------------------
    def waiting_on_us(self, today: date, limit: int) -> DealPage:
        """Active deals whose next step is ours, the longest-waiting first."""
        return self._page(
            [Deal.next_step_owner == "us", *self._active(today)],
            [Deal.owner_since.asc().nulls_first(), Deal.id],
            limit,
        )

    def waiting_on_prospect(self, today: date, limit: int) -> DealPage:
        """Active deals whose next step is the prospect's, the longest-waiting first."""
        return self._page(
            [Deal.next_step_owner == "prospect", *self._active(today)],
            [Deal.owner_since.asc().nulls_first(), Deal.id],
            limit,
        )

    def overdue(self, today: date, limit: int) -> DealPage:
        """Active deals whose next step's due date has passed, the most overdue first."""
        return self._page(
            [Deal.next_step_owner.in_(("us", "prospect")), Deal.due_date < today, *self._active(today)],
            [Deal.due_date.asc(), Deal.id],
            limit,
        )

    def gone_quiet(self, today: date, cutoff: datetime, limit: int) -> DealPage:
        """Active deals with no update since `cutoff`, the quietest first."""
        return self._page(
            [Deal.updated_at < cutoff, *self._active(today)],
            [Deal.updated_at.asc(), Deal.id],
            limit,
        )

    def parked(self, today: date, limit: int) -> DealPage:
        """Open parked deals, the soonest to come back first."""
        return self._page(
            [Deal.park_until > today, Deal.closed_at.is_(None)],
            [Deal.park_until.asc(), Deal.id],
            limit,
        )

    def of_rep(self, rep_id: int, today: date, limit: int) -> DealPage:
        """A rep's active deals, the most urgent due date first, undated ones last."""
        return self._page(
            [Deal.rep_id == rep_id, *self._active(today)],
            [Deal.due_date.asc().nulls_last(), Deal.updated_at.desc(), Deal.id],
            limit,
        )

    def parked_of_rep(self, rep_id: int, today: date, limit: int) -> DealPage:
        return self._page(
            [Deal.rep_id == rep_id, Deal.park_until > today, Deal.closed_at.is_(None)],
            [Deal.park_until.asc(), Deal.id],
            limit,
        )

    def in_stage(self, stage: str, today: date, limit: int) -> DealPage:
        """Deals at one stage; won and lost list closed deals, the others active ones."""
        conditions: list[ColumnElement[bool]] = [Deal.stage == stage]
        if stage not in CLOSED:
            conditions += self._active(today)
        return self._page(conditions, [Deal.updated_at.desc(), Deal.id], limit)

    def recent_of_rep(self, rep_id: int, today: date, limit: int) -> list[Deal]:
        """A rep's active deals, the most recently updated first (to ask "which deal?")."""
        return self._page(
            [Deal.rep_id == rep_id, *self._active(today)], [Deal.updated_at.desc(), Deal.id], limit
        ).deals

    # -- one list API: filter + cursor/limit -> deals + total ---------------------------------------
    def find(self, where: DealFilter, *, cursor: str | None = None, limit: int = 10) -> DealPage:
        """One page of the list `where` describes, in its useful order, with the list's total.

        `cursor` is an earlier page's `cursor` (opaque to callers; on this branch an offset).
        """
        conditions, order = self._list(where)
        offset = int(cursor) if cursor and cursor.isdigit() else 0
        return self._page(conditions, order, limit, offset=offset)

    def totals(self, where: DealFilter, by: TotalsBy) -> list[Total]:
        """Count and amount of the filtered deals per group and currency (one GROUP BY query)."""
        conditions, _ = self._list(where)
        column = {"stage": Deal.stage, "rep": Person.display_name, "close_by": Deal.close_by}[by]
        query = (
            select(column, Deal.currency, func.count(Deal.id), func.coalesce(func.sum(Deal.amount), 0))
            .select_from(Deal)
            .outerjoin(Person, Person.id == Deal.rep_id)
            .where(Deal.workspace_id == self.workspace_id, *conditions)
            .group_by(column, Deal.currency)
        )
        return [
            Total(key, currency, int(count), int(amount or 0))
            for key, currency, count, amount in self.session.execute(query).all()
        ]

    def freshness_by_rep(self, today: date, since: datetime) -> list[RepFreshness]:
        """Per rep with active deals: how many, and how many had no update since `since`."""
        behind = func.sum(case((Deal.updated_at < since, 1), else_=0))
        rows = self.session.execute(
            select(Person, func.count(Deal.id), behind)
            .join(Deal, Deal.rep_id == Person.id)
            .where(Deal.workspace_id == self.workspace_id, *self._active(today))
            .group_by(Person.id)
        ).all()
        return [RepFreshness(person, int(total), int(late or 0)) for person, total, late in rows]

    def _list(self, where: DealFilter) -> tuple[list[ColumnElement[bool]], list[object]]:
        """The conditions and order of one list kind, with its filters."""
        today, kind = where.today, where.kind
        conditions: list[ColumnElement[bool]] = []
        order: list[object]
        if kind == "parked":
            conditions += [Deal.park_until > today, Deal.closed_at.is_(None)]
            conditions += _window(Deal.park_until, where.first, where.last)
            order = [Deal.park_until.asc(), Deal.id]
        elif kind == "pipeline" and where.stage in CLOSED:
            conditions.append(Deal.closed_at.is_not(None))
            order = [Deal.closed_at.desc(), Deal.id]
        else:
            conditions += self._active(today)
            if kind in ("waiting_on_us", "waiting_on_prospect"):
                conditions.append(Deal.next_step_owner == ("us" if kind == "waiting_on_us" else "prospect"))
                order = [Deal.owner_since.asc().nulls_first(), Deal.id]
            elif kind == "overdue":
                conditions += [Deal.next_step_owner.in_(("us", "prospect")), Deal.due_date < today]
                order = [Deal.due_date.asc(), Deal.id]
            elif kind == "stale":
                if where.quiet_since is not None:
                    conditions.append(Deal.updated_at < where.quiet_since)
                order = [Deal.updated_at.asc(), Deal.id]
            elif kind == "due":
                conditions += _window(Deal.due_date, where.first or today, where.last or today)
                order = [Deal.due_date.asc(), Deal.id]
            elif kind == "closing":
                conditions.append(Deal.close_by.is_not(None))
                conditions += _window(Deal.close_by, where.first, where.last)
                order = [Deal.close_by.asc(), Deal.id]
            elif kind == "temperature":
                order = [Deal.updated_at.desc(), Deal.id]
            else:  # pipeline: the most urgent due date first, undated ones last
                order = [Deal.due_date.asc().nulls_last(), Deal.updated_at.desc(), Deal.id]
        if where.rep_id is not None:
            conditions.append(Deal.rep_id == where.rep_id)
        if where.stage is not None:
            conditions.append(Deal.stage == where.stage)
        if where.temperature is not None:
            conditions.append(Deal.temperature == where.temperature)
        if where.undated_close:
            conditions.append(Deal.close_by.is_(None))
        return conditions, order

    # -- helpers ----------------------------------------------------------------------------------
    @staticmethod
    def _active(today: date) -> list[ColumnElement[bool]]:
        return [Deal.closed_at.is_(None), or_(Deal.park_until.is_(None), Deal.park_until <= today)]

    def _page(
        self, conditions: list[ColumnElement[bool]], order: list[object], limit: int, *, offset: int = 0
    ) -> DealPage:
        where = and_(Deal.workspace_id == self.workspace_id, *conditions)
        query = select(Deal).where(where).order_by(*order).offset(offset).limit(limit)  # type: ignore[arg-type]
        deals = list(self.session.scalars(query).unique())
        if len(deals) < limit and (deals or offset == 0):
            total = offset + len(deals)
        else:
            total = self.session.scalar(select(func.count()).select_from(Deal).where(where)) or 0
        after = offset + len(deals)
        return DealPage(deals, total, cursor=str(after) if after < total else None)


def _window(column: Any, first: date | None, last: date | None) -> list[ColumnElement[bool]]:
    """`first <= column <= last`, either bound optional."""
    bounds: list[ColumnElement[bool]] = []
    if first is not None:
        bounds.append(column >= first)
    if last is not None:
        bounds.append(column <= last)
    return bounds
