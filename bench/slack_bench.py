"""Slack events over loopback at 50 and 200 events/s: Slack's ack and the reply's lag, against a floor.

The app's real aiohttp server (app.build_web_app) over a migrated SQLite database seeded with 100,000
deals (~10 updates each; 10,000 in quick mode), and the same on PostgreSQL when
NEXTSTEP_TEST_POSTGRES_URL is set; a fake of Slack's Web API on another port. Signed
events are sent on a fixed schedule (open loop) from a thread pool, so a slow app does not slow the
sender down. Messages are unseen ones from bench/corpus.py
(updates and questions, each answered in its thread).

Per rate: the ack latency (HTTP response to /slack/events) and the reply lag (from sending the event
to the fake receiving the threaded chat.postMessage), p50/p99, beside the floor: a Bolt app on the
same machine that only acks, at the same rate; the events handled per second (replies over the time
from the first event sent to the last reply), which at 200 events/s is the process's capacity; how
many deliveries were handled at once at most and how many waited in the inbox (back-pressure).
Every message must get its reply (none dropped).
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from adapters.slack.app import BRIDGE_KEY
from adapters.slack.clients import make_client
from assistant.ports import SystemClock
from assistant.services import Services
from assistant.settings import Settings
from bench import corpus
from bench.common import Stats, database, dialects, pick
from bench.seed import seed
from storage.db import Database
from tests.slack.driver import BOT_TOKEN, SIGNING_SECRET, AppServer, SlackSender
from tests.slack.fake_slack import TEAM_ID, FakeSlack, LoopThread, SlackUser

DEALS = pick(100_000, 10_000)
PEOPLE = [SlackUser(f"U{i:03d}", f"Rep {i}", "America/Chicago") for i in range(25)]  # as seeded
REPS = PEOPLE[:5]  # who writes
CHANNELS = ["C0DEALS", "C0EMEA", "C0APAC", "C0MIDMARKET"]
CHATTER = "thanks all"  # templates that get no reply in a channel are left out


class AckOnlyServer:
    """A Bolt app that acks every event and does nothing else: the floor for Slack's ack."""

    def __init__(self, fake_url: str) -> None:
        self.fake_url = fake_url
        self._thread: LoopThread | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    def start(self) -> AckOnlyServer:
        self._thread = LoopThread("ack-only")
        self._thread.run(self._start())
        return self

    async def _start(self) -> None:
        bolt = AsyncApp(signing_secret=SIGNING_SECRET, client=make_client(self.fake_url, BOT_TOKEN))

        async def nothing(body: dict[str, Any]) -> None:
            return None

        bolt.event("message")(nothing)

        async def dispatch(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

        web_app = web.Application()
        web_app.router.add_post("/slack/events", dispatch)
        self._runner = web.AppRunner(web_app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self._thread is not None and self._runner is not None:
            self._thread.run(self._runner.cleanup())
            self._thread.stop()


def run() -> None:
    names = corpus.distinct_names(DEALS, seed=9)
    texts = [t for t, _now, _tz in corpus.messages(names, 4_000, seed=21) if CHATTER not in t]
    for dialect in dialects():
        if len(dialects()) > 1:
            print(f"   -- {'SQLite' if dialect == 'sqlite' else 'PostgreSQL'}", flush=True)
        with tempfile.TemporaryDirectory() as tmp, database(dialect, Path(tmp), "slack") as url:
            texts = _run_on(url, names, texts)  # each database gets messages of its own


def _run_on(url: str, names: list[str], texts: list[str]) -> list[str]:
    """Seed `url`, serve it, measure both rates; the messages left unsent."""
    now = datetime.now(UTC)
    seed(url, lambda _w: names, deals=DEALS, now=now, external_ids=[TEAM_ID])
    database_ = Database.from_url(url)
    services = Services.build(database_, clock=SystemClock())
    with FakeSlack(PEOPLE) as fake:
        settings = Settings(
            slack_bot_token=BOT_TOKEN,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=fake.url,
            scheduler_enabled=False,
        )
        floor_server = AckOnlyServer(fake.url).start()
        server = AppServer(settings, services).start()
        try:
            # One sender each: event ids and message ts must stay unique (or they are duplicates).
            sender = SlackSender(server.url, SystemClock())
            floor_sender = SlackSender(floor_server.url, SystemClock())
            _warm_up(server, sender, fake, texts[:10])
            texts = texts[10:]
            for rate, seconds in ((50.0, pick(10, 4)), (200.0, pick(6, 2))):
                count = int(rate * seconds)
                batch, texts = texts[:count], texts[count:]
                floor = _send(floor_sender, batch, rate)[0]
                _measure(server, sender, fake, batch, rate, Stats.of(floor))
        finally:
            server.stop()
            floor_server.stop()
            database_.engine.dispose()
    return texts


def _warm_up(server: AppServer, sender: SlackSender, fake: FakeSlack, texts: list[str]) -> None:
    """The first events pay for auth.test, users.info and loading the deal index."""
    for i, text in enumerate(texts):
        sender.say(REPS[i % len(REPS)], text, channel=CHANNELS[0])
    server.settle(timeout=60)
    fake.reset()


def _send(
    sender: SlackSender, texts: list[str], rate: float
) -> tuple[list[float], list[tuple[str, float]], float]:
    """Send `texts` at `rate`: ack latencies, (ts, sent at) per message, and how long sending took."""
    bodies = []
    for i, text in enumerate(texts):
        event = sender.message_event(REPS[i % len(REPS)], text, channel=CHANNELS[i % len(CHANNELS)])
        bodies.append((str(event["ts"]), sender.event_body(event)))

    def post(body: str) -> tuple[int, float, float]:
        sent = time.monotonic()
        response = sender.post(body, "application/json")
        return response.status, response.elapsed, sent

    started = time.perf_counter()
    futures = []
    with ThreadPoolExecutor(max_workers=32) as pool:
        for i, (_ts, body) in enumerate(bodies):
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(post, body))
        results = [f.result() for f in futures]
    took = time.perf_counter() - started
    acks = [elapsed for status, elapsed, _sent in results if status == 200]
    assert len(acks) == len(results), f"{len(results) - len(acks)} events not acked with 200"
    return acks, [(ts, sent) for (ts, _body), (_s, _e, sent) in zip(bodies, results, strict=True)], took


def _measure(
    server: AppServer, sender: SlackSender, fake: FakeSlack, texts: list[str], rate: float, floor: Stats
) -> None:
    fake.reset()
    admission = _admission(server)
    if admission is not None:
        admission.most_in_flight = 0
    most_waiting = _WaitWatch(admission)
    cpu_before = app_cpu_seconds()
    acks, sent, took = _send(sender, texts, rate)
    server.settle(timeout=300)
    cpu = app_cpu_seconds() - cpu_before
    most_waiting.stop()
    replies = {str(call.get("thread_ts")): call.at for call in fake.calls_to("chat.postMessage")}
    lags = [replies[ts] - at for ts, at in sent if ts in replies]
    print(f"   {rate:.0f} events/s: {len(texts)} events sent in {took:.1f} s ({len(texts) / took:.0f}/s)")
    print(f"     ack (app)          {Stats.of(acks).line(floor)}")
    print(f"     ack (floor: Bolt app that only acks) {floor.line()}")
    if lags:
        print(f"     reply lag          {Stats.of(lags).line(floor)}")
        span = max(replies[ts] for ts, _at in sent if ts in replies) - min(at for _ts, at in sent)
        print(
            f"     handled            {len(lags) / span:6.1f} events/s"
            f"  ({len(lags) / span / (len(texts) / took):.2f}x the rate sent)"
        )
        per_event = cpu / len(lags)
        print(
            f"     app CPU            {per_event * 1000:6.2f} ms per event handled"
            f"  (one core's worth: {1 / per_event:.0f} events/s)"
        )
    if admission is not None:
        print(
            f"     back-pressure      at most {admission.most_in_flight} handled at once"
            f" (limit {admission.limit}), at most {most_waiting.most} waiting in the inbox"
        )
    missing = len(sent) - len(lags)
    print(f"     replies: {len(lags)} of {len(sent)}{'' if not missing else f'  ({missing} MISSING)'}")


APP_THREADS = ("nextstep-app", "slack-handling", "slack-inbox", "asyncio_")


def app_cpu_seconds() -> float:
    """CPU time of the app's threads so far (its event loop, handling and inbox threads, the loop's
    default executor): what the app costs whatever else runs on the machine (Linux /proc; 0 elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for thread in threading.enumerate():
        if not thread.name.startswith(APP_THREADS) or thread.native_id is None:
            continue
        try:
            fields = Path(f"/proc/self/task/{thread.native_id}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _admission(server: AppServer) -> Any:
    assert server.web_app is not None
    return getattr(server.web_app[BRIDGE_KEY], "admission", None)


class _WaitWatch:
    """Samples how many deliveries wait in the inbox while a rate runs."""

    def __init__(self, admission: Any) -> None:
        self.most = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, args=(admission,), daemon=True)
        self._thread.start()

    def _watch(self, admission: Any) -> None:
        while admission is not None and not self._stop.wait(0.05):
            self.most = max(self.most, int(admission.waiting))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


if __name__ == "__main__":
    run()
