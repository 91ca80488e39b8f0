"""Deals administered in words (PARSING.md, "Actions in words"): done, snooze, remind, rename,
reassign, reopen, close.

The parser says what was asked; what depends on stored state (the step that is done, the due date a
snooze moves, the person a deal goes to) is decided here. An action that cannot be carried out
stores nothing and says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.context import Turn
from assistant.formatting import format_amount, format_date, owner_phrase
from assistant.updates import plan_fields, snoozed_due, with_bookkeeping
from nlp.types import CLOSED_STAGES, ME, STAGES, Stage
from nlp.types import DealUpdate as DealNews
from storage.models import Deal
from storage.repositories import name_key

OPEN_STAGES: tuple[Stage, ...] = tuple(s for s in STAGES if s not in CLOSED_STAGES)


@dataclass(slots=True)
class Plan:
    """What an action does to a deal: the values to set and a line saying so, or why not."""

    values: dict[str, Any] = field(default_factory=dict)
    lead: str | None = None
    refused: str | None = None


def plan_action(turn: Turn, deal: Deal, news: DealNews, raw_text: str) -> Plan:
    """The values and the words for `news.action` on `deal` (bookkeeping included)."""
    action = news.action
    if action == "done":
        return _done(turn, deal, news, raw_text)
    if action == "snooze":
        return _snooze(turn, deal, news)
    if action == "remind":
        return _remind(turn, deal, news, raw_text)
    if action == "rename":
        return _rename(turn, deal, news)
    if action == "reassign":
        return _reassign(turn, deal, news)
    if action == "reopen":
        return _reopen(turn, deal, news, raw_text)
    if action == "close":
        return _close(turn, deal, news, raw_text)
    return Plan(refused=f"I didn't understand what to do with {deal.name}, so nothing changed.")


def _rest(turn: Turn, deal: Deal, news: DealNews, raw_text: str) -> dict[str, Any]:
    """The plain-update fields an action message also sets (stage, amount, temperature, ...)."""
    return plan_fields(deal, news._replace(action=None), raw_text, turn.now)


def _done(turn: Turn, deal: Deal, news: DealNews, raw_text: str) -> Plan:
    step = deal.next_step
    if news.next_step:  # "sent it, next: a demo on Thursday": done, and a new step
        values = _rest(turn, deal, news, raw_text)
        lead = f"Done: {step}." if step else None
        return Plan(with_bookkeeping(deal, values, turn.now), lead=lead)
    if not step and not deal.next_step_owner and not deal.due_date:
        return Plan(refused=f"{deal.name} has no open next step to mark done, so nothing changed.")
    # "sent it": done, and the ball is in their court (an owner said with no step names none).
    values = _rest(turn, deal, news._replace(owner=None, due=None), raw_text)
    values.update(next_step=None, next_step_owner=news.owner, due_date=news.due)
    what = f"Done: {step}." if step else "Done."
    if news.owner:
        lead = f"{what} It's {owner_phrase(news.owner)} now, with no next step named."
    else:
        lead = f"{what} No next step on {deal.name} now."
    return Plan(with_bookkeeping(deal, values, turn.now), lead=lead)


def _snooze(turn: Turn, deal: Deal, news: DealNews) -> Plan:
    if news.due is not None:
        due = news.due
    elif deal.due_date is not None:
        due = snoozed_due(deal, turn.today)
    else:
        return Plan(
            refused=f"{deal.name} has no due date to snooze, so nothing changed. "
            f"Say when, e.g. “snooze {deal.name} to Monday”."
        )
    values = with_bookkeeping(deal, {"due_date": due}, turn.now)
    return Plan(values, lead=f"Snoozed to {format_date(due, turn.today)}.")


def _remind(turn: Turn, deal: Deal, news: DealNews, raw_text: str) -> Plan:
    step = (news.next_step or "").strip() or deal.next_step
    if not step:
        return Plan(
            refused=f"Remind you of what on {deal.name}? Nothing changed. "
            f"Try “remind me to call {deal.name} on Friday”."
        )
    values = _rest(turn, deal, news._replace(next_step=step, owner="us"), raw_text)
    values.update(next_step=step, next_step_owner="us")
    if news.due is not None:
        values["due_date"] = news.due
        lead = f"I'll remind you on {format_date(news.due, turn.today)}: {step}."
    else:
        lead = f"Noted: {step}, on us. Say when and I'll remind you that morning."
    return Plan(with_bookkeeping(deal, values, turn.now, always=True), lead=lead)


def _rename(turn: Turn, deal: Deal, news: DealNews) -> Plan:
    new = " ".join((news.new_name or "").split())
    if not new:
        return Plan(refused=f"Rename {deal.name} to what? Nothing changed.")
    if new == deal.name:
        return Plan(refused=f"{deal.name} is already called that, so nothing changed.")
    clash = turn.deals.by_name(new)
    if clash is not None and clash.id != deal.id:
        return Plan(refused=f"There's already a deal called {clash.name}, so {deal.name} keeps its name.")
    values = with_bookkeeping(deal, {"name": new, "name_key": name_key(new)}, turn.now, always=True)
    return Plan(values, lead=f"Renamed {deal.name} to {new}.")


def _reassign(turn: Turn, deal: Deal, news: DealNews) -> Plan:
    wanted = (news.rep or "").strip()
    current = deal.rep.display_name if deal.rep else "nobody"
    if not wanted:
        return Plan(refused=f"Reassign {deal.name} to whom? It stays with {current}.")
    people = [turn.person] if wanted.casefold() == ME else turn.people.by_name(wanted)
    if not people:
        return Plan(
            refused=f"I couldn't find anyone called {wanted} here, so {deal.name} stays with {current}."
        )
    if len(people) > 1:
        names = ", ".join(p.display_name for p in people)
        return Plan(refused=f"Several people are called {wanted} ({names}); say which. Nothing changed.")
    person = people[0]
    if person.id == deal.rep_id:
        return Plan(refused=f"{deal.name} is already {person.display_name}'s, so nothing changed.")
    values = with_bookkeeping(deal, {"rep_id": person.id}, turn.now, always=True)
    turn.touched(person)
    return Plan(values, lead=f"{deal.name} is now {person.display_name}'s (was {current}'s).")


def _reopen(turn: Turn, deal: Deal, news: DealNews, raw_text: str) -> Plan:
    if deal.closed_at is None and deal.stage not in CLOSED_STAGES:
        values = with_bookkeeping(deal, _rest(turn, deal, news, raw_text), turn.now)
        return Plan(values, lead=f"{deal.name} is already open.")
    stage: Stage = (
        news.stage if news.stage and news.stage not in CLOSED_STAGES else _stage_before_close(turn, deal)
    )
    values = _rest(turn, deal, news._replace(stage=stage), raw_text)
    values.update(stage=stage, closed_at=None)
    return Plan(with_bookkeeping(deal, values, turn.now, always=True), lead=f"Reopened {deal.name}.")


def _stage_before_close(turn: Turn, deal: Deal) -> Stage:
    """The stage the deal had before it was won or lost (from its log), else "lead"."""
    for update in turn.log.history(deal.id, 50):
        change = update.changes.get("stage")
        if change and change[1] in CLOSED_STAGES and change[0] in OPEN_STAGES:
            return OPEN_STAGES[OPEN_STAGES.index(change[0])]
    return "lead"


def _close(turn: Turn, deal: Deal, news: DealNews, raw_text: str) -> Plan:
    if news.stage not in CLOSED_STAGES:
        return Plan(refused=f"Close {deal.name} as won or lost? Nothing changed yet.")
    values = with_bookkeeping(deal, _rest(turn, deal, news, raw_text), turn.now)
    amount = values.get("amount", deal.amount)
    money = f" ({format_amount(amount, values.get('currency', deal.currency))})" if amount else ""
    return Plan(values, lead=f"Closed {deal.name} as {news.stage}{money}.")
