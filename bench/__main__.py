"""`python -m bench` (`make bench`): run every benchmark module that exists, one header each.

Each module has a `run() -> None` that prints its own numbers (p50/p99 latencies, throughput).
A module not written yet is skipped with a note; one that fails is reported and the rest still run.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback

BENCHES = [
    ("bench.parser_bench", "Parsing sales messages"),
    ("bench.core_bench", "Answers and updates with 100,000 deals (SQLite)"),
    ("bench.slack_bench", "Slack events over loopback"),
    ("bench.durability_bench", "Ack-to-reply through the inbox and outbox (Slack, loopback)"),
    ("bench.summary_bench", "Weekly summary for 10,000 deals"),
    ("bench.crm_bench", "CRM sync against the local HubSpot fake"),
]


def main(argv: list[str] | None = None) -> int:
    """Run the benches named in `argv` (short names like `core`), or all of them."""
    wanted = set(argv if argv is not None else sys.argv[1:])
    results = []
    for module_name, title in BENCHES:
        short = module_name.removeprefix("bench.").removesuffix("_bench")
        if wanted and short not in wanted:
            continue
        print(f"\n== {title} ({module_name}) ==", flush=True)
        results.append(run_one(module_name))
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
