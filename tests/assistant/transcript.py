"""A small transcript driver: people say things in a channel and we look at what they see.

    chat = Chat(assistant, clock)
    seen = chat.rep("dana").says("Pied Piper: sent the proposal")
    assert "Pied Piper" in seen.text

`Seen.text` is everything a person would read: each reply's text, title, facts,
sections and button labels.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from assistant.core import Assistant
from assistant.messages import Action, Button, InboundMessage, Outcome, Person, Platform, Reply
from tests.support.clock import FakeClock

_ids = itertools.count(1)


def visible(reply: Reply) -> str:
    """What a person reads in one reply, as one string."""
    parts = [reply.title or "", reply.text]
    parts += [f"{fact.label}: {fact.value}" for fact in reply.facts]
    for section in reply.sections:
        parts.append(section.title)
        parts += list(section.lines)
        if section.more:
            parts.append(f"and {section.more} more")
    parts += [f"[{button.label}]" for button in reply.buttons]
    return "\n".join(p for p in parts if p)


@dataclass
class Seen:
    """The replies one event produced (all of them go to the speaker's own thread)."""

    outcome: Outcome
    message_id: str | None = None

    @property
    def replies(self) -> list[Reply]:
        return self.outcome.replies

    @property
    def text(self) -> str:
        return "\n\n".join(visible(r) for r in self.replies)

    @property
    def silent(self) -> bool:
        return not self.replies

    @property
    def kinds(self) -> list[str]:
        return [r.kind for r in self.replies]

    def button(self, label: str) -> Button:
        """The button whose label contains `label` (case-insensitive) on any reply."""
        for reply in self.replies:
            for button in reply.buttons:
                if label.casefold() in button.label.casefold():
                    return button
        labels = [b.label for r in self.replies for b in r.buttons]
        raise AssertionError(f"no button like {label!r}; buttons: {labels}")

    @property
    def labels(self) -> list[str]:
        return [b.label for r in self.replies for b in r.buttons]


@dataclass
class Speaker:
    chat: Chat
    person: Person

    def says(
        self, text: str, *, thread: str | None = None, channel: str | None = None, direct: bool = False
    ) -> Seen:
        message_id = f"m{next(_ids)}"
        outcome = self.chat.assistant.handle_message(self._message(message_id, text, thread, channel, direct))
        self.chat.last_thread[self.person.platform_id] = message_id
        return Seen(outcome, message_id)

    def says_again(self, seen: Seen, text: str) -> Seen:
        """The platform delivers the same message (same id) a second time."""
        assert seen.message_id
        return Seen(
            self.chat.assistant.handle_message(self._message(seen.message_id, text, None, None, False))
        )

    def edits(self, seen: Seen, new_text: str) -> Seen:
        assert seen.message_id
        outcome = self.chat.assistant.handle_edit(self._message(seen.message_id, new_text, None, None, False))
        return Seen(outcome, seen.message_id)

    def deletes(self, seen: Seen) -> Seen:
        assert seen.message_id
        chat = self.chat
        return Seen(chat.assistant.handle_delete(chat.platform, chat.workspace_id, seen.message_id))

    def presses(self, seen: Seen, label: str) -> Seen:
        button = seen.button(label)
        action = Action(
            platform=self.chat.platform,
            workspace_id=self.chat.workspace_id,
            channel_id=self.chat.channel_id,
            actor=self.person,
            name=button.action,
            value=button.value,
            sent_at=self.chat.clock.now(),
            message_id=seen.message_id,
        )
        return Seen(self.chat.assistant.handle_action(action))

    def command(self, text: str) -> Seen:
        message_id = f"cmd{next(_ids)}"
        return Seen(self.chat.assistant.handle_command(self._message(message_id, text, None, None, True)))

    def home(self) -> Seen:
        reply = self.chat.assistant.home(self.chat.platform, self.chat.workspace_id, self.person)
        return Seen(Outcome([reply]))

    def _message(
        self, message_id: str, text: str, thread: str | None, channel: str | None, direct: bool
    ) -> InboundMessage:
        return InboundMessage(
            platform=self.chat.platform,
            workspace_id=self.chat.workspace_id,
            channel_id=channel or self.chat.channel_id,
            message_id=message_id,
            author=self.person,
            text=text,
            sent_at=self.chat.clock.now(),
            thread_id=thread,
            is_direct=direct,
        )


@dataclass
class Chat:
    """One workspace's deals channel, on one platform."""

    assistant: Assistant
    clock: FakeClock
    platform: Platform = "slack"
    workspace_id: str = "T-PIEDPIPER"
    channel_id: str = "C-DEALS"
    tz: str | None = "America/Chicago"
    last_thread: dict[str, str] = field(default_factory=dict)

    def rep(self, name: str, *, tz: str | None = None) -> Speaker:
        """Someone speaking (a rep or a manager): platform id from the name."""
        return Speaker(self, Person(platform_id=f"U-{name.upper()}", name=name, tz=tz or self.tz))

    manager = rep
