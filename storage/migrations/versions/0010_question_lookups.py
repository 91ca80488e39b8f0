"""Whether a message asked a question is found through an index, exactly, as for its updates.

Every message first asks whether it was handled already: an update or a question stored under its
id or one of its slots ("<id>#2", "<id>#3"...). Updates were found through their binary-ordered
index since 0008; questions were looked for by their first 20 slot ids among every question of
the workspace (no index had their message id), and a message of more than 20 deals that only
asked questions was caught later, by the update log's unique index. `pending_questions
.platform_message_id` now compares in binary order on PostgreSQL too (COLLATE "C", what SQLite
does already) and is indexed with the workspace, so the slots are one range of that index.

Revision ID: 0010_question_lookups
Revises: 0009_summary_indexes
Create Date: 2026-12-08 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010_question_lookups"
down_revision: str | None = "0009_summary_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ALTER = "ALTER TABLE pending_questions ALTER COLUMN platform_message_id"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            'ALTER TABLE pending_questions ALTER COLUMN platform_message_id TYPE VARCHAR(200) COLLATE "C"'
        )
        op.execute("ANALYZE pending_questions")  # the rewrite dropped the column's statistics
    op.create_index(
        "ix_pending_ws_message", "pending_questions", ["workspace_id", "platform_message_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_pending_ws_message", table_name="pending_questions")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'{_ALTER} TYPE VARCHAR(200) COLLATE "default"')
