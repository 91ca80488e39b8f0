"""A person's time zone chosen in chat is pinned: the platform's profile zone no longer overrides it.

Revision ID: 0003_person_tz_pinned
Revises: 0002_slack_stores
Create Date: 2026-11-23 11:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_person_tz_pinned"
down_revision: str | None = "0002_slack_stores"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("tz_pinned", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("tz_pinned")
