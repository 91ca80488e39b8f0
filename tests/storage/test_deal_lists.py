"""The lists managers ask for ("what's waiting on us?", "overdue", ...) page by page, on both databases.

Each list is walked page by page through its cursor and must read exactly like the whole list
sorted the slow way; its count stops at a cap and says so; and the database plans every list
query as an index scan with no sort of the matches (EXPLAIN on SQLite and PostgreSQL).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event, insert, select, text
from sqlalchemy.orm import Session

from storage.db import Database
from storage.models import Deal, Workspace
from storage.repositories import DealPage, Deals, Directory, People
from storage.repositories_deals import DealFilter

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
TODAY = NOW.date()
CUTOFF = NOW - timedelta(days=14)

ListCall = Callable[[Deals, int, "str | None"], DealPage]
Expected = Callable[[Deal], bool]


def fill(db: Database, count: int, reps: int = 4, seed: int = 5) -> tuple[int, list[int]]:
    """A workspace with `count` deals in every state, with many ties (few distinct dates and times);
    and a second workspace with the same kinds of deals, which no list may show."""
    rng = random.Random(seed)
    with db.unit_of_work() as session:
        ids = []
        for external in ("T-LISTS", "T-OTHER"):
            workspace = Directory(session).workspace("slack", external, now=NOW)
            rep_ids = [
                People(session, workspace.id).upsert(f"U{r}", now=NOW, name=f"Rep {r}").id
                for r in range(reps)
            ]
            rows: list[dict[str, Any]] = []
            for i in range(count):
                closed = rng.random() < 0.1
                owner = None if closed else rng.choice(["us", "prospect", None])
                updated = NOW - timedelta(days=rng.randint(0, 40), hours=rng.choice([0, 6]))
                rows.append(
                    {
                        "workspace_id": workspace.id,
                        "name": f"Deal {external} {i}",
                        "name_key": f"deal {external.lower()} {i}",
                        "rep_id": rng.choice(rep_ids),
                        "stage": rng.choice(["won", "lost"])
                        if closed
                        else rng.choice(["lead", "demo", "proposal"]),
                        "next_step": "send the pricing" if owner else None,
                        "next_step_owner": owner,
                        "due_date": TODAY + timedelta(days=rng.randint(-10, 10))
                        if rng.random() < 0.7
                        else None,
                        "park_until": TODAY + timedelta(days=rng.randint(-5, 30))
                        if rng.random() < 0.15
                        else None,
                        "us_streak": 0,
                        "temperature": rng.choice(["hot", "warm", "cold", None]),
                        "close_by": TODAY + timedelta(days=rng.randint(-5, 60))
                        if rng.random() < 0.6
                        else None,
                        "owner_since": updated if owner else None,
                        "created_at": updated - timedelta(days=3),
                        "updated_at": updated,
                        "closed_at": updated if closed else None,
                    }
                )
            session.execute(insert(Deal), rows)
            ids.append(workspace.id)
        return ids[0], reps_of(session, ids[0])


def reps_of(session: Session, workspace_id: int) -> list[int]:
    return sorted(
        {rep for rep in session.scalars(select(Deal.rep_id).where(Deal.workspace_id == workspace_id)) if rep}
    )


def active(d: Deal) -> bool:
    return d.closed_at is None and (d.park_until is None or d.park_until <= TODAY)


def stamp(when: datetime) -> float:
    return when.timestamp()


def lists(rep: int) -> dict[str, tuple[ListCall, Expected, Callable[[Deal], Any]]]:
    """Each list: how to ask for a page, which deals it holds, and its order (the slow way)."""
    far = date.max
    return {
        "waiting on us": (
            lambda d, n, after: d.waiting_on_us(TODAY, n, after=after),
            lambda x: x.next_step_owner == "us" and active(x),
            lambda x: (stamp(x.owner_since), x.id),
        ),
        "waiting on the prospect": (
            lambda d, n, after: d.waiting_on_prospect(TODAY, n, after=after),
            lambda x: x.next_step_owner == "prospect" and active(x),
            lambda x: (stamp(x.owner_since), x.id),
        ),
        "overdue": (
            lambda d, n, after: d.overdue(TODAY, n, after=after),
            lambda x: (
                x.next_step_owner is not None and x.due_date is not None and x.due_date < TODAY and active(x)
            ),
            lambda x: (x.due_date, -stamp(x.updated_at), x.id),
        ),
        "gone quiet": (
            lambda d, n, after: d.gone_quiet(TODAY, CUTOFF, n, after=after),
            lambda x: x.updated_at < CUTOFF and active(x),
            lambda x: (stamp(x.updated_at), x.id),
        ),
        "parked": (
            lambda d, n, after: d.parked(TODAY, n, after=after),
            lambda x: x.closed_at is None and x.park_until is not None and x.park_until > TODAY,
            lambda x: (x.park_until, x.id),
        ),
        "a rep's pipeline": (
            lambda d, n, after: d.of_rep(rep, TODAY, n, after=after),
            lambda x: x.rep_id == rep and active(x),
            lambda x: (x.due_date is None, x.due_date or far, -stamp(x.updated_at), x.id),
        ),
        "a rep's parked deals": (
            lambda d, n, after: d.parked_of_rep(rep, TODAY, n, after=after),
            lambda x: (
                x.rep_id == rep and x.closed_at is None and x.park_until is not None and x.park_until > TODAY
            ),
            lambda x: (x.park_until, x.id),
        ),
        "in demo": (
            lambda d, n, after: d.in_stage("demo", TODAY, n, after=after),
            lambda x: x.stage == "demo" and active(x),
            lambda x: (-stamp(x.updated_at), x.id),
        ),
        "won": (
            lambda d, n, after: d.in_stage("won", TODAY, n, after=after),
            lambda x: x.stage == "won",
            lambda x: (-stamp(x.updated_at), x.id),
        ),
        **filtered(rep),
    }


def found(where: DealFilter) -> ListCall:
    return lambda d, n, after: d.find(where, cursor=after, limit=n)


def filtered(rep: int) -> dict[str, tuple[ListCall, Expected, Callable[[Deal], Any]]]:
    """The lists as the parser narrows them (`Deals.find`): by rep, stage, temperature and period."""
    far = date.max
    week = TODAY + timedelta(days=6)

    def urgent(x: Deal) -> tuple[Any, ...]:
        return (x.due_date is None, x.due_date or far, -stamp(x.updated_at), x.id)

    def by_due(x: Deal) -> tuple[Any, ...]:
        return (x.due_date, -stamp(x.updated_at), x.id)

    def recent(x: Deal) -> tuple[Any, ...]:
        return (-stamp(x.updated_at), x.id)

    def waiting(x: Deal) -> tuple[Any, ...]:
        assert x.owner_since is not None  # a next step's owner always says since when
        return (stamp(x.owner_since), x.id)

    def due_within(x: Deal, last: date) -> bool:
        return x.due_date is not None and TODAY <= x.due_date <= last and active(x)

    return {
        "the team's pipeline": (found(DealFilter("pipeline", TODAY)), active, urgent),
        "in demo (find)": (
            found(DealFilter("pipeline", TODAY, stage="demo")),
            lambda x: x.stage == "demo" and active(x),
            recent,
        ),
        "a rep's deals in proposal": (
            found(DealFilter("pipeline", TODAY, rep_id=rep, stage="proposal")),
            lambda x: x.rep_id == rep and x.stage == "proposal" and active(x),
            urgent,
        ),
        "won (find)": (
            found(DealFilter("pipeline", TODAY, stage="won")),
            lambda x: x.stage == "won" and x.closed_at is not None,
            recent,
        ),
        "no expected close": (
            found(DealFilter("pipeline", TODAY, undated_close=True)),
            lambda x: x.close_by is None and active(x),
            lambda x: x.id,
        ),
        "a rep's deals with no expected close": (
            found(DealFilter("pipeline", TODAY, rep_id=rep, undated_close=True)),
            lambda x: x.rep_id == rep and x.close_by is None and active(x),
            urgent,
        ),
        "a rep's waiting on the prospect": (
            found(DealFilter("waiting_on_prospect", TODAY, rep_id=rep)),
            lambda x: x.rep_id == rep and x.next_step_owner == "prospect" and active(x),
            waiting,
        ),
        "a rep's waiting on us": (
            found(DealFilter("waiting_on_us", TODAY, rep_id=rep)),
            lambda x: x.rep_id == rep and x.next_step_owner == "us" and active(x),
            waiting,
        ),
        "a rep's overdue": (
            found(DealFilter("overdue", TODAY, rep_id=rep)),
            lambda x: (
                x.rep_id == rep
                and x.next_step_owner is not None
                and x.due_date is not None
                and x.due_date < TODAY
                and active(x)
            ),
            by_due,
        ),
        "a rep's gone quiet": (
            found(DealFilter("stale", TODAY, rep_id=rep, quiet_since=CUTOFF)),
            lambda x: x.rep_id == rep and x.updated_at < CUTOFF and active(x),
            lambda x: (stamp(x.updated_at), x.id),
        ),
        "due today": (
            found(DealFilter("due", TODAY, first=TODAY, last=TODAY)),
            lambda x: due_within(x, TODAY),
            by_due,
        ),
        "due this week": (
            found(DealFilter("due", TODAY, first=TODAY, last=week)),
            lambda x: due_within(x, week),
            by_due,
        ),
        "a rep's week": (
            found(DealFilter("due", TODAY, rep_id=rep, first=TODAY, last=week)),
            lambda x: x.rep_id == rep and due_within(x, week),
            by_due,
        ),
        "hot": (
            found(DealFilter("temperature", TODAY, temperature="hot")),
            lambda x: x.temperature == "hot" and active(x),
            recent,
        ),
        "a rep's hot deals": (
            found(DealFilter("temperature", TODAY, rep_id=rep, temperature="hot")),
            lambda x: x.rep_id == rep and x.temperature == "hot" and active(x),
            recent,
        ),
        "closing in a month": (
            found(DealFilter("closing", TODAY, first=TODAY, last=TODAY + timedelta(days=30))),
            lambda x: (
                x.close_by is not None and TODAY <= x.close_by <= TODAY + timedelta(days=30) and active(x)
            ),
            lambda x: (x.close_by, x.id),
        ),
        "a rep closing in a month": (
            found(DealFilter("closing", TODAY, rep_id=rep, first=TODAY, last=TODAY + timedelta(days=30))),
            lambda x: (
                x.rep_id == rep
                and x.close_by is not None
                and TODAY <= x.close_by <= TODAY + timedelta(days=30)
                and active(x)
            ),
            lambda x: (x.close_by, x.id),
        ),
        "parked, back within two weeks": (
            found(DealFilter("parked", TODAY, first=TODAY, last=TODAY + timedelta(days=14))),
            lambda x: (
                x.closed_at is None
                and x.park_until is not None
                and TODAY < x.park_until <= TODAY + timedelta(days=14)
            ),
            lambda x: (x.park_until, x.id),
        ),
    }


def test_every_list_reads_page_by_page_exactly_as_the_whole_list_sorted(db: Database) -> None:
    workspace_id, reps = fill(db, 400)
    with db.unit_of_work() as session:
        everything = list(session.scalars(select(Deal).where(Deal.workspace_id == workspace_id)).unique())
        deals = Deals(session, workspace_id)
        for title, (ask, belongs, order) in lists(reps[0]).items():
            expected = [d.name for d in sorted(filter(belongs, everything), key=order)]
            assert len(expected) > 3, title
            shown: list[str] = []
            after: str | None = None
            for _ in range(200):
                page = ask(deals, 3, after)
                assert page.exact and page.total == len(expected), title
                shown += [d.name for d in page.deals]
                after = page.cursor
                if after is None:
                    break
            assert shown == expected, title


def test_a_long_list_counts_up_to_its_cap_and_says_so(db: Database) -> None:
    workspace_id, _reps = fill(db, 120)
    with db.unit_of_work() as session:
        deals = Deals(session, workspace_id)
        exact = deals.waiting_on_us(TODAY, 5, count_cap=None)
        assert exact.exact and exact.total > 20
        capped = deals.waiting_on_us(TODAY, 5, count_cap=20)
        assert [d.id for d in capped.deals] == [d.id for d in exact.deals]
        assert (capped.total, capped.exact) == (20, False)
        assert (capped.total_text, capped.more_text) == ("20+", "15+")
        assert (exact.total_text, exact.more) == (f"{exact.total:,}", exact.total - 5)
        # A short list needs no count at all, and a cursor from another list reads as "from the start".
        short = deals.waiting_on_us(TODAY, 1000)
        assert (short.total, short.cursor) == (exact.total, None)
        assert deals.overdue(TODAY, 5, after="not a cursor").deals == deals.overdue(TODAY, 5).deals


# -- the plans ------------------------------------------------------------------------------------


@contextmanager
def statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement run on `engine` meanwhile, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def sqlite_plan(session: Session, statement: str, parameters: Any) -> list[str]:
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    return [row[3] for row in cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()]


def postgres_plan(session: Session, statement: str, parameters: Any) -> list[str]:
    """The plan's nodes as "Node Type on relation (index)", depth first."""
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
    nodes: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        nodes.append(
            f"{node['Node Type']} on {node.get('Relation Name', '-')} ({node.get('Index Name', '-')})"
        )
        for child in node.get("Plans", []):
            walk(child)

    walk(cursor.fetchone()[0][0]["Plan"])
    return nodes


# Lists holding most open deals: PostgreSQL may count their first 1,001 by reading the table in
# order under the count's LIMIT (about as many rows as it counts), rather than an index.
BROAD = {"the team's pipeline", "no expected close"}


def bad_steps(dialect: str, plan: list[str], title: str = "") -> list[str]:
    """What would make a list cost O(n): a sort of the matches, or reading deals without an index.

    (PostgreSQL's incremental sort orders rows already sorted on the first key, group of ties by
    group: it reads the page and its ties, not every match.)
    """
    if dialect == "sqlite":
        return [
            step
            for step in plan
            if "TEMP B-TREE" in step
            or (" deals" in step and "INDEX" not in step and "INTEGER PRIMARY KEY" not in step)
        ]
    return [
        step
        for i, step in enumerate(plan)
        if ("Sort" in step and not step.startswith("Incremental Sort"))
        or (
            step.startswith("Seq Scan on deals")
            and not (title in BROAD and i > 0 and plan[i - 1].startswith("Limit"))
        )
    ]


def test_every_list_query_is_an_index_scan_with_no_sort(db: Database) -> None:
    workspace_id, reps = fill(db, 3000, reps=25)
    dialect = db.engine.dialect.name
    with db.unit_of_work() as session:
        if dialect == "postgresql":
            session.execute(text("ANALYZE"))
        # A cursor past the first page, to plan the next pages' queries too.
        deals = Deals(session, workspace_id)
        checked = 0
        for title, (ask, _belongs, _order) in lists(reps[0]).items():
            cursor = ask(deals, 10, None).cursor
            for after in (None, cursor):
                with statements(db.engine) as seen:
                    ask(Deals(session, workspace_id), 10, after)
                assert seen, title
                for statement, parameters in seen:
                    plan = (sqlite_plan if dialect == "sqlite" else postgres_plan)(
                        session, statement, parameters
                    )
                    assert bad_steps(dialect, plan, title) == [], (title, plan)
                    checked += 1
    assert checked >= 2 * len(lists(0))


def test_workspace_rows_are_the_only_ones_listed(db: Database) -> None:
    workspace_id, _reps = fill(db, 60)
    with db.unit_of_work() as session:
        page = Deals(session, workspace_id).gone_quiet(TODAY, CUTOFF, 1000)
        assert page.deals and {d.workspace_id for d in page.deals} == {workspace_id}
        assert session.get(Workspace, workspace_id) is not None


def test_a_next_step_with_an_owner_always_says_since_when(db: Database) -> None:
    with db.unit_of_work() as session:
        workspace = Directory(session).workspace("console", "console", now=NOW)
        deal = Deals(session, workspace.id).create("Imported Deal", rep_id=None, now=NOW - timedelta(days=3))
        deal.next_step_owner = "prospect"
        session.flush()
        assert deal.owner_since == NOW - timedelta(days=3)
        page = Deals(session, workspace.id).waiting_on_prospect(TODAY, 5)
        assert [d.name for d in page.deals] == ["Imported Deal"]
