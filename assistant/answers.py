"""Answers about one deal: its status and its history, from stored state (the rep is never pinged)."""

from __future__ import annotations

from assistant.context import Turn
from assistant.formatting import (
    author_name,
    due_phrase,
    format_age,
    format_amount,
    format_date,
    owner_phrase,
    quote,
)
from assistant.messages import Fact, Reply, Section
from assistant.replies import streak_warning
from storage.models import Deal

HISTORY_LIMIT = 10


def deal_status(turn: Turn, deal: Deal) -> Reply:
    """Stage, amount, next step, its owner, due (and overdue), last update's author and age."""
    today = turn.today
    head = [deal.name]
    if deal.stage:
        head.append(deal.stage)
    if deal.amount is not None:
        head.append(format_amount(deal.amount, deal.currency))
    if deal.temperature:
        head.append(deal.temperature)
    lines = [" · ".join(head)]
    facts: list[Fact] = []
    if deal.stage:
        facts.append(Fact("Stage", deal.stage))
    if deal.amount is not None:
        facts.append(Fact("Amount", format_amount(deal.amount, deal.currency)))
    if deal.temperature:
        facts.append(Fact("Temperature", deal.temperature))

    if deal.closed_at is not None:
        closed = f"Closed {deal.stage or ''} {format_age(deal.closed_at, turn.now)}".replace("  ", " ")
        lines.append(closed)
        facts.append(Fact("Closed", format_age(deal.closed_at, turn.now)))
    else:
        if deal.park_until and deal.park_until > today:
            back = format_date(deal.park_until, today)
            lines.append(
                f"Parked until {back}" + (f": “{quote(deal.park_reason, 80)}”" if deal.park_reason else "")
            )
            facts.append(Fact("Parked until", back))
        step = deal.next_step or "none yet"
        owner = owner_phrase(deal.next_step_owner) if deal.next_step_owner else None
        step_line = f"Next step: {step}" + (f" · {owner}" if owner else "")
        if deal.due_date:
            step_line += f" · {due_phrase(deal.due_date, today)}"
        lines.append(step_line)
        facts.append(Fact("Next step", step))
        if owner:
            facts.append(Fact("Owner", owner))
        if deal.due_date:
            facts.append(Fact("Due", due_phrase(deal.due_date, today).removeprefix("due ")))
        if deal.close_by:
            lines.append(f"Expected to close {format_date(deal.close_by, today)}")
            facts.append(Fact("Expected close", format_date(deal.close_by, today)))

    last = turn.log.latest_for_deal(deal.id)
    if last is not None:
        who = author_name(last)
        updated = f"Updated {format_age(last.created_at, turn.now)} by {who}: “{quote(last.raw_text, 100)}”"
    else:
        updated = f"Updated {format_age(deal.updated_at, turn.now)}"
    lines.append(updated)
    facts.append(Fact("Last update", updated.removeprefix("Updated ")))
    if deal.rep is not None:
        facts.append(Fact("Rep", deal.rep.display_name))
    warning = streak_warning(deal)
    if warning:
        lines.append(f"⚠ {warning}")
        facts.append(Fact("Heads-up", warning))
    return Reply(text="\n".join(lines), title=deal.name, facts=tuple(facts), kind="answer")


def deal_history(turn: Turn, deal: Deal) -> Reply:
    """The deal's updates, newest first, each verbatim with its author and age."""
    updates = turn.log.history(deal.id, HISTORY_LIMIT)
    title = f"{deal.name}: history, newest first"
    if not updates:
        return Reply(text=f"No updates on {deal.name} yet.", title=title, kind="answer")
    total = turn.log.count_for_deal(deal.id) if len(updates) == HISTORY_LIMIT else len(updates)
    lines = []
    for update in updates:
        who = author_name(update)
        lines.append(f"{format_age(update.created_at, turn.now)}, {who}: “{quote(update.raw_text)}”")
    section = Section(title, tuple(lines), more=max(0, total - len(lines)))
    text = "\n".join([title, *(f"• {line}" for line in lines)])
    if section.more:
        text += f"\n…and {section.more} older"
    return Reply(text=text, title=title, sections=(section,), kind="answer")
