"""A `ParsedMessage` to JSON and back, so a pending question can finish its update after a restart."""

from __future__ import annotations

from datetime import date
from typing import Any

from nlp.types import ParsedMessage

_DATES = ("due", "park_until")


def dump_parsed(parsed: ParsedMessage) -> dict[str, Any]:
    """Every field of `parsed` as plain JSON."""
    data: dict[str, Any] = {}
    value: Any
    for name, value in zip(ParsedMessage._fields, parsed, strict=True):
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        data[name] = value
    return data


def load_parsed(data: dict[str, Any]) -> ParsedMessage:
    """The `ParsedMessage` that `dump_parsed` wrote (unknown keys are ignored)."""
    known = set(ParsedMessage._fields)
    values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
    for name in _DATES:
        if values.get(name):
            values[name] = date.fromisoformat(values[name])
    if "candidates" in values:
        values["candidates"] = tuple(values["candidates"] or ())
    values.setdefault("intent", "other")
    return ParsedMessage(**values)
