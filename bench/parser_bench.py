"""Parsing messages it has never seen, with 10,000 and 100,000 known deals: throughput, latency, start-up,
and building the deal index; each figure beside spaCy's blank tokenizer on the same input in the same run.

Messages come from bench/corpus.py's templates with random deal names, dates and people (none from
the dev set): 10% with a typo in the name, some lower-case. Two name sets: invented names, and
names sharing words ("Acme Globex 000123"), the index's worst case. Each round parses messages no
earlier round (nor the warm-up) saw; throughput is the median over rounds and latency percentiles are
over every parse (no best-of). The floor is spaCy's blank English tokenizer on the same messages.

- Start-up: a fresh interpreter importing the parser, building it and parsing one message, beside one
  that imports spaCy and tokenizes the message with `spacy.blank("en")` (median of 3).
- Building the deal index for 100,000 names: time (median of 3), the peak of Python allocations while
  it is built (tracemalloc) and the RSS it adds, beside spaCy's tokenizer over the same names; and what
  spaCy's PhraseMatcher alone costs for the same full names (one match key, patterns as LOWER hashes:
  its cheapest form), the design nlp/README.md weighs against the index.

Times are wall-clock, and also CPU time (this thread's, or the child's for start-up): on a machine
shared with other work, the CPU time is what one core spends; each target is judged on both. The
100,000-deal rates are also printed as a ratio of the 10,000-deal rate of the same run, which a busy
machine slows alike.

Also: the full garbage collection pause with a 100,000-name index loaded, before and after
`gc.freeze()` (what assistant/deal_names.py does after loading a large index).
Targets: start-up to first parse <= 1.5 s; the index for 100,000 names built in <= 1 s and <= 100 MB;
>= 3,000 messages/s and p99 <= 2 ms with 10,000 deals; >= 5,000 messages/s with shared-word names at
100,000 deals.
"""

from __future__ import annotations

import gc
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from bench import corpus
from bench.common import QUICK, Stats, pick, rss_mb, verdict
from nlp import DealIndex, MessageParser
from nlp.deals import name_tokens, tokenize

START_TARGET = 1.5
BUILD_TARGET_S = 1.0
BUILD_TARGET_MB = 100.0
RATE_10K_TARGET = 3_000.0
P99_10K_TARGET = 0.002
RATE_SHARED_TARGET = 5_000.0
ROUNDS = 3

_FIRST_PARSE = (
    "from datetime import datetime\n"
    "from nlp import MessageParser\n"
    "MessageParser().parse('Hooli: sent the quote, they sign by Friday', now=datetime(2026, 11, 24, 10),"
    " tz='UTC', deals=['Hooli'])\n"
)
_FIRST_TOKENS = "import spacy\nspacy.blank('en')('Hooli: sent the quote, they sign by Friday')\n"


def run() -> None:
    import spacy

    _start_up()
    blank = spacy.blank("en")
    built = pick(100_000, 20_000)
    for kind, names in (
        ("invented names", corpus.distinct_names(built)),
        ("shared-word names", corpus.shared_word_names(built)),
    ):
        _build(kind, names, DealIndex, blank)
    parser = MessageParser()
    count = pick(3_000, 800)
    first: float | None = None  # the CPU-time rate with 10,000 invented names, to compare the others with
    for kind, make, deals, target, p99_target in (
        ("invented names", corpus.distinct_names, 10_000, RATE_10K_TARGET, P99_10K_TARGET),
        ("invented names", corpus.distinct_names, pick(100_000, 20_000), None, None),
        ("shared-word names", corpus.shared_word_names, pick(100_000, 20_000), RATE_SHARED_TARGET, None),
    ):
        names = make(deals)
        index = DealIndex(names)
        cpu_rate = _parse(kind, names, index, parser, blank, count, target, p99_target)
        if first is None:
            first = cpu_rate
        else:  # a busy machine slows every figure: the ratio within one run says what the deals cost
            print(f"     = {cpu_rate / first:4.2f}x the CPU-time rate with 10,000 invented names in this run")
        if "shared" in kind:
            _gc_pause()
        del index


def _start_up() -> None:
    """A fresh process to its first parse, beside one to its first spaCy tokenization."""
    runs = 1 if QUICK else 3
    first, first_cpu = _medians([_process(_FIRST_PARSE) for _ in range(runs)])
    floor, floor_cpu = _medians([_process(_FIRST_TOKENS) for _ in range(runs)])
    print(
        f"   start-up to first parse {first:5.2f} s, CPU {first_cpu:4.2f} s  (floor: spaCy blank to first"
        f" tokens {floor:5.2f} s, CPU {floor_cpu:4.2f} s = {first / floor:4.1f}x)"
        f"  [<= {START_TARGET} s: {_verdicts(first, first_cpu, START_TARGET)}]"
    )


def _medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _verdicts(wall: float, cpu: float, most: float) -> str:
    """Whether the wall-clock and the CPU-time figure are each at most `most`."""
    return f"{verdict(wall <= most)}, on CPU time {verdict(cpu <= most)}"


def _process(code: str) -> tuple[float, float]:
    """Wall and CPU seconds of a fresh interpreter running `code`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _build(kind: str, names: list[str], make: Callable[[list[str]], DealIndex], blank: Any) -> None:
    """Time (median of 3), peak Python allocations and RSS of building the index, beside tokenizing."""
    times, cpu_times, floors = [], [], []
    rss_added = 0.0
    for _ in range(3):
        gc.collect()
        before = rss_mb()
        started, started_cpu = time.perf_counter(), time.thread_time()
        index = make(names)
        cpu_times.append(time.thread_time() - started_cpu)
        times.append(time.perf_counter() - started)
        gc.collect()
        rss_added = max(rss_added, rss_mb() - before)
        del index
        started = time.perf_counter()
        for _doc in blank.tokenizer.pipe(names):
            pass
        floors.append(time.perf_counter() - started)
    gc.collect()
    tracemalloc.start()
    index = make(names)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # The typo buckets are filed on the first typo lookup, not when the index is built.
    typo = f"{names[len(names) // 2]}x: sent the quote"
    started = time.perf_counter()
    index.find(tokenize(typo.lower(), typo), lower=typo.lower())
    first_typo = time.perf_counter() - started
    del index
    seconds, floor, peak_mb = statistics.median(times), statistics.median(floors), peak / 2**20
    cpu_seconds = statistics.median(cpu_times)
    goal = ""
    if len(names) >= 100_000:
        times_ok = _verdicts(seconds, cpu_seconds, BUILD_TARGET_S)
        memory_ok = verdict(peak_mb <= BUILD_TARGET_MB)
        goal = f"  [<= {BUILD_TARGET_S:.0f} s: {times_ok}; <= {BUILD_TARGET_MB:.0f} MB: {memory_ok}]"
    print(
        f"   deal index of {len(names):,} {kind}: built in {seconds:5.2f} s (CPU {cpu_seconds:4.2f} s),"
        f" peak {peak_mb:4.0f} MB (RSS +{rss_added:.0f} MB)  (floor: spaCy tokenizer over the names"
        f" {floor:5.2f} s = {seconds / floor:4.1f}x){goal}"
    )
    print(f"     the first typo lookup then files the name words for typos: {first_typo:5.2f} s")
    _phrase_matcher_line(names, blank.vocab)


def _phrase_matcher(names: list[str], vocab: Any) -> Any:
    """spaCy's PhraseMatcher holding every name under one match key ("DEAL"), its patterns the names'
    words as LOWER hashes added in batches: no Doc per name and no growth of the vocabulary, so the
    cheapest way to match known deals with it (nlp/README.md, "Why not spaCy's PhraseMatcher")."""
    from spacy.matcher import PhraseMatcher

    matcher: Any = PhraseMatcher(vocab, attr="LOWER")
    strings = vocab.strings  # strings[word] is its hash; the word is not stored
    hashes: dict[str, int] = {}
    batch: list[list[int]] = []
    for name in names:
        batch.append(
            [hashes.get(word) or hashes.setdefault(word, strings[word]) for word in name_tokens(name)]
        )
        if len(batch) == 10_000:
            matcher.add("DEAL", batch)
            batch = []
    if batch:
        matcher.add("DEAL", batch)
    return matcher


def _phrase_matcher_line(names: list[str], vocab: Any) -> None:
    """What the PhraseMatcher alone costs for the same names (their full names only: no part, respaced or
    typo form), beside the index."""
    gc.collect()
    before = rss_mb()
    started, started_cpu = time.perf_counter(), time.thread_time()
    matcher = _phrase_matcher(names, vocab)
    seconds, cpu_seconds = time.perf_counter() - started, time.thread_time() - started_cpu
    gc.collect()
    rss_added = rss_mb() - before
    del matcher
    gc.collect()
    tracemalloc.start()
    matcher = _phrase_matcher(names, vocab)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del matcher
    print(
        f"     spaCy PhraseMatcher of the full names alone (one key, LOWER hashes): built in {seconds:5.2f} s"
        f" (CPU {cpu_seconds:4.2f} s), peak {peak / 2**20:4.0f} MB (RSS +{rss_added:.0f} MB), on top of"
        " the parts, respaced forms and typos the index needs anyway"
    )


def _parse(
    kind: str,
    names: list[str],
    index: DealIndex,
    parser: MessageParser,
    blank: Any,
    count: int,
    target: float | None,
    p99_target: float | None,
) -> float:
    """Print the throughput and latencies; return the CPU-time rate."""
    parse = parser.parse
    make_doc = blank.make_doc
    for text, now, tz in corpus.messages(
        names, 200, seed=1
    ):  # warm up (the typo index is built on first use)
        parse(text, now=now, tz=tz, deals=index)
    parse_times: list[float] = []
    cpu_times: list[float] = []
    token_times: list[float] = []
    rates, cpu_rates = [], []
    clock, cpu = time.perf_counter, time.thread_time
    for round_ in range(ROUNDS):
        messages = corpus.messages(names, count, seed=100 + round_)  # none parsed before
        round_start, round_cpu = clock(), cpu()
        for text, now, tz in messages:
            start, start_cpu = clock(), cpu()
            parse(text, now=now, tz=tz, deals=index)
            cpu_times.append(cpu() - start_cpu)
            parse_times.append(clock() - start)
        rates.append(len(messages) / (clock() - round_start))
        cpu_rates.append(len(messages) / (cpu() - round_cpu))
        for text, _now, _tz in messages:
            start = clock()
            make_doc(text)
            token_times.append(clock() - start)
    stats, tokens, on_cpu = Stats.of(parse_times), Stats.of(token_times), Stats.of(cpu_times)
    rate, cpu_rate = statistics.median(rates), statistics.median(cpu_rates)
    goals = []
    if target is not None:
        goals.append(f">= {target:,.0f}/s: {_verdicts(-rate, -cpu_rate, -target)}")
    if p99_target is not None:
        goals.append(f"p99 <= {p99_target * 1000:.0f} ms: {_verdicts(stats.p99, on_cpu.p99, p99_target)}")
    goal = f"  [{'; '.join(goals)}]" if goals else ""
    print(f"   {kind}, {len(names):,} deals, {ROUNDS} rounds of {count:,} unseen messages")
    print(
        f"     throughput {rate:8,.0f} messages/s; {cpu_rate:,.0f} per second of this thread's CPU time"
        f" (medians of {ROUNDS} rounds){goal}"
    )
    print(f"     per message {stats.line(tokens)} (floor: spaCy tokenizer {tokens.line()})")
    print(f"     per message, CPU time {on_cpu.line()}")
    return cpu_rate


def _gc_pause() -> None:
    """A full collection's pause with the index loaded, then after freezing it out of the collector's way."""
    gc.unfreeze()
    started = time.perf_counter()
    gc.collect()
    before = time.perf_counter() - started
    gc.freeze()
    started = time.perf_counter()
    gc.collect()
    after = time.perf_counter() - started
    gc.unfreeze()
    print(
        f"     full GC pause with the index loaded: {before * 1000:.0f} ms;"
        f" after gc.freeze(): {after * 1000:.1f} ms"
    )


if __name__ == "__main__":
    run()
