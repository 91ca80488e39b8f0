"""Answers, updates and the weekly summary at 1k / 10k / 100k deals (~10 updates each), SQLite and PostgreSQL.

Each size gets a freshly migrated database seeded by bench/seed.py (shared-word names, the parser's
worst case) and the real Assistant (parser included) answering through its public API:

- floor: a primary-key select in its own unit of work (what any answer costs at least);
- "Deal?" for random deals, every list answer ("what's waiting on us?", overdue, gone quiet, parked,
  a rep's pipeline, a stage), and recording an update; p50/p99 and the ratio to the floor; each
  list's p50 also as a ratio to "Deal?" (target <= 4x), "Deal?" p99 (target <= 10 ms);
- the weekly summary of the workspace's deals channel, median of a few builds (target <= 0.3 s at
  10k, <= 1 s at 100k);
- the RSS of a fresh process serving the largest workspace (bench/rss_probe.py; target <= 250 MB).

PostgreSQL runs when NEXTSTEP_TEST_POSTGRES_URL is set; NEXTSTEP_BENCH_QUICK=1 stops at 10k.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from sqlalchemy import select

from assistant.core import Assistant
from assistant.messages import InboundMessage, Person
from assistant.ports import SystemClock
from assistant.summary import build_summary
from bench import corpus
from bench.common import QUICK, Stats, database, dialects, interleaved, pick, sizes, timed, verdict
from bench.seed import seed
from nlp import MessageParser
from storage.db import Database
from storage.models import Channel, Deal, Workspace

LISTS = (
    ("waiting on us", "what's waiting on us?"),
    ("waiting on them", "what are we waiting on from prospects?"),
    ("overdue", "anything overdue?"),
    ("gone quiet", "which deals have gone quiet?"),
    ("parked", "what's parked?"),
    ("my pipeline", "show me my pipeline"),
    ("in demo", "which deals are in demo?"),
)
DEAL_LABEL = 'answer "Deal?"'
# Updates that change every deal the seed made ("send the pricing" is its next step).
UPDATES = (
    "we need to send the security questionnaire by Friday",
    "they owe us the signed NDA by Monday",
    "I'll book the kickoff with their CFO for Thursday",
    "sent the revised SOW, ball's in their court",
)
LIST_TARGET = 4.0  # a list answer's p50 over "Deal?"'s
DEAL_P99_TARGET = 0.010
SUMMARY_TARGETS = {10_000: 0.3, 100_000: 1.0}
RSS_TARGET_MB = 250.0


def run() -> None:
    parser = MessageParser()
    for dialect in dialects():
        for count in sizes((1_000, 10_000, 100_000), (1_000, 10_000)):
            with tempfile.TemporaryDirectory() as tmp, database(dialect, Path(tmp), f"core{count}") as url:
                _one(parser, dialect, count, url)


def _one(parser: MessageParser, dialect: str, count: int, url: str) -> None:
    now = datetime.now(UTC)
    started = time.perf_counter()
    seeded = seed(url, lambda _w: corpus.shared_word_names(count), deals=count, now=now)
    print(
        f"\n   [{dialect}, {count:,} deals, {seeded.updates:,} updates]"
        f" seeded in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    db = Database.from_url(url)
    try:
        ws_id, external = seeded.workspaces[0]
        assistant = Assistant(db, parser, SystemClock())
        rep = Person(seeded.rep_ids[ws_id][1], "Rep 1", "America/Chicago")
        rng = random.Random(11)
        with db.unit_of_work() as session:
            ids = list(session.scalars(select(Deal.id).where(Deal.workspace_id == ws_id)))
            names = dict(
                session.execute(select(Deal.id, Deal.name).where(Deal.workspace_id == ws_id)).tuples().all()
            )

        def say(n: int, text: str) -> str:
            msg = InboundMessage(
                platform="slack",
                workspace_id=external,
                channel_id="C0DEALS",
                message_id=f"bench-{n}-{time.perf_counter_ns()}",
                author=rep,
                text=text,
                sent_at=datetime.now(UTC),
            )
            outcome = assistant.handle_message(msg)
            return outcome.replies[0].kind if outcome.replies else "nothing"

        _first_answers(assistant, say, ws_id, names, ids, count)

        samples = pick(200, 80)
        picks = rng.sample(ids, samples)  # each deal once: an update always changes something

        def floor_call(n: int) -> None:
            with db.unit_of_work() as session:
                session.get(Deal, picks[n])
                session.expunge_all()

        def deal_call(n: int) -> None:
            kind = say(n, f"{names[picks[n]]}?")
            assert kind == "answer", kind

        def update_call(n: int) -> None:
            kind = say(n, f"{names[picks[n]]}: {UPDATES[n % len(UPDATES)]}")
            assert kind == "confirmation", kind

        timed(deal_call, 20)
        for _label, question in LISTS:
            assert say(0, question) == "answer", question
        # Interleaved, one sample of each per round: a busy moment of the machine hits every figure
        # alike, so the ratios compare like with like.
        calls: dict[str, Callable[[int], object]] = {"floor": floor_call, "deal": deal_call}
        for label, question in LISTS:
            calls[label] = partial(_ask, say, question)
        calls["update"] = update_call
        samples_of = interleaved(calls, samples)
        floor, deal = Stats.of(samples_of["floor"]), Stats.of(samples_of["deal"])
        print(f"   {'floor: primary-key select':<28} {floor.line()}")
        print(
            f"   {DEAL_LABEL:<28} {deal.line(floor)}  "
            f"[p99 <= {DEAL_P99_TARGET * 1000:.0f} ms: {verdict(deal.p99 <= DEAL_P99_TARGET)}]"
        )
        for label, _question in LISTS:
            stats = Stats.of(samples_of[label])
            ratio = stats.p50 / deal.p50
            print(
                f'   {"list: " + label:<28} {stats.line(floor)}  = {ratio:4.1f}x "Deal?" '
                f"[<= {LIST_TARGET:.0f}x: {verdict(ratio <= LIST_TARGET)}]"
            )
        print(f"   {'record an update':<28} {Stats.of(samples_of['update']).line(floor)}")
        _summary(db, ws_id, count, now)
        if count == max(sizes((1_000, 10_000, 100_000), (1_000, 10_000))):
            _rss(url, external, rep.platform_id)
    finally:
        db.engine.dispose()


def _first_answers(
    assistant: Assistant,
    say: Callable[[int, str], str],
    ws_id: int,
    names: dict[int, str],
    ids: list[int],
    count: int,
) -> None:
    """The first answers of a process that just started: the deal index is not in memory yet."""
    started = time.perf_counter()
    assert say(-1, f"{names[ids[0]]}?") == "answer"
    first = time.perf_counter() - started
    assert say(-2, f"{names[ids[1]]}?") == "answer"
    second = time.perf_counter() - started - first
    while assistant.names.get(ws_id) is None:  # a large index loads in the background meanwhile
        assert time.perf_counter() - started < 300 and not assistant.names.failures, "the index never loaded"
        time.sleep(0.01)
    loaded = time.perf_counter() - started
    print(
        f"   first answers after a start: {first * 1000:.0f} ms, then {second * 1000:.0f} ms;"
        f" whole index ({count:,} names) in memory after {loaded:.2f} s"
    )


def _ask(say: Callable[[int, str], str], question: str, n: int) -> None:
    say(n, question)


def _summary(db: Database, ws_id: int, count: int, now: datetime) -> None:
    """The weekly summary's median build, beside a primary-key select timed in the same rounds."""
    text = ""
    with db.unit_of_work() as session:
        deal_id = session.scalars(select(Deal.id).where(Deal.workspace_id == ws_id).limit(1)).one()

    def floor_call(_n: int) -> None:
        with db.unit_of_work() as session:
            session.get(Deal, deal_id)
            session.expunge_all()

    def build(_n: int) -> None:
        nonlocal text
        with db.unit_of_work() as session:
            workspace = session.get(Workspace, ws_id)
            channel = session.scalars(select(Channel).where(Channel.workspace_id == ws_id)).first()
            assert workspace is not None
            text = build_summary(session, workspace, channel, now).text

    build(0)  # a first build warms the caches every later one finds warm too
    samples = interleaved({"floor": floor_call, "summary": build}, pick(7, 5))
    floor, summary = Stats.of(samples["floor"]), Stats.of(samples["summary"])
    target = SUMMARY_TARGETS.get(count)
    goal = f"[<= {target:.1f} s: {verdict(summary.p50 <= target)}]" if target else ""
    print(
        f"   {'weekly summary':<28} median {summary.p50 * 1000:7.0f} ms of {summary.n} builds"
        f" = {summary.p50 / floor.p50:,.0f}x floor p50 ({floor.p50 * 1000:.2f} ms primary-key select),"
        f" {len(text):,} chars {goal}"
    )


def _rss(url: str, external: str, rep: str) -> None:
    """RSS of a fresh process that loaded this workspace and answered a few dozen messages."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.rss_probe", url, external, rep],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if result.returncode != 0:
        print(f"   RSS probe failed: {result.stderr.strip()[-500:]}")
        return
    print(f"   {result.stdout.strip()}")


if __name__ == "__main__":
    if QUICK:
        print("(quick mode)")
    run()
