"""The pipeline's first tables: workspaces, people, deals, the update log, and delivery bookkeeping.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-23 10:46:00.541715
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbound_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("event_key", sa.String(length=300), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_events")),
        sa.UniqueConstraint("platform", "event_key", name=op.f("uq_inbound_events_platform_event_key")),
    )
    op.create_table(
        "workspaces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("summary_weekday", sa.Integer(), nullable=False),
        sa.Column("summary_time", sa.String(length=5), nullable=False),
        sa.Column("stale_days", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspaces")),
        sa.UniqueConstraint("platform", "external_id", name=op.f("uq_workspaces_platform_external_id")),
    )
    op.create_table(
        "channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("is_deals_channel", sa.Boolean(), nullable=False),
        sa.Column("summary_weekday", sa.Integer(), nullable=True),
        sa.Column("summary_time", sa.String(length=5), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_channels_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channels")),
        sa.UniqueConstraint("workspace_id", "external_id", name=op.f("uq_channels_workspace_id_external_id")),
    )
    op.create_table(
        "conversation_refs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=400), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("person_platform_id", sa.String(length=128), nullable=True),
        sa.Column("reference", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_conversation_refs_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_refs")),
        sa.UniqueConstraint(
            "workspace_id", "conversation_id", name=op.f("uq_conversation_refs_workspace_id_conversation_id")
        ),
    )
    op.create_index(
        op.f("ix_conversation_refs_person_platform_id"),
        "conversation_refs",
        ["person_platform_id"],
        unique=False,
    )

    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_deliveries_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("key", name=op.f("uq_deliveries_key")),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.String(length=128), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_people_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("workspace_id", "platform_id", name=op.f("uq_people_workspace_id_platform_id")),
    )
    op.create_index(op.f("ix_people_workspace_id"), "people", ["workspace_id"], unique=False)

    op.create_table(
        "deals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=True),
        sa.Column("stage", sa.String(length=16), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("temperature", sa.String(length=8), nullable=True),
        sa.Column("next_step", sa.Text(), nullable=True),
        sa.Column("next_step_owner", sa.String(length=16), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("park_until", sa.Date(), nullable=True),
        sa.Column("park_reason", sa.Text(), nullable=True),
        sa.Column("us_streak", sa.Integer(), nullable=False),
        sa.Column("owner_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["people.id"], name=op.f("fk_deals_rep_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_deals_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deals")),
        sa.UniqueConstraint("workspace_id", "name_key", name=op.f("uq_deals_workspace_id_name_key")),
    )
    op.create_index(
        "ix_deals_ws_owner_due", "deals", ["workspace_id", "next_step_owner", "due_date"], unique=False
    )
    op.create_index("ix_deals_ws_park", "deals", ["workspace_id", "park_until"], unique=False)
    op.create_index("ix_deals_ws_rep", "deals", ["workspace_id", "rep_id"], unique=False)
    op.create_index("ix_deals_ws_updated", "deals", ["workspace_id", "updated_at"], unique=False)

    op.create_table(
        "pending_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel_id", sa.String(length=128), nullable=True),
        sa.Column("thread_id", sa.String(length=128), nullable=True),
        sa.Column("platform_message_id", sa.String(length=200), nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column("parsed", sa.JSON(), nullable=False),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_pending_questions_author_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_pending_questions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_questions")),
    )
    op.create_index("ix_pending_ws_author", "pending_questions", ["workspace_id", "author_id"], unique=False)

    op.create_table(
        "deal_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("deal_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("channel_id", sa.String(length=128), nullable=True),
        sa.Column("thread_id", sa.String(length=128), nullable=True),
        sa.Column("platform_message_id", sa.String(length=200), nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column("parsed", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["people.id"], name=op.f("fk_deal_updates_author_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["deal_id"], ["deals.id"], name=op.f("fk_deal_updates_deal_id_deals"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_deal_updates_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deal_updates")),
        sa.UniqueConstraint(
            "workspace_id",
            "platform_message_id",
            name=op.f("uq_deal_updates_workspace_id_platform_message_id"),
        ),
    )
    op.create_index(
        "ix_deal_updates_author_created",
        "deal_updates",
        ["workspace_id", "author_id", "created_at"],
        unique=False,
    )
    op.create_index("ix_deal_updates_deal_created", "deal_updates", ["deal_id", "created_at"], unique=False)


def downgrade() -> None:
    for table in (
        "deal_updates",
        "pending_questions",
        "deals",
        "people",
        "deliveries",
        "conversation_refs",
        "channels",
        "workspaces",
        "inbound_events",
    ):
        op.drop_table(table)
