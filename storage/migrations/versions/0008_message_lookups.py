"""A message's updates and a thread's updates found through an index, not by reading every update.

Every message first asks whether it was handled already: its updates are stored under "<id>" and
"<id>#2", "<id>#3"... and that prefix search read every update of the workspace (0.2-0.3 s per
message at 1,000,000 updates, SQLite and PostgreSQL alike). `deal_updates.platform_message_id`
now compares in binary order on PostgreSQL too (COLLATE "C", what SQLite does already), so the
slots are one range of the unique index; a reply in a deal's thread finds the thread's updates
through a partial index on `thread_id`.

Revision ID: 0008_message_lookups
Revises: 0007_crm
Create Date: 2026-12-07 21:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_message_lookups"
down_revision: str | None = "0007_crm"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

THREADS = sa.text("thread_id IS NOT NULL")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute('ALTER TABLE deal_updates ALTER COLUMN platform_message_id TYPE VARCHAR(200) COLLATE "C"')
        op.execute("ANALYZE deal_updates")  # the rewrite dropped the column's statistics
    op.create_index(
        "ix_deal_updates_thread",
        "deal_updates",
        ["workspace_id", "thread_id"],
        unique=False,
        sqlite_where=THREADS,
        postgresql_where=THREADS,
    )


def downgrade() -> None:
    op.drop_index("ix_deal_updates_thread", table_name="deal_updates")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            'ALTER TABLE deal_updates ALTER COLUMN platform_message_id TYPE VARCHAR(200) COLLATE "default"'
        )
