"""Keeping Teams conversation references, so the assistant can speak first later.

Each activity refreshes the reference of its conversation (a channel's reference is
kept without the reply chain, so a summary starts a new post) and remembers how to
reach its author in a personal chat.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount, ConversationReference

from adapters.teams.translate import Place, person_of, place_of
from storage.conversations import ConversationRefs
from storage.db import Database
from storage.repositories import Directory

# Beside a channel's reference: the team it belongs to, so removing the app from the team
# drops every channel of it (a ConversationReference itself does not name the team).
TEAM_KEY = "nextstepTeamId"


def team_of(activity: Activity) -> str | None:
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    team = data.get("team")
    return str(team["id"]) if isinstance(team, dict) and team.get("id") else None


def to_json(reference: ConversationReference) -> dict[str, Any]:
    data: dict[str, Any] = reference.serialize()
    return data


def from_json(data: dict[str, Any]) -> ConversationReference:
    reference: ConversationReference = ConversationReference().deserialize(data)
    return reference


def conversation_reference(activity: Activity, where: Place) -> ConversationReference:
    """The activity's reference, addressed to the conversation itself (not one message)."""
    reference: ConversationReference = TurnContext.get_conversation_reference(activity)
    reference.activity_id = None
    conversation = reference.conversation or ConversationAccount()
    reference.conversation = ConversationAccount(
        id=where.conversation_id,
        conversation_type=conversation.conversation_type,
        tenant_id=conversation.tenant_id or where.workspace_id,
        is_group=conversation.is_group,
        name=conversation.name,
    )
    return reference


def member_reference(activity: Activity, where: Place) -> ConversationReference:
    """What opening a personal chat with the activity's author needs: service, bot, user."""
    who = activity.from_property or ChannelAccount()
    return ConversationReference(
        bot=activity.recipient,
        user=ChannelAccount(id=who.id, name=who.name, aad_object_id=who.aad_object_id),
        conversation=ConversationAccount(tenant_id=where.workspace_id),
        channel_id=activity.channel_id,
        service_url=activity.service_url,
    )


@dataclass(frozen=True, slots=True)
class ReferenceBook:
    """Stores and finds conversation references in the database."""

    db: Database

    def remember(self, activity: Activity, now: datetime) -> None:
        """Refresh the reference of the activity's conversation and of its author."""
        if activity.conversation is None or not activity.conversation.id or not activity.service_url:
            return
        where = place_of(activity)
        person = person_of(activity) if activity.from_property is not None else None
        user_is_bot = activity.from_property is not None and (
            activity.from_property.role == "bot"
            or (activity.recipient is not None and activity.from_property.id == activity.recipient.id)
        )
        with self.db.unit_of_work() as session:
            workspace = Directory(session).workspace("teams", where.workspace_id, now=now)
            refs = ConversationRefs(session, workspace.id)
            reference = to_json(conversation_reference(activity, where))
            if where.kind == "channel" and (team := team_of(activity)):
                reference[TEAM_KEY] = team
            refs.remember(
                where.conversation_id,
                kind=where.kind,
                reference=reference,
                now=now,
                person_platform_id=person.platform_id if person and where.kind == "personal" else None,
            )
            if person and person.platform_id and not user_is_bot:
                refs.remember_member(
                    person.platform_id, reference=to_json(member_reference(activity, where)), now=now
                )

    def forget(self, activity: Activity) -> int:
        """The app was removed from this conversation (or its team): drop what we kept to reach it."""
        if activity.conversation is None or not activity.conversation.id:
            return 0
        where = place_of(activity)
        with self.db.unit_of_work() as session:
            workspace = Directory(session).find_workspace("teams", where.workspace_id)
            if workspace is None:
                return 0
            team = team_of(activity)
            ids = {where.conversation_id, *([team] if team else [])}
            return ConversationRefs(session, workspace.id).forget(ids, team_key=TEAM_KEY, team_id=team)

    def remember_personal(
        self, tenant_id: str, person_platform_id: str, reference: ConversationReference, now: datetime
    ) -> None:
        """Keep a personal chat the assistant just opened with someone."""
        assert reference.conversation is not None
        with self.db.unit_of_work() as session:
            workspace = Directory(session).workspace("teams", tenant_id, now=now)
            ConversationRefs(session, workspace.id).remember(
                str(reference.conversation.id),
                kind="personal",
                reference=to_json(reference),
                now=now,
                person_platform_id=person_platform_id,
            )

    def for_conversation(self, tenant_id: str, conversation_id: str) -> ConversationReference | None:
        """The stored reference of a channel or chat (by its id, with or without a reply chain)."""
        with self.db.unit_of_work() as session:
            workspace = Directory(session).find_workspace("teams", tenant_id)
            if workspace is None:
                return None
            row = ConversationRefs(session, workspace.id).by_conversation(conversation_id.split(";", 1)[0])
            return from_json(row.reference) if row is not None and row.kind != "member" else None

    def for_person(
        self, tenant_id: str, person_platform_id: str
    ) -> tuple[ConversationReference | None, ConversationReference | None]:
        """(their personal chat, how to reach them to open one): either may be missing."""
        with self.db.unit_of_work() as session:
            workspace = Directory(session).find_workspace("teams", tenant_id)
            if workspace is None:
                return None, None
            refs = ConversationRefs(session, workspace.id)
            personal = refs.personal_chat(person_platform_id)
            member = refs.member(person_platform_id)
            return (
                from_json(personal.reference) if personal is not None else None,
                from_json(member.reference) if member is not None else None,
            )
