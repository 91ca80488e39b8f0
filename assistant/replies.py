"""The replies people see after an update, a question to them, help and apologies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.actions import deal_choice_value, new_deal_value, update_value
from assistant.formatting import close_phrase, due_phrase, format_amount, format_date, owner_phrase
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
            parts.append(format_amount(deal.amount, deal.currency))
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


@dataclass(frozen=True, slots=True)
class Applied:
    """What one message did to one deal: its logged update, or why nothing was stored.

    `update` is None when nothing changed (the message only repeated the state) or when an
    action could not be carried out (`refused` says why); `lead` says what an action did.
    """

    deal: Deal
    update: DealUpdate | None
    lead: str | None = None
    refused: str | None = None
    created: bool = False


def deal_line(applied: Applied, today: date) -> str:
    """One deal's line of a confirmation: its name, what it now reads, and what changed."""
    deal = applied.deal
    if applied.refused:
        return f"New deal {deal.name} (yours). {applied.refused}" if applied.created else applied.refused
    head = f"New deal {deal.name} (yours)" if applied.created else deal.name
    if applied.update is None:
        return " · ".join([head, "nothing new", *deal_state_parts(deal, today)])
    parts = [head, *deal_state_parts(deal, today)]
    changed = applied.update.changes
    if "stage" in changed and deal.stage not in ("won", "lost") and deal.stage:
        parts.append(f"stage: {deal.stage}")
    if (
        deal.amount is not None
        and deal.stage not in ("won", "lost")
        and ("amount" in changed or "currency" in changed)
    ):
        parts.append(format_amount(deal.amount, deal.currency))
    if deal.temperature:
        parts.append(deal.temperature)
    if deal.close_by and "close_by" in changed:
        parts.append(close_phrase(deal.close_by, today))
    return " · ".join(parts)


def confirmation(applied: Applied, today: date) -> Reply:
    """What the assistant understood about one deal, in one line, with buttons to fix it."""
    deal, update = applied.deal, applied.update
    if applied.refused:
        return info(
            f"New deal {deal.name} (yours).\n{applied.refused}" if applied.created else applied.refused
        )
    if update is None:
        return info(
            f"Nothing changed on {deal.name}, so I didn't store that as an update.\n"
            + " · ".join([deal.name, *deal_state_parts(deal, today)])
        )
    warning = streak_warning(deal)
    lead = f"{applied.lead}\n" if applied.lead else ""
    text = lead + deal_line(applied, today) + (f"\n⚠ {warning}" if warning else "")
    facts = [Fact("Deal", deal.name)]
    if deal.next_step:
        facts.append(Fact("Next step", deal.next_step))
    if deal.next_step_owner:
        facts.append(Fact("Owner", owner_phrase(deal.next_step_owner)))
    if deal.due_date:
        facts.append(Fact("Due", format_date(deal.due_date, today)))
    if deal.park_until:
        facts.append(Fact("Parked until", format_date(deal.park_until, today)))
    if deal.amount is not None:
        facts.append(Fact("Amount", format_amount(deal.amount, deal.currency)))
    if deal.close_by:
        facts.append(Fact("Closing by", format_date(deal.close_by, today)))
    if deal.temperature:
        facts.append(Fact("Temperature", deal.temperature))
    return Reply(
        text=text,
        title=deal.name,
        facts=tuple(facts),
        buttons=update_buttons(deal, update),
        kind="confirmation",
    )


def confirmations(done: list[Applied], today: date, questions: list[Reply]) -> Reply:
    """One message about several deals: a line per deal, one undo for the whole message.

    The questions asked about the deals we could not place follow, in the same reply.
    """
    # A deal named twice shows once, as it now stands, with the part that changed it.
    by_deal: dict[int, Applied] = {}
    for applied in done:
        kept = by_deal.get(applied.deal.id)
        if kept is None or applied.update is not None or kept.update is None:
            by_deal[applied.deal.id] = applied
    shown = list(by_deal.values())
    if len(shown) == 1 and not questions:
        return confirmation(shown[0], today)
    stored = [a for a in shown if a.update is not None]
    if not stored and not questions:
        lines = [f"• {deal_line(a, today)}" for a in shown]
        return info("\n".join(["Nothing changed, so I didn't store that as an update:", *lines]))
    title = (
        f"Updated {len(stored)} of {len(shown) + len(questions)} deals"
        if questions or len(stored) < len(shown)
        else f"Updated {len(stored)} deals"
    )
    lines = [f"• {a.lead + ' ' if a.lead else ''}{deal_line(a, today)}" for a in shown]
    lines += [f"• {q.text}" for q in questions]
    warnings = [f"⚠ {a.deal.name}: {w}" for a in stored if (w := streak_warning(a.deal))]
    text = "\n".join([f"{title}:", *lines, *warnings])
    buttons: list[Button] = [b for q in questions for b in q.buttons]
    first = next((a.update for a in done if a.update is not None), None)
    if first is not None:
        label = "undo all" if len(stored) > 1 else "undo"
        buttons.append(Button(label, ACTION_UNDO, update_value(first.id), style="danger"))
    return Reply(text=text, title=title, buttons=tuple(buttons), kind="confirmation")


def several_questions(questions: list[Reply]) -> Reply:
    """Several deals of one message that we could not place: every question, with its buttons."""
    return Reply(
        text="\n".join(q.text for q in questions),
        buttons=tuple(b for q in questions for b in q.buttons),
        kind="question",
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
        if len(names) > 1:
            numbered = ", ".join(f"{i}. {name}" for i, name in enumerate(names, 1))
            text += f"\nReply with its name or number ({numbered})."
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
            Button(f"no, not {name}", ACTION_NEW_DEAL, new_deal_value(False, pending_id)),
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
