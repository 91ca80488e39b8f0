"""Slack deliveries kept before bolt acknowledges them: in the inbox, or in the spool file.

A bolt middleware (it runs after the signature check and before any ack) stores each
delivery the bridge acts on with one INSERT; a retry of one already stored is acked and
left alone. When the database cannot be reached the delivery goes to the local spool
instead, and moves into the inbox when the database is back. Either way Slack's ack
promises only what is already kept.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_bolt.response import BoltResponse

from adapters.durable.backlog import Admission
from adapters.durable.readiness import Readiness
from adapters.durable.spool import Spool
from adapters.slack.render import action_name
from adapters.slack.translate import deleted_ts, edited_message, spoken_message
from assistant.ports import Clock, SystemClock
from storage import inbox
from storage.db import Database

log = logging.getLogger(__name__)

PLATFORM = "slack"
CONTEXT_KEY = "nextstep_inbox"
LEASE_ENV = "NEXTSTEP_INBOX_LEASE_SECONDS"
DEFAULT_LEASE_SECONDS = 30.0
STORE_SECONDS = 1.5  # Slack wants its ack within 3 s


@dataclass(frozen=True, slots=True)
class Stored:
    """Where a delivery was kept: its inbox row, or the spool (`inbox_id` None).

    `reserved`: it was admitted at the store and holds a slot until its listener runs;
    `waits`: it came past capacity and waits in the inbox for the drainer (not handled now).
    """

    key: str
    inbox_id: int | None
    duplicate: bool = False
    reserved: bool = False
    waits: bool = False

    @property
    def spooled(self) -> bool:
        return self.inbox_id is None and not self.duplicate


def lease_seconds(env: dict[str, str] | None = None) -> float:
    raw = (env if env is not None else os.environ).get(LEASE_ENV, "")
    try:
        return max(0.1, float(raw)) if raw.strip() else DEFAULT_LEASE_SECONDS
    except ValueError:
        return DEFAULT_LEASE_SECONDS


def delivery_key(body: dict[str, Any]) -> str | None:
    """Slack's own id of a delivery: the event id, or the interaction's trigger id."""
    if body.get("type") == "event_callback":
        return f"event:{body['event_id']}" if body.get("event_id") else None
    team = (body.get("team") or {}).get("id") if isinstance(body.get("team"), dict) else body.get("team_id")
    trigger = body.get("trigger_id")
    if not trigger:
        actions = body.get("actions") or [{}]
        trigger = actions[0].get("action_ts") if isinstance(actions[0], dict) else None
    return f"interaction:{team}:{trigger}" if trigger else None


def acted_on(body: dict[str, Any]) -> bool:
    """Whether the bridge does something with this delivery (what it ignores is not kept)."""
    kind = body.get("type")
    if kind == "event_callback":
        event: dict[str, Any] = body.get("event") or {}
        if event.get("type") not in ("message", "app_mention"):
            return False
        team_id = str(body.get("team_id") or event.get("team") or "")
        return (
            spoken_message(team_id, event) is not None
            or edited_message(team_id, event) is not None
            or deleted_ts(event) is not None
        )
    if kind == "block_actions":
        pressed = (body.get("actions") or [{}])[0]
        return action_name(str(pressed.get("action_id") or "")) is not None
    if kind == "message_action":
        return True
    return bool(body.get("command"))


class SlackInbox:
    """Keeps deliveries before the ack (the middleware) and hands out those left unhandled."""

    def __init__(
        self, db: Database, readiness: Readiness, spool: Spool, admission: Admission | None = None
    ) -> None:
        self.db = db
        self.readiness = readiness
        self.spool = spool
        self.admission = admission or Admission(PLATFORM)
        # Its own threads: an ack never waits behind the handling work for one.
        self._threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="slack-inbox")
        self.clock: Clock = SystemClock()  # leases are real time, whatever the assistant's clock says
        self.lease = timedelta(seconds=lease_seconds())

    def lease_until(self) -> datetime:
        return self.clock.now() + self.lease

    async def middleware(
        self, body: dict[str, Any], context: Any, response: BoltResponse | None, next: Any
    ) -> BoltResponse | None:
        """Bolt global middleware: keep the delivery, then let bolt ack and the listeners run."""
        key = delivery_key(body) if acted_on(body) else None
        if key is None:
            await next()
            return response
        payload = {"body": body, "bot_user_id": getattr(context, "bot_user_id", None)}
        now = self.clock.now()
        admitted = self.admission.admit()
        # Past capacity the row is due at once: the drainer hands it over when there is room.
        lease_until = now + self.lease if admitted else now
        kept = False  # a new row (or spool line), not a retry's duplicate
        try:
            try:
                inbox_id = await self._store(key, payload, now, lease_until)
                kept = inbox_id is not None
            except Exception:
                log.warning(
                    "the inbox is out of reach; keeping Slack delivery %s in the spool", key, exc_info=True
                )
                self.readiness.database_down()
                record = {
                    "platform": PLATFORM,
                    "delivery_key": key,
                    "payload": payload,
                    "received_at": now.isoformat(),
                }
                try:
                    await asyncio.to_thread(self.spool.append, record)
                except Exception:
                    log.exception("could not keep Slack delivery %s anywhere; Slack will send it again", key)
                    return BoltResponse(status=503, body="")
                finally:
                    if admitted:
                        self.admission.unreserve()  # a spooled delivery is only told that it waits
                kept = True
                context[CONTEXT_KEY] = Stored(key, None)
                await next()
                return response
        finally:
            if not admitted:
                self.admission.stored_waiting(kept=kept)
        context[CONTEXT_KEY] = Stored(
            key, inbox_id, duplicate=inbox_id is None, reserved=admitted, waits=not admitted
        )
        await next()
        return response

    async def _store(
        self, key: str, payload: dict[str, Any], now: datetime, lease_until: datetime
    ) -> int | None:
        """The inbox insert, given STORE_SECONDS: a database that hangs is as down as one that refuses.

        An insert that finishes after all is harmless: the spool's copy has the same key.
        """
        context = contextvars.copy_context()
        store = asyncio.get_running_loop().run_in_executor(
            self._threads, context.run, inbox.store, self.db, PLATFORM, key, payload, now, lease_until
        )
        done, _ = await asyncio.wait({store}, timeout=STORE_SECONDS)
        if store not in done:
            store.add_done_callback(lambda late: late.cancelled() or late.exception())
            raise TimeoutError(f"the inbox insert took longer than {STORE_SECONDS} s")
        return store.result()

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)

    def drain_spool(self) -> int:
        """Move what the spool kept into the inbox (the database is back); how many records moved."""
        records = self.spool.take()
        if not records:
            return 0
        now = self.clock.now()
        rows = [
            {
                "platform": str(record.get("platform") or PLATFORM),
                "delivery_key": str(record["delivery_key"]),
                "payload": record.get("payload") or {},
                "received_at": _parse_time(record.get("received_at")) or now,
                "next_attempt_at": now,
            }
            for record in records
            if record.get("delivery_key")
        ]
        added = inbox.store_many(self.db, rows)
        self.spool.forget(len(records))
        log.info("moved %s delivery(ies) from the spool into the inbox (%s new)", len(records), added)
        return len(records)


def _parse_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
