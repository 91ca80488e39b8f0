"""What happens after Slack got its ack: dedupe, translate, ask the core, answer in the thread.

Every delivery was kept before the ack (inbox.py). Its handling is one transaction: the
inbox row marked handled, the ledger keys claimed, the core's changes and the replies put in
the outbox commit together or not at all; the replies are then sent from the outbox (outbox.py),
retried until Slack takes them. So a crash resumes, and a retry never doubles an update.

Every entry point runs in the background (see tasks.py) and never raises. What people are
told is the truth: while the database is out of reach that their message waits and will be
recorded; after a failure before anything was stored, that nothing was recorded.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import IntegrityError

from adapters.durable.backlog import Admission, env_int
from adapters.durable.readiness import Readiness
from adapters.durable.spool import Spool, spool_path
from adapters.slack import dedup
from adapters.slack.answering import (
    APOLOGY,
    DATABASE_DOWN,
    Send,
    Where,
    button_sends,
    ephemeral_send,
    post_send,
    send_now,
)
from adapters.slack.clients import WorkspaceClients
from adapters.slack.directory import SlackDirectory
from adapters.slack.home import HOME_REFRESH_DELAY, HomeRefresh
from adapters.slack.inbox import SlackInbox, Stored
from adapters.slack.outbox import HOLD, SlackOutbox
from adapters.slack.render import action_name, home_view
from adapters.slack.tasks import ConversationTasks
from adapters.slack.translate import (
    SlackMessage,
    deleted_ts,
    edited_message,
    plain_text,
    spoken_message,
    to_inbound,
    ts_to_datetime,
)
from assistant.messages import Action, InboundMessage, Outcome, Reply
from assistant.ports import SystemClock
from assistant.scheduler.retry import backoff
from assistant.services import Services
from storage import inbox, outbox
from storage.inbound import claim_in
from storage.outbox import OutboxItem

log = logging.getLogger(__name__)
T = TypeVar("T")

NOTHING_TO_RECORD = (
    "I found no deal update or question in that message (or it was recorded already). "
    "Updates read like “Pied Piper: sent the proposal, they decide Friday”."
)
KEEP_HANDLED = timedelta(days=7)  # handled deliveries and sent replies are forgotten after this
PRUNE_EVERY = 3600.0
MAX_ATTEMPTS = 8  # a delivery Slack's API keeps failing for (users.info, say) is answered, not kept forever
RECOVERY_SECONDS = 1.0
HANDLED_SETTLE = 0.05  # seconds: deliveries handled within this are marked in one UPDATE
DRAIN_BATCH = 50
DRAIN_NAP = 0.02  # while deliveries wait in the inbox, the drainer looks for room this often
WORKERS_ENV = "NEXTSTEP_HANDLING_THREADS"
DEFAULT_WORKERS = 4
SQLITE_WORKERS = 2
# Fault tests only: wait this long after the ack before handling, so a kill lands in between.
HOLD_ENV = "NEXTSTEP_FAULT_HOLD_BEFORE_HANDLING"

Prepare = Callable[[], Awaitable[Callable[[], Outcome]]]


class HandlingFailed(RuntimeError):
    """The core failed inside the delivery's transaction (it answered with an apology); nothing was kept."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


@dataclass
class Job:
    """One kept delivery on its way through the core: what to call and how to answer."""

    stored: Stored | None
    client: AsyncWebClient
    where: Where
    what: str
    keys: list[str]
    prepare: Prepare
    plan: Callable[[Outcome], list[Send]]
    apology: Send | None = None
    notice: Callable[[], Send | None] | None = None

    @property
    def conversation(self) -> str:
        return f"{self.where.team_id}:{self.where.channel_id}"


class SlackBridge:
    """Turns acknowledged Slack deliveries into core calls and the outcomes into Slack messages."""

    def __init__(
        self,
        services: Services,
        directory: SlackDirectory | None = None,
        spool: Spool | None = None,
        home_delay: float = HOME_REFRESH_DELAY,
        admission: Admission | None = None,
    ) -> None:
        self.services = services
        self.directory = directory or SlackDirectory()
        self.admission = admission or Admission("slack")
        self.tasks = ConversationTasks(self.admission)
        self.spool = spool or Spool(spool_path())
        self.readiness = Readiness()
        self.readiness.add_spool(lambda: len(self.spool))
        self.readiness.add_check(self.admission.overloaded)
        self.inbox = SlackInbox(services.db, self.readiness, self.spool, self.admission)
        # The core runs on these threads (a fixed number); the acks' inserts have their own. SQLite
        # takes one writer at a time, so more threads there only contend for it (and the GIL).
        default = DEFAULT_WORKERS if services.db.engine.dialect.name != "sqlite" else SQLITE_WORKERS
        self._workers = ThreadPoolExecutor(
            max_workers=env_int(WORKERS_ENV, default), thread_name_prefix="slack-handling"
        )
        self._handled: list[int] = []  # inbox rows whose effects are committed, marked done in one UPDATE
        self._flush_due: asyncio.TimerHandle | None = None
        self._flushes: set[asyncio.Task[None]] = set()
        self.outbox = SlackOutbox(services.db, self.readiness)
        self.clock = SystemClock()  # for leases and retries; message times follow services.clock
        self.clients: WorkspaceClients | None = None
        self._noticed: set[str] = set()
        self._hold = float(os.environ.get(HOLD_ENV) or 0)
        self.homes = HomeRefresh(self._publish_home, self.tasks, home_delay)

    def connect(self, clients: WorkspaceClients) -> None:
        """The clients to answer with after a restart (when no request brought one)."""
        self.clients = clients
        self.outbox.clients = clients

    # --- entry points, called by the bolt listeners right after ack -------------------------

    def message_event(
        self,
        body: dict[str, Any],
        client: AsyncWebClient,
        bot_user_id: str | None,
        stored: Stored | None = None,
    ) -> None:
        """A `message` or `app_mention` event: an update, a question, an edit or a deletion."""
        if not self._takes_up(stored):
            return
        event: dict[str, Any] = body.get("event") or {}
        team_id = str(body.get("team_id") or event.get("team") or "")
        event_keys = [dedup.event_key(body["event_id"])] if body.get("event_id") else []
        channel = str(event.get("channel") or "")
        conversation = f"{team_id}:{channel}"
        assistant = self.services.assistant
        mentioned = event.get("type") == "app_mention"
        if (spoken := spoken_message(team_id, event)) is not None:
            keys = [*event_keys, dedup.message_key(team_id, spoken.channel_id, spoken.ts)]
            job = self._spoken(
                client, bot_user_id, spoken, keys, "message", assistant.handle_message, mentioned
            )
            self._start(conversation, job, stored)
        elif (edited := edited_message(team_id, event)) is not None:
            edited_at = str((event.get("message") or {}).get("edited", {}).get("ts") or event.get("ts"))
            keys = [*event_keys, dedup.edit_key(team_id, channel, edited.ts, edited_at)]
            job = self._spoken(client, bot_user_id, edited, keys, "edit", assistant.handle_edit, mentioned)
            self._start(conversation, job, stored)
        elif (gone := deleted_ts(event)) is not None:
            keys = [*event_keys, dedup.delete_key(team_id, channel, gone)]
            self._start(conversation, self._delete(client, team_id, channel, gone, keys), stored)

    def home_opened(self, body: dict[str, Any], client: AsyncWebClient) -> None:
        event: dict[str, Any] = body.get("event") or {}
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        self.homes.opened(client, str(body.get("team_id") or ""), str(event["user"]))

    def block_action(
        self, body: dict[str, Any], client: AsyncWebClient, stored: Stored | None = None
    ) -> None:
        """A button we rendered was pressed (one on an ephemeral message is answered via its response_url)."""
        if not self._takes_up(stored):
            return
        team_id = str((body.get("team") or {}).get("id") or body.get("team_id") or "")
        channel = str(
            (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""
        )
        job = self._action(client, team_id, channel, body)
        if job is not None:
            self._start(f"{team_id}:{channel or 'home'}", job, stored)

    def slash_command(
        self, body: dict[str, Any], client: AsyncWebClient, stored: Stored | None = None
    ) -> None:
        if not self._takes_up(stored):
            return
        team_id = str(body.get("team_id") or "")
        channel = str(body.get("channel_id") or "")
        self._start(f"{team_id}:{channel}", self._command(client, team_id, channel, body), stored)

    def message_shortcut(
        self, body: dict[str, Any], client: AsyncWebClient, stored: Stored | None = None
    ) -> None:
        """ "Record as deal update" on any message, e.g. in a channel Nextstep is not in."""
        if not self._takes_up(stored):
            return
        team_id = str((body.get("team") or {}).get("id") or "")
        channel = str((body.get("channel") or {}).get("id") or "")
        job = self._shortcut(client, team_id, channel, body)
        if job is not None:
            self._start(f"{team_id}:{channel}", job, stored)

    def accept(
        self, body: dict[str, Any], client: AsyncWebClient, bot_user_id: str | None, stored: Stored
    ) -> None:
        """A kept delivery, by its kind (what the listeners do, for deliveries resumed from the inbox)."""
        kind = body.get("type")
        if kind == "event_callback":
            self.message_event(body, client, bot_user_id, stored)
        elif kind == "block_actions":
            self.block_action(body, client, stored)
        elif kind == "message_action":
            self.message_shortcut(body, client, stored)
        elif body.get("command"):
            self.slash_command(body, client, stored)

    def _takes_up(self, stored: Stored | None) -> bool:
        """Whether to handle this delivery now: not a retry of one kept before, nor one that came
        past capacity (it waits in the inbox for the drainer, behind those before it)."""
        if stored is None:
            return True
        if stored.reserved:
            self.admission.unreserve()  # its slot becomes the task started next, or is freed
        return not stored.duplicate and not stored.waits

    def _start(self, conversation: str, job: Job, stored: Stored | None) -> None:
        """Handle `job` after the conversation's earlier work, holding one of the admission's slots
        (a spooled delivery is only told that it waits: that takes no slot)."""
        counted = stored is None or not stored.spooled
        self.tasks.start(conversation, self._handle(job, stored), counted=counted)

    # --- the work, as jobs ------------------------------------------------------------------------

    def _spoken(
        self,
        client: AsyncWebClient,
        bot_user_id: str | None,
        message: SlackMessage,
        keys: list[str],
        what: str,
        handle: Callable[[InboundMessage], Outcome],
        mentioned: bool,
    ) -> Job:
        """A message or its edit: claimed once, handed to the core, answered in its thread."""
        where = Where(message.team_id, message.channel_id, message.reply_thread)

        async def prepare() -> Callable[[], Outcome]:
            inbound = await to_inbound(
                message, client=client, directory=self.directory, bot_user_id=bot_user_id
            )
            return lambda: handle(inbound)

        def notice() -> Send | None:
            speaks_to_us = (
                mentioned or message.is_direct or bool(bot_user_id and f"<@{bot_user_id}" in message.text)
            )
            return (
                post_send(where, Reply(text=DATABASE_DOWN))
                if speaks_to_us or self._means_something(message)
                else None
            )

        return Job(
            stored=None,
            client=client,
            where=where,
            what=what,
            keys=keys,
            prepare=prepare,
            plan=lambda outcome: [post_send(where, reply) for reply in outcome.replies],
            apology=post_send(where, Reply(text=APOLOGY, kind="error")),
            notice=notice,
        )

    def _delete(self, client: AsyncWebClient, team_id: str, channel: str, ts: str, keys: list[str]) -> Job:
        # The message is gone, so there is no thread to answer in: the retraction is silent.
        async def prepare() -> Callable[[], Outcome]:
            return lambda: self.services.assistant.handle_delete("slack", team_id, ts)

        return Job(
            None, client, Where(team_id, channel, None), "deletion", keys, prepare, lambda _outcome: []
        )

    def _action(self, client: AsyncWebClient, team_id: str, channel: str, body: dict[str, Any]) -> Job | None:
        pressed: dict[str, Any] = (body.get("actions") or [{}])[0]
        name = action_name(str(pressed.get("action_id") or ""))
        if name is None:
            return None
        message: dict[str, Any] = body.get("message") or {}
        container: dict[str, Any] = body.get("container") or {}
        message_ts = message.get("ts") or container.get("message_ts")
        thread_ts = message.get("thread_ts") or container.get("thread_ts") or message_ts
        where = Where(team_id, channel, thread_ts)
        user_id = str((body.get("user") or {}).get("id") or "")
        on_ephemeral = bool(container.get("is_ephemeral"))
        response_url = str(body.get("response_url") or "") if on_ephemeral else None
        keys = [dedup.interaction_key(team_id, str(body.get("trigger_id") or pressed.get("action_ts") or ""))]

        async def prepare() -> Callable[[], Outcome]:
            actor = await self.directory.person(client, team_id, user_id)
            action = Action(
                platform="slack",
                workspace_id=team_id,
                channel_id=channel,
                actor=actor,
                name=name,
                value=str(pressed.get("value") or ""),
                sent_at=self._when(pressed.get("action_ts")),
                thread_id=thread_ts,
                message_id=message_ts,
            )
            return lambda: self.services.assistant.handle_action(action)

        return Job(
            None,
            client,
            where,
            f"button {name}",
            keys,
            prepare,
            lambda outcome: button_sends(where, user_id, message_ts, outcome.replies, response_url),
            apology=ephemeral_send(where, user_id, Reply(text=APOLOGY, kind="error"), response_url),
            notice=lambda: ephemeral_send(where, user_id, Reply(text=DATABASE_DOWN), response_url),
        )

    def _command(self, client: AsyncWebClient, team_id: str, channel: str, body: dict[str, Any]) -> Job:
        user_id = str(body.get("user_id") or "")
        where = Where(team_id, channel, None)
        response_url = str(body.get("response_url") or "") or None
        keys = [dedup.interaction_key(team_id, str(body["trigger_id"]))] if body.get("trigger_id") else []

        async def prepare() -> Callable[[], Outcome]:
            author = await self.directory.person(client, team_id, user_id)
            inbound = InboundMessage(
                platform="slack",
                workspace_id=team_id,
                channel_id=channel,
                message_id=f"command:{body.get('trigger_id') or self.services.clock.now().timestamp()}",
                author=author,
                text=str(body.get("text") or "").strip() or "help",
                sent_at=self.services.clock.now(),
                is_direct=channel.startswith("D"),
                channel_name=body.get("channel_name"),
            )
            return lambda: self.services.assistant.handle_command(inbound)

        def plan(outcome: Outcome) -> list[Send]:
            sends = (ephemeral_send(where, user_id, reply, response_url) for reply in outcome.replies)
            return [send for send in sends if send is not None]

        return Job(
            None,
            client,
            where,
            "command",
            keys,
            prepare,
            plan,
            apology=ephemeral_send(where, user_id, Reply(text=APOLOGY, kind="error"), response_url),
            notice=lambda: ephemeral_send(where, user_id, Reply(text=DATABASE_DOWN), response_url),
        )

    def _shortcut(
        self, client: AsyncWebClient, team_id: str, channel: str, body: dict[str, Any]
    ) -> Job | None:
        user_id = str((body.get("user") or {}).get("id") or "")
        message: dict[str, Any] = body.get("message") or {}
        if not message.get("ts"):
            return None
        where = Where(team_id, channel, None)
        response_url = str(body.get("response_url") or "") or None
        keys = [dedup.interaction_key(team_id, str(body.get("trigger_id") or ""))]

        async def prepare() -> Callable[[], Outcome]:
            # Whoever uses the shortcut records the update: the message may be a prospect's.
            author = await self.directory.person(client, team_id, user_id)
            text = await plain_text(
                str(message.get("text") or ""),
                client=client,
                directory=self.directory,
                team_id=team_id,
                bot_user_id=None,
            )
            inbound = InboundMessage(
                platform="slack",
                workspace_id=team_id,
                channel_id=channel,
                message_id=str(message["ts"]),
                author=author,
                text=text,
                sent_at=self._when(message["ts"]),
                thread_id=message.get("thread_ts"),
                is_direct=channel.startswith("D"),
            )
            return lambda: self.services.assistant.handle_message(inbound)

        def plan(outcome: Outcome) -> list[Send]:
            replies = outcome.replies or [Reply(text=NOTHING_TO_RECORD, kind="info")]
            sends = (ephemeral_send(where, user_id, reply, response_url) for reply in replies)
            return [send for send in sends if send is not None]

        return Job(
            None,
            client,
            where,
            "shortcut",
            keys,
            prepare,
            plan,
            apology=ephemeral_send(where, user_id, Reply(text=APOLOGY, kind="error"), response_url),
            notice=lambda: ephemeral_send(where, user_id, Reply(text=DATABASE_DOWN), response_url),
        )

    # --- handling a kept delivery -----------------------------------------------------------------

    async def _handle(self, job: Job, stored: Stored | None) -> None:
        job.stored = stored
        if self._hold > 0:
            await asyncio.sleep(self._hold)
        if stored is not None and stored.spooled:
            await self._notice(job)  # applied from the inbox once the database is back
            return
        try:
            call = await job.prepare()
        except Exception as error:
            await self._later(job, error)
            return
        try:
            applied = await self._on_worker(self._apply, job, call)
        except Exception as error:
            await self._failed(job, error)
            return
        if applied is None:
            return  # another process handled it meanwhile
        items, outcome = applied
        self.readiness.database_up()
        self._mark_handled_soon()
        await self.outbox.deliver(items)
        await self._refresh_homes(job.client, job.where.team_id, outcome)

    async def _on_worker(self, work: Callable[..., T], *args: Any) -> T:
        """Run `work` on one of the handling threads, with this task's context (logs, metrics)."""
        context = contextvars.copy_context()
        return await asyncio.get_running_loop().run_in_executor(self._workers, context.run, work, *args)

    def _apply(self, job: Job, call: Callable[[], Outcome]) -> tuple[list[OutboxItem], Outcome] | None:
        """In one transaction: run the core, claim the keys, keep the replies.

        The keys (Slack's event id among them) are claimed after the core ran, so the write lock
        (SQLite) is held only briefly; a key claimed already rolls everything back. The claim is
        what takes the inbox row too: the row is marked handled afterwards, with others in one
        UPDATE (`flush_handled`), and a handler that finds it again meanwhile finds its keys
        claimed. A delivery without keys takes its row in the transaction instead.
        """
        now = self.clock.now()
        inbox_id = job.stored.inbox_id if job.stored is not None else None
        claims_row = inbox_id is not None and bool(job.keys)
        applied: tuple[list[OutboxItem], Outcome] | None = None
        with self.services.db.one_unit() as unit:
            session = unit.session
            outcome = call()
            if unit.error is None:
                if inbox_id is not None and not claims_row and not inbox.take(session, inbox_id, now):
                    unit.discard()
                    return None  # another process handled it meanwhile
                if claim_in(session, dedup.PLATFORM, job.keys, now):
                    items = outbox.add(
                        session,
                        platform="slack",
                        workspace=job.where.team_id,
                        conversation=job.conversation,
                        sends=job.plan(outcome),
                        now=now,
                        held_until=now + HOLD,
                    )
                    applied = items, outcome
                else:
                    unit.discard()  # Slack delivered it twice (message and app_mention, a retry)
        if unit.error is not None:
            raise HandlingFailed(unit.error)
        if applied is None:
            return self._done(inbox_id)
        if claims_row and inbox_id is not None:
            self._handled.append(inbox_id)  # committed: marked handled with the next batch
        return applied

    def _done(self, inbox_id: int | None) -> tuple[list[OutboxItem], Outcome] | None:
        """Mark a duplicate delivery handled (nothing else to keep); None when someone else did."""
        if inbox_id is None:
            return [], Outcome()
        with self.services.db.unit_of_work() as session:
            taken = inbox.take(session, inbox_id, self.clock.now())
        return ([], Outcome()) if taken else None

    async def _failed(self, job: Job, error: BaseException) -> None:
        cause = error.cause if isinstance(error, HandlingFailed) else error
        if not await asyncio.to_thread(self.services.db.reachable):
            log.warning("the database is out of reach; Slack %s waits in the inbox (%s)", job.what, cause)
            self.readiness.database_down()
            await self._notice(job)
            return
        if isinstance(cause, IntegrityError):  # a handler elsewhere raced this one: look again soon
            await self._later(job, cause)
            return
        log.error(
            "Slack %s failed: team=%s channel=%s thread=%s",
            job.what,
            job.where.team_id,
            job.where.channel_id,
            job.where.thread_ts,
            exc_info=cause,
        )
        await self._give_up(job)

    async def _later(self, job: Job, error: BaseException) -> None:
        """Nothing was kept yet (Slack's API or a race failed us): try the delivery again with backoff."""
        inbox_id = job.stored.inbox_id if job.stored is not None else None
        if inbox_id is None:
            log.error("Slack %s failed before anything was stored", job.what, exc_info=error)
            await self._give_up(job)
            return
        try:
            attempt = await asyncio.to_thread(
                inbox.postpone, self.services.db, inbox_id, self.clock.now(), backoff
            )
        except Exception:
            self.readiness.database_down()
            await self._notice(job)
            return
        if attempt >= MAX_ATTEMPTS:
            log.error("Slack %s failed %s times; giving up", job.what, attempt, exc_info=error)
            await self._give_up(job)
            return
        log.warning("Slack %s not handled yet (attempt %s), trying again: %s", job.what, attempt, error)

    async def _give_up(self, job: Job) -> None:
        """Answer a delivery that cannot be handled: nothing of it was stored, so they may say it again."""
        inbox_id = job.stored.inbox_id if job.stored is not None else None
        sends = [job.apology] if job.apology is not None else []

        def record() -> list[OutboxItem]:
            now = self.clock.now()
            with self.services.db.unit_of_work() as session:
                if inbox_id is not None:
                    inbox.give_up_in(session, inbox_id, now)
                return outbox.add(
                    session,
                    platform="slack",
                    workspace=job.where.team_id,
                    conversation=job.conversation,
                    sends=sends,
                    now=now,
                    held_until=now + HOLD,
                )

        try:
            items = await asyncio.to_thread(record)
        except Exception:
            log.exception("could not record the failure of Slack %s", job.what)
            return
        await self.outbox.deliver(items)

    async def _notice(self, job: Job) -> None:
        """Tell them, once, that the database is out of reach and their message will be recorded."""
        key = job.stored.key if job.stored is not None else None
        if job.notice is None or key is None or key in self._noticed:
            return
        self._noticed.add(key)
        try:
            send = await asyncio.to_thread(job.notice)
            if send is not None:
                await send_now(job.client, send)
        except Exception:
            log.warning("could not tell %s that its %s waits", job.where, job.what, exc_info=True)

    def _means_something(self, message: SlackMessage) -> bool:
        """Whether a channel message reads as an update or a question (parsed without the database)."""
        now = self.services.clock.now()
        parsed = self.services.parser.parse(message.text, now=now, tz="UTC")
        return parsed.intent != "other"

    # --- after a restart, and while the database comes and goes ---------------------------------

    async def recover(self) -> int:
        """Move the spool into the inbox when the database is back, then resume what waits there."""
        try:  # an empty spool is a missing file: nothing read, nothing moved
            await asyncio.to_thread(self.inbox.drain_spool)
        except Exception:
            self.readiness.database_down()
            return 0
        if self.readiness.is_database_down:
            if not await asyncio.to_thread(self.services.db.reachable):
                return 0
            self.readiness.database_up()
            self._noticed.clear()
        await self.flush_handled()
        asked = min(self.admission.room(), DRAIN_BATCH)
        if asked <= 0:
            return 0  # at capacity: what waits stays in the inbox a little longer
        now = self.clock.now()
        mark = self.admission.asking()
        items = await asyncio.to_thread(inbox.due, self.services.db, now, self.inbox.lease_until(), asked)
        behind = self.admission.behind
        for item in items:
            body: dict[str, Any] = item.payload.get("body") or {}
            team_id = _team_of(body)
            try:
                assert self.clients is not None, "connect() the bridge to its clients first"
                client = await self.clients.for_team(team_id)
            except Exception:
                log.exception(
                    "cannot resume Slack delivery %s: no client for team %s", item.delivery_key, team_id
                )
                await asyncio.to_thread(inbox.give_up, self.services.db, item.id, now)
                continue
            log.log(
                logging.DEBUG if behind else logging.INFO,
                "resuming Slack delivery %s from the inbox",
                item.delivery_key,
            )
            self.accept(body, client, item.payload.get("bot_user_id"), Stored(item.delivery_key, item.id))
        self.admission.handed_over(len(items), asked, mark)
        return len(items)

    def _mark_handled_soon(self) -> None:
        """Mark what was handled in one UPDATE a moment from now (deliveries that finish together
        share it); the rows are only leased until then, and their keys are claimed."""
        if self._handled and self._flush_due is None:
            self._flush_due = asyncio.get_running_loop().call_later(HANDLED_SETTLE, self._flush_soon)

    def _flush_soon(self) -> None:
        self._flush_due = None
        task = asyncio.get_running_loop().create_task(self._flush_quietly())
        self._flushes.add(task)
        task.add_done_callback(self._flushes.discard)

    async def _flush_quietly(self) -> None:
        try:
            await self.flush_handled()
        except Exception:  # the recovery loop tries again; until then the rows stay leased
            log.warning("could not mark handled Slack deliveries in the inbox yet", exc_info=True)

    async def flush_handled(self) -> None:
        """Mark the inbox rows handled whose effects are committed, in one UPDATE."""
        handled, self._handled = self._handled, []
        if handled:
            try:
                await asyncio.to_thread(inbox.mark_handled, self.services.db, handled, self.clock.now())
            except Exception:
                self._handled.extend(handled)
                raise

    async def run_recovery(self) -> None:
        """Forever: hand over what waits in the inbox as room frees up (deliveries that came past
        capacity), and resume kept deliveries nobody is handling (a crash, a restart, an outage)."""
        pruned_at = 0.0
        while True:
            try:
                await self.recover()
                if time.monotonic() - pruned_at > PRUNE_EVERY:
                    pruned_at = time.monotonic()
                    await asyncio.to_thread(self.prune)
            except Exception:
                self.readiness.database_down()
                log.warning("could not look into the inbox; trying again", exc_info=True)
            # Naps, not asyncio.wait_for on an Event: on 3.11 that can swallow the cancel at shutdown.
            deadline = time.monotonic() + RECOVERY_SECONDS
            while time.monotonic() < deadline:
                await asyncio.sleep(DRAIN_NAP)
                if self.admission.behind and self.admission.room() > 0:
                    break

    async def close(self) -> None:
        """On shutdown, after the work was drained: mark what was handled, let the threads go."""
        if self._flush_due is not None:
            self._flush_due.cancel()
            self._flush_due = None
        await asyncio.gather(*self._flushes, return_exceptions=True)
        try:
            await self.flush_handled()
        except Exception:  # their keys are claimed: a restart finds them handled
            log.warning("could not mark handled Slack deliveries in the inbox", exc_info=True)
        self._workers.shutdown(wait=False, cancel_futures=True)
        self.inbox.close()

    def prune(self) -> None:
        """Forget deliveries and replies done with for a week (the tables would only grow)."""
        before = self.clock.now() - KEEP_HANDLED
        inbox.prune(self.services.db, before)
        outbox.prune(self.services.db, "slack", before)

    # --- App Home ---------------------------------------------------------------------------------

    async def _refresh_homes(self, client: AsyncWebClient, team_id: str, outcome: Outcome) -> None:
        """Whose deals changed: their homes are published later, once (see home.py), not now."""
        if outcome.changed_for:
            self.homes.changed(client, team_id, sorted(outcome.changed_for))

    async def _publish_home(self, client: AsyncWebClient, team_id: str, user_id: str) -> None:
        try:
            person = await self.directory.person(client, team_id, user_id)
            home = await asyncio.to_thread(self.services.assistant.home, "slack", team_id, person)
            await client.views_publish(user_id=user_id, view=home_view(home))
        except Exception:
            log.exception("App Home publish failed: team=%s user=%s", team_id, user_id)

    # --- helpers -------------------------------------------------------------------------------

    def _when(self, ts: Any) -> datetime:
        try:
            return ts_to_datetime(str(ts)) if ts else self.services.clock.now()
        except ValueError:
            return self.services.clock.now()


def _team_of(body: dict[str, Any]) -> str:
    """The workspace a delivery came from (events carry `team_id`, interactions `team.id`)."""
    team = body.get("team")
    return str(body.get("team_id") or (team.get("id") if isinstance(team, dict) else team) or "")
