"""Answers to the questions the assistant asked: "which deal?", "is X a new deal?", "until when?".

A pending question is answered by a button, or in words by its author's next message here
("Hooli XYZ", "2", "yes", "yes, new deal", "no", "March"); a message that is no answer drops it.
Each answer finishes the update that was waiting, once: the question is forgotten as it is answered.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant import replies
from assistant.answers import deal_history, deal_status
from assistant.context import Turn
from assistant.dialogue import GUESSED, NO, YES, Said, act, ask_which, create_deal, unnamed_deal
from assistant.formatting import quote
from assistant.messages import Reply
from assistant.parsed_store import load_parsed
from nlp.types import ParsedMessage
from storage.models import Deal, PendingQuestion

Parse = Callable[[str], ParsedMessage]
_ANSWER_PUNCTUATION = re.compile(r"[^\w&'’ ]+")
# A park date typed as the answer to "until when?": "March", "until March", "for 3 months".
_PARK_ANSWER_LEAD = re.compile(r"^\s*(?:until|till|til|to|for|in|through)\b", re.IGNORECASE)


def choose_deal(turn: Turn, pending: PendingQuestion, deal: Deal) -> Reply:
    """The author picked the deal: finish the pending update (or answer the pending question)."""
    parsed = load_parsed(pending.parsed)
    said = _said_of(turn, pending)
    turn.pending.resolve(pending)
    if parsed.intent == "question":
        return deal_history(turn, deal) if parsed.query == "history" else deal_status(turn, deal)
    return _finish(turn, said, parsed, deal)


def _finish(turn: Turn, said: Said, parsed: ParsedMessage, deal: Deal, *, created: bool = False) -> Reply:
    news = parsed.first_update()._replace(deal=deal.name, candidates=())
    outcome = act(turn, said, news, deal, created=created)
    return outcome if isinstance(outcome, Reply) else replies.confirmation(outcome, turn.today)


def answer_new_deal(turn: Turn, pending: PendingQuestion, yes: bool) -> Reply:
    """ "Is X a new deal?" answered: create it (theirs) and apply, or store nothing."""
    name = str(pending.candidates[0]) if pending.candidates else ""
    guessed = GUESSED in pending.candidates[1:]
    parsed = load_parsed(pending.parsed)
    said = _said_of(turn, pending)
    turn.pending.resolve(pending)
    if not yes and guessed:
        found = unnamed_deal(turn, said, parsed.first_update())
        if isinstance(found, Reply):
            return found
        return ask_which(turn, said, parsed.first_update(), [found[0]])
    if not yes or not name:
        return replies.info(
            f"OK, I won't create {name or 'that deal'}, and nothing was stored. If you meant a deal "
            "I know, send the update again starting with its name."
        )
    deal = turn.deals.by_name(name)
    if deal is not None:
        return _finish(turn, said, parsed, deal)
    news = parsed.first_update()
    return _finish(turn, said, parsed, create_deal(turn, name, said.author, news), created=True)


def answer_park(turn: Turn, pending: PendingQuestion, text: str, parse: Parse) -> Reply | None:
    """ "Until when should I park X?" answered with a date; None when the text gives none."""
    deal = _pending_deal(turn, pending)
    if deal is None:
        turn.pending.resolve(pending)
        return replies.info("I can't find that deal any more, so nothing was parked.")
    when = text.strip()
    phrases = [when] if _PARK_ANSWER_LEAD.match(when) else [f"until {when}", f"for {when}", when]
    until = next((d for d in (parse(f"park {deal.name} {p}").park_until for p in phrases) if d), None)
    if until is None or until <= turn.today:
        return None
    parsed = load_parsed(pending.parsed)
    said = _said_of(turn, pending)
    turn.pending.resolve(pending)
    news = parsed.first_update()._replace(deal=deal.name, park_until=until, park_asked=False)
    return _finish(turn, said, ParsedMessage.of_updates([news]), deal)


def _pending_deal(turn: Turn, pending: PendingQuestion) -> Deal | None:
    for candidate in pending.candidates:
        if isinstance(candidate, dict) and "id" in candidate:
            return turn.deals.by_id(int(candidate["id"]))
    return None


def answer_words(text: str) -> str:
    """A typed answer, compared without case and punctuation: "Yes, new deal!" -> "yes new deal"."""
    return " ".join(_ANSWER_PUNCTUATION.sub(" ", text.casefold()).split())


def typed_answer(turn: Turn, pending: PendingQuestion, text: str, parse: Parse) -> Reply | None:
    """The author answered in words ("Hooli XYZ", "2", "yes"); None when the text is no answer.

    A deal's name with a question mark ("Aviato?") asks about that deal: it is no answer.
    """
    if "?" in text:
        return None
    key = answer_words(text)
    if not key:
        return None
    if pending.kind == "park_until":
        if key in NO:
            turn.pending.resolve(pending)
            return replies.info("OK, I won't park it; nothing changed.")
        return answer_park(turn, pending, text, parse)
    if pending.kind == "new_deal":
        if key in YES:
            return answer_new_deal(turn, pending, True)
        if key in NO:
            return answer_new_deal(turn, pending, False)
        deal = turn.deals.by_name(text.strip(" .!"))
        return choose_deal(turn, pending, deal) if deal is not None else None
    choices = [c for c in pending.candidates if isinstance(c, dict)]
    if key.isdigit() and 1 <= int(key) <= len(choices):
        deal = turn.deals.by_id(int(choices[int(key) - 1]["id"]))
        return choose_deal(turn, pending, deal) if deal is not None else None
    if key in YES and len(choices) == 1:
        deal = turn.deals.by_id(int(choices[0]["id"]))
        return choose_deal(turn, pending, deal) if deal is not None else None
    if key in YES:  # "yes" to "which one?": the question stays open
        numbered = ", ".join(f"{i}. {c.get('name')}" for i, c in enumerate(choices, 1))
        return replies.info(
            f"Which one? Reply with its name or number ({numbered})."
            if choices
            else "Which deal? Reply with its name."
        )
    for candidate in choices:
        if answer_words(str(candidate.get("name", ""))) == key:
            deal = turn.deals.by_id(int(candidate["id"]))
            if deal is not None:
                return choose_deal(turn, pending, deal)
    if key in NO:
        turn.pending.resolve(pending)
        return replies.info("OK, I've dropped that update; nothing was stored.")
    deal = turn.deals.by_name(text.strip(" .!"))
    return choose_deal(turn, pending, deal) if deal is not None else None


def drop_pending(turn: Turn, pending: PendingQuestion) -> Reply | None:
    """The author moved on without answering: the question is dropped, and we say what wasn't stored
    (nothing to say when it was about a question of theirs: "which Acme do you mean?")."""
    asked = load_parsed(pending.parsed).intent == "question"
    turn.pending.resolve(pending)
    if asked:
        return None
    return replies.info(
        f"(I left “{quote(pending.raw_text, 80)}” unstored: my question about it went unanswered.)"
    )


def _said_of(turn: Turn, pending: PendingQuestion) -> Said:
    author = turn.people.by_id(pending.author_id) or turn.person
    return Said(pending.platform_message_id, pending.raw_text, author, pending.channel_id, pending.thread_id)
