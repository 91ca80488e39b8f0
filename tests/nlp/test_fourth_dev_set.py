"""The fourth held-out set: 200 messages labelled blind from PARSING.md (explicit dates in many forms, owner
wordings, a manager's list questions, actions in words and Slack/Teams markup; ten reference times on five
continents), scored like ../shared/eval/score.py on every field its gold names."""

from __future__ import annotations

from pathlib import Path

from tests.nlp.scoring import score

FOURTH_SET = Path(__file__).resolve().parent.parent / "data" / "fourth_dev_set.jsonl"
MINIMUM = 99.5  # measured 99.5% (199/200); main's parser scored 94.0% (188/200) on it blind
# The misses left, all of families reworked elsewhere (the owner rules, the list questions):
KNOWN_MISSES = {
    "b4_134",  # "kindly share all deals in proposal stage": a list question (pipeline), read as an update
}


def test_fourth_dev_set_score() -> None:
    percent, misses = score(FOURTH_SET)
    new = [miss for miss in misses if miss[0] not in KNOWN_MISSES]
    assert not new, f"messages newly wrong: {new}"
    assert percent >= MINIMUM, f"{percent:.1f}% of messages all right; misses: {misses}"
