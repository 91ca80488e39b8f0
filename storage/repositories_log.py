"""The update log (every message that changed a deal, verbatim) and the questions awaiting answers.

Both are scoped to one workspace; a platform message id is unique per workspace,
which is what makes a duplicate delivery harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session, make_transient_to_detached

from storage.models import DealUpdate, Delivery, PendingQuestion, stage_move

# Statements on every message's path, built once and run with parameters.
_BY_MESSAGE = select(DealUpdate).where(
    DealUpdate.workspace_id == bindparam("ws"), DealUpdate.platform_message_id == bindparam("message_id")
)
_HISTORY = (
    select(DealUpdate)
    .where(
        DealUpdate.workspace_id == bindparam("ws"),
        DealUpdate.deal_id == bindparam("deal_id"),
        DealUpdate.retracted_at.is_(None),
    )
    .order_by(DealUpdate.created_at.desc(), DealUpdate.id.desc())
    .limit(bindparam("limit"))
)

# A new update, as one Core INSERT (the unit of work's flush cost more than the statement).
_APPEND = insert(cast(Table, DealUpdate.__table__)).returning(DealUpdate.__table__.c.id)

# One message about several deals makes one update per deal: the first keeps the platform's
# message id, the n-th (n >= 2) is stored under "<message id>#n", so each stays unique.
SLOT_MARK = "#"
# A button pressed on a deal (not under an update) is logged under "button:..." ids.
BUTTON_PREFIX = "button:"


def slot_id(message_id: str, index: int) -> str:
    """The id under which the `index`-th (0-based) deal of a message is stored."""
    return message_id if index == 0 else f"{message_id}{SLOT_MARK}{index + 1}"


def base_id(message_id: str) -> str:
    """The platform's message id of a stored (possibly slotted) id."""
    head, mark, tail = message_id.rpartition(SLOT_MARK)
    return head if mark and tail.isdigit() else message_id


def _of_message(column: Any, message_id: str) -> ColumnElement[bool]:
    """`column` holds `message_id` or one of its slots (any collation; the column's rows are read)."""
    return or_(column == message_id, column.startswith(message_id + SLOT_MARK, autoescape=True))


def _message_and_slots(column: Any, message_id: str) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """`column` holds `message_id`; `column` holds one of its slots. For a column in binary order
    (`models.MESSAGE_ID`) both are searches of its index: the slots are the range from "<id>#" up
    to "<id>$" (the character after the mark)."""
    first, after = _slot_range(message_id)
    return column == message_id, and_(column >= first, column < after)


def _slot_range(message_id: str) -> tuple[str, str]:
    """The ids of a message's slots sort from "<id>#" up to (not including) "<id>$"."""
    return message_id + SLOT_MARK, message_id + chr(ord(SLOT_MARK) + 1)


def _of_message_indexed(column: Any, message_id: str) -> ColumnElement[bool]:
    """`_of_message` for a column in binary order, through its index (no row is read in vain)."""
    return or_(*_message_and_slots(column, message_id))


def _of_message_param(column: Any, name: str) -> ColumnElement[bool]:
    """`_of_message` for a statement built once: binds `name` and `name`_slots (see `_slots_of`)."""
    return or_(column == bindparam(name), column.like(bindparam(f"{name}_slots"), escape="/"))


def _slots_of(message_id: str) -> str:
    """The LIKE pattern of a message's slotted ids ("<id>#2", "<id>#3", ...)."""
    escaped = message_id.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"{escaped}{SLOT_MARK}%"


@dataclass(frozen=True, slots=True)
class MessageContext:
    """What a new message's handling needs to know first, read in one statement."""

    seen: bool  # it made an update or asked a question already: a duplicate delivery
    pending: PendingQuestion | None  # the author's open question in this conversation


def _message_context(threaded: bool) -> Select[Any]:
    """One SELECT: was the message seen (an update, a question), and the author's open question here."""
    ws = bindparam("ws", type_=Integer)

    def of_message(column: Any) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
        return column == bindparam("message_id"), and_(  # binary order: its slots are one range
            column >= bindparam("first_slot"), column < bindparam("after_slots")
        )

    # Both columns are in binary order (models.MESSAGE_ID): each test is a search of an index. One
    # EXISTS per test: with an OR inside, a plan made without the values (PostgreSQL's generic
    # plan for a prepared statement, SQLite for questions) read every row of the workspace instead.
    def seen_in(table: Any, column: Any) -> ColumnElement[bool]:
        return or_(*(exists().where(table.workspace_id == ws, test) for test in of_message(column)))

    updated = seen_in(DealUpdate, DealUpdate.platform_message_id)
    asked = seen_in(PendingQuestion, PendingQuestion.platform_message_id)
    # The open question is looked for among the author's few (index on workspace and author).
    conditions: list[ColumnElement[bool]] = [
        PendingQuestion.workspace_id == ws,
        PendingQuestion.author_id == bindparam("author_id"),
        PendingQuestion.channel_id == bindparam("channel_id"),
        PendingQuestion.created_at >= bindparam("since"),
    ]
    if threaded:
        conditions.append(
            or_(
                PendingQuestion.thread_id == bindparam("thread_id"),
                _of_message_param(PendingQuestion.platform_message_id, "thread_id"),
            )
        )
    open_question = (
        select(PendingQuestion.id)
        .where(*conditions)
        .order_by(PendingQuestion.created_at.desc(), PendingQuestion.id.asc())
        .limit(1)
        .scalar_subquery()
    )
    return select(updated.label("updated"), asked.label("asked"), open_question.label("open_id"))


_CONTEXT = {threaded: _message_context(threaded) for threaded in (False, True)}


class UpdateLog:
    """Reads and appends `deal_updates` of one workspace."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def record(
        self,
        *,
        deal_id: int,
        author_id: int | None,
        message_id: str,
        raw_text: str,
        parsed: dict[str, Any],
        changes: dict[str, Any],
        now: datetime,
        channel_id: str | None = None,
        thread_id: str | None = None,
        flush: bool = True,
    ) -> DealUpdate:
        update = DealUpdate(
            workspace_id=self.workspace_id,
            deal_id=deal_id,
            author_id=author_id,
            channel_id=channel_id,
            thread_id=thread_id,
            platform_message_id=message_id,
            raw_text=raw_text,
            parsed=parsed,
            changes=changes,
            created_at=now,
        )
        self.session.add(update)
        if flush:
            self.session.flush()
        return update

    def append(
        self,
        *,
        deal_id: int,
        author_id: int | None,
        message_id: str,
        raw_text: str,
        parsed: dict[str, Any],
        changes: dict[str, Any],
        now: datetime,
        channel_id: str | None = None,
        thread_id: str | None = None,
    ) -> DealUpdate:
        """`record` in one INSERT of its own: the row joins the session as if just loaded, so no
        unit-of-work flush runs for it (what else the session holds is flushed as before).

        The stage-move columns are filled here as the flush's `_note_stage_move` would.
        """
        move = stage_move(changes)
        values: dict[str, Any] = {
            "workspace_id": self.workspace_id,
            "deal_id": deal_id,
            "author_id": author_id,
            "channel_id": channel_id,
            "thread_id": thread_id,
            "platform_message_id": message_id,
            "raw_text": raw_text,
            "parsed": parsed,
            "changes": changes,
            "created_at": now,
            "retracted_at": None,
            "stage_from": move[0] if move is not None else None,
            "stage_to": move[1] if move is not None else None,
            "stage_moved_at": now if move is not None else None,
        }
        update_id = self.session.execute(_APPEND, values).scalar_one()
        update = DealUpdate(id=update_id, **values)
        make_transient_to_detached(update)  # every column set: nothing is expired or reloaded
        self.session.add(update)
        return update

    def by_id(self, update_id: int) -> DealUpdate | None:
        update = self.session.get(DealUpdate, update_id)
        return update if update is not None and update.workspace_id == self.workspace_id else None

    def by_message_id(self, message_id: str) -> DealUpdate | None:
        """The update a platform message made (retracted or not), for edits, deletes and duplicates."""
        return self.session.scalars(
            _BY_MESSAGE, {"ws": self.workspace_id, "message_id": message_id}
        ).one_or_none()

    def for_message(self, message_id: str) -> list[DealUpdate]:
        """Every update one platform message made (one per deal it named), in order."""
        return list(
            self.session.scalars(
                select(DealUpdate)
                .where(
                    DealUpdate.workspace_id == self.workspace_id,
                    _of_message_indexed(DealUpdate.platform_message_id, message_id),
                )
                .order_by(DealUpdate.id)
            )
        )

    def history(self, deal_id: int, limit: int) -> list[DealUpdate]:
        """A deal's standing updates, newest first."""
        params = {"ws": self.workspace_id, "deal_id": deal_id, "limit": limit}
        return list(self.session.scalars(_HISTORY, params))

    def latest_for_deal(self, deal_id: int) -> DealUpdate | None:
        """The deal's last update that someone wrote (a button press is no "last update")."""
        return self.session.scalars(
            select(DealUpdate)
            .where(
                DealUpdate.workspace_id == self.workspace_id,
                DealUpdate.deal_id == deal_id,
                DealUpdate.retracted_at.is_(None),
                DealUpdate.platform_message_id.not_like(f"{BUTTON_PREFIX}%"),
            )
            .order_by(DealUpdate.created_at.desc(), DealUpdate.id.desc())
            .limit(1)
        ).one_or_none()

    def count_for_deal(self, deal_id: int) -> int:
        return (
            self.session.scalar(
                select(func.count())
                .select_from(DealUpdate)
                .where(
                    DealUpdate.workspace_id == self.workspace_id,
                    DealUpdate.deal_id == deal_id,
                    DealUpdate.retracted_at.is_(None),
                )
            )
            or 0
        )

    def last_by_author(self, author_id: int) -> DealUpdate | None:
        """The author's most recent standing update (what "undo" takes back)."""
        return self.session.scalars(
            select(DealUpdate)
            .where(
                DealUpdate.workspace_id == self.workspace_id,
                DealUpdate.author_id == author_id,
                DealUpdate.retracted_at.is_(None),
            )
            .order_by(DealUpdate.created_at.desc(), DealUpdate.id.desc())
            .limit(1)
        ).one_or_none()

    def deals_discussed(
        self, *, author_id: int, channel_id: str, thread_id: str | None, since: datetime, limit: int = 10
    ) -> list[int]:
        """Deal ids recently updated in this conversation, most recent first.

        In a thread: any update in that thread (or its root message). Outside a
        thread: this author's updates in this channel since `since`.
        """
        conditions: list[ColumnElement[bool]] = [
            DealUpdate.workspace_id == self.workspace_id,
            DealUpdate.channel_id == channel_id,
            DealUpdate.retracted_at.is_(None),
        ]
        columns = (DealUpdate.deal_id, DealUpdate.created_at, DealUpdate.id)
        if thread_id:
            # The thread's replies, then its first message's updates: each read through its own
            # index (in one OR, a planner without statistics reads every update of the workspace).
            first = _message_and_slots(DealUpdate.platform_message_id, thread_id)
            found = union_all(
                select(*columns).where(*conditions, DealUpdate.thread_id == thread_id),
                *(select(*columns).where(*conditions, clause) for clause in first),
            ).subquery()
            rows = self.session.scalars(
                select(found.c.deal_id)
                .order_by(found.c.created_at.desc(), found.c.id.desc())
                .limit(limit * 5)
            )
        else:
            rows = self.session.scalars(
                select(DealUpdate.deal_id)
                .where(*conditions, DealUpdate.author_id == author_id, DealUpdate.created_at >= since)
                .order_by(DealUpdate.created_at.desc(), DealUpdate.id.desc())
                .limit(limit * 5)
            )
        seen: list[int] = []
        for deal_id in rows:
            if deal_id not in seen:
                seen.append(deal_id)
        return seen[:limit]


class PendingQuestions:
    """Updates waiting for their author's answer ("which deal?", "is X a new deal?")."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def add(
        self,
        *,
        kind: str,
        author_id: int,
        message_id: str,
        raw_text: str,
        parsed: dict[str, Any],
        candidates: list[Any],
        now: datetime,
        channel_id: str | None = None,
        thread_id: str | None = None,
    ) -> PendingQuestion:
        # A message asks at most one question: a re-asked one (an edit) replaces the old.
        self.drop_for_message(message_id)
        pending = PendingQuestion(
            workspace_id=self.workspace_id,
            author_id=author_id,
            kind=kind,
            channel_id=channel_id,
            thread_id=thread_id,
            platform_message_id=message_id,
            raw_text=raw_text,
            parsed=parsed,
            candidates=candidates,
            created_at=now,
        )
        self.session.add(pending)
        self.session.flush()
        return pending

    def by_id(self, pending_id: int) -> PendingQuestion | None:
        pending = self.session.get(PendingQuestion, pending_id)
        return pending if pending is not None and pending.workspace_id == self.workspace_id else None

    def for_message(self, message_id: str) -> PendingQuestion | None:
        """The question a platform message left open (about any of the deals it named).

        Its id, then its slots: each a search of the binary-ordered index (an OR of both would
        let SQLite read every question of the workspace by another index instead).
        """
        for test in _message_and_slots(PendingQuestion.platform_message_id, message_id):
            found = self.session.scalars(
                select(PendingQuestion)
                .where(PendingQuestion.workspace_id == self.workspace_id, test)
                .limit(1)
            ).first()
            if found is not None:
                return found
        return None

    def open_for(
        self, *, author_id: int, channel_id: str, thread_id: str | None, since: datetime
    ) -> PendingQuestion | None:
        """The author's latest question in this conversation, if asked since `since`.

        A reply in the question's thread counts; so does the author's next message
        in the same channel outside any thread. One message's questions (a recap naming two
        unknown deals) are answered in the order of its deals.
        """
        conditions: list[ColumnElement[bool]] = [
            PendingQuestion.workspace_id == self.workspace_id,
            PendingQuestion.author_id == author_id,
            PendingQuestion.channel_id == channel_id,
            PendingQuestion.created_at >= since,
        ]
        if thread_id:
            conditions.append(
                or_(
                    PendingQuestion.thread_id == thread_id,
                    _of_message(PendingQuestion.platform_message_id, thread_id),
                )
            )
        return self.session.scalars(
            select(PendingQuestion)
            .where(*conditions)
            .order_by(PendingQuestion.created_at.desc(), PendingQuestion.id.asc())
            .limit(1)
        ).one_or_none()

    def context_of(
        self, *, message_id: str, author_id: int, channel_id: str, thread_id: str | None, since: datetime
    ) -> MessageContext:
        """Whether `message_id` was handled already, and `open_for(...)`, in one round trip."""
        params: dict[str, Any] = {
            "ws": self.workspace_id,
            "message_id": message_id,
            "author_id": author_id,
            "channel_id": channel_id,
            "since": since,
        }
        params["first_slot"], params["after_slots"] = _slot_range(message_id)
        if thread_id:
            params.update(thread_id=thread_id, thread_id_slots=_slots_of(thread_id))
        updated, asked, open_id = self.session.execute(_CONTEXT[bool(thread_id)], params).one()
        pending = self.session.get(PendingQuestion, open_id) if open_id is not None else None
        return MessageContext(bool(updated) or bool(asked), pending)

    def resolve(self, pending: PendingQuestion) -> None:
        """The question is answered (or dropped): forget it."""
        self.session.delete(pending)
        self.session.flush()

    def drop_for_message(self, message_id: str) -> None:
        """Forget the questions a message (or every deal of it, for its base id) left open."""
        self.session.execute(
            delete(PendingQuestion).where(
                PendingQuestion.workspace_id == self.workspace_id,
                PendingQuestion.platform_message_id == message_id,
            )
        )


# Reminders about one deal that a rep may answer in words ("done", "sent it", "snooze a week").
DEAL_REMINDER_KINDS = ("due_us", "prospect_late", "resurface")


def reminded_deals(
    session: Session, workspace_id: int, person_platform_id: str, since: datetime
) -> list[int]:
    """Deal ids of the reminders sent to this person since `since`, the newest first."""
    keys = session.scalars(
        select(Delivery.key)
        .where(
            Delivery.workspace_id == workspace_id,
            Delivery.target == f"person:{person_platform_id}",
            Delivery.kind.in_(DEAL_REMINDER_KINDS),
            Delivery.created_at >= since,
        )
        .order_by(Delivery.created_at.desc(), Delivery.id.desc())
        .limit(10)
    )
    found: list[int] = []
    for key in keys:
        # "ws3/person:U123/due_us:42/2026-11-09": the third part names the deal.
        parts = key.split("/")
        kind, _, deal_id = parts[2].partition(":") if len(parts) > 2 else ("", "", "")
        if kind in DEAL_REMINDER_KINDS and deal_id.isdigit() and int(deal_id) not in found:
            found.append(int(deal_id))
    return found
