"""Parsing messages it has never seen, with 100,000 known deals: throughput, latency, ratio to tokenizing.

Messages come from bench/corpus.py's templates with random deal names, dates and people (none from
the dev set): 10% with a typo in the name, some lower-case. Two name sets: invented names, and
names sharing words ("Acme Globex 000123"), the index's worst case. Every message is parsed in every
round; the figures are medians over rounds and percentiles over every parse (no best-of). The floor
is spaCy's blank English tokenizer on the same messages in the same run.

Also: the full garbage collection pause with a 100,000-name index loaded, before and after
`gc.freeze()` (what assistant/deal_names.py does after loading a large index).
Targets: >= 5,000 messages/s with shared-word names at 100,000 deals.
"""

from __future__ import annotations

import gc
import statistics
import time

from bench import corpus
from bench.common import Stats, pick, verdict

TARGET_RATE = 5_000.0
ROUNDS = 3


def run() -> None:
    import spacy

    from nlp import DealIndex, MessageParser

    deals = pick(100_000, 20_000)
    count = pick(3_000, 800)
    parser = MessageParser()
    blank = spacy.blank("en")
    for kind, names in (
        ("invented names", corpus.distinct_names(deals)),
        ("shared-word names", corpus.shared_word_names(deals)),
    ):
        built = time.perf_counter()
        index = DealIndex(names)
        build = time.perf_counter() - built
        messages = corpus.messages(names, count, seed=len(kind))
        for text, now, tz in messages[:200]:  # warm up (the typo index is built on first use)
            parser.parse(text, now=now, tz=tz, deals=index)
        parse_times: list[float] = []
        token_times: list[float] = []
        rates = []
        clock = time.perf_counter
        for _ in range(ROUNDS):
            round_start = clock()
            for text, now, tz in messages:
                start = clock()
                parser.parse(text, now=now, tz=tz, deals=index)
                parse_times.append(clock() - start)
            rates.append(len(messages) / (clock() - round_start))
            for text, _now, _tz in messages:
                start = clock()
                blank.make_doc(text)
                token_times.append(clock() - start)
        parse, tokens = Stats.of(parse_times), Stats.of(token_times)
        rate = statistics.median(rates)
        goal = f"  [>= {TARGET_RATE:,.0f}/s: {verdict(rate >= TARGET_RATE)}]" if "shared" in kind else ""
        print(f"   {kind}, {deals:,} deals (index built in {build:.1f} s), {len(messages):,} unseen messages")
        print(f"     throughput {rate:8,.0f} messages/s (median of {ROUNDS} rounds){goal}")
        print(f"     per message {parse.line(tokens)} (floor: spaCy tokenizer {tokens.line()})")
        if "shared" in kind:
            _gc_pause()
        del index


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
