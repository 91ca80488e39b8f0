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
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute, Mapped, mapped_column, relationship

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
    # Set when the app was uninstalled (or its bot token revoked): nothing is scheduled for the
    # workspace until it is seen again (reinstalled).
    uninstalled_at: Mapped[datetime | None]


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
    # From the platform's profile or the CRM: how a CRM deal's owner is matched to a chat person.
    email: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime]


def _open_only(*columns: str | ColumnElement[Any] | InstrumentedAttribute[Any], name: str) -> Index:
    """An index of open deals only (closed_at IS NULL), partial on SQLite and PostgreSQL alike.

    Every active list filters on `closed_at IS NULL` in those very words, so both planners
    can use it; won and lost deals (most of an old workspace) stay out of it.
    """
    where = text("closed_at IS NULL")
    return Index(name, *columns, sqlite_where=where, postgresql_where=where)


# The order of each list of storage/repositories_deals.py, after its filter: a list reads the
# first page straight off its index and stops (keyset pagination), never sorting the matches.
# The columns after `id` are the rest of the list's filter (closed_at too, NULL in a partial index,
# which SQLite needs listed to call the index covering), so its capped count is read from the
# index alone, with no table lookup per counted deal.
DEAL_LIST_INDEXES: tuple[Index, ...] = (
    # waiting on us / on the prospect: owner, then longest waiting (owner_since), then id
    _open_only(
        "workspace_id",
        "next_step_owner",
        "owner_since",
        "id",
        "park_until",
        "closed_at",
        name="ix_deals_open_owner_since",
    ),
    # a rep's waiting on us / on the prospect, in the same order
    _open_only(
        "workspace_id",
        "rep_id",
        "next_step_owner",
        "owner_since",
        "id",
        "park_until",
        "closed_at",
        name="ix_deals_open_rep_waiting",
    ),
    # the weekly summary's overdue section and the reminders: due date, then id
    _open_only(
        "workspace_id",
        "due_date",
        "id",
        "next_step_owner",
        "park_until",
        "closed_at",
        name="ix_deals_open_due",
    ),
    # the weekly summary's waiting on us / on the prospect: the list's order, with the due date and
    # last update its section also filters on (not overdue, not gone quiet): top and count index-only
    _open_only(
        "workspace_id",
        "next_step_owner",
        "owner_since",
        "id",
        "park_until",
        "due_date",
        "updated_at",
        "closed_at",
        name="ix_deals_open_waiting",
    ),
    # gone quiet: least recently updated first
    _open_only("workspace_id", "updated_at", "id", "park_until", "closed_at", name="ix_deals_open_updated"),
    # parked: soonest back first
    _open_only("workspace_id", "park_until", "id", "closed_at", name="ix_deals_open_park"),
    # a rep's parked deals
    _open_only("workspace_id", "rep_id", "park_until", "id", "closed_at", name="ix_deals_open_rep_park"),
)


class Deal(Base):
    """A deal's current state; its history is the `deal_updates` log."""

    __tablename__ = "deals"
    __table_args__ = (
        UniqueConstraint("workspace_id", "name_key"),
        Index("ix_deals_ws_updated", "workspace_id", "updated_at"),
        Index("ix_deals_ws_rep", "workspace_id", "rep_id"),
        Index("ix_deals_ws_park", "workspace_id", "park_until"),
        *DEAL_LIST_INDEXES,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))  # casefolded name, unique per workspace
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    stage: Mapped[str | None] = mapped_column(String(16))
    amount: Mapped[int | None] = mapped_column(BigInteger)
    # ISO 4217 code the amount was written in ("EUR"); None: the workspace's own currency.
    currency: Mapped[str | None] = mapped_column(String(3))
    # When the deal is expected to close ("expected close end of March").
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


# The weekly summary's deals with no next step (new leads and the others), quietest first.
_NO_STEP = text("closed_at IS NULL AND next_step IS NULL")
DEAL_LIST_INDEXES += (
    Index(
        "ix_deals_open_no_step",
        Deal.workspace_id,
        Deal.updated_at,
        Deal.id,
        Deal.created_at,
        Deal.park_until,
        Deal.closed_at,
        Deal.next_step,
        sqlite_where=_NO_STEP,
        postgresql_where=_NO_STEP,
    ),
)

# Orders with a descending column: defined on the columns, after the class.
DEAL_LIST_INDEXES += (
    # the team's pipeline, overdue and due (today, this week): due date (undated last), then most
    # recently updated; with the owner, park date and expected close those lists also filter on
    _open_only(
        Deal.workspace_id,
        Deal.due_date,
        Deal.updated_at.desc(),
        Deal.id,
        Deal.next_step_owner,
        Deal.park_until,
        Deal.close_by,
        Deal.closed_at,
        name="ix_deals_open_urgent",
    ),
    # a rep's pipeline, overdue and due, in the same order; narrowed by stage or owner
    _open_only(
        Deal.workspace_id,
        Deal.rep_id,
        Deal.due_date,
        Deal.updated_at.desc(),
        Deal.id,
        Deal.park_until,
        Deal.next_step_owner,
        Deal.stage,
        Deal.closed_at,
        name="ix_deals_open_rep_urgent",
    ),
    # a rep's recent deals ("which deal?", a rep's hot deals; gone quiet read backwards)
    _open_only(
        Deal.workspace_id,
        Deal.rep_id,
        Deal.updated_at.desc(),
        Deal.id,
        Deal.park_until,
        Deal.temperature,
        Deal.closed_at,
        name="ix_deals_open_rep_recent",
    ),
    # hot / warm / cold deals, the most recently updated first
    _open_only(
        Deal.workspace_id,
        Deal.temperature,
        Deal.updated_at.desc(),
        Deal.id,
        Deal.park_until,
        Deal.rep_id,
        Deal.closed_at,
        name="ix_deals_open_temperature",
    ),
    # closing in a period: expected close, then id; with what its totals add up (stage, rep,
    # currency, amount), so "what's closing this quarter" and its sums read the index alone
    _open_only(
        Deal.workspace_id,
        Deal.close_by,
        Deal.id,
        Deal.park_until,
        Deal.rep_id,
        Deal.stage,
        Deal.currency,
        Deal.amount,
        Deal.closed_at,
        name="ix_deals_open_close",
    ),
    # the weekly summary's "on our side for 3+ updates in a row": longest streaks first
    _open_only(
        Deal.workspace_id,
        Deal.next_step_owner,
        Deal.us_streak.desc(),
        Deal.owner_since,
        Deal.id,
        Deal.park_until,
        Deal.closed_at,
        name="ix_deals_open_streak",
    ),
    # a stage (won and lost list closed deals: not partial)
    Index(
        "ix_deals_ws_stage_updated",
        Deal.workspace_id,
        Deal.stage,
        Deal.updated_at.desc(),
        Deal.id,
        Deal.closed_at,
        Deal.park_until,
    ),
)


@event.listens_for(Deal, "before_insert")
@event.listens_for(Deal, "before_update")
def _owner_has_a_since(_mapper: object, _connection: object, deal: Deal) -> None:
    """A deal whose next step has an owner says since when (its creation when nobody said): the
    "waiting on" lists order by `owner_since` and read it straight off their index, NULL-free."""
    if deal.next_step_owner is not None and deal.owner_since is None:
        deal.owner_since = deal.created_at


# A message's updates are stored under "<id>", "<id>#2", "<id>#3"... (repositories_log.slot_id): with
# binary order ("C" on PostgreSQL, SQLite's default) its slots are one range of the unique index.
MESSAGE_ID = String(200).with_variant(String(200, collation="C"), "postgresql")


class DealUpdate(Base):
    """One message that changed a deal, verbatim, with what it changed (append-only).

    An update that changes the stage also carries the move in plain columns (`stage_from`,
    `stage_to`, `stage_moved_at`), kept in step with `changes` on every flush (see
    `_note_stage_move`): the weekly "moved this week" reads those through a small partial
    index instead of decoding every update's JSON.
    """

    __tablename__ = "deal_updates"
    __table_args__ = (
        UniqueConstraint("workspace_id", "platform_message_id"),
        Index("ix_deal_updates_deal_created", "deal_id", "created_at"),
        # A thread's updates (what a reply in a deal's thread is about), threads only.
        Index(
            "ix_deal_updates_thread",
            "workspace_id",
            "thread_id",
            sqlite_where=text("thread_id IS NOT NULL"),
            postgresql_where=text("thread_id IS NOT NULL"),
        ),
        Index("ix_deal_updates_author_created", "workspace_id", "author_id", "created_at"),
        # In time order, with every column "moved this week" reads (a covering index: no lookups).
        Index(
            "ix_deal_updates_stage_moves",
            "workspace_id",
            "stage_moved_at",
            "id",
            "deal_id",
            "stage_from",
            "stage_to",
            "retracted_at",
            sqlite_where=text("stage_moved_at IS NOT NULL"),
            postgresql_where=text("stage_moved_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    channel_id: Mapped[str | None] = mapped_column(String(128))
    thread_id: Mapped[str | None] = mapped_column(String(128))
    platform_message_id: Mapped[str] = mapped_column(MESSAGE_ID)
    raw_text: Mapped[str] = mapped_column(Text)
    parsed: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # field -> [old, new], so undo and edits can put the old values back.
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]
    retracted_at: Mapped[datetime | None]  # undone, deleted or replaced by an edit
    # The stage move this update made (None when it left the stage alone); see the class docstring.
    stage_from: Mapped[str | None] = mapped_column(String(16))
    stage_to: Mapped[str | None] = mapped_column(String(16))
    stage_moved_at: Mapped[datetime | None]

    author: Mapped[Person | None] = relationship(lazy="joined")


def stage_move(changes: dict[str, Any] | None) -> tuple[str | None, str | None] | None:
    """(old, new) stage when `changes` (field -> [old, new]) moves the stage, else None."""
    stage = (changes or {}).get("stage")
    if not isinstance(stage, list | tuple) or len(stage) != 2 or stage[0] == stage[1]:
        return None
    return stage[0], stage[1]


@event.listens_for(DealUpdate, "before_insert")
@event.listens_for(DealUpdate, "before_update")
def _note_stage_move(_mapper: object, _connection: object, update: DealUpdate) -> None:
    """Keep the stage-move columns equal to what `changes` says, whoever wrote `changes`."""
    move = stage_move(update.changes)
    stage_from, stage_to = move if move is not None else (None, None)
    moved_at = update.created_at if move is not None else None
    if (update.stage_from, update.stage_to, update.stage_moved_at) != (stage_from, stage_to, moved_at):
        update.stage_from, update.stage_to, update.stage_moved_at = stage_from, stage_to, moved_at


class PendingQuestion(Base):
    """An update waiting for the author's answer ("Which deal: Hooli or Hooli XYZ?").

    Stored so the answer still lands after a restart.
    """

    __tablename__ = "pending_questions"
    __table_args__ = (
        Index("ix_pending_ws_author", "workspace_id", "author_id"),
        # A message's questions (was it handled already?): its id and slots are one range (MESSAGE_ID).
        Index("ix_pending_ws_message", "workspace_id", "platform_message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # which_deal | new_deal
    channel_id: Mapped[str | None] = mapped_column(String(128))
    thread_id: Mapped[str | None] = mapped_column(String(128))
    platform_message_id: Mapped[str] = mapped_column(MESSAGE_ID)
    raw_text: Mapped[str] = mapped_column(Text)
    parsed: Mapped[dict[str, Any]] = mapped_column(default=dict)
    candidates: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]


class ListView(Base):
    """The last list a person was shown in a channel, so a typed "more" / "show all" continues it.

    `spec` is the list's filters and where the next page starts, in the same form a "more"
    button carries (assistant/paging.py); one row per person and channel, replaced by each list.
    """

    __tablename__ = "list_views"
    __table_args__ = (UniqueConstraint("workspace_id", "person_id", "channel_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    channel_id: Mapped[str] = mapped_column(String(200))
    spec: Mapped[str] = mapped_column(String(1000))
    updated_at: Mapped[datetime]


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
    status: Mapped[str] = mapped_column(String(16), default="claimed")  # claimed | retry | sent | failed
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    # A send that failed for a while (429, 5xx, connection): what to send and when to try again.
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(300))


class InboundEvent(Base):
    """Platform event ids already handled, so retries and duplicates are ignored."""

    __tablename__ = "inbound_events"
    __table_args__ = (UniqueConstraint("platform", "event_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_key: Mapped[str] = mapped_column(String(300))
    received_at: Mapped[datetime]


class CrmConnection(Base):
    """A workspace's CRM: which one, and how far import and write-back have got."""

    __tablename__ = "crm_connections"
    __table_args__ = (UniqueConstraint("workspace_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    system: Mapped[str] = mapped_column(String(16))  # hubspot | salesforce
    connected_at: Mapped[datetime]
    # The newest CRM modification imported: the next import asks for what changed after it.
    import_cursor: Mapped[datetime | None]
    # Deals changed in chat after this moment may still need writing to the CRM.
    written_through: Mapped[datetime | None]
    last_import_at: Mapped[datetime | None]
    last_write_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class CrmLink(Base):
    """One of our deals and its CRM record, with the values both sides last agreed on.

    `agreed` holds name, stage (ours), amount, currency and close date as last written or imported:
    a CRM value that differs from it was changed in the CRM, and wins for stage, amount and close.
    """

    __tablename__ = "crm_links"
    __table_args__ = (UniqueConstraint("deal_id"), UniqueConstraint("workspace_id", "system", "crm_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"))
    system: Mapped[str] = mapped_column(String(16))
    crm_id: Mapped[str | None] = mapped_column(String(64))  # None until the CRM has created it
    agreed: Mapped[dict[str, Any]] = mapped_column(default=dict)
    written_key: Mapped[str | None] = mapped_column(String(128))
    written_at: Mapped[datetime | None]
    failed: Mapped[str | None] = mapped_column(Text)  # the last write's error, until one succeeds
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class InboxEvent(Base):
    """A chat delivery stored before the platform gets its ack, and handled from here.

    A crash after the ack leaves it `pending`: whoever starts next handles it (the inbound
    ledger and the core keep that at most once in effect). `next_attempt_at` is also a lease:
    a live handler owns the row until then.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("platform", "delivery_key"),
        Index("ix_inbox_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    delivery_key: Mapped[str] = mapped_column(String(300))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | done | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    handled_at: Mapped[datetime | None]


class OutboxMessage(Base):
    """A reply stored in the same transaction as what it confirms, sent (and retried) from here."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(128))  # the platform's team / tenant id
    conversation: Mapped[str] = mapped_column(String(300))  # replies of one conversation go in order
    method: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(300))
