"""A second labelled set, written from PARSING.md alone (other deals, zones and wordings than the
dev set), scored like ../shared/eval/score.py on every field its gold names."""

from __future__ import annotations

from pathlib import Path

from tests.nlp.scoring import score

SECOND_SET = Path(__file__).resolve().parent.parent / "data" / "second_dev_set.jsonl"
MINIMUM = 100.0  # measured 100.0% (150/150)


def test_second_dev_set_score() -> None:
    percent, misses = score(SECOND_SET)
    assert percent >= MINIMUM, f"{percent:.1f}% of messages all right; misses: {misses}"
