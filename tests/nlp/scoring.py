"""A labelled set scored like ../shared/eval/score.py: each message is right when every field its gold
names is right (`field_ok` is score.py's comparison)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from nlp import MessageParser

FIELDS = (
    "intent", "deal", "candidates", "owner", "due", "stage", "amount", "currency", "park_until", "unpark",
    "temperature", "close_by", "action", "new_name", "rep", "query", "period", "updates", "kw",
)  # fmt: skip


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        value = " ".join(value.split()).casefold()
        return value or None
    return value


def field_ok(field: str, gold: Any, pred: dict[str, Any]) -> bool:
    """The same comparison as score.py's field_ok."""
    if field == "updates":
        got = pred.get("updates") or []
        if not isinstance(got, list) or len(got) != len(gold):
            return False
        return all(
            isinstance(g, dict) and all(field_ok(k, v, g) for k, v in want.items())
            for want, g in zip(gold, got, strict=True)
        )
    if field == "candidates":
        cands = pred.get("candidates") or []
        return isinstance(cands, list) and {_norm(x) for x in cands} == {_norm(x) for x in gold or []}
    if field == "unpark":
        return bool(pred.get("unpark")) == bool(gold)
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


def score(path: Path) -> tuple[float, list[tuple[str, str, list[str]]]]:
    """The share of messages with every gold field right (in %), and the misses (id, text, fields)."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    parser = MessageParser()
    misses = []
    for item in items:
        pred = parser.parse(
            item["text"],
            now=datetime.fromisoformat(item["now"]),
            tz=item["tz"],
            deals=item["deals"],
            date_order=item.get("date_order"),  # the workspace's setting, where the item gives one
        ).to_json(item["id"])
        wrong = [f for f in FIELDS if f in item["gold"] and not field_ok(f, item["gold"][f], pred)]
        if wrong:
            misses.append((item["id"], item["text"], wrong))
    return 100 * (len(items) - len(misses)) / len(items), misses
