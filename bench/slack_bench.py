"""Slack events over loopback: sustained signed deliveries at 50 events/s against the fake Web API.

The app's real aiohttp server (build_web_app) on a fresh, migrated SQLite database; a fake of
Slack's Web API on another port. Events are sent on a fixed schedule (open loop), so a slow ack
does not slow the sender down. Prints the achieved rate, Slack's view of latency (the ack:
HTTP response to /slack/events, target p99 <= 100 ms) and how long the replies took to arrive.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from assistant.ports import SystemClock
from assistant.services import Services
from assistant.settings import Settings
from storage.db import Database
from storage.migrate import upgrade
from tests.slack.driver import BOT_TOKEN, SIGNING_SECRET, AppServer, SlackSender
from tests.slack.fake_slack import FakeSlack, SlackUser

RATE = 50.0  # events per second
DURATION = 10.0  # seconds of sustained load
ACK_P99_TARGET_MS = 100.0

REPS = [SlackUser(f"U0REP{i}", name) for i, name in enumerate(["Dana", "Sam", "Priya", "Lee", "Ana"])]
CHANNELS = ["C0DEALS", "C0EMEA", "C0APAC", "C0MIDMARKET"]
DEALS = [
    "Pied Piper",
    "Hooli",
    "Initech",
    "Globex",
    "Umbrella",
    "Stark Industries",
    "Wayne Enterprises",
    "Acme",
]
TEMPLATES = [
    "{deal}: still waiting on engineering for cost estimates, should have them Friday",
    "{deal}: sent them the proposal, they decide next week",
    "{deal}?",
    "{deal}: demo went well, they want pricing by Thursday",
    "what's waiting on us?",
    "{deal}: their legal is reviewing the MSA",
    "thanks all!",
]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


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
                _measure(server, fake)
            finally:
                server.stop()
                database.engine.dispose()


def _measure(server: AppServer, fake: FakeSlack) -> None:
    sender = SlackSender(server.url, SystemClock())
    # Warm up: the first event pays for auth.test and users.info; new deals get created.
    for i, deal in enumerate(DEALS):
        sender.say(REPS[i % len(REPS)], f"new lead: {deal}, intro call went well", channel=CHANNELS[0])
    server.settle(timeout=60)
    fake.reset()

    total = int(RATE * DURATION)
    bodies = []
    for i in range(total):
        text = TEMPLATES[i % len(TEMPLATES)].format(deal=DEALS[(i // len(TEMPLATES)) % len(DEALS)])
        event = sender.message_event(REPS[i % len(REPS)], text, channel=CHANNELS[i % len(CHANNELS)])
        bodies.append(sender.event_body(event))

    def send(body: str) -> tuple[int, float]:
        response = sender.post(body, "application/json")
        return response.status, response.elapsed

    started = time.perf_counter()
    futures = []
    with ThreadPoolExecutor(max_workers=16) as pool:
        for i, body in enumerate(bodies):
            delay = started + i / RATE - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(send, body))
        results = [f.result() for f in futures]
    sent_for = time.perf_counter() - started
    server.settle(timeout=120)
    drained_after = time.perf_counter() - started

    acks = [elapsed * 1000 for status, elapsed in results if status == 200]
    failed = sum(1 for status, _ in results if status != 200)
    replies = len(fake.calls_to("chat.postMessage"))
    p50, p99 = _percentile(acks, 50), _percentile(acks, 99)
    verdict = "OK" if p99 <= ACK_P99_TARGET_MS else "MISSED"
    print(f"   events: {total} in {sent_for:.1f} s = {total / sent_for:.1f} events/s (target {RATE:.0f}/s)")
    print(
        f"   ack latency: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(acks):.1f} ms, "
        f"mean {statistics.fmean(acks):.1f} ms  [target p99 <= {ACK_P99_TARGET_MS:.0f} ms: {verdict}]"
    )
    print(f"   non-200 acks: {failed}; replies posted: {replies}; all done {drained_after:.1f} s after start")
