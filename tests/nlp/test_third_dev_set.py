"""The third held-out set: 200 messages labelled blind from PARSING.md (other deals, eleven reference times
on five continents, other wordings than the dev and second sets), scored like ../shared/eval/score.py on
every field its gold names."""

from __future__ import annotations

from pathlib import Path

from tests.nlp.scoring import score

THIRD_SET = Path(__file__).resolve().parent.parent / "data" / "third_dev_set.jsonl"
MINIMUM = 99.5  # measured 99.5% (199/200); main's parser scored 89.0% (178/200) on it blind
# The miss left (arguable: questions.json reads a "run-down" as a deal's history, as "recap of Hooli"):
KNOWN_MISSES = {
    "t3-121",  # "give us the run-down on Kingsmere": history, not deal_status
}


def test_third_dev_set_score() -> None:
    percent, misses = score(THIRD_SET)
    new = [miss for miss in misses if miss[0] not in KNOWN_MISSES]
    assert not new, f"messages newly wrong: {new}"
    assert percent >= MINIMUM, f"{percent:.1f}% of messages all right; misses: {misses}"
