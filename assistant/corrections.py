"""Taking updates back: "undo", an edited message, a deleted message, and the fix-it buttons."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from assistant import replies
from assistant.actions import ButtonTarget
from assistant.context import Turn
from assistant.dialogue import Said, update_deal
from assistant.formatting import as_sentence, format_date, owner_phrase, quote, without_deal_label
from assistant.messages import (
    ACTION_DELIVERED,
    ACTION_DONE,
    ACTION_OWNER_PROSPECT,
    ACTION_OWNER_US,
    ACTION_PARK,
    ACTION_SNOOZE_WEEK,
    ACTION_UNDO,
    Reply,
)
from assistant.replies import deal_state_parts
from assistant.updates import amend, revert, snoozed_due
from nlp.types import ParsedMessage
from storage.models import Deal, DealUpdate
from storage.repositories_log import BUTTON_PREFIX, base_id

PARK_BUTTON_DAYS = 30
_BUTTON_WORDS = {
    ACTION_OWNER_PROSPECT: "it's on them",
    ACTION_OWNER_US: "it's on us",
    ACTION_SNOOZE_WEEK: "snoozed a week",
    ACTION_PARK: "parked",
    ACTION_DONE: "done",
    ACTION_DELIVERED: "they delivered",
}
UNDO_WORDS = frozenset({"undo", "undo that", "undo last", "undo my last update", "undo last update"})


def is_undo(text: str) -> bool:
    return " ".join(text.casefold().strip(" .!").split()) in UNDO_WORDS


def _state(deal: Deal, turn: Turn) -> str:
    return " · ".join([deal.name, *deal_state_parts(deal, turn.today)])


def undo_update(turn: Turn, update: DealUpdate) -> Reply:
    """Revert the message `update` belongs to (every deal it changed) and say what each is back to."""
    if update.retracted_at is not None:
        return replies.info("That update was already taken back.")
    message = [u for u in turn.log.for_message(base_id(update.platform_message_id)) if u.retracted_at is None]
    states = []
    for each in message or [update]:
        deal = turn.deals.by_id(each.deal_id)
        revert(turn, each, deal)
        if deal is not None:
            states.append(f"Now: {_state(deal, turn)}")
    if not states:
        return replies.info("Undone.")
    return replies.info("\n".join([f"Undone: “{quote(update.raw_text, 80)}”.", *states]))


def undo_last(turn: Turn) -> Reply:
    """ "undo": the speaker's last standing message is taken back (every deal it changed)."""
    update = turn.log.last_by_author(turn.person.id)
    if update is None:
        return replies.info("There's no update of yours to undo.")
    return undo_update(turn, update)


def edit_message(turn: Turn, said: Said, parsed: ParsedMessage) -> Reply | None:
    """An edited message replaces its updates: the old changes are reverted, the new text applied.

    None when that message had made no update and asked nothing (the caller treats it as new).
    """
    existing = turn.log.for_message(said.message_id)
    pending = turn.pending.for_message(said.message_id)
    if not existing and pending is None:
        return None
    while pending is not None:
        turn.pending.resolve(pending)
        pending = turn.pending.for_message(said.message_id)
    old_deals = []
    for update in existing:
        deal = turn.deals.by_id(update.deal_id)
        if update.retracted_at is None:
            revert(turn, update, deal)
            if deal is not None:
                old_deals.append(deal.name)
    if parsed.intent != "update":
        if old_deals:
            return replies.info(
                f"Your edited message no longer reads as an update, so I took it off {', '.join(old_deals)}."
            )
        return replies.info("Your edited message no longer reads as an update, so I dropped it.")
    reply = update_deal(turn, said, parsed)
    standing = {u.deal_id for u in turn.log.for_message(said.message_id) if u.retracted_at is None}
    left = [d.name for d in turn.deals.by_ids([u.deal_id for u in existing]) if d.id not in standing]
    if left:
        note = (
            f"(Your edit no longer mentions {', '.join(dict.fromkeys(left))}, so I took the update off it.)"
        )
        reply = replace(reply, text=f"{reply.text}\n{note}")
    return reply


def delete_message(turn: Turn, message_id: str) -> bool:
    """A deleted message retracts its updates and forgets its questions. True when something changed."""
    changed = False
    pending = turn.pending.for_message(message_id)
    while pending is not None:
        turn.pending.resolve(pending)
        changed = True
        pending = turn.pending.for_message(message_id)
    for update in turn.log.for_message(message_id):
        if update.retracted_at is None:
            revert(turn, update, turn.deals.by_id(update.deal_id))
            changed = True
    return changed


def press(turn: Turn, name: str, target: ButtonTarget) -> Reply:
    """A fix-it button under a confirmation (or on a reminder) was pressed."""
    update = turn.log.by_id(target.id) if target.kind == "update" else None
    deal = turn.deals.by_id(update.deal_id if update is not None else target.id)
    if deal is None or (target.kind == "update" and update is None):
        return replies.info("I can't find that deal any more.")
    if name == ACTION_UNDO:
        if update is None:
            return replies.info("There's nothing to undo there.")
        return undo_update(turn, update)
    if update is not None and update.retracted_at is not None:
        return replies.info("That update was taken back, so there's nothing to change.")
    if update is None:
        update = _button_update(turn, deal, name)
    values = _button_values(turn, deal, name, update)
    if values is None:
        return replies.info("I don't know that button.")
    amend(turn, update, deal, values)
    pressed = _pressed(turn, deal, name)
    if target.kind != "update":
        return pressed
    # Under a confirmation the reply keeps its fix-it buttons, now matching the new state.
    return Reply(
        text=pressed.text,
        title=deal.name,
        buttons=replies.update_buttons(deal, update),
        kind="confirmation",
    )


def _button_values(turn: Turn, deal: Deal, name: str, update: DealUpdate) -> dict[str, object] | None:
    if name == ACTION_OWNER_PROSPECT:
        return {"next_step_owner": "prospect"}
    if name == ACTION_OWNER_US:
        return {"next_step_owner": "us"}
    if name == ACTION_SNOOZE_WEEK:
        return {"due_date": snoozed_due(deal, turn.today)}
    if name == ACTION_PARK:
        return {
            "park_until": turn.today + timedelta(days=PARK_BUTTON_DAYS),
            "park_reason": as_sentence(without_deal_label(update.raw_text, deal.name)),
        }
    if name == ACTION_DONE:
        return {"next_step": None, "next_step_owner": None, "due_date": None}
    if name == ACTION_DELIVERED:
        return {"next_step": None, "next_step_owner": "us", "due_date": None}
    return None


def _pressed(turn: Turn, deal: Deal, name: str) -> Reply:
    today = turn.today
    if name in (ACTION_OWNER_PROSPECT, ACTION_OWNER_US):
        lead = f"Got it, the next step is {owner_phrase(deal.next_step_owner)}."
    elif name == ACTION_SNOOZE_WEEK and deal.due_date:
        lead = f"Snoozed to {format_date(deal.due_date, today)}."
    elif name == ACTION_PARK and deal.park_until:
        lead = f"Parked until {format_date(deal.park_until, today)}; it comes back to you then."
    elif name == ACTION_DONE:
        lead = f"Nice. What's the next step on {deal.name}?"
    else:
        lead = f"Noted: they delivered. What's our next step on {deal.name}?"
    return replies.info(f"{lead}\nNow: {_state(deal, turn)}")


def _button_update(turn: Turn, deal: Deal, name: str) -> DealUpdate:
    """A button pressed on a deal (not under an update) is logged as an update of its own."""
    stamp = turn.now.strftime("%Y%m%dT%H%M%S%f")
    return turn.log.record(
        deal_id=deal.id,
        author_id=turn.person.id,
        message_id=f"{BUTTON_PREFIX}{name}:{deal.id}:{turn.person.id}:{stamp}",
        raw_text=f"(button: {_BUTTON_WORDS.get(name, name.replace('_', ' '))})",
        parsed={},
        changes={},
        now=turn.now,
        channel_id=turn.channel_id,
        thread_id=turn.thread_id,
    )
