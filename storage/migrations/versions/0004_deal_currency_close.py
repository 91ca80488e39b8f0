"""A deal keeps the currency its amount was written in (ISO 4217, None: the workspace's own) and
when it is expected to close.

The CRM sync's migration (0007_crm) adds the same two columns: chained after it, this one finds
them there and does nothing either way.

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

COLUMNS = (("currency", sa.String(3)), ("close_by", sa.Date()))


def _existing() -> set[str]:
    return {column["name"] for column in sa.inspect(op.get_bind()).get_columns("deals")}


def upgrade() -> None:
    missing = [(name, kind) for name, kind in COLUMNS if name not in _existing()]
    if not missing:
        return
    with op.batch_alter_table("deals") as batch:
        for name, kind in missing:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("crm_links"):
        return  # the CRM sync's migration added the columns, and its downgrade drops them
    present = [name for name, _kind in reversed(COLUMNS) if name in _existing()]
    if not present:
        return
    with op.batch_alter_table("deals") as batch:
        for name in present:
            batch.drop_column(name)
