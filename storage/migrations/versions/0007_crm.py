"""CRM sync: a workspace's connection, a link per deal, a person's e-mail.

Revision ID: 0007_crm
Revises: 0006_inbox_outbox
Create Date: 2026-12-07 18:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_crm"
down_revision: str | None = "0006_inbox_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("email", sa.String(320), nullable=True))
    op.create_table(
        "crm_connections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("system", sa.String(16), nullable=False),
        sa.Column("connected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("import_cursor", sa.DateTime(timezone=True), nullable=True),
        sa.Column("written_through", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_import_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_write_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_crm_connections_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_crm_connections"),
        sa.UniqueConstraint("workspace_id", name="uq_crm_connections_workspace_id"),
    )
    op.create_table(
        "crm_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("deal_id", sa.Integer(), nullable=False),
        sa.Column("system", sa.String(16), nullable=False),
        sa.Column("crm_id", sa.String(64), nullable=True),
        sa.Column("agreed", sa.JSON(), nullable=False),
        sa.Column("written_key", sa.String(128), nullable=True),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_crm_links_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["deal_id"], ["deals.id"], name="fk_crm_links_deal_id_deals", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_crm_links"),
        sa.UniqueConstraint("deal_id", name="uq_crm_links_deal_id"),
        sa.UniqueConstraint(
            "workspace_id", "system", "crm_id", name="uq_crm_links_workspace_id_system_crm_id"
        ),
    )


def downgrade() -> None:
    op.drop_table("crm_links")
    op.drop_table("crm_connections")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("email")
