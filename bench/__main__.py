"""`python -m bench` (`make bench`): run every benchmark module that exists, one header each.

Each module has a `run() -> None` that prints its own numbers: medians and p99s, each beside a floor
measured in the same run (see bench/common.py). A module not written yet is skipped with a note;
one that fails is reported and the rest still run. `python -m bench core slack` runs those only
(`summary` runs the weekly summary alone). NEXTSTEP_BENCH_QUICK=1 for a short run; the database
benches also run on PostgreSQL when NEXTSTEP_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback

from bench.common import QUICK

BENCHES = [
    (
        "bench.parser_bench",
        "Parsing unseen messages with 10,000 and 100,000 known deals; start-up; the deal index",
    ),
    ("bench.core_bench", "Answers, lists, updates and the weekly summary at 1k/10k/100k deals"),
    ("bench.slack_bench", "Slack events over loopback at 50 and 200 events/s"),
    ("bench.workspaces_bench", "1,000 workspaces of 1,000 deals in one process"),
    ("bench.durability_bench", "Ack-to-reply through the inbox and outbox (Slack, loopback)"),
    ("bench.crm_bench", "CRM sync against the local HubSpot fake"),
]
ON_REQUEST = [("bench.summary_bench", "The weekly summary alone")]


def main(argv: list[str] | None = None) -> int:
    """Run the benches named in `argv` (short names like `core`), or all of them."""
    wanted = set(argv if argv is not None else sys.argv[1:])
    results = []
    started = time.perf_counter()
    if QUICK:
        print("quick mode (NEXTSTEP_BENCH_QUICK): smaller sizes, shorter runs")
    for module_name, title in BENCHES + ON_REQUEST:
        short = module_name.removeprefix("bench.").removesuffix("_bench")
        if (wanted and short not in wanted) or (not wanted and (module_name, title) in ON_REQUEST):
            continue
        print(f"\n== {title} ({module_name}) ==", flush=True)
        results.append(run_one(module_name))
    print(f"\nall benches: {time.perf_counter() - started:.0f} s")
    return 1 if "failed" in results else 0


def run_one(module_name: str) -> str:
    """Import and run one bench: "ok", "skipped" (not written yet) or "failed" (traceback printed)."""
    started = time.perf_counter()
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            print("   not written yet: skipped")
            return "skipped"
        traceback.print_exc()
        return "failed"
    try:
        module.run()
    except Exception:
        traceback.print_exc()
        print(f"   FAILED after {time.perf_counter() - started:.1f} s", flush=True)
        return "failed"
    print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    return "ok"


if __name__ == "__main__":
    raise SystemExit(main())
