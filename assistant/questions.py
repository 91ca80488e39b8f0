"""Routing a question to its answer. Questions only ever answer the asker, in their thread."""

from __future__ import annotations

import re

from assistant import forecast, lists, replies
from assistant.answers import deal_history, deal_status
from assistant.commands import run_command
from assistant.context import Turn
from assistant.dialogue import Said, ask_which_for_question, looks_like_name
from assistant.formatting import quote
from assistant.messages import Reply
from assistant.paging import ListSpec
from nlp.types import ME, ParsedMessage

SELF_WORDS = frozenset({"me", "my", "mine", "i", "myself", "you", "your"})
# "Globex?": a bare name with a question mark asks about that deal, known or not.
_BARE_NAME_QUESTION = re.compile(r"^\s*(?P<name>[^\W\d_][\w&.'’ -]{0,58}?)\s*\?+\s*$")
# Plain-language forms of the commands, for when the parser files them as chit-chat.
_COMMAND_PHRASES = frozenset({"my deals", "my pipeline", "waiting on us", "help"})
# Typed paging of the last list asked in this channel.
_PLEASE = re.compile(r"^(?:ok|okay|yes|sure)[, ]+|\s*,?\s*(?:please|pls|thanks)$|^(?:please|pls)\s+")
_MORE_WORDS = frozenset(
    {
        "more",
        "show more",
        "next",
        "next page",
        "next one",
        "next ones",
        "more deals",
        "see more",
        "give me more",
        "keep going",
        "continue",
        "and more",
        "what else",
        "show me more",
        "load more",
    }
)
_ALL_WORDS = frozenset(
    {
        "show all",
        "all of them",
        "see all",
        "show them all",
        "show me all",
        "the rest",
        "show the rest",
        "show me the rest",
        "the full list",
        "full list",
        "show the full list",
        "list all",
        "everything",
        "show everything",
        "all",
        "the whole list",
        "whole list",
        "show me everything",
    }
)


def answer(turn: Turn, said: Said, parsed: ParsedMessage) -> Reply:
    query = parsed.query
    paging = paging_request(said.text)
    if paging is not None:
        page = lists.more(turn, show_all=paging == "all")
        if page is not None or query is None:
            return page or replies.info(lists.NOTHING_TO_PAGE)
    if query in (None, "deal_status", "history") and (parsed.deal or parsed.candidates):
        return _about_deal(turn, said, parsed)
    if query in ("deal_status", "history"):
        return replies.info("Which deal do you mean? Ask with its name, e.g. “Pied Piper?”.")
    if query is None:
        return replies.info("I'm not sure what you're asking. Say “help” to see what I can answer.")
    rep = _rep_filter(turn, parsed.rep)
    if isinstance(rep, Reply):
        return rep
    if query == "forecast":
        return forecast.forecast(turn, rep_id=rep, stage=parsed.stage, period=parsed.period)
    if query == "reps":
        return forecast.reps_behind(turn)
    kind = {"stale": "stale", "hot": "hot", "due_today": "due_today"}.get(query, query)
    period = parsed.period if query in ("parked", "due_today") else None
    if query == "pipeline" and rep is not None and not parsed.stage and not parsed.temperature:
        person = turn.people.by_id(rep)
        assert person is not None
        return lists.rep_pipeline(turn, person)
    spec = ListSpec(kind, rep_id=rep, stage=parsed.stage, temperature=parsed.temperature, period=period)
    if query == "due_today" and rep == turn.person.id and (period or "today") == "today":
        return lists.my_day(turn, spec)
    return lists.show(turn, spec)


def _rep_filter(turn: Turn, rep: str | None) -> int | Reply | None:
    """The person a list is narrowed to: the asker for ME, a name matched case-insensitively,
    None for the whole team; a Reply when the name matches nobody or several people."""
    if rep is None:
        return None
    who = " ".join(rep.split()).removesuffix("'s").removesuffix("’s").strip(" @")
    if rep == ME or who.casefold() in SELF_WORDS:
        return turn.person.id
    people = turn.people.by_name(who)
    if not people:
        return lists.unknown_person(who)
    if len(people) > 1:
        names = ", ".join(p.display_name for p in people)
        return Reply(
            text=f"More than one person matches {quote(who, 60)}: {names}. Which one? Use their full name.",
            kind="question",
        )
    return people[0].id


def paging_request(text: str) -> str | None:
    """ "more", "next", "show more" -> "more"; "show all", "the rest", "full list" -> "all"; else None."""
    words = " ".join(text.casefold().replace("’", "'").strip(" ?!.").split())
    words = _PLEASE.sub("", words).strip(" ,")
    if words in _MORE_WORDS:
        return "more"
    if words in _ALL_WORDS:
        return "all"
    return None


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


def understood_anyway(turn: Turn, said: Said) -> Reply | None:
    """What a message the parser found no meaning in still clearly asks: "Globex?", "my deals"."""
    paging = paging_request(said.text)
    if paging is not None:
        return lists.more(turn, show_all=paging == "all") or replies.info(lists.NOTHING_TO_PAGE)
    words = " ".join(said.text.casefold().strip(" ?!.").split())
    if words in _COMMAND_PHRASES:
        return run_command(turn, words)
    match = _BARE_NAME_QUESTION.match(said.text)
    if match is None or not looks_like_name(" ".join(match.group("name").split())):
        return None
    return _about_deal(
        turn, said, ParsedMessage(intent="question", deal=match.group("name"), query="deal_status")
    )
