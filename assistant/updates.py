"""Applying what a rep said to a deal, and taking it back.

Every change is recorded as field -> [old, new] (JSON) on the update, so undo, an
edited or a deleted message can put the old values back. A field is only put
back while it still holds the value this update gave it: a later update wins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from assistant.context import Turn
from assistant.formatting import as_sentence, without_deal_label
from assistant.parsed_store import dump_parsed
from nlp.types import CLOSED_STAGES, ParsedMessage
from nlp.types import DealUpdate as DealNews
from storage.models import Deal, DealUpdate

DATE_FIELDS = frozenset({"due_date", "park_until", "close_by"})
TIME_FIELDS = frozenset({"closed_at", "owner_since", "updated_at"})
# Bookkeeping the log keeps for undo but a confirmation does not mention.
BOOKKEEPING = frozenset({"us_streak", "owner_since", "updated_at", "closed_at", "park_reason"})
STREAK_WARNING = 3  # "3 updates in a row waiting on us" from this many on


def encode(field: str, value: Any) -> Any:
    if value is None:
        return None
    if field in TIME_FIELDS:
        return value.astimezone(UTC).isoformat()
    if field in DATE_FIELDS:
        return value.isoformat()
    return value


def decode(field: str, value: Any) -> Any:
    if value is None:
        return None
    if field in DATE_FIELDS:
        return date.fromisoformat(value)
    if field in TIME_FIELDS:
        return datetime.fromisoformat(value)
    return value


def planned_values(deal: Deal, news: DealNews, raw_text: str, turn: Turn) -> dict[str, Any]:
    """The deal's fields after this update (only those it sets, with bookkeeping); {} when none changes."""
    return with_bookkeeping(deal, plan_fields(deal, news, raw_text, turn.now), turn.now)


def plan_fields(deal: Deal, news: DealNews, raw_text: str, now: datetime) -> dict[str, Any]:
    """The fields this update sets, before bookkeeping.

    A next step of None keeps the stored step (its owner and due date may still move): "still
    nothing from engineering" reads the owner, "pushed to end of Q1" moves the date.
    """
    values: dict[str, Any] = {}
    if news.stage:
        values["stage"] = news.stage
    if news.amount is not None and news.amount >= 0:
        values["amount"] = news.amount
        if news.currency:
            values["currency"] = news.currency.upper()
    if news.temperature:
        values["temperature"] = news.temperature
    if news.close_by:
        values["close_by"] = news.close_by
    if news.stage in CLOSED_STAGES:
        values.update(next_step=None, next_step_owner=None, due_date=None, park_until=None, park_reason=None)
        values["closed_at"] = deal.closed_at or now
    else:
        if news.stage and deal.closed_at is not None:
            values["closed_at"] = None  # reopened
        _plan_next_step(deal, news, values)
        parks = bool(news.park_until) and not news.unpark
        if parks:
            values["park_until"] = news.park_until
            values["park_reason"] = as_sentence(without_deal_label(raw_text, deal.name))
        elif deal.park_until and (
            news.unpark or any(k in values for k in ("next_step", "next_step_owner", "due_date"))
        ):
            values["park_until"] = None  # back from the parking lot, or news on a parked deal
            values["park_reason"] = None
    return values


def with_bookkeeping(
    deal: Deal, values: dict[str, Any], now: datetime, *, always: bool = False
) -> dict[str, Any]:
    """`values` plus the streak, owner-since and freshness; {} when nothing would really change.

    `always` keeps the bookkeeping for a deal just created (its first message is its first update).
    """
    if not always and all(getattr(deal, field) == value for field, value in values.items()):
        return {}
    _plan_bookkeeping(deal, values, now, parked=bool(values.get("park_until", deal.park_until)))
    return values


def _plan_next_step(deal: Deal, news: DealNews, values: dict[str, Any]) -> None:
    new_step = news.next_step.strip() if news.next_step else None
    if new_step:
        values["next_step"] = new_step
        if new_step != deal.next_step and news.due is None:
            values["due_date"] = None  # the old due date belonged to the old step
    if news.owner:
        values["next_step_owner"] = news.owner
    if news.due and (not news.park_until or news.unpark):
        values["due_date"] = news.due


def _plan_bookkeeping(deal: Deal, values: dict[str, Any], now: datetime, *, parked: bool) -> None:
    owner = values.get("next_step_owner", deal.next_step_owner)
    if owner != deal.next_step_owner:
        values["owner_since"] = now
    closed = values.get("closed_at", deal.closed_at) is not None
    values["us_streak"] = deal.us_streak + 1 if owner == "us" and not closed and not parked else 0
    values["updated_at"] = now


def set_fields(
    deal: Deal, values: Mapping[str, Any], write: Callable[[Deal, dict[str, Any]], bool] | None = None
) -> dict[str, list[Any]]:
    """Set `values` on the deal; return field -> [old, new] (JSON) of what really changed.

    `write`: stores what changed at once (`Deals.write`); when it cannot, the flush does.
    """
    changes: dict[str, list[Any]] = {}
    changed: dict[str, Any] = {}
    for field, new in values.items():
        old = getattr(deal, field)
        if old != new:
            changes[field] = [encode(field, old), encode(field, new)]
            changed[field] = new
    if write is None or not write(deal, changed):
        for field, new in changed.items():
            setattr(deal, field, new)
    return changes


def apply_update(
    turn: Turn,
    deal: Deal,
    values: Mapping[str, Any],
    *,
    parsed: ParsedMessage,
    message_id: str,
    raw_text: str,
    author_id: int | None,
    channel_id: str | None,
    thread_id: str | None,
    replacing: DealUpdate | None = None,
) -> DealUpdate:
    """Set the planned `values` on `deal` and log the message verbatim (or rewrite `replacing`)."""
    if replacing is not None:
        changes = set_fields(deal, values)
        turn.touched(deal.rep)
        replacing.deal_id = deal.id
        replacing.raw_text = raw_text
        replacing.parsed = dump_parsed(parsed)
        replacing.changes = changes
        replacing.retracted_at = None
        turn.session.flush()
        return replacing
    # A new update: the deal's columns and the log's row in one statement each, no flush.
    changes = set_fields(deal, values, turn.deals.write)
    turn.touched(deal.rep)
    return turn.log.append(
        deal_id=deal.id,
        author_id=author_id,
        message_id=message_id,
        raw_text=raw_text,
        parsed=dump_parsed(parsed),
        changes=changes,
        now=turn.now,
        channel_id=channel_id,
        thread_id=thread_id,
    )


def amend(turn: Turn, update: DealUpdate, deal: Deal, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """A button fixes what an update did: set `values` and fold them into the update's changes."""
    values = dict(values)
    values.setdefault("updated_at", turn.now)
    if "next_step_owner" in values:
        owner = values["next_step_owner"]
        if owner != deal.next_step_owner:
            values["owner_since"] = turn.now
        base = update.changes.get("us_streak", [deal.us_streak])[0] or 0
        values["us_streak"] = base + 1 if owner == "us" else 0
    changes = set_fields(deal, values)
    merged = dict(update.changes)
    for field, (old, new) in changes.items():
        merged[field] = [merged[field][0] if field in merged else old, new]
    update.changes = {k: v for k, v in merged.items() if v[0] != v[1]}
    turn.touched(deal.rep)
    return changes


def revert(turn: Turn, update: DealUpdate, deal: Deal | None) -> None:
    """Put back what `update` changed (where nothing later changed it again) and retract it."""
    if deal is not None and update.retracted_at is None:
        for field, (old, new) in update.changes.items():
            if encode(field, getattr(deal, field)) == new:
                setattr(deal, field, decode(field, old))
        if "name" in update.changes:
            turn.names_changed = True
        if "rep_id" in update.changes:
            turn.session.flush()
            turn.session.expire(deal, ["rep"])
        turn.touched(deal.rep)
    update.retracted_at = turn.now


def snoozed_due(deal: Deal, today: date, weeks: int = 1) -> date:
    """A week after the current due date (or after today when there is none or it passed)."""
    base = deal.due_date if deal.due_date and deal.due_date >= today else today
    return base + timedelta(weeks=weeks)
