"""Routing a question to its answer. Questions only ever answer the asker, in their thread."""

from __future__ import annotations

import re

from assistant import lists, replies
from assistant.answers import deal_history, deal_status
from assistant.commands import run_command
from assistant.context import Turn
from assistant.dialogue import Said, ask_which_for_question, looks_like_name
from assistant.formatting import quote
from assistant.messages import Reply
from nlp.types import ParsedMessage

SELF_WORDS = frozenset({"me", "my", "mine", "i", "myself", "you", "your"})
# "Globex?": a bare name with a question mark asks about that deal, known or not.
_BARE_NAME_QUESTION = re.compile(r"^\s*(?P<name>[^\W\d_][\w&.'’ -]{0,58}?)\s*\?+\s*$")
# Plain-language forms of the commands, for when the parser files them as chit-chat.
_COMMAND_PHRASES = frozenset({"my deals", "my pipeline", "waiting on us", "help"})


def answer(turn: Turn, said: Said, parsed: ParsedMessage) -> Reply:
    query = parsed.query
    if query in (None, "deal_status", "history") and (parsed.deal or parsed.candidates):
        return _about_deal(turn, said, parsed)
    if query == "waiting_on_us":
        return lists.waiting_on_us(turn)
    if query == "waiting_on_prospect":
        return lists.waiting_on_prospect(turn)
    if query == "overdue":
        return lists.overdue(turn)
    if query == "stale":
        return lists.gone_quiet(turn)
    if query == "parked":
        return lists.parked(turn)
    if query == "pipeline":
        return pipeline(turn, parsed.rep, parsed.stage)
    if query in ("deal_status", "history"):
        return replies.info("Which deal do you mean? Ask with its name, e.g. “Pied Piper?”.")
    return replies.info("I'm not sure what you're asking. Say “help” to see what I can answer.")


def _about_deal(turn: Turn, said: Said, parsed: ParsedMessage) -> Reply:
    deal = turn.deals.by_name(parsed.deal) if parsed.deal else None
    if deal is None and parsed.candidates:
        found = [d for d in (turn.deals.by_name(c) for c in parsed.candidates) if d is not None]
        if len(found) == 1:
            deal = found[0]
        elif found:
            return ask_which_for_question(turn, said, parsed, found)
    if deal is None:
        name = quote(parsed.deal or "that", 60)
        return replies.info(
            f"I don't know a deal called {name} yet. Tell me about it: “{name}: intro call went well”."
        )
    return deal_history(turn, deal) if parsed.query == "history" else deal_status(turn, deal)


def pipeline(turn: Turn, person: str | None, stage: str | None) -> Reply:
    """ "my pipeline", "Dana's deals", "what's in proposal"."""
    if stage and not person:
        return lists.in_stage(turn, stage)
    who = (person or "me").strip()
    if who.casefold() in SELF_WORDS:
        return lists.rep_pipeline(turn, turn.person, asker_is_rep=True)
    people = turn.people.by_name(who.removesuffix("'s").removesuffix("’s"))
    if not people:
        return lists.unknown_person(who)
    return lists.rep_pipeline(turn, people[0], asker_is_rep=people[0].id == turn.person.id)


def understood_anyway(turn: Turn, said: Said) -> Reply | None:
    """What a message the parser found no meaning in still clearly asks: "Globex?", "my deals"."""
    words = " ".join(said.text.casefold().strip(" ?!.").split())
    if words in _COMMAND_PHRASES:
        return run_command(turn, words)
    match = _BARE_NAME_QUESTION.match(said.text)
    if match is None or not looks_like_name(" ".join(match.group("name").split())):
        return None
    return _about_deal(
        turn, said, ParsedMessage(intent="question", deal=match.group("name"), query="deal_status")
    )
