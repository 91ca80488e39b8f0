"""Answers about sets of deals: waiting on us / on the prospect, overdue, gone quiet, parked,
a rep's pipeline, a stage. Short (the top few and "and N more") and sorted usefully."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from assistant.context import Turn
from assistant.formatting import due_phrase, format_age, format_amount, format_date, owner_phrase, quote
from assistant.messages import Reply, Section
from assistant.updates import STREAK_WARNING
from storage.models import Deal, Person
from storage.repositories import DealPage

LIST_LIMIT = 10


def _rep(deal: Deal) -> str:
    return deal.rep.display_name if deal.rep else "no rep"


def _render(title: str, page: DealPage, line: Callable[[Deal], str], empty: str) -> Reply:
    if not page.deals:
        return Reply(text=empty, title=title, kind="answer")
    lines = tuple(line(d) for d in page.deals)
    # A count that stopped at its cap says "1,000+": the "more" line says "990+" too (Section.more
    # is a plain number, so that line goes with the section's lines).
    more_line = (f"…and {page.more_text} more",) if page.more and not page.exact else ()
    section = Section(f"{title} ({page.total_text})", lines + more_line, more=page.more if page.exact else 0)
    text = "\n".join([f"{title} ({page.total_text}):", *(f"• {ln}" for ln in lines)])
    if page.more:
        text += f"\n…and {page.more_text} more"
    return Reply(text=text, title=title, sections=(section,), kind="answer")


def waiting_on_us(turn: Turn) -> Reply:
    today = turn.today

    def line(d: Deal) -> str:
        parts = [f"{d.name} — {d.next_step or 'no next step named'}"]
        if d.due_date:
            parts.append(due_phrase(d.due_date, today))
        if d.owner_since:
            parts.append(f"on us since {format_age(d.owner_since, turn.now)}")
        if d.us_streak >= STREAK_WARNING:
            parts.append(f"⚠ {d.us_streak} updates in a row")
        parts.append(_rep(d))
        return " · ".join(parts)

    page = turn.deals.waiting_on_us(today, LIST_LIMIT)
    return _render("Waiting on us, longest first", page, line, "Nothing is waiting on us right now.")


def waiting_on_prospect(turn: Turn) -> Reply:
    today = turn.today

    def line(d: Deal) -> str:
        parts = [f"{d.name} — they owe: {d.next_step or 'a reply'}"]
        if d.owner_since:
            parts.append(f"since {format_date(d.owner_since.astimezone(turn.tz).date(), today)}")
        if d.due_date:
            parts.append(due_phrase(d.due_date, today))
        parts.append(_rep(d))
        return " · ".join(parts)

    page = turn.deals.waiting_on_prospect(today, LIST_LIMIT)
    return _render("Waiting on the prospect", page, line, "We aren't waiting on any prospect right now.")


def overdue(turn: Turn) -> Reply:
    today = turn.today

    def line(d: Deal) -> str:
        assert d.due_date is not None
        step = d.next_step or "next step"
        when = due_phrase(d.due_date, today)
        return f"{d.name} — {step} · {owner_phrase(d.next_step_owner)} · {when} · {_rep(d)}"

    page = turn.deals.overdue(today, LIST_LIMIT)
    return _render("Overdue, most overdue first", page, line, "Nothing is overdue. 👍")


def gone_quiet(turn: Turn) -> Reply:
    today = turn.today
    days = turn.workspace.stale_days
    cutoff = turn.now - timedelta(days=days)

    def line(d: Deal) -> str:
        return f"{d.name} — last update {format_age(d.updated_at, turn.now)} · {_rep(d)}"

    page = turn.deals.gone_quiet(today, cutoff, LIST_LIMIT)
    title = f"Gone quiet (no update in {days} days)"
    return _render(title, page, line, f"Every open deal has had an update in the last {days} days.")


def parked(turn: Turn) -> Reply:
    today = turn.today

    def line(d: Deal) -> str:
        assert d.park_until is not None
        reason = f" · “{quote(d.park_reason, 80)}”" if d.park_reason else ""
        return f"{d.name} — back {format_date(d.park_until, today)}{reason} · {_rep(d)}"

    page = turn.deals.parked(today, LIST_LIMIT)
    return _render("Parked, soonest back first", page, line, "No deal is parked.")


def pipeline_line(turn: Turn, d: Deal) -> str:
    parts = [d.name]
    if d.stage:
        parts.append(d.stage)
    if d.amount is not None:
        parts.append(format_amount(d.amount))
    if d.next_step:
        parts.append(f"next: {d.next_step} ({owner_phrase(d.next_step_owner)})")
    elif d.next_step_owner:
        parts.append(owner_phrase(d.next_step_owner))
    else:
        parts.append("no next step")
    if d.due_date:
        parts.append(due_phrase(d.due_date, turn.today))
    return " · ".join(parts)


def rep_pipeline(turn: Turn, rep: Person, *, asker_is_rep: bool) -> Reply:
    """A rep's active deals, most urgent first, with how many are parked."""
    page = turn.deals.of_rep(rep.id, turn.today, LIST_LIMIT)
    title = "Your pipeline" if asker_is_rep else f"{rep.display_name}'s pipeline"
    empty = (
        "You have no open deals. Tell me about one: “new lead: Acme, intro call Tuesday”."
        if asker_is_rep
        else f"{rep.display_name} has no open deals."
    )
    reply = _render(title, page, lambda d: pipeline_line(turn, d), empty)
    parked = turn.deals.parked_of_rep(rep.id, turn.today, 1)
    if parked.total:
        note = f"(+ {parked.total_text} parked)"
        reply = Reply(text=f"{reply.text}\n{note}", title=reply.title, sections=reply.sections, kind="answer")
    return reply


def in_stage(turn: Turn, stage: str) -> Reply:
    page = turn.deals.in_stage(stage, turn.today, LIST_LIMIT)

    def line(d: Deal) -> str:
        return f"{pipeline_line(turn, d)} · {_rep(d)}"

    return _render(f"In {stage}", page, line, f"No deal is in {stage} right now.")


def unknown_person(name: str) -> Reply:
    return Reply(text=f"I don't know anyone called {quote(name, 60)} here yet.", kind="answer")
