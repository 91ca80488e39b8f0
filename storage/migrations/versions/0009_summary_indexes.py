"""The weekly summary's "waiting on us" and "waiting on the prospect" read off one index.

Each section shows its five longest-waiting deals and counts the rest: open, not parked, not
overdue, not gone quiet, next step on that side. ix_deals_open_owner_since has the order but not
the due date and last update the section filters on, so every counted deal was a table lookup
(about 0.1 s per query at 100,000 deals). ix_deals_open_waiting holds them too: the top five and
the exact count come from the index alone.

Revision ID: 0009_summary_indexes
Revises: 0008_message_lookups
Create Date: 2026-12-07 22:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_summary_indexes"
down_revision: str | None = "0008_message_lookups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("closed_at IS NULL")
COLUMNS = [
    "workspace_id",
    "next_step_owner",
    "owner_since",
    "id",
    "park_until",
    "due_date",
    "updated_at",
    "closed_at",
]


def upgrade() -> None:
    op.create_index(
        "ix_deals_open_waiting", "deals", COLUMNS, unique=False, sqlite_where=OPEN, postgresql_where=OPEN
    )


def downgrade() -> None:
    op.drop_index("ix_deals_open_waiting", table_name="deals")
