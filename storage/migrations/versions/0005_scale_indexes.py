"""Lists read in index order (keyset pages), and stage moves kept in columns of their own.

One partial index of open deals per list order (waiting, overdue, gone quiet, parked, a rep's
pipeline and recent deals) and one per stage; `deal_updates` gains `stage_from`, `stage_to` and
`stage_moved_at` (filled here from `changes` for the updates already stored) with a partial
index, so the weekly summary's "moved this week" no longer decodes every update of the week.
A deal whose next step has an owner gets `owner_since` (its creation) where it had none.

Revision ID: 0005_scale_indexes
Revises: 0005_list_views
Create Date: 2026-12-07 18:40:00
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005_scale_indexes"
down_revision: str | None = "0005_list_views"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("closed_at IS NULL")
MOVED = sa.text("stage_moved_at IS NOT NULL")
BATCH = 5_000

# name -> columns; each an index of open deals only (partial).
OPEN_DEAL_INDEXES: dict[str, list[Any]] = {
    "ix_deals_open_owner_since": [
        *("workspace_id", "next_step_owner", "owner_since", "id", "park_until", "closed_at")
    ],
    "ix_deals_open_due": ["workspace_id", "due_date", "id", "next_step_owner", "park_until", "closed_at"],
    "ix_deals_open_updated": ["workspace_id", "updated_at", "id", "park_until", "closed_at"],
    "ix_deals_open_park": ["workspace_id", "park_until", "id", "closed_at"],
    "ix_deals_open_rep_park": ["workspace_id", "rep_id", "park_until", "id", "closed_at"],
    "ix_deals_open_rep_due": [
        *("workspace_id", "rep_id", "due_date", sa.text("updated_at DESC"), "id", "park_until", "closed_at")
    ],
    "ix_deals_open_streak": [
        *(
            "workspace_id",
            "next_step_owner",
            sa.text("us_streak DESC"),
            "owner_since",
            "id",
            "park_until",
            "closed_at",
        )
    ],
    "ix_deals_open_rep_updated": [
        *("workspace_id", "rep_id", sa.text("updated_at DESC"), "id", "park_until", "closed_at")
    ],
}


def upgrade() -> None:
    # Replaced by ix_deals_open_due (reminders read open deals due in a few days): left in place,
    # SQLite's planner preferred it for "overdue" and then sorted every overdue deal.
    op.drop_index("ix_deals_ws_owner_due", table_name="deals")
    # A next step with an owner says since when (the waiting lists order by it, NULL-free).
    op.execute(
        "UPDATE deals SET owner_since = created_at WHERE next_step_owner IS NOT NULL AND owner_since IS NULL"
    )
    for name, columns in OPEN_DEAL_INDEXES.items():
        op.create_index(name, "deals", columns, unique=False, sqlite_where=OPEN, postgresql_where=OPEN)
    no_step = sa.text("closed_at IS NULL AND next_step IS NULL")
    op.create_index(
        "ix_deals_open_no_step",
        "deals",
        ["workspace_id", "updated_at", "id", "created_at", "park_until", "closed_at", "next_step"],
        unique=False,
        sqlite_where=no_step,
        postgresql_where=no_step,
    )
    op.create_index(
        "ix_deals_ws_stage_updated",
        "deals",
        ["workspace_id", "stage", sa.text("updated_at DESC"), "id", "closed_at", "park_until"],
        unique=False,
    )
    with op.batch_alter_table("deal_updates") as batch:
        batch.add_column(sa.Column("stage_from", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("stage_to", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("stage_moved_at", sa.DateTime(timezone=True), nullable=True))
    _fill_stage_moves()
    op.create_index(
        "ix_deal_updates_stage_moves",
        "deal_updates",
        ["workspace_id", "stage_moved_at", "id", "deal_id", "stage_from", "stage_to", "retracted_at"],
        unique=False,
        sqlite_where=MOVED,
        postgresql_where=MOVED,
    )


def _fill_stage_moves() -> None:
    """The stage moves of the updates already stored, read once from their `changes`."""
    bind = op.get_bind()
    updates = sa.table(
        "deal_updates",
        sa.column("id", sa.Integer()),
        sa.column("changes", sa.Text()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("stage_from", sa.String()),
        sa.column("stage_to", sa.String()),
        sa.column("stage_moved_at", sa.DateTime(timezone=True)),
    )
    rows = bind.execute(
        sa.select(updates.c.id, updates.c.changes, updates.c.created_at).where(
            sa.cast(updates.c.changes, sa.Text()).like('%"stage"%')
        )
    ).all()
    moves = []
    for update_id, changes, created_at in rows:
        decoded = json.loads(changes) if isinstance(changes, str) else changes
        stage = (decoded or {}).get("stage")
        if isinstance(stage, list) and len(stage) == 2 and stage[0] != stage[1]:
            moves.append({"key": update_id, "old": stage[0], "new": stage[1], "at": created_at})
    statement = (
        sa.update(updates)
        .where(updates.c.id == sa.bindparam("key"))
        .values(
            stage_from=sa.bindparam("old"), stage_to=sa.bindparam("new"), stage_moved_at=sa.bindparam("at")
        )
    )
    for start in range(0, len(moves), BATCH):
        bind.execute(statement, moves[start : start + BATCH])


def downgrade() -> None:
    op.drop_index("ix_deal_updates_stage_moves", table_name="deal_updates")
    with op.batch_alter_table("deal_updates") as batch:
        batch.drop_column("stage_moved_at")
        batch.drop_column("stage_to")
        batch.drop_column("stage_from")
    op.drop_index("ix_deals_ws_stage_updated", table_name="deals")
    op.drop_index("ix_deals_open_no_step", table_name="deals")
    for name in reversed(OPEN_DEAL_INDEXES):
        op.drop_index(name, table_name="deals")
    op.create_index(
        "ix_deals_ws_owner_due", "deals", ["workspace_id", "next_step_owner", "due_date"], unique=False
    )
