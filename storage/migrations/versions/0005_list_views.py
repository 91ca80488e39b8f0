"""The last list each person was shown per channel, so a typed "more" continues it.

Revision ID: 0005_list_views
Revises: 0004_deal_currency_close
Create Date: 2026-12-07 18:55:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_list_views"
down_revision: str | None = "0004_deal_currency_close"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "list_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(length=200), nullable=False),
        sa.Column("spec", sa.String(length=1000), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_list_views_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_list_views_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_views")),
        sa.UniqueConstraint(
            "workspace_id",
            "person_id",
            "channel_id",
            name=op.f("uq_list_views_workspace_id_person_id_channel_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("list_views")
