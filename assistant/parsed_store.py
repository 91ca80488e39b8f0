"""A `ParsedMessage` to JSON and back, so a pending question can finish its update after a restart."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from nlp.types import ParsedMessage

_DATES = ("due", "park_until")


def dump_parsed(parsed: ParsedMessage) -> dict[str, Any]:
    """Every field of `parsed` as plain JSON."""
    data: dict[str, Any] = {}
    for f in fields(ParsedMessage):
        value = getattr(parsed, f.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif f.name == "extras":
            value = _jsonable(value)
        data[f.name] = value
    return data


def load_parsed(data: dict[str, Any]) -> ParsedMessage:
    """The `ParsedMessage` that `dump_parsed` wrote (unknown keys are ignored)."""
    known = {f.name for f in fields(ParsedMessage)}
    values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
    for name in _DATES:
        if values.get(name):
            values[name] = date.fromisoformat(values[name])
    if "candidates" in values:
        values["candidates"] = tuple(values["candidates"] or ())
    values.setdefault("intent", "other")
    return ParsedMessage(**values)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
