"""The assistant: the one entry point adapters and the scheduler call.

Each `handle_*` runs in one unit of work (all or nothing) and never raises: an
unexpected error is logged with its context, the transaction rolled back, and the
person gets a short apology instead of a traceback.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from assistant import replies
from assistant.actions import read_number, read_pair, read_target
from assistant.commands import home_view, run_command
from assistant.context import PENDING_TTL, Turn, open_turn
from assistant.corrections import delete_message, edit_message, is_undo, press, undo_last
from assistant.deal_names import DealNames, name_keys_in
from assistant.deal_names_watch import DealNamesWatch
from assistant.dialogue import DONE, NO, YES, Said, leading_name, update_deal
from assistant.lists import more_button
from assistant.messages import (
    ACTION_CHOOSE_DEAL,
    ACTION_MORE,
    ACTION_NEW_DEAL,
    Action,
    InboundMessage,
    Outcome,
    Person,
    Platform,
    Reply,
)
from assistant.pending import answer_new_deal, answer_words, choose_deal, drop_pending, typed_answer
from assistant.ports import Clock, Parser
from assistant.questions import answer, understood_anyway
from assistant.settings_chat import change_settings
from nlp import DealIndex
from nlp.types import DealUpdate, ParsedMessage
from storage.db import Database
from storage.models import PendingQuestion
from storage.models import Person as PersonRow
from storage.repositories import Deals, Directory

log = logging.getLogger(__name__)

# A message labelled with an unknown name is re-read with that name known, up to this many deals.
LABEL_REPARSE_MAX = 5000
MAX_TEXT = 4000  # longer than any real update; a 50,000-character paste gets a polite no
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def clean_text(text: str) -> str:
    """The message without control and invisible characters, NFC-normalised and trimmed."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


class Assistant:
    """Turns what people say and press into deal state and replies."""

    def __init__(self, db: Database, parser: Parser, clock: Clock) -> None:
        self.db = db
        self.parser = parser
        self.clock = clock
        self.names = DealNames()
        self.names_watch = DealNamesWatch(clock)  # deals other processes create reach the parser

    # -- the API adapters call ------------------------------------------------------------------
    def handle_message(self, msg: InboundMessage) -> Outcome:
        """An update, a question, an answer to our question, or chit-chat (may stay silent)."""
        text = clean_text(msg.text)
        if not text:
            return Outcome()
        return self._guarded("message", _describe(msg), lambda: self._message(msg, text))

    def handle_edit(self, msg: InboundMessage) -> Outcome:
        """`msg.message_id` is the original message's: its update is replaced by the new text's."""
        return self._guarded("edit", _describe(msg), lambda: self._edit(msg, clean_text(msg.text)))

    def handle_delete(self, platform: Platform, workspace_id: str, message_id: str) -> Outcome:
        """A deleted message retracts its update (silently: the message is gone)."""

        def run() -> Outcome:
            with self._turn(platform, workspace_id, Person("", ""), system=True) as turn:
                if turn is None:
                    return Outcome()
                delete_message(turn, message_id)
                return Outcome(changed_for=turn.changed_for)

        return self._guarded("delete", f"{platform}/{workspace_id} message={message_id}", run)

    def handle_action(self, action: Action) -> Outcome:
        """A button press: its `value` was made by `assistant.actions`."""
        context = (
            f"{action.platform}/{action.workspace_id} {action.actor.platform_id} {action.name}={action.value}"
        )
        return self._guarded("action", context, lambda: self._action(action))

    def handle_command(self, msg: InboundMessage) -> Outcome:
        """`/nextstep help | my deals | waiting on us | undo | settings`."""

        def run() -> Outcome:
            with self._turn(msg.platform, msg.workspace_id, msg.author, msg=msg) as turn:
                assert turn is not None
                reply = run_command(turn, clean_text(msg.text)[:MAX_TEXT])
                return Outcome([reply], turn.changed_for)

        return self._guarded("command", _describe(msg), run)

    def home(self, platform: Platform, workspace_id: str, person: Person) -> Reply:
        """The viewer's deals grouped by next-step owner (Slack App Home, Teams tab)."""

        def run() -> Outcome:
            with self._turn(platform, workspace_id, person) as turn:
                assert turn is not None
                return Outcome([home_view(turn)])

        outcome = self._guarded("home", f"{platform}/{workspace_id} {person.platform_id}", run)
        return outcome.replies[0] if outcome.replies else replies.apology()

    # -- the steps --------------------------------------------------------------------------------
    def _message(self, msg: InboundMessage, text: str) -> Outcome:
        with self._turn(msg.platform, msg.workspace_id, msg.author, msg=msg) as turn:
            assert turn is not None
            context = turn.pending.context_of(
                message_id=msg.message_id,
                author_id=turn.person.id,
                channel_id=msg.channel_id,
                thread_id=msg.thread_id,
                since=turn.now - PENDING_TTL,
            )
            if context.seen:
                return Outcome()  # a duplicate delivery: already handled
            turn.fresh_message = msg.message_id  # no update of it to replace
            if len(text) > MAX_TEXT:
                return Outcome([_too_long(len(text))])
            return Outcome(self._replies_to(turn, msg, text, context.pending), turn.changed_for)

    def _replies_to(
        self, turn: Turn, msg: InboundMessage, text: str, pending: PendingQuestion | None
    ) -> list[Reply]:
        """A pending question of this person here is answered by this message, or dropped by it.

        It belongs to its thread or, outside threads, to the person's very next message: a message
        that is no answer (names a deal, asks something, starts something else) drops it, and we
        say that the message it was about was not stored.
        """
        if pending is not None:
            answered = typed_answer(turn, pending, text, lambda t: self._parse(turn, msg, t))
            if answered is not None:
                return [answered]
            dropped = drop_pending(turn, pending)
            notes = [dropped] if dropped else []
            if answer_words(text) in YES | NO:
                return notes  # a "yes" or "no" that answers nothing is never an update
            reply = self._reply_to(turn, msg, text)
            return [reply, *notes] if reply else notes
        if answer_words(text) in YES | NO:
            # "yes", "yes, new deal" with no question open: nothing to answer, never a deal's name.
            return (
                [replies.info("I have no open question for you, so nothing changed.")]
                if msg.is_direct
                else []
            )
        reply = self._reply_to(turn, msg, text)
        return [reply] if reply else []

    def _reply_to(self, turn: Turn, msg: InboundMessage, text: str) -> Reply | None:
        said = Said(msg.message_id, text, turn.person, msg.channel_id, msg.thread_id, msg.is_direct)
        if is_undo(text):
            return undo_last(turn)
        settings_changed = change_settings(turn, text)  # "summary on Fridays at 4pm", "stale after 10 days"
        if settings_changed is not None:
            return settings_changed
        parsed = self._parse(turn, msg, text)
        if parsed.intent == "other" and answer_words(text) in DONE and (msg.is_direct or msg.thread_id):
            # "done" to a reminder, or in a deal's thread (in a channel it may be said to anyone).
            parsed = ParsedMessage.of_updates([DealUpdate(action="done")])
        if parsed.intent == "other":
            parsed = self._as_labelled(turn, msg, text) or parsed
        if parsed.intent == "update":
            return update_deal(turn, said, parsed, first_deal=self._no_deals_yet(turn))
        if parsed.intent == "question":
            return answer(turn, said, parsed)
        fallback = understood_anyway(turn, said)
        if fallback is not None:
            return fallback
        if msg.is_direct:
            return replies.info(
                "I didn't catch a deal update or a question in that. Say “help” to see what I understand."
            )
        return None

    def _edit(self, msg: InboundMessage, text: str) -> Outcome:
        with self._turn(msg.platform, msg.workspace_id, msg.author, msg=msg) as turn:
            assert turn is not None
            if len(text) > MAX_TEXT:
                return Outcome([_too_long(len(text))])
            said = Said(msg.message_id, text, turn.person, msg.channel_id, msg.thread_id)
            parsed = self._parse(turn, msg, text) if text else ParsedMessage(intent="other")
            reply = edit_message(turn, said, parsed)
            if reply is None and text:
                reply = self._reply_to(turn, msg, text)  # the original made no update: treat as new
            return Outcome([reply] if reply else [], turn.changed_for)

    def _action(self, action: Action) -> Outcome:
        with self._turn(
            action.platform,
            action.workspace_id,
            action.actor,
            channel_id=action.channel_id,
            thread=action.thread_id,
        ) as turn:
            assert turn is not None
            return Outcome([self._press(turn, action)], turn.changed_for)

    def _press(self, turn: Turn, action: Action) -> Reply:
        if action.name == ACTION_MORE:
            return more_button(turn, action.value)
        if action.name in (ACTION_CHOOSE_DEAL, ACTION_NEW_DEAL):
            pair = read_pair(action.value)
            pending = None
            if pair is not None:
                pending_id = pair[1] if action.name == ACTION_NEW_DEAL else read_number(pair[0]) or 0
                pending = turn.pending.by_id(pending_id)
            if pair is None or pending is None:
                return replies.info("That question was already answered or dropped.")
            if action.name == ACTION_NEW_DEAL:
                return answer_new_deal(turn, pending, pair[0] == "yes")
            deal = turn.deals.by_id(pair[1])
            if deal is None:
                return replies.info("I can't find that deal any more.")
            return choose_deal(turn, pending, deal)
        target = read_target(action.value)
        if target is None:
            return replies.info("I couldn't read that button; please try again from a newer message.")
        return press(turn, action.name, target)

    def _parse(self, turn: Turn, msg: InboundMessage, text: str) -> ParsedMessage:
        """Parse in the author's time zone, against the workspace's known deal names."""
        local_now = msg.sent_at.astimezone(turn.tz)
        index = self.names.get(turn.workspace.id)
        if index is None:
            parsed = self._parse_while_loading(turn, text, local_now)
            if parsed is not None:
                return parsed
        index = self._deal_index(turn)  # through the watch: deals another process created since
        return self.parser.parse(text, now=local_now, tz=turn.tz_name, deals=index)

    def _parse_while_loading(self, turn: Turn, text: str, local_now: datetime) -> ParsedMessage | None:
        """A large deal index not in memory (after a restart or an eviction) loads in the background;
        meanwhile a message that names its deals exactly ("Pied Piper?", "Hooli: sent the quote") is
        read against those deals alone, found by name in the database. None: wait for the index (a
        small workspace's loads at once; a message naming no deal exactly, or a new one, waits)."""
        workspace_id = turn.workspace.id
        if not self.names.loading(workspace_id):
            if not turn.deals.more_than(self.names.background_from):
                return None
            self.names.prefetch(workspace_id, lambda: self._read_names(workspace_id))
        keys = name_keys_in(text)
        named = turn.deals.names_of_keys(sorted(keys)) if keys else []
        if not named:
            return None
        parsed = self.parser.parse(text, now=local_now, tz=turn.tz_name, deals=DealIndex(named))
        return parsed if _only_these_deals(parsed, set(named)) else None

    def _read_names(self, workspace_id: int) -> list[str]:
        """Every deal name of a workspace, in a unit of work of its own (for a background load)."""
        with self.db.unit_of_work() as session:
            return Deals(session, workspace_id).all_names()

    def _no_deals_yet(self, turn: Turn) -> bool:
        """The workspace has no deal at all (its first is created without asking)."""
        index = self.names.get(turn.workspace.id)
        # Not in memory: the message was read while it loads, so it named a deal that exists.
        return index is not None and len(index) == 0

    def _as_labelled(self, turn: Turn, msg: InboundMessage, text: str) -> ParsedMessage | None:
        """ "Pied Piper: we need to add cost estimates" with Pied Piper unknown: read it as if the
        label were a known deal, so a message about a new name is offered as a new deal, never dropped.
        """
        label = leading_name(text)
        known = self._deal_index(turn)
        if label is None or label in known or len(known) > LABEL_REPARSE_MAX:
            return None
        local_now = msg.sent_at.astimezone(turn.tz)
        names = DealIndex([*turn.deals.all_names(), label])
        parsed = self.parser.parse(text, now=local_now, tz=turn.tz_name, deals=names)
        return parsed if parsed.intent == "update" else None

    def _deal_index(self, turn: Turn) -> DealIndex:
        return self.names_watch.index(self.names, turn.workspace.id, turn.deals)

    # -- plumbing ---------------------------------------------------------------------------------
    @contextmanager
    def _turn(
        self,
        platform: Platform,
        workspace_id: str,
        speaker: Person,
        *,
        msg: InboundMessage | None = None,
        channel_id: str | None = None,
        thread: str | None = None,
        system: bool = False,
    ) -> Iterator[Turn | None]:
        """One unit of work around one turn; new deal names reach the parser after commit."""
        now = self.clock.now()
        turn: Turn | None = None
        with self.db.unit_of_work() as session:
            if system:
                workspace = Directory(session).find_workspace(platform, workspace_id)
                if workspace is not None:
                    # Nobody speaks (a platform event): a transient stand-in, never stored.
                    nobody = PersonRow(
                        id=0, workspace_id=workspace.id, platform_id="", display_name="Nextstep"
                    )
                    turn = Turn(session=session, workspace=workspace, person=nobody, now=now)
            else:
                turn = open_turn(
                    session,
                    platform=platform,
                    workspace_id=workspace_id,
                    speaker=speaker,
                    now=now,
                    channel_id=msg.channel_id if msg else channel_id,
                    thread_id=msg.thread_id if msg else thread,
                    workspace_name=msg.workspace_name if msg else None,
                    channel_name=msg.channel_name if msg else None,
                    is_direct=msg.is_direct if msg else False,
                    record_channel=msg is not None,
                )
            yield turn
        if turn is not None:
            if turn.names_changed:
                self.names.forget(turn.workspace.id)
            for name in turn.new_deal_names:
                self.names.add(turn.workspace.id, name)

    def _guarded(self, kind: str, context: str, run: Callable[[], Outcome]) -> Outcome:
        try:
            return run()
        except IntegrityError:
            # Most likely the same message delivered twice at once: the other delivery won.
            log.warning(
                "conflict while handling %s (%s); treated as a duplicate", kind, context, exc_info=True
            )
            return Outcome()
        except Exception:
            log.exception("failed to handle %s (%s)", kind, context)
            from ops.metrics import event_failed  # counted on the event being handled, if any

            event_failed()
            return Outcome([replies.apology()])


def _only_these_deals(parsed: ParsedMessage, named: set[str]) -> bool:
    """`parsed` (read against `named` alone) asks about or updates deals of `named` and nothing
    else: a message the whole index would read the same way."""
    if parsed.intent == "question":
        return parsed.query in (None, "deal_status", "history") and parsed.deal in named
    if parsed.intent == "update":
        items = parsed.deal_updates()
        return bool(items) and all(
            item.deal in named and not item.is_new_deal and not item.candidates for item in items
        )
    return False


def _describe(msg: InboundMessage) -> str:
    return (
        f"{msg.platform}/{msg.workspace_id} channel={msg.channel_id} message={msg.message_id} "
        f"author={msg.author.platform_id} text={msg.text[:80]!r}"
    )


def _too_long(length: int) -> Reply:
    return replies.info(
        f"That message is too long for me ({length:,} characters). "
        "Send the update in a sentence or two, e.g. “Pied Piper: sent the proposal, they decide Friday”."
    )
