"""Stored handles for talking to a conversation later (Teams conversation references).

Summaries and reminders are sent when nobody is talking to the assistant, so the
platform's address of each channel, chat and person is kept here as it is seen.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from storage.models import ConversationRef
from storage.repositories import insert_or_get

# channel / groupChat / personal: a conversation the assistant is in.
# member: a person seen anywhere, kept so a personal chat can be opened with them later.
RefKind = Literal["channel", "groupChat", "personal", "member"]

MEMBER_PREFIX = "member:"

_BY_CONVERSATION = select(ConversationRef).where(
    ConversationRef.workspace_id == bindparam("ws"), ConversationRef.conversation_id == bindparam("cid")
)


class ConversationRefs:
    """The conversation references of one workspace (by the workspace's row id)."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def remember(
        self,
        conversation_id: str,
        *,
        kind: RefKind,
        reference: dict[str, Any],
        now: datetime,
        person_platform_id: str | None = None,
    ) -> ConversationRef:
        """Insert or refresh the reference of `conversation_id` (the newest one wins)."""
        found = self.by_conversation(conversation_id)
        if found is None:
            row = ConversationRef(
                workspace_id=self.workspace_id,
                conversation_id=conversation_id,
                kind=kind,
                person_platform_id=person_platform_id,
                reference=reference,
                updated_at=now,
            )
            params = {"ws": self.workspace_id, "cid": conversation_id}
            found = insert_or_get(self.session, row, _BY_CONVERSATION, params)
            if found is row:
                return row
        # Seen before, or a concurrent request stored it first: refresh it.
        found.kind = kind
        found.reference = reference
        found.updated_at = now
        if person_platform_id is not None:
            found.person_platform_id = person_platform_id
        return found

    def remember_member(
        self, person_platform_id: str, *, reference: dict[str, Any], now: datetime
    ) -> ConversationRef:
        """Keep how to reach a person we saw in a channel or chat, to open a personal chat later."""
        return self.remember(
            MEMBER_PREFIX + person_platform_id,
            kind="member",
            reference=reference,
            now=now,
            person_platform_id=person_platform_id,
        )

    def forget(
        self, conversation_ids: set[str], *, team_key: str | None = None, team_id: str | None = None
    ) -> int:
        """Drop the references of these conversations, and of every channel whose reference
        carries `reference[team_key] == team_id` (the app was removed from that team); returns how many."""
        ids = set(conversation_ids)
        if team_key and team_id:
            rows = self.session.scalars(
                select(ConversationRef).where(
                    ConversationRef.workspace_id == self.workspace_id, ConversationRef.kind == "channel"
                )
            )
            ids |= {row.conversation_id for row in rows if row.reference.get(team_key) == team_id}
        if not ids:
            return 0
        result = self.session.execute(
            delete(ConversationRef).where(
                ConversationRef.workspace_id == self.workspace_id, ConversationRef.conversation_id.in_(ids)
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def by_conversation(self, conversation_id: str) -> ConversationRef | None:
        params = {"ws": self.workspace_id, "cid": conversation_id}
        return self.session.scalars(_BY_CONVERSATION, params).one_or_none()

    def personal_chat(self, person_platform_id: str) -> ConversationRef | None:
        """The newest personal (1:1) conversation with that person, if the assistant has one."""
        return self._newest(person_platform_id, "personal")

    def member(self, person_platform_id: str) -> ConversationRef | None:
        """How to reach that person when no personal conversation exists yet."""
        return self._newest(person_platform_id, "member")

    def _newest(self, person_platform_id: str, kind: RefKind) -> ConversationRef | None:
        return self.session.scalars(
            select(ConversationRef)
            .where(
                ConversationRef.workspace_id == self.workspace_id,
                ConversationRef.person_platform_id == person_platform_id,
                ConversationRef.kind == kind,
            )
            .order_by(ConversationRef.updated_at.desc(), ConversationRef.id.desc())
            .limit(1)
        ).first()
