"""Deals of one workspace: by name, by id, and the lists managers ask for.

"Active" means open (not won or lost) and not parked: a parked deal leaves every
active list until its park date, and comes back by itself on that date.

Each list is a `DealPage`: the first few deals in a useful order plus how many there
are, so an answer can say "and 12 more". A list costs O(log n + page) whatever the
number of deals:

- its order is a keyset (`Key`s ending in the unique `Deal.id`) that an index of
  storage/models.py (`DEAL_LIST_INDEXES`) holds in that order after the list's filter,
  so a page is read off the index and the scan stops at the page's end: no sort of the
  matches. The next page starts after the last deal's key (`DealPage.cursor`), as a
  few index range scans, never an OFFSET.
- the count stops at `COUNT_CAP` (+1) index entries: past it the page says "1,000+".
  Maintained counters were the other choice; they cannot follow lists whose members
  change with the date alone (overdue, gone quiet, parked deals coming back) without a
  recount job, and nobody acts on "and 25,990 more" rather than "and 990+ more". The
  weekly summary asks for exact counts (`count_cap=None`): it runs once a week per
  channel and its counts are its point.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, cast

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Table,
    UnaryExpression,
    and_,
    bindparam,
    case,
    func,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, lazyload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from storage.models import Deal, Person

CLOSED = ("won", "lost")
_COLUMNS = frozenset(column.key for column in Deal.__table__.columns) - {"id", "workspace_id"}
_WRITES: dict[tuple[str, ...], Any] = {}  # `Deals.write`'s UPDATE per set of columns, built once each


def _write_statement(columns: tuple[str, ...]) -> Any:
    """UPDATE deals SET <columns> WHERE id: only the columns that change, so only their indexes move."""
    statement = _WRITES.get(columns)
    if statement is None:
        table = cast(Table, Deal.__table__)
        statement = (
            update(table)
            .where(table.c.id == bindparam("deal_id"))
            .values({c: bindparam(f"new_{c}", type_=table.c[c].type) for c in columns})
        )
        if len(_WRITES) < 512:  # a few dozen sets occur; never an unbounded cache
            _WRITES[columns] = statement
    return statement


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


COUNT_CAP = 1000  # a list counts its deals up to here, then says "1,000+"


@dataclass(frozen=True, slots=True)
class DealPage:
    """A page of a list, how many the whole list has, and where the next page starts.

    `total` is exact when `exact`; otherwise the list has more than `total` deals (the
    count stopped at its cap) and `total_text`/`more_text` say so ("1,000+").
    `cursor` (None on the last page) is passed back as `after=` for the next page.
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


@dataclass(frozen=True, slots=True)
class Key:
    """One column of a list's order. Only a list's first key may hold NULLs (`nullable`)."""

    column: InstrumentedAttribute[Any]
    descending: bool = False
    nullable: bool = False
    nulls_first: bool = True

    def ordered(self) -> UnaryExpression[Any]:
        return self.column.desc() if self.descending else self.column.asc()

    def beyond(self, value: object) -> ColumnElement[bool]:
        return self.column < value if self.descending else self.column > value


Order = tuple[Key, ...]
# (conditions, ORDER BY, whether the conditions pin the first key to one value)
Segment = tuple[list[ColumnElement[bool]], list[UnaryExpression[Any]], bool]

ID = Key(Deal.id)
# A deal with a next-step owner always has `owner_since` (storage/models.py keeps it so).
WAITING: Order = (Key(Deal.owner_since), ID)
# Overdue and due: the earliest due date first, then the most recently updated (URGENT's order).
BY_DUE: Order = (Key(Deal.due_date), Key(Deal.updated_at, descending=True), ID)
QUIETEST: Order = (Key(Deal.updated_at), ID)
BACK_SOONEST: Order = (Key(Deal.park_until), ID)
URGENT: Order = (
    Key(Deal.due_date, nullable=True, nulls_first=False),
    Key(Deal.updated_at, descending=True),
    ID,
)
RECENT: Order = (Key(Deal.updated_at, descending=True), ID)
# The team's deals with no expected close, oldest first: ix_deals_open_close's order for a NULL close
# date (by due date, SQLite sorted every undated deal to count them).
UNDATED: Order = (ID,)
CLOSING: Order = (Key(Deal.close_by), ID)


def segments(order: Order, after: tuple[Any, ...] | None) -> list[Segment]:
    """The list's rows after `after` (a row's key values; None: from the start) as index range scans.

    Each segment is (conditions, ORDER BY, pinned) whose rows all come after the previous segment's:
    rows tied with `after` on its first keys, then those beyond it on the first key. NULLs of a
    nullable first key are a segment of their own, so every segment's ORDER BY is plain
    ascending/descending and matches its index on SQLite and PostgreSQL alike. `pinned`: the
    segment holds the first key to one value (a list's range on that key is then left out, or
    SQLite scans the range instead of the tie).
    """
    first, rest = order[0], order[1:]
    column = first.column
    if after is None:
        if not first.nullable:
            return [([], [key.ordered() for key in order], False)]
        nulls: Segment = ([column.is_(None)], [key.ordered() for key in rest], True)
        values: Segment = ([column.is_not(None)], [key.ordered() for key in order], False)
        return [nulls, values] if first.nulls_first else [values, nulls]
    value, tail = after[0], after[1:]
    same = column.is_(None) if value is None else column == value
    found: list[Segment] = [
        ([same, *where], by, True) for where, by, _pinned in (segments(rest, tail) if rest else [])
    ]
    if value is None:
        if first.nulls_first:
            found.append(([column.is_not(None)], [key.ordered() for key in order], False))
    else:
        found.append(([first.beyond(value)], [key.ordered() for key in order], False))
        if first.nullable and not first.nulls_first:
            found.append(([column.is_(None)], [key.ordered() for key in rest], True))
    return found


def encode_cursor(order: Order, deal: Deal) -> str:
    """Where the page after `deal` starts, as a short opaque string (for a button's value)."""
    return json.dumps([_tagged(getattr(deal, key.column.key)) for key in order], separators=(",", ":"))


def decode_cursor(order: Order, cursor: str | None) -> tuple[Any, ...] | None:
    """The key values of `encode_cursor`; None (from the start) when absent or unreadable."""
    if not cursor:
        return None
    try:
        values = tuple(_untagged(value) for value in json.loads(cursor))
    except (ValueError, TypeError, AttributeError):
        return None
    return values if len(values) == len(order) else None


def _tagged(value: object) -> object:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _untagged(value: Any) -> object:
    if isinstance(value, dict):
        if "t" in value:
            return datetime.fromisoformat(value["t"])
        return date.fromisoformat(value["d"])
    if value is None or isinstance(value, int | str):
        return value
    raise TypeError(f"not a cursor value: {value!r}")


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

    def write(self, deal: Deal, values: dict[str, Any]) -> bool:
        """Store `values` (column -> new value) on a loaded deal in one UPDATE of those columns, and
        take them as the deal's loaded state: no unit-of-work flush for it. False (nothing done)
        when the deal has changes of its own pending, or a value is no plain column: then set
        them on the deal for the flush to write.

        `owner_since` is filled as the flush's `_owner_has_a_since` would.
        """
        state = inspect(deal)
        if not state.persistent or state.modified or not _COLUMNS.issuperset(values):
            return False
        if not values:
            return True
        owner = values.get("next_step_owner", deal.next_step_owner)
        if owner is not None and values.get("owner_since", deal.owner_since) is None:
            values = {**values, "owner_since": deal.created_at}
        statement = _write_statement(tuple(sorted(values)))
        self.session.execute(statement, {"deal_id": deal.id, **{f"new_{c}": v for c, v in values.items()}})
        for column, value in values.items():
            set_committed_value(deal, column, value)
        return True

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

    def highest_id(self) -> int:
        """The id of the workspace's newest deal (0 without one); ids only grow."""
        query = select(func.max(Deal.id)).where(Deal.workspace_id == self.workspace_id)
        return int(self.session.scalar(query) or 0)

    def names_after(self, deal_id: int) -> list[tuple[int, str]]:
        """(id, name) of the workspace's deals created after the deal `deal_id`, oldest first."""
        query = (
            select(Deal.id, Deal.name)
            .where(Deal.id > deal_id, Deal.workspace_id == self.workspace_id)
            .order_by(Deal.id)
        )
        return [(row.id, row.name) for row in self.session.execute(query)]

    def all_names(self) -> list[str]:
        """Every deal name of the workspace (to build the parser's deal index once)."""
        return list(self.session.scalars(select(Deal.name).where(Deal.workspace_id == self.workspace_id)))

    def names_of_keys(self, keys: Sequence[str]) -> list[str]:
        """The names of the deals whose name keys (`name_key`) are among `keys`: unique-index lookups."""
        wanted = sorted(set(keys))
        found: list[str] = []
        for i in range(0, len(wanted), 500):
            found += self.session.scalars(
                select(Deal.name).where(
                    Deal.workspace_id == self.workspace_id, Deal.name_key.in_(wanted[i : i + 500])
                )
            )
        return found

    def more_than(self, count: int) -> bool:
        """Whether the workspace has more than `count` deals (reads at most `count` + 1 index entries)."""
        return (
            self.session.scalar(
                select(Deal.id).where(Deal.workspace_id == self.workspace_id).offset(count).limit(1)
            )
            is not None
        )

    # -- lists ------------------------------------------------------------------------------------
    # Each takes `after` (a previous page's `cursor`) and `count_cap` (None: an exact count).

    def waiting_on_us(
        self, today: date, limit: int, *, after: str | None = None, count_cap: int | None = COUNT_CAP
    ) -> DealPage:
        """Active deals whose next step is ours, the longest-waiting first."""
        return self._page(
            [Deal.next_step_owner == "us", *self._active(today)], WAITING, limit, after, count_cap
        )

    def waiting_on_prospect(
        self, today: date, limit: int, *, after: str | None = None, count_cap: int | None = COUNT_CAP
    ) -> DealPage:
        """Active deals whose next step is the prospect's, the longest-waiting first."""
        return self._page(
            [Deal.next_step_owner == "prospect", *self._active(today)], WAITING, limit, after, count_cap
        )

    def overdue(
        self, today: date, limit: int, *, after: str | None = None, count_cap: int | None = COUNT_CAP
    ) -> DealPage:
        """Active deals whose next step's due date has passed, the most overdue first."""
        return self._page(
            [Deal.next_step_owner.is_not(None), *self._active(today)],
            BY_DUE,
            limit,
            after,
            count_cap,
            bound=Deal.due_date < today,
        )

    def gone_quiet(
        self,
        today: date,
        cutoff: datetime,
        limit: int,
        *,
        after: str | None = None,
        count_cap: int | None = COUNT_CAP,
    ) -> DealPage:
        """Active deals with no update since `cutoff`, the quietest first."""
        return self._page(
            self._active(today), QUIETEST, limit, after, count_cap, bound=Deal.updated_at < cutoff
        )

    def parked(
        self, today: date, limit: int, *, after: str | None = None, count_cap: int | None = COUNT_CAP
    ) -> DealPage:
        """Open parked deals, the soonest to come back first."""
        return self._page([OPEN], BACK_SOONEST, limit, after, count_cap, bound=Deal.park_until > today)

    def of_rep(
        self,
        rep_id: int,
        today: date,
        limit: int,
        *,
        after: str | None = None,
        count_cap: int | None = COUNT_CAP,
    ) -> DealPage:
        """A rep's active deals, the most urgent due date first, undated ones last."""
        return self._page([Deal.rep_id == rep_id, *self._active(today)], URGENT, limit, after, count_cap)

    def parked_of_rep(
        self,
        rep_id: int,
        today: date,
        limit: int,
        *,
        after: str | None = None,
        count_cap: int | None = COUNT_CAP,
    ) -> DealPage:
        return self._page(
            [Deal.rep_id == rep_id, OPEN],
            BACK_SOONEST,
            limit,
            after,
            count_cap,
            bound=Deal.park_until > today,
        )

    def in_stage(
        self,
        stage: str,
        today: date,
        limit: int,
        *,
        after: str | None = None,
        count_cap: int | None = COUNT_CAP,
    ) -> DealPage:
        """Deals at one stage; won and lost list closed deals, the others active ones."""
        conditions: list[ColumnElement[bool]] = [Deal.stage == stage]
        if stage not in CLOSED:
            conditions += self._active(today)
        return self._page(conditions, RECENT, limit, after, count_cap)

    def recent_of_rep(self, rep_id: int, today: date, limit: int) -> list[Deal]:
        """A rep's active deals, the most recently updated first (to ask "which deal?")."""
        return self._rows([Deal.rep_id == rep_id, *self._active(today)], RECENT, limit, None)[0]

    # -- one list API: filter + cursor/limit -> deals + total ---------------------------------------
    def find(
        self,
        where: DealFilter,
        *,
        cursor: str | None = None,
        limit: int = 10,
        count_cap: int | None = COUNT_CAP,
    ) -> DealPage:
        """One page of the list `where` describes, in its useful order, with the list's total.

        `cursor` is an earlier page's `cursor` (opaque to callers): the next page is read off the
        list's index from there (keyset), never by skipping rows.
        """
        conditions, order, bound = self._list(where)
        return self._page(conditions, order, limit, cursor, count_cap, bound=bound)

    def totals(self, where: DealFilter, by: TotalsBy) -> list[Total]:
        """Count and amount of the filtered deals per group and currency (one GROUP BY query)."""
        conditions, _order, bound = self._list(where)
        if bound is not None:
            conditions = [*conditions, bound]
        column = {"stage": Deal.stage, "rep": Person.display_name, "close_by": Deal.close_by}[by]
        query = (
            select(column, Deal.currency, func.count(Deal.id), func.coalesce(func.sum(Deal.amount), 0))
            .select_from(Deal)
            .where(Deal.workspace_id == self.workspace_id, *conditions)
            .group_by(column, Deal.currency)
        )
        if by == "rep":  # the rep's name: joined only when grouping by it
            query = query.outerjoin(Person, Person.id == Deal.rep_id)
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

    def _list(self, where: DealFilter) -> tuple[list[ColumnElement[bool]], Order, ColumnElement[bool] | None]:
        """The conditions, order and range on the order's first key of one list kind, with its filters."""
        today, kind = where.today, where.kind
        conditions: list[ColumnElement[bool]] = []
        bound: ColumnElement[bool] | None = None
        order: Order
        if kind == "parked":
            conditions.append(OPEN)
            bound = and_(Deal.park_until > today, *_window(Deal.park_until, where.first, where.last))
            order = BACK_SOONEST
        elif kind == "pipeline" and where.stage in CLOSED:
            # won / lost: the most recently updated first (closing is a deal's last update, as a rule),
            # the stage's index order (a closed-date order would need an index of its own)
            conditions.append(Deal.closed_at.is_not(None))
            order = RECENT
        else:
            conditions += self._active(today)
            if kind in ("waiting_on_us", "waiting_on_prospect"):
                conditions.append(Deal.next_step_owner == ("us" if kind == "waiting_on_us" else "prospect"))
                order = WAITING
            elif kind == "overdue":
                # (an owner is "us" or "prospect": IS NOT NULL keeps PostgreSQL's index scan ordered,
                # where IN would make it sort the matches)
                conditions.append(Deal.next_step_owner.is_not(None))
                bound, order = Deal.due_date < today, BY_DUE
            elif kind == "stale":
                if where.quiet_since is not None:
                    bound = Deal.updated_at < where.quiet_since
                order = QUIETEST
            elif kind == "due":
                bound = and_(*_window(Deal.due_date, where.first or today, where.last or today))
                order = BY_DUE
            elif kind == "closing":
                bound = and_(Deal.close_by.is_not(None), *_window(Deal.close_by, where.first, where.last))
                order = CLOSING
            elif kind == "temperature" or (where.stage is not None and where.rep_id is None):
                order = RECENT  # hot deals, or a stage's: the most recently updated first
            elif where.undated_close and where.rep_id is None:
                order = UNDATED  # read for its count ("12 open deals have no expected close date")
            else:  # pipeline: the most urgent due date first, undated ones last
                order = URGENT
        if where.rep_id is not None:
            conditions.append(Deal.rep_id == where.rep_id)
        if where.stage is not None:
            conditions.append(Deal.stage == where.stage)
        if where.temperature is not None:
            conditions.append(Deal.temperature == where.temperature)
        if where.undated_close:
            conditions.append(Deal.close_by.is_(None))
        return conditions, order, bound

    # -- helpers ----------------------------------------------------------------------------------
    @staticmethod
    def _active(today: date) -> list[ColumnElement[bool]]:
        return [OPEN, or_(Deal.park_until.is_(None), Deal.park_until <= today)]

    def _page(
        self,
        conditions: list[ColumnElement[bool]],
        order: Order,
        limit: int,
        after: str | None,
        count_cap: int | None,
        bound: ColumnElement[bool] | None = None,
    ) -> DealPage:
        """A page of the deals matching `conditions` and `bound` (a range on the first key of `order`).

        The count rides in the page's own query (a scalar subquery, run once): one round trip.
        """
        start = decode_cursor(order, after)
        matching = [*conditions, *([] if bound is None else [bound])]
        count = self._count_query(matching, count_cap)
        deals, counted = self._rows(conditions, order, limit + 1, start, bound, count)
        last_page = len(deals) <= limit
        deals = deals[:limit]
        if counted is None:  # no row came back to carry the count
            counted = 0 if start is None else self.session.scalar(select(count)) or 0
        total, exact = (
            (count_cap, False) if count_cap is not None and counted > count_cap else (counted, True)
        )
        cursor = None if last_page or not deals else encode_cursor(order, deals[-1])
        return DealPage(deals, total, exact, cursor)

    def _rows(
        self,
        conditions: list[ColumnElement[bool]],
        order: Order,
        limit: int,
        after: tuple[Any, ...] | None,
        bound: ColumnElement[bool] | None = None,
        count: ScalarSelect[int] | None = None,
    ) -> tuple[list[Deal], int | None]:
        """Up to `limit` deals in `order` after `after`, segment by segment until the page is full,
        and the value of `count` (asked along with the segments until one returns a row)."""
        found: list[Deal] = []
        counted: int | None = None
        base = [Deal.workspace_id == self.workspace_id, *conditions]
        for where, by, pinned in segments(order, after):
            ranged = [] if pinned or bound is None else [bound]
            columns = (Deal,) if count is None or counted is not None else (Deal, count)
            query = select(*columns).where(*base, *ranged, *where).order_by(*by).limit(limit - len(found))
            for row in self.session.execute(query.options(_NO_REP_JOIN)):
                found.append(row[0])
                if len(row) > 1:
                    counted = row[1]
            if len(found) >= limit:
                break
        self._load_reps(found)
        return found, counted

    def _count_query(self, conditions: list[ColumnElement[bool]], cap: int | None) -> ScalarSelect[int]:
        """How many deals match, counting at most `cap` + 1 of them (every one when `cap` is None)."""
        matching = select(Deal.id).where(Deal.workspace_id == self.workspace_id, *conditions)
        if cap is not None:
            matching = matching.limit(cap + 1)
        return select(func.count()).select_from(matching.subquery()).scalar_subquery()

    def _load_reps(self, deals: list[Deal]) -> None:
        """Each deal's rep: from the session when already loaded, the others in one IN query."""
        wanted = {d.rep_id for d in deals if d.rep_id is not None and "rep" not in d.__dict__}
        if not wanted:
            return
        identity = self.session.identity_map
        reps: dict[int, Person] = {}
        for rep_id in wanted:
            known = identity.get(identity_key(Person, rep_id))
            if isinstance(known, Person):
                reps[rep_id] = known
        missing = wanted - reps.keys()
        if missing:
            reps.update((p.id, p) for p in self.session.scalars(select(Person).where(Person.id.in_(missing))))
        for deal in deals:
            if "rep" not in deal.__dict__:
                set_committed_value(deal, "rep", reps.get(deal.rep_id) if deal.rep_id is not None else None)


OPEN: ColumnElement[bool] = Deal.closed_at.is_(None)  # matches the partial indexes' predicate
# A page's reps are loaded apart (`_load_reps`, skipped for reps already loaded): joined into the
# page's query, PostgreSQL may hash-join and then sort every match rather than read the index.
_NO_REP_JOIN = lazyload(Deal.rep)


def _window(column: Any, first: date | None, last: date | None) -> list[ColumnElement[bool]]:
    """`first <= column <= last`, either bound optional."""
    bounds: list[ColumnElement[bool]] = []
    if first is not None:
        bounds.append(column >= first)
    if last is not None:
        bounds.append(column <= last)
    return bounds
