"""Answers, updates and the weekly summary at 1k / 10k / 100k deals (~10 updates each), SQLite and PostgreSQL.

Each size gets a freshly migrated database seeded by bench/seed.py (shared-word names, the parser's
worst case; 25 reps with first names; temperatures and expected close dates) and the real Assistant
(parser included) answering through its public API:

- floor: a primary-key select in its own unit of work (what any answer costs at least);
- "Deal?" for random deals, every list answer a manager can ask (`LISTS`: each query kind that lists
  deals and its common narrowed forms: a rep's, a stage's, hot, due this week, closing this month
  or quarter, the forecast, reps behind, a deal's history), each round a different wording, rep or
  deal; and recording an update; p50/p99 and the ratio to the floor; each list's p50 also as a ratio
  to "Deal?" (target <= 4x), "Deal?" p99 (target <= 10 ms);
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
from bench.seed import REPS, rep_name, seed
from nlp import MessageParser
from storage.db import Database
from storage.models import Channel, Deal, Workspace

# Every list answer a manager can ask: (label, the query and filters it must parse to, wordings). A
# round asks the next wording, about the next of the 25 seeded reps ({rep}) or of the sampled deals
# ({deal}), so no two rounds send the same message.
LISTS: tuple[tuple[str, dict[str, object], tuple[str, ...]], ...] = (
    (
        "waiting on us",
        {"query": "waiting_on_us"},
        ("what's waiting on us?", "which deals is the ball in our court?"),
    ),
    (
        "waiting on them",
        {"query": "waiting_on_prospect"},
        ("what are we waiting on from prospects?", "which deals are waiting on the customer?"),
    ),
    (
        "waiting on them: a rep",
        {"query": "waiting_on_prospect", "rep": True},
        ("what are we waiting on for {rep}?", "which of {rep}'s deals are waiting on the customer?"),
    ),
    ("overdue", {"query": "overdue"}, ("anything overdue?", "which follow-ups are late?")),
    (
        "overdue: a rep",
        {"query": "overdue", "rep": True},
        ("what's overdue for {rep}?", "which of {rep}'s deals are overdue?"),
    ),
    ("gone quiet", {"query": "stale"}, ("which deals have gone quiet?", "which deals haven't been updated?")),
    ("parked", {"query": "parked"}, ("what's parked?", "parked")),
    (
        "parked: back this month",
        {"query": "parked", "period": "month"},
        ("what comes back this month?", "what's coming back this month?"),
    ),
    ("my pipeline", {"query": "pipeline", "rep": True}, ("show me my pipeline", "my deals")),
    ("a rep's pipeline", {"query": "pipeline", "rep": True}, ("show me {rep}'s deals", "{rep}'s pipeline")),
    ("all deals", {"query": "pipeline"}, ("all deals", "show me the whole pipeline")),
    (
        "a stage: demo",
        {"query": "pipeline", "stage": "demo"},
        ("which deals are in demo?", "what's in demo?"),
    ),
    (
        "a stage: proposal",
        {"query": "pipeline", "stage": "proposal"},
        ("what's in proposal?", "which deals are in proposal?"),
    ),
    (
        "a rep in a stage",
        {"query": "pipeline", "rep": True, "stage": True},
        ("{rep}'s deals in proposal", "what does {rep} have in demo?"),
    ),
    ("won", {"query": "pipeline", "stage": "won"}, ("which deals have we won?", "what have we won?")),
    ("hot", {"query": "hot", "temperature": "hot"}, ("which deals are hot?", "hot deals")),
    (
        "hot: a rep",
        {"query": "hot", "rep": True, "temperature": "hot"},
        ("{rep}'s hot deals", "which of {rep}'s deals are hot?"),
    ),
    ("due today", {"query": "due_today"}, ("what's due today?", "what's due today for the team?")),
    ("my day", {"query": "due_today", "rep": True}, ("my day", "what do I have today?")),
    (
        "due this week",
        {"query": "due_today", "period": "week"},
        ("what's due this week?", "what's due this week for the team?"),
    ),
    (
        "closing this month",
        {"query": "forecast", "period": "month"},
        ("what's closing this month?", "which deals close this month?"),
    ),
    (
        "closing this quarter",
        {"query": "forecast", "period": "quarter"},
        ("what's closing this quarter?", "which deals close this quarter?"),
    ),
    ("forecast", {"query": "forecast"}, ("how much is in the pipeline?", "pipeline by stage")),
    (
        "forecast: a rep",
        {"query": "forecast", "rep": True},
        ("how much does {rep} have in the pipeline?", "{rep}'s forecast"),
    ),
    (
        "reps behind",
        {"query": "reps"},
        ("which reps are behind on updates?", "who hasn't updated this week?"),
    ),
    (
        "history",
        {"query": "history", "deal": True},
        ("history of {deal}", "what happened with {deal} this month?"),
    ),
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
    check_wordings(parser)
    for dialect in dialects():
        for count in sizes((1_000, 10_000, 100_000), (1_000, 10_000)):
            with tempfile.TemporaryDirectory() as tmp, database(dialect, Path(tmp), f"core{count}") as url:
                _one(parser, dialect, count, url)


def _one(parser: MessageParser, dialect: str, count: int, url: str) -> None:
    now = datetime.now(UTC)
    started = time.perf_counter()
    seeded = seed(
        url,
        lambda _w: corpus.shared_word_names(count),
        deals=count,
        now=now,
        rep_names=rep_name,
        forecast=True,
    )
    print(
        f"\n   [{dialect}, {count:,} deals, {seeded.updates:,} updates]"
        f" seeded in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    db = Database.from_url(url)
    try:
        ws_id, external = seeded.workspaces[0]
        assistant = Assistant(db, parser, SystemClock())
        rep = Person(seeded.rep_ids[ws_id][1], rep_name(1), "America/Chicago")
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

        samples = pick(120, 60)
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
        for label, _parsed, wordings in LISTS:
            for n in range(len(wordings)):
                _ask(say, wordings, [names[d] for d in picks], label, n)
        # Interleaved, one sample of each per round: a busy moment of the machine hits every figure
        # alike, so the ratios compare like with like.
        calls: dict[str, Callable[[int], object]] = {"floor": floor_call, "deal": deal_call}
        for label, _parsed, wordings in LISTS:
            calls[label] = partial(_ask, say, wordings, [names[d] for d in picks], label)
        calls["update"] = update_call
        samples_of = interleaved(calls, samples)
        floor, deal = Stats.of(samples_of["floor"]), Stats.of(samples_of["deal"])
        print(f"   {'floor: primary-key select':<28} {floor.line()}")
        print(
            f"   {DEAL_LABEL:<28} {deal.line(floor)}  "
            f"[p99 <= {DEAL_P99_TARGET * 1000:.0f} ms: {verdict(deal.p99 <= DEAL_P99_TARGET)}]"
        )
        for label, _parsed, _wordings in LISTS:
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


def _ask(
    say: Callable[[int, str], str], wordings: tuple[str, ...], deals: list[str], label: str, n: int
) -> None:
    """Round n's wording of a list question, about rep n (of the seeded 25) or deal n of the sample."""
    text = wordings[n % len(wordings)].format(rep=rep_name(n % REPS), deal=deals[n % len(deals)])
    kind = say(n, text)
    assert kind == "answer", (label, text, kind)


def check_wordings(parser: MessageParser) -> None:
    """Every wording parses to the list it times (a parser change must not quietly time another)."""
    now = datetime.now(UTC)
    deal = "Acme Globex 000123"
    for label, expected, wordings in LISTS:
        for wording in wordings:
            for r in (0, 7):
                text = wording.format(rep=rep_name(r), deal=deal)
                parsed = parser.parse(text, now=now, tz="UTC", deals=[deal])
                for field, want in {"rep": None, "stage": None, "temperature": None, **expected}.items():
                    got = getattr(parsed, field)
                    ok = got is not None if want is True else got == want
                    assert ok, f"{label}: {text!r} parses {field}={got!r}, not {want!r}"


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
