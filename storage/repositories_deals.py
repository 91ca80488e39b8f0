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

from sqlalchemy import ColumnElement, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from storage.models import Deal

CLOSED = ("won", "lost")


def name_key(name: str) -> str:
    """How a deal name is compared: casefolded, with runs of spaces collapsed."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class DealPage:
    """The first deals of a list and how many the whole list has."""

    deals: list[Deal]
    total: int

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.deals))


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

    # -- helpers ----------------------------------------------------------------------------------
    @staticmethod
    def _active(today: date) -> list[ColumnElement[bool]]:
        return [Deal.closed_at.is_(None), or_(Deal.park_until.is_(None), Deal.park_until <= today)]

    def _page(self, conditions: list[ColumnElement[bool]], order: list[object], limit: int) -> DealPage:
        where = and_(Deal.workspace_id == self.workspace_id, *conditions)
        query = select(Deal).where(where).order_by(*order).limit(limit)  # type: ignore[arg-type]
        deals = list(self.session.scalars(query).unique())
        if len(deals) < limit:
            total = len(deals)
        else:
            total = self.session.scalar(select(func.count()).select_from(Deal).where(where)) or 0
        return DealPage(deals, total)
