"""Ack-to-reply through the inbox and the outbox, at 10 and 50 Slack events/s over loopback.

Every delivery is kept in the inbox before its ack, handled from there in one transaction with
its replies, and answered from the outbox. Measured: from Slack's ack (the HTTP response to
/slack/events) to the reply arriving at the fake Web API, for messages that get a reply. The
target is within 2x of handling without the inbox: the same app with the inbox's middleware
bypassed (each delivery handled straight from the listener), measured in the same run on its own
database at the same rate; the ratio of the p50s is printed.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from adapters.slack.inbox import SlackInbox
from assistant.ports import SystemClock
from assistant.services import Services
from assistant.settings import Settings
from bench.common import pick, verdict
from bench.slack_bench import CHANNELS, REPS
from storage.db import Database
from storage.migrate import upgrade
from tests.slack.driver import BOT_TOKEN, SIGNING_SECRET, AppServer, SlackSender
from tests.slack.fake_slack import FakeSlack

RATES = (10.0, 50.0)  # events per second
# The deals the bench's messages name (created by the warm-up's "new lead" messages).
DEALS = [f"Durable {name}" for name in ("Pied Piper", "Hooli", "Aviato", "Raviga", "Endframe", "Nucleus")]


def _percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(percent / 100 * (len(ordered) - 1)))] if ordered else 0.0


DURATION = pick(8, 4)  # seconds at each rate
TEMPLATES = [  # each gets a reply in its thread
    "{deal}: still waiting on engineering for cost estimates, should have them Friday",
    "{deal}?",
    "{deal}: sent them the proposal, they decide next week",
    "{deal}: demo went well, they want pricing by Thursday",
]


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp, FakeSlack(REPS) as fake:
        direct = _Running(fake, Path(tmp) / "direct.db", inbox=False)
        kept = _Running(fake, Path(tmp) / "inbox.db", inbox=True)
        try:
            for rate in RATES:
                floor = _measure(direct.server, fake, direct.sender, rate)
                through = _measure(kept.server, fake, kept.sender, rate)
                print(
                    f"   {rate:.0f} events/s: ack-to-reply through the inbox {_line(through)};"
                    f" handled directly (no inbox) {_line(floor)}"
                )
                ratio = _percentile(through, 50) / max(_percentile(floor, 50), 1e-9)
                print(f"     = {ratio:.2f}x direct handling at p50 (target <= 2x: {verdict(ratio <= 2)})")
        finally:
            direct.stop()
            kept.stop()


class _Running:
    """The app on a fresh database, warmed up (auth.test, users.info, the bench's deals exist)."""

    def __init__(self, fake: FakeSlack, path: Path, *, inbox: bool) -> None:
        url = f"sqlite:///{path}"
        upgrade(url)
        self.database = Database.from_url(url)
        services = Services.build(self.database, clock=SystemClock())
        settings = Settings(
            slack_bot_token=BOT_TOKEN,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=fake.url,
            scheduler_enabled=False,
        )
        with contextlib.ExitStack() as patches:
            if not inbox:  # bolt registers the middleware while the app is built
                patches.enter_context(_without_inbox())
            self.server = AppServer(settings, services).start()
        self.sender = SlackSender(self.server.url, SystemClock())
        for i, deal in enumerate(DEALS):
            self.sender.say(
                REPS[i % len(REPS)], f"new lead: {deal}, intro call went well", channel=CHANNELS[0]
            )
        self.server.settle(timeout=60)

    def stop(self) -> None:
        self.server.stop()
        self.database.engine.dispose()


@contextlib.contextmanager
def _without_inbox() -> Iterator[None]:
    """Handling as it was before the inbox: nothing kept before the ack, handled from the listener."""

    async def pass_through(
        self: SlackInbox, body: dict[str, Any], context: Any, response: Any, next: Any
    ) -> Any:
        await next()
        return response

    kept = SlackInbox.middleware
    SlackInbox.middleware = pass_through  # type: ignore[method-assign]
    try:
        yield
    finally:
        SlackInbox.middleware = kept  # type: ignore[method-assign]


def _line(latencies: list[float]) -> str:
    return f"p50 {_percentile(latencies, 50):.1f} ms, p99 {_percentile(latencies, 99):.1f} ms"


def _measure(server: AppServer, fake: FakeSlack, sender: SlackSender, rate: float) -> list[float]:
    fake.reset()
    total = int(rate * DURATION)
    events = []
    for i in range(total):
        text = TEMPLATES[i % len(TEMPLATES)].format(deal=DEALS[(i // len(TEMPLATES)) % len(DEALS)])
        events.append(sender.message_event(REPS[i % len(REPS)], text, channel=CHANNELS[i % len(CHANNELS)]))

    def send(index: int) -> tuple[int, float]:
        response = sender.post(sender.event_body(events[index]), "application/json")
        return response.status, time.monotonic()  # when the ack arrived

    started = time.perf_counter()
    futures = []
    with ThreadPoolExecutor(max_workers=16) as pool:
        for i in range(total):
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(send, i))
        acked = [f.result() for f in futures]
    server.settle(timeout=120)
    deadline = time.monotonic() + 30
    while len(fake.calls_to("chat.postMessage")) < total and time.monotonic() < deadline:
        time.sleep(0.05)

    first_reply: dict[tuple[str, str], float] = {}
    for call in fake.calls_to("chat.postMessage"):
        first_reply.setdefault((str(call.get("channel")), str(call.get("thread_ts"))), call.at)
    latencies = []
    for event, (status, acked_at) in zip(events, acked, strict=True):
        reply_at = first_reply.get((event["channel"], event["ts"]))
        if status == 200 and reply_at is not None:
            latencies.append(max(0.0, reply_at - acked_at) * 1000)
    missing = total - len(latencies)
    if missing:
        print(f"   {rate:.0f} events/s: {missing} of {total} without a reply")
    return latencies
