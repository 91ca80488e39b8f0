"""`/metrics` in Prometheus' text format (prometheus-client).

- events received / handled / failed by platform and kind, and how long handling took
  (from the moment the event arrived to the end of its work, queueing included);
- replies sent and failed by platform;
- acknowledged events handled now and waiting in the inbox past capacity (back-pressure);
- scheduled deliveries by status, counted in the deliveries ledger at scrape time (so every
  replica reports the same totals and a restart loses none);
- whether this process is the scheduler's leader.

An event is tracked by an `EventTrack` kept in a context variable: set where the event comes
in, it follows the event into the background task that handles it.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from storage.db import Database

T = TypeVar("T")

REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

EVENTS_RECEIVED = Counter(
    "nextstep_events_received", "Chat events received", ["platform", "kind"], registry=REGISTRY
)
EVENTS_HANDLED = Counter(
    "nextstep_events_handled", "Chat events handled to the end", ["platform", "kind"], registry=REGISTRY
)
EVENTS_FAILED = Counter(
    "nextstep_events_failed",
    "Chat events whose handling failed (the person got an apology)",
    ["platform", "kind"],
    registry=REGISTRY,
)
HANDLING_SECONDS = Histogram(
    "nextstep_event_handling_seconds",
    "Seconds from an event's arrival to the end of its handling",
    ["platform", "kind"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=REGISTRY,
)
REPLIES_SENT = Counter("nextstep_replies_sent", "Replies sent to people", ["platform"], registry=REGISTRY)
REPLIES_FAILED = Counter(
    "nextstep_replies_failed", "Replies the platform refused or never got", ["platform"], registry=REGISTRY
)
IN_FLIGHT = Gauge(
    "nextstep_events_in_flight",
    "Acknowledged events this process handles now (bounded; past that they wait in the inbox)",
    ["platform"],
    registry=REGISTRY,
)
INBOX_WAITING = Gauge(
    "nextstep_inbox_waiting",
    "Acknowledged events waiting in the inbox because this process is at capacity (back-pressure)",
    ["platform"],
    registry=REGISTRY,
)


@dataclass(slots=True)
class EventTrack:
    """One event on its way through: where it came from, when, and whether it failed."""

    platform: str
    kind: str
    started: float = field(default_factory=time.perf_counter)
    failed: bool = False
    finished: bool = False

    def finish(self) -> None:
        """Count the event handled (or failed) once, with its latency."""
        if self.finished:
            return
        self.finished = True
        HANDLING_SECONDS.labels(self.platform, self.kind).observe(time.perf_counter() - self.started)
        (EVENTS_FAILED if self.failed else EVENTS_HANDLED).labels(self.platform, self.kind).inc()


_current: contextvars.ContextVar[EventTrack | None] = contextvars.ContextVar(
    "nextstep_event_track", default=None
)


def event_received(platform: str, kind: str) -> EventTrack:
    """Count an event in and follow it from here (this task and the tasks it starts)."""
    EVENTS_RECEIVED.labels(platform, kind).inc()
    track = EventTrack(platform, kind)
    _current.set(track)
    return track


def current_event() -> EventTrack | None:
    return _current.get()


def event_failed() -> None:
    """The event being handled failed (it is counted when its work ends)."""
    track = _current.get()
    if track is not None:
        track.failed = True


async def measured(work: Coroutine[Any, Any, T], track: EventTrack | None = None) -> T:
    """Run the event's work and count it handled or failed when it ends."""
    track = track or _current.get()
    try:
        result = await work
    except BaseException:
        if track is not None:
            track.failed = True
        raise
    finally:
        if track is not None:
            track.finish()
    return result


def set_backlog(platform: str, *, in_flight: int, waiting: int) -> None:
    """Events handled now and events waiting in the inbox (adapters/durable/backlog.py)."""
    IN_FLIGHT.labels(platform).set(in_flight)
    INBOX_WAITING.labels(platform).set(waiting)


async def count_reply(platform: str, send: Awaitable[T]) -> T:
    """Send one reply, counting it sent or failed (the error goes on to the caller)."""
    try:
        result = await send
    except BaseException:
        REPLIES_FAILED.labels(platform).inc()
        raise
    REPLIES_SENT.labels(platform).inc()
    return result


class LedgerCollector(Collector):
    """Scheduled deliveries by status, read from the deliveries ledger, and the leader flag."""

    def __init__(self, db: Database | None, is_leader: Callable[[], bool | None]) -> None:
        self.db = db
        self.is_leader = is_leader

    def collect(self) -> Iterable[Metric]:
        leader = GaugeMetricFamily(
            "nextstep_scheduler_leader", "1 when this process runs the scheduler (holds the lock)"
        )
        leader.add_metric([], 1.0 if self.is_leader() else 0.0)
        yield leader
        if self.db is None:
            return
        from sqlalchemy import case, func, select
        from sqlalchemy.exc import SQLAlchemyError

        from storage.models import Delivery

        deliveries = GaugeMetricFamily(
            "nextstep_scheduled_deliveries",
            "Scheduled messages (summaries, reminders) in the ledger, by status",
            labels=["status"],
        )
        retries = GaugeMetricFamily(
            "nextstep_scheduled_delivery_retries",
            "Sends of scheduled messages that failed for now and were tried again, in the ledger",
        )
        counts = {"sent": 0, "failed": 0, "claimed": 0, "retry": 0}
        # Each failed attempt was followed by another, except the last of one that failed for good.
        tried_again = case(
            (Delivery.status != "failed", Delivery.attempts),
            (Delivery.attempts > 0, Delivery.attempts - 1),
            else_=0,
        )
        retried = 0
        try:
            with self.db.engine.connect() as connection:
                query = select(Delivery.status, func.count(), func.sum(tried_again)).group_by(Delivery.status)
                for status, count, again in connection.execute(query):
                    counts[str(status)] = int(count)
                    retried += int(again or 0)
        except SQLAlchemyError:
            return  # /readyz says the database is away; /metrics still answers
        for status, count in sorted(counts.items()):
            deliveries.add_metric([status], float(count))
        yield deliveries
        retries.add_metric([], float(retried))
        yield retries


def exposition(ledger: LedgerCollector | None = None) -> bytes:
    """The whole exposition: the process's counters, then the ledger's numbers."""
    body = generate_latest(REGISTRY)
    if ledger is not None:
        extra = CollectorRegistry(auto_describe=False)
        extra.register(ledger)
        body += generate_latest(extra)
    return body
