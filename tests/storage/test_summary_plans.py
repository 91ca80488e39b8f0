"""The weekly summary reads what it shows, not the pipeline: its plans on SQLite and PostgreSQL.

On a seeded workspace (deals in every state, ~10 updates each): the week's stage moves are read
off their partial index only (never the updates table), then the moved deals' amounts and
sections by id (every move of the week is added up), and
"waiting on us" / "waiting on the prospect" take their top five and exact count from
ix_deals_open_waiting alone on SQLite (an open-deals index on PostgreSQL), with no sort of the matches.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select

from assistant.summary import build_summary
from bench import corpus
from bench.seed import seed
from storage.db import Database
from storage.models import Channel, Workspace
from tests.storage.test_deal_lists import bad_steps, postgres_plan, sqlite_plan, statements

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def summary_plans(db: Database) -> list[tuple[str, list[str]]]:
    """Each statement the summary runs, with its plan."""
    url = db.engine.url.render_as_string(hide_password=False)
    made = seed(url, lambda _w: corpus.distinct_names(3_000), deals=3_000, now=NOW)
    ws_id = made.workspaces[0][0]
    plan_of = sqlite_plan if db.engine.dialect.name == "sqlite" else postgres_plan
    with db.unit_of_work() as session:
        workspace = session.get(Workspace, ws_id)
        assert workspace is not None
        channel = session.scalars(select(Channel).where(Channel.workspace_id == ws_id)).first()
        with statements(db.engine) as seen:
            build_summary(session, workspace, channel, NOW)
        return [(statement, plan_of(session, statement, parameters)) for statement, parameters in seen]


def test_the_summary_reads_its_sections_off_their_indexes(db: Database) -> None:
    dialect = db.engine.dialect.name
    plans = summary_plans(db)
    waiting = 0
    for statement, plan in plans:
        open_count = "next_step_owner" not in statement and "deals.park_until <=" in statement
        if "GROUP BY" in statement or open_count:
            # The header's "N open deals" and update freshness (per rep) count every active deal:
            # an exact figure over most of the pipeline, which PostgreSQL may rightly read in full.
            continue
        updates = [step for step in plan if "deal_updates" in step and not step.startswith("Bitmap Heap")]
        assert all("ix_deal_updates_stage_moves" in step for step in updates), (statement, plan)
        if updates and dialect == "postgresql":
            # The week's moves, all of which count: PostgreSQL may read them off their index as a
            # bitmap and sort them (the index still is the only thing read).
            continue
        if statement.startswith("SELECT deals.id, deals.amount, deals.currency, CASE WHEN"):
            # The moved deals' amounts and sections, for the won and lost sums and the section's
            # total: a third of the pipeline here, which the database may rightly read in one pass.
            continue
        assert bad_steps(dialect, plan) == [], (statement, plan)
        ours = "deals.us_streak >=" not in statement and "next_step_owner =" in statement
        if ours and (re.search(r"ORDER BY [\w.]*owner_since", statement) or "count(" in statement):
            # PostgreSQL may prefer the list's own index and its visibility checks (no sort still).
            index = "ix_deals_open_waiting" if dialect == "sqlite" else "ix_deals_open_"
            assert any(index in step for step in plan), (statement, plan)
            waiting += 1
    moves = [plan for statement, plan in plans if "stage_moved_at >=" in statement]
    assert len(moves) == 1 and any("ix_deal_updates_stage_moves" in step for step in moves[0]), moves
    assert waiting == 4, [statement for statement, _ in plans]
