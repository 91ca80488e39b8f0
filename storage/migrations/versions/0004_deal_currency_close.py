"""A deal keeps the currency its amount was written in, and when it is expected to close.

Revision ID: 0004_deal_currency_close
Revises: 0003_person_tz_pinned
Create Date: 2026-12-07 18:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_deal_currency_close"
down_revision: str | None = "0003_person_tz_pinned"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deals") as batch:
        batch.add_column(sa.Column("currency", sa.String(3), nullable=True))
        batch.add_column(sa.Column("close_by", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deals") as batch:
        batch.drop_column("close_by")
        batch.drop_column("currency")
