"""The labelled dev set, scored like ../shared/eval/score.py: at least 95% of messages all right."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from nlp import MessageParser

DEV_SET = Path(__file__).resolve().parent.parent / "data" / "dev_set.jsonl"
FIELDS = ("intent", "deal", "owner", "due", "stage", "amount", "park_until", "temperature", "query", "kw")
MINIMUM = 95.0


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        value = " ".join(value.split()).casefold()
        return value or None
    return value


def field_ok(field: str, gold: Any, pred: dict[str, Any]) -> bool:
    """The same comparison as score.py's field_ok."""
    if field == "kw":
        step = _norm(pred.get("next_step")) or ""
        return all(word.casefold() in step for word in gold)
    got = pred.get(field)
    if field == "amount":
        if gold is None or got is None:
            return gold is None and got is None
        try:
            return abs(float(got) - float(gold)) < 0.5
        except (TypeError, ValueError):
            return False
    return bool(_norm(got) == _norm(gold))


def test_dev_set_score() -> None:
    items = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    parser = MessageParser()
    misses = []
    for item in items:
        pred = parser.parse(
            item["text"], now=datetime.fromisoformat(item["now"]), tz=item["tz"], deals=item["deals"]
        ).to_json(item["id"])
        wrong = [f for f in FIELDS if f in item["gold"] and not field_ok(f, item["gold"][f], pred)]
        if wrong:
            misses.append((item["id"], item["text"], wrong))
    score = 100 * (len(items) - len(misses)) / len(items)
    assert score >= MINIMUM, f"{score:.1f}% of messages all right; misses: {misses}"
