"""A `ParsedMessage` to JSON and back, so a pending question can finish its update after a restart."""

from __future__ import annotations

from datetime import date
from typing import Any

from nlp.types import DealUpdate, ParsedMessage

_DATES = ("due", "park_until", "close_by")


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, DealUpdate):
        return {name: _plain(v) for name, v in zip(DealUpdate._fields, value, strict=True)}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def dump_parsed(parsed: ParsedMessage) -> dict[str, Any]:
    """Every field of `parsed` as plain JSON (the per-deal `updates` as objects)."""
    return {name: _plain(value) for name, value in zip(ParsedMessage._fields, parsed, strict=True)}


def _fields(data: dict[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
    for name in _DATES:
        if values.get(name):
            values[name] = date.fromisoformat(values[name])
    if "candidates" in values:
        values["candidates"] = tuple(values["candidates"] or ())
    return values


def load_parsed(data: dict[str, Any]) -> ParsedMessage:
    """The `ParsedMessage` that `dump_parsed` wrote (unknown keys are ignored)."""
    values = _fields(data, ParsedMessage._fields)
    values["updates"] = tuple(
        DealUpdate(**_fields(u, DealUpdate._fields)) for u in data.get("updates") or () if isinstance(u, dict)
    )
    values.setdefault("intent", "other")
    return ParsedMessage(**values)
