"""What one deal's line says in each list: its step, owner, dates, amount (in its currency),
temperature and rep. Everything comes from the deal's row (and its rep, loaded with it)."""

from __future__ import annotations

from collections.abc import Callable

from assistant.context import Turn
from assistant.formatting import due_phrase, format_age, format_date, owner_phrase, quote
from assistant.paging import ListSpec
from assistant.summary_format import money, park_reason_words, rep_name
from assistant.updates import STREAK_WARNING
from storage.models import Deal


def money_of(deal: Deal) -> str | None:
    """The deal's amount in the currency it was written in, or None."""
    return money(deal.amount, deal.currency) or None


def park_reason_text(deal: Deal) -> str | None:
    """Why a deal was parked, without the deal's own name the update began with ("Hooli: ...")."""
    return park_reason_words(deal.name, deal.park_reason) or None if deal.park_reason else None


def _tags(deal: Deal, *, rep: bool = True) -> list[str]:
    """Amount, temperature and rep: what every list line shows about a deal."""
    tags = [t for t in (money_of(deal), deal.temperature) if t]
    if rep:
        tags.append(rep_name(deal))
    return tags


# -- what one deal's line says in each list -----------------------------------------------------
def _waiting_on_us_line(turn: Turn, d: Deal) -> str:
    parts = [f"{d.name} — {d.next_step or 'no next step named'}"]
    if d.due_date:
        parts.append(due_phrase(d.due_date, turn.today))
    if d.owner_since:
        parts.append(f"on us since {format_age(d.owner_since, turn.now)}")
    if d.us_streak >= STREAK_WARNING:
        parts.append(f"⚠ {d.us_streak} updates in a row")
    return " · ".join(parts + _tags(d))


def _waiting_on_prospect_line(turn: Turn, d: Deal) -> str:
    parts = [f"{d.name} — they owe: {d.next_step or 'a reply'}"]
    if d.owner_since:
        parts.append(f"since {format_date(d.owner_since.astimezone(turn.tz).date(), turn.today)}")
    if d.due_date:
        parts.append(due_phrase(d.due_date, turn.today))
    return " · ".join(parts + _tags(d))


def _overdue_line(turn: Turn, d: Deal) -> str:
    step = d.next_step or "next step"
    when = due_phrase(d.due_date, turn.today) if d.due_date else "overdue"
    return " · ".join([f"{d.name} — {step}", owner_phrase(d.next_step_owner), when, *_tags(d)])


def _stale_line(turn: Turn, d: Deal) -> str:
    return " · ".join([f"{d.name} — last update {format_age(d.updated_at, turn.now)}", *_tags(d)])


def _parked_line(turn: Turn, d: Deal) -> str:
    back = f"back {format_date(d.park_until, turn.today)}" if d.park_until else "parked"
    reason = park_reason_text(d)
    parts = [f"{d.name} — {back}"]
    if reason:
        parts.append(f"parked because: {quote(reason, 80)}")
    return " · ".join(parts + _tags(d))


def pipeline_line(turn: Turn, d: Deal, *, rep: bool = False) -> str:
    """A deal in a pipeline: stage, amount, temperature, next step and its owner, due date."""
    parts = [d.name]
    if d.stage:
        parts.append(d.stage)
    parts += [t for t in (money_of(d), d.temperature) if t]
    if d.park_until and d.park_until > turn.today:
        parts.append(f"parked until {format_date(d.park_until, turn.today)}")
    elif d.next_step:
        parts.append(f"next: {d.next_step} ({owner_phrase(d.next_step_owner)})")
    elif d.next_step_owner:
        parts.append(owner_phrase(d.next_step_owner))
    elif d.closed_at is None:
        parts.append("no next step")
    if d.due_date and d.closed_at is None:
        parts.append(due_phrase(d.due_date, turn.today))
    if rep:
        parts.append(rep_name(d))
    return " · ".join(parts)


def _closing_line(turn: Turn, d: Deal) -> str:
    assert d.close_by is not None
    return f"{pipeline_line(turn, d, rep=True)} · closes {format_date(d.close_by, turn.today)}"


_LINES: dict[str, Callable[[Turn, Deal], str]] = {
    "waiting_on_us": _waiting_on_us_line,
    "waiting_on_prospect": _waiting_on_prospect_line,
    "overdue": _overdue_line,
    "stale": _stale_line,
    "parked": _parked_line,
    "closing": _closing_line,
}


def line_for(turn: Turn, spec: ListSpec) -> Callable[[Deal], str]:
    special = _LINES.get(spec.kind)
    if special is not None:
        return lambda d: special(turn, d)
    return lambda d: pipeline_line(turn, d, rep=spec.rep_id is None)
