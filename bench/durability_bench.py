"""Ack-to-reply through the inbox and the outbox, at 10 and 50 Slack events/s over loopback.

Every delivery is kept in the inbox before its ack, handled from there in one transaction with
its replies, and answered from the outbox. Measured: from Slack's ack (the HTTP response to
/slack/events) to the reply arriving at the fake Web API, for messages that get a reply. The
target is within 2x of handling without the inbox (measured before it: see README, Durability).
"""

from __future__ import annotations

import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from assistant.ports import SystemClock
from assistant.services import Services
from assistant.settings import Settings
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


DURATION = 8.0  # seconds at each rate
TEMPLATES = [  # each gets a reply in its thread
    "{deal}: still waiting on engineering for cost estimates, should have them Friday",
    "{deal}?",
    "{deal}: sent them the proposal, they decide next week",
    "{deal}: demo went well, they want pricing by Thursday",
]


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        database = Database.from_url(url)
        services = Services.build(database, clock=SystemClock())
        with FakeSlack(REPS) as fake:
            settings = Settings(
                slack_bot_token=BOT_TOKEN,
                slack_signing_secret=SIGNING_SECRET,
                slack_api_url=fake.url,
                scheduler_enabled=False,
            )
            server = AppServer(settings, services).start()
            try:
                sender = SlackSender(server.url, SystemClock())
                for i, deal in enumerate(DEALS):  # warm up: auth.test, users.info, the deals exist
                    sender.say(
                        REPS[i % len(REPS)], f"new lead: {deal}, intro call went well", channel=CHANNELS[0]
                    )
                server.settle(timeout=60)
                for rate in RATES:
                    _measure(server, fake, sender, rate)
            finally:
                server.stop()
                database.engine.dispose()


def _measure(server: AppServer, fake: FakeSlack, sender: SlackSender, rate: float) -> None:
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
    print(
        f"   {rate:.0f} events/s: ack-to-reply p50 {_percentile(latencies, 50):.1f} ms, "
        f"p99 {_percentile(latencies, 99):.1f} ms over {len(latencies)} replies"
        + (f" ({missing} without a reply)" if missing else "")
    )
