"""The replies people see after an update, a question to them, help and apologies."""

from __future__ import annotations

from datetime import date

from assistant.actions import deal_choice_value, new_deal_value, update_value
from assistant.formatting import due_phrase, format_amount, format_date, owner_phrase
from assistant.messages import (
    ACTION_CHOOSE_DEAL,
    ACTION_NEW_DEAL,
    ACTION_OWNER_PROSPECT,
    ACTION_OWNER_US,
    ACTION_PARK,
    ACTION_SNOOZE_WEEK,
    ACTION_UNDO,
    Button,
    Fact,
    Reply,
)
from assistant.updates import STREAK_WARNING
from storage.models import Deal, DealUpdate

HELP_LINES = (
    "Tell me about a deal in plain words: “Pied Piper: sent the proposal, they decide by Friday”.",
    "Ask: “Pied Piper?”, “history of Pied Piper”, “what's waiting on us?”, “what are we waiting on?”,",
    "“what's overdue?”, “what's gone quiet?”, “what's parked?”, “my pipeline”, “Dana's deals”, "
    "“what's in proposal?”.",
    "Say “undo” to take back your last update. Park a deal: “park Hooli until March”.",
    "Commands: help · my deals · waiting on us · undo · settings.",
)


def deal_state_parts(deal: Deal, today: date) -> list[str]:
    """The compact pieces of a deal's state: next step, owner, due, or won/lost/parked."""
    if deal.stage in ("won", "lost"):
        parts = [deal.stage]
        if deal.amount is not None:
            parts.append(format_amount(deal.amount))
        return parts
    parts = []
    if deal.park_until and deal.park_until > today:
        parts.append(f"parked until {format_date(deal.park_until, today)}")
    if deal.next_step:
        parts.append(f"next step: {deal.next_step}")
    elif not deal.park_until:
        parts.append("no next step yet")
    if deal.next_step_owner:
        parts.append(owner_phrase(deal.next_step_owner))
    if deal.due_date:
        parts.append(due_phrase(deal.due_date, today))
    return parts


def streak_warning(deal: Deal) -> str | None:
    if deal.us_streak >= STREAK_WARNING and deal.next_step_owner == "us" and deal.closed_at is None:
        return f"{deal.us_streak} updates in a row waiting on us"
    return None


def confirmation(deal: Deal, update: DealUpdate, today: date, *, created: bool = False) -> Reply:
    """What the assistant understood, in one line, with buttons to fix it."""
    head = f"New deal {deal.name} (yours)" if created else deal.name
    parts = [head, *deal_state_parts(deal, today)]
    changed = update.changes
    if "stage" in changed and deal.stage not in ("won", "lost") and deal.stage:
        parts.append(f"stage: {deal.stage}")
    if "amount" in changed and deal.amount is not None and deal.stage not in ("won", "lost"):
        parts.append(format_amount(deal.amount))
    if "temperature" in changed and deal.temperature:
        parts.append(deal.temperature)
    warning = streak_warning(deal)
    text = " · ".join(parts) + (f"\n⚠ {warning}" if warning else "")
    facts = [Fact("Deal", deal.name)]
    if deal.next_step:
        facts.append(Fact("Next step", deal.next_step))
    if deal.next_step_owner:
        facts.append(Fact("Owner", owner_phrase(deal.next_step_owner)))
    if deal.due_date:
        facts.append(Fact("Due", format_date(deal.due_date, today)))
    if deal.park_until:
        facts.append(Fact("Parked until", format_date(deal.park_until, today)))
    return Reply(
        text=text,
        title=deal.name,
        facts=tuple(facts),
        buttons=update_buttons(deal, update),
        kind="confirmation",
    )


def update_buttons(deal: Deal, update: DealUpdate) -> tuple[Button, ...]:
    """Fix-it buttons: flip the owner, snooze a week, park, undo."""
    value = update_value(update.id)
    buttons: list[Button] = []
    if deal.closed_at is None:
        if deal.next_step_owner != "prospect":
            buttons.append(Button("it's on them", ACTION_OWNER_PROSPECT, value))
        if deal.next_step_owner != "us":
            buttons.append(Button("it's on us", ACTION_OWNER_US, value))
        buttons.append(Button("snooze 1w", ACTION_SNOOZE_WEEK, value))
        if not deal.park_until:
            buttons.append(Button("park", ACTION_PARK, value))
    buttons.append(Button("undo", ACTION_UNDO, value, style="danger"))
    return tuple(buttons)


def which_deal(pending_id: int, candidates: list[Deal], *, asking: bool = False) -> Reply:
    """ "Which deal: Hooli or Hooli XYZ?" with one button per candidate."""
    if candidates:
        names = [d.name for d in candidates]
        listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
        text = f"Which deal do you mean: {listed}?" if asking else f"Which deal is this about: {listed}?"
    else:
        text = "Which deal is this about? Reply with its name."
    buttons = tuple(
        Button(d.name, ACTION_CHOOSE_DEAL, deal_choice_value(pending_id, d.id)) for d in candidates
    )
    return Reply(text=text, buttons=buttons, kind="question")


def is_new_deal(pending_id: int, name: str) -> Reply:
    return Reply(
        text=f"I don't know {name} yet. Is {name} a new deal? (It would be yours.)",
        buttons=(
            Button(
                f"yes, new deal {name}", ACTION_NEW_DEAL, new_deal_value(True, pending_id), style="primary"
            ),
            Button("no", ACTION_NEW_DEAL, new_deal_value(False, pending_id)),
        ),
        kind="question",
    )


def help_reply() -> Reply:
    return Reply(text="\n".join(HELP_LINES), title="What you can tell me and ask me", kind="info")


def info(text: str) -> Reply:
    return Reply(text=text, kind="info")


def apology() -> Reply:
    return Reply(
        text="Sorry, something went wrong on my side and I couldn't do that. Nothing you had saved is lost; "
        "please try again in a moment.",
        kind="error",
    )
