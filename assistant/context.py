"""One turn of the conversation: who speaks, in which workspace and channel, and the repositories.

Every handler of the core opens one `Turn` inside one unit of work; everything it
reads or writes goes through the turn's workspace-scoped repositories.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy.orm import Session

from assistant.formatting import zone, zone_name
from assistant.messages import Person as Speaker
from assistant.messages import Platform
from storage.models import Person, Workspace
from storage.repositories import Channels, Deals, Directory, PendingQuestions, People, UpdateLog

# How long a question waits for a typed answer, and how long a deal counts as
# "being discussed" in a channel for messages that name no deal.
PENDING_TTL = timedelta(hours=24)
DISCUSSION_WINDOW = timedelta(hours=12)
# A reminder sent this recently is what a bare "done" or "sent it" in reply is about.
REMINDER_WINDOW = timedelta(hours=36)


@dataclass
class Turn:
    session: Session
    workspace: Workspace
    person: Person
    now: datetime
    channel_id: str | None = None
    thread_id: str | None = None
    # Deal names created in this turn: added to the parser's index after commit.
    new_deal_names: list[str] = field(default_factory=list)
    # A deal was renamed (or a rename undone): the parser's index is reloaded after commit.
    names_changed: bool = False
    # Platform ids of people whose deals changed (for home views).
    changed_for: set[str] = field(default_factory=set)
    # The message being handled, when it is known to have made no update yet (no lookup for one).
    fresh_message: str | None = None

    @property
    def deals(self) -> Deals:
        return Deals(self.session, self.workspace.id)

    @property
    def log(self) -> UpdateLog:
        return UpdateLog(self.session, self.workspace.id)

    @property
    def pending(self) -> PendingQuestions:
        return PendingQuestions(self.session, self.workspace.id)

    @property
    def people(self) -> People:
        return People(self.session, self.workspace.id)

    @property
    def tz(self) -> tzinfo:
        """The speaker's time zone: theirs, else the workspace's, else UTC."""
        return zone(self.person.tz, self.workspace.tz)

    @property
    def tz_name(self) -> str:
        return zone_name(self.person.tz, self.workspace.tz)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    def touched(self, person: Person | None) -> None:
        """Note that `person`'s deals changed."""
        if person is not None:
            self.changed_for.add(person.platform_id)


def open_turn(
    session: Session,
    *,
    platform: Platform,
    workspace_id: str,
    speaker: Speaker,
    now: datetime,
    channel_id: str | None = None,
    thread_id: str | None = None,
    workspace_name: str | None = None,
    channel_name: str | None = None,
    is_direct: bool = False,
    record_channel: bool = True,
) -> Turn:
    """Upsert the workspace, the speaker and the channel, and start a turn.

    A direct conversation is never a deals channel (no weekly summary goes to a DM); a
    button press (`record_channel=False`) does not make its channel a deals channel either.
    """
    directory = Directory(session)
    known = directory.speaker_rows(platform, workspace_id, speaker.platform_id, channel_id)
    workspace = known[0] or directory.workspace(platform, workspace_id, now=now, name=workspace_name)
    if workspace_name and workspace.name != workspace_name:
        workspace.name = workspace_name
    if workspace.uninstalled_at is not None:  # seen again: installed again
        workspace.uninstalled_at = None
    person = People(session, workspace.id).upsert(
        speaker.platform_id,
        now=now,
        name=speaker.name or None,
        tz=speaker.tz,
        email=speaker.email,
        found=known[1],
    )
    if channel_id and record_channel:
        channel = Channels(session, workspace.id).upsert(
            channel_id, now=now, name=channel_name, found=known[2]
        )
        if is_direct and platform != "console":  # the console's one conversation is both
            channel.is_deals_channel = False
    return Turn(
        session=session,
        workspace=workspace,
        person=person,
        now=now,
        channel_id=channel_id,
        thread_id=thread_id,
    )
