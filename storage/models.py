"""The pipeline's tables as SQLAlchemy 2 typed models.

Every row below a workspace carries `workspace_id`; every query filters on it,
so two workspaces with a deal of the same name never see each other's.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


class Workspace(Base):
    """One Slack team, one Teams tenant, or the console."""

    __tablename__ = "workspaces"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str | None] = mapped_column(String(200))
    tz: Mapped[str] = mapped_column(String(64), default="UTC")
    summary_weekday: Mapped[int] = mapped_column(Integer, default=0)  # Monday
    summary_time: Mapped[str] = mapped_column(String(5), default="09:00")
    stale_days: Mapped[int] = mapped_column(Integer, default=14)
    created_at: Mapped[datetime]


class Person(Base):
    """A rep or a manager, known by their platform id within a workspace."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("workspace_id", "platform_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    platform_id: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str] = mapped_column(String(200))
    tz: Mapped[str | None] = mapped_column(String(64))
    # Chosen in chat ("my time zone is ..."): the platform's profile zone no longer overrides it.
    tz_pinned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    role: Mapped[str] = mapped_column(String(16), default="rep")  # rep | manager
    created_at: Mapped[datetime]


class Deal(Base):
    """A deal's current state; its history is the `deal_updates` log."""

    __tablename__ = "deals"
    __table_args__ = (
        UniqueConstraint("workspace_id", "name_key"),
        Index("ix_deals_ws_owner_due", "workspace_id", "next_step_owner", "due_date"),
        Index("ix_deals_ws_updated", "workspace_id", "updated_at"),
        Index("ix_deals_ws_rep", "workspace_id", "rep_id"),
        Index("ix_deals_ws_park", "workspace_id", "park_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))  # casefolded name, unique per workspace
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    stage: Mapped[str | None] = mapped_column(String(16))
    amount: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    close_by: Mapped[date | None] = mapped_column(Date)
    temperature: Mapped[str | None] = mapped_column(String(8))
    next_step: Mapped[str | None] = mapped_column(Text)
    next_step_owner: Mapped[str | None] = mapped_column(String(16))  # us | prospect
    due_date: Mapped[date | None] = mapped_column(Date)
    park_until: Mapped[date | None] = mapped_column(Date)
    park_reason: Mapped[str | None] = mapped_column(Text)
    # Consecutive updates that left the next step on our side (for "3 updates in a row").
    us_streak: Mapped[int] = mapped_column(Integer, default=0)
    # When the next step's owner last changed ("waiting on the prospect since ...").
    owner_since: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]

    rep: Mapped[Person | None] = relationship(lazy="joined")


class DealUpdate(Base):
    """One message that changed a deal, verbatim, with what it changed (append-only)."""

    __tablename__ = "deal_updates"
    __table_args__ = (
        UniqueConstraint("workspace_id", "platform_message_id"),
        Index("ix_deal_updates_deal_created", "deal_id", "created_at"),
        Index("ix_deal_updates_author_created", "workspace_id", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    channel_id: Mapped[str | None] = mapped_column(String(128))
    thread_id: Mapped[str | None] = mapped_column(String(128))
    platform_message_id: Mapped[str] = mapped_column(String(200))
    raw_text: Mapped[str] = mapped_column(Text)
    parsed: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # field -> [old, new], so undo and edits can put the old values back.
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]
    retracted_at: Mapped[datetime | None]  # undone, deleted or replaced by an edit

    author: Mapped[Person | None] = relationship(lazy="joined")


class PendingQuestion(Base):
    """An update waiting for the author's answer ("Which deal: Hooli or Hooli XYZ?").

    Stored so the answer still lands after a restart.
    """

    __tablename__ = "pending_questions"
    __table_args__ = (Index("ix_pending_ws_author", "workspace_id", "author_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # which_deal | new_deal
    channel_id: Mapped[str | None] = mapped_column(String(128))
    thread_id: Mapped[str | None] = mapped_column(String(128))
    platform_message_id: Mapped[str] = mapped_column(String(200))
    raw_text: Mapped[str] = mapped_column(Text)
    parsed: Mapped[dict[str, Any]] = mapped_column(default=dict)
    candidates: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]


class Channel(Base):
    """A channel the assistant is used in; deals channels get the weekly summary."""

    __tablename__ = "channels"
    __table_args__ = (UniqueConstraint("workspace_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(200))
    is_deals_channel: Mapped[bool] = mapped_column(Boolean, default=True)
    # Overrides of the workspace's summary schedule; None means the workspace's.
    summary_weekday: Mapped[int | None] = mapped_column(Integer)
    summary_time: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime]


class ConversationRef(Base):
    """A platform's handle for talking to a conversation later (Teams' ConversationReference)."""

    __tablename__ = "conversation_refs"
    __table_args__ = (UniqueConstraint("workspace_id", "conversation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    conversation_id: Mapped[str] = mapped_column(String(400))
    kind: Mapped[str] = mapped_column(String(16))  # channel | personal | groupChat
    person_platform_id: Mapped[str | None] = mapped_column(String(128), index=True)
    reference: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]


class Delivery(Base):
    """An outbound scheduled message, claimed before it is sent: the key is unique."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(400))
    kind: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="claimed")  # claimed | sent | failed
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class InboundEvent(Base):
    """Platform event ids already handled, so retries and duplicates are ignored."""

    __tablename__ = "inbound_events"
    __table_args__ = (UniqueConstraint("platform", "event_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_key: Mapped[str] = mapped_column(String(300))
    received_at: Mapped[datetime]
