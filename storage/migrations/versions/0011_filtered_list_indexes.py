"""Every list a manager asks for, narrowed or not, reads its page and count off one index.

The parser now narrows lists by rep, stage, temperature and period, and asks for hot deals, what is
due this week and what closes this quarter. Several of those had no index in their order and
sorted or counted every open deal at 100,000 deals (the team's pipeline and a stage's, hot deals,
closing in a period, a rep's waiting lists). This revision:

- adds ix_deals_open_rep_waiting (a rep's waiting lists) and ix_deals_open_urgent (the team's
  pipeline, overdue and due: due date, then most recently updated; ix_deals_open_due stays for
  the weekly summary's overdue section and the reminders, which order by due date then id);
- widens a rep's two indexes (renamed ix_deals_open_rep_urgent and ix_deals_open_rep_recent) with the
  columns a rep's lists narrow on (owner, stage, temperature), so their counts read the index alone;
- adds ix_deals_open_temperature (hot / warm / cold deals) and ix_deals_open_close (closing in a
  period, with the stage, rep, currency and amount its totals add up).

Four more indexes than before in all: an update writes the indexes whose columns it changes.

Revision ID: 0011_filtered_list_indexes
Revises: 0010_question_lookups
Create Date: 2026-12-08 00:30:00
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0011_filtered_list_indexes"
down_revision: str | None = "0010_question_lookups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("closed_at IS NULL")
RECENT = sa.text("updated_at DESC")

# name -> columns; each an index of open deals only (partial).
NEW: dict[str, list[Any]] = {
    "ix_deals_open_rep_waiting": [
        *("workspace_id", "rep_id", "next_step_owner", "owner_since", "id", "park_until", "closed_at")
    ],
    "ix_deals_open_urgent": [
        *("workspace_id", "due_date", RECENT, "id", "next_step_owner", "park_until", "close_by", "closed_at")
    ],
    "ix_deals_open_rep_urgent": [
        *("workspace_id", "rep_id", "due_date", RECENT, "id", "park_until", "next_step_owner", "stage"),
        "closed_at",
    ],
    "ix_deals_open_rep_recent": [
        *("workspace_id", "rep_id", RECENT, "id", "park_until", "temperature", "closed_at")
    ],
    "ix_deals_open_temperature": [
        *("workspace_id", "temperature", RECENT, "id", "park_until", "rep_id", "closed_at")
    ],
    "ix_deals_open_close": [
        *("workspace_id", "close_by", "id", "park_until", "rep_id", "stage", "currency", "amount"),
        "closed_at",
    ],
}
OLD: dict[str, list[Any]] = {
    "ix_deals_open_rep_due": [
        *("workspace_id", "rep_id", "due_date", RECENT, "id", "park_until", "closed_at")
    ],
    "ix_deals_open_rep_updated": [*("workspace_id", "rep_id", RECENT, "id", "park_until", "closed_at")],
}


def upgrade() -> None:
    for name, columns in NEW.items():
        op.create_index(name, "deals", columns, unique=False, sqlite_where=OPEN, postgresql_where=OPEN)
    for name in OLD:
        op.drop_index(name, table_name="deals")


def downgrade() -> None:
    for name, columns in OLD.items():
        op.create_index(name, "deals", columns, unique=False, sqlite_where=OPEN, postgresql_where=OPEN)
    for name in NEW:
        op.drop_index(name, table_name="deals")
