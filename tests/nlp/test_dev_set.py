"""The labelled dev set (../shared/eval/dev_set.jsonl, copied to tests/data), scored like
../shared/eval/score.py on every field, the second wave's included: every message all right."""

from __future__ import annotations

from pathlib import Path

from tests.nlp.scoring import score

DEV_SET = Path(__file__).resolve().parent.parent / "data" / "dev_set.jsonl"
MINIMUM = 100.0  # measured 100.0% (102/102)


def test_dev_set_score() -> None:
    percent, misses = score(DEV_SET)
    assert percent >= MINIMUM, f"{percent:.1f}% of messages all right; misses: {misses}"
