"""Finding the deal an update is about, asking when unsure, and applying the answer.

When the deal is ambiguous, unknown or unnamed, the assistant asks one short
question and stores the update as a pending question (it survives a restart);
a button press or the author's typed reply finishes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import replies
from assistant.answers import deal_history, deal_status
from assistant.context import DISCUSSION_WINDOW, Turn
from assistant.messages import Reply
from assistant.parsed_store import dump_parsed, load_parsed
from assistant.updates import apply_update
from nlp.types import ParsedMessage
from storage.models import Deal, PendingQuestion, Person
from storage.repositories import name_key

MAX_DEAL_NAME = 100
_LEADING_NAME = re.compile(r"^\s*(?P<name>[^\W\d_][\w&.'’ ]{0,58}?)\s*(?::|\s[-–—]\s)")
# First words that make a label no deal name ("Update: ...", "What?").
_NOT_A_NAME = frozenset(
    {
        "re",
        "update",
        "updates",
        "fyi",
        "note",
        "ps",
        "hi",
        "hey",
        "hello",
        "thanks",
        "thank",
        "so",
        "ok",
        "okay",
        "also",
        "and",
        "but",
        "status",
        "news",
        "what",
        "why",
        "how",
        "who",
        "where",
        "when",
        "which",
        "really",
        "anyone",
        "seriously",
        "lunch",
        "yes",
        "no",
        "nope",
        "sure",
        "done",
        "great",
        "cool",
        "nice",
        "wow",
        "question",
    }
)
ASK_AT_MOST = 5
YES = frozenset(
    {"yes", "y", "yep", "yeah", "yes please", "sure", "correct", "yes new deal", "new deal", "new"}
)
NO = frozenset({"no", "n", "nope", "no thanks", "cancel", "never mind", "nevermind"})


@dataclass(frozen=True, slots=True)
class Said:
    """A message that may change a deal: where it was said, by whom, verbatim."""

    message_id: str
    text: str
    author: Person
    channel_id: str | None
    thread_id: str | None


def update_deal(turn: Turn, said: Said, parsed: ParsedMessage, *, first_deal: bool = False) -> Reply:
    """Apply an update to the deal it names, or ask which deal it is about.

    An unknown name is created without asking when the message introduces it, or when
    the workspace has no deal yet (there is nothing to confuse it with); else we ask.
    """
    if parsed.deal:
        name = " ".join(parsed.deal.split())
        deal = turn.deals.by_name(name)
        if deal is not None:
            return apply_to(turn, said, parsed, deal)
        if not name or len(name) > MAX_DEAL_NAME:
            return _ask_which(turn, said, parsed, [])
        if parsed.is_new_deal or first_deal:
            return apply_to(turn, said, parsed, create_deal(turn, name, said.author, parsed), created=True)
        return _ask_new(turn, said, parsed, name)
    if parsed.candidates:
        found = [d for d in (turn.deals.by_name(c) for c in parsed.candidates) if d is not None]
        if len(found) == 1:
            return apply_to(turn, said, parsed, found[0])
        if found:
            return _ask_which(turn, said, parsed, found)
    label = leading_name(said.text)
    if label and turn.deals.by_name(label) is None:
        # "Globex: sent the proposal": the rep labelled the update with a name we don't know.
        return update_deal(turn, said, parsed._replace(deal=label), first_deal=first_deal)
    return _unnamed(turn, said, parsed)


def leading_name(text: str) -> str | None:
    """The name a rep puts before a colon or a dash ("Globex: ...", "Acme Corp - ..."), if any."""
    match = _LEADING_NAME.match(text)
    if match is None:
        return None
    name = " ".join(match.group("name").split())
    return name if looks_like_name(name) else None


def looks_like_name(name: str) -> bool:
    """A company-like name: at most five words, capitalised (in scripts that have capitals)."""
    words = name.split()
    if not words or len(words) > 5 or len(name) > MAX_DEAL_NAME:
        return False
    if not name[:1].isupper() and name[:1].isascii():
        return False
    return words[0].casefold() not in _NOT_A_NAME


def _unnamed(turn: Turn, said: Said, parsed: ParsedMessage) -> Reply:
    """No deal named: the one being discussed here, or the rep's only open deal; else ask."""
    if said.channel_id:
        ids = turn.log.deals_discussed(
            author_id=said.author.id,
            channel_id=said.channel_id,
            thread_id=said.thread_id,
            since=turn.now - DISCUSSION_WINDOW,
        )
        discussed = [d for d in turn.deals.by_ids(ids) if d.closed_at is None]
        if len(discussed) == 1:
            return apply_to(turn, said, parsed, discussed[0])
        if discussed:
            return _ask_which(turn, said, parsed, discussed[:ASK_AT_MOST])
    mine = turn.deals.recent_of_rep(said.author.id, turn.today, ASK_AT_MOST)
    if len(mine) == 1:
        return apply_to(turn, said, parsed, mine[0])
    return _ask_which(turn, said, parsed, mine)


def create_deal(turn: Turn, name: str, rep: Person, parsed: ParsedMessage) -> Deal:
    """A deal a rep introduces: it belongs to them."""
    deal = turn.deals.create(name, rep_id=rep.id, now=turn.now, stage=parsed.stage or "lead")
    turn.new_deal_names.append(deal.name)
    return deal


def apply_to(turn: Turn, said: Said, parsed: ParsedMessage, deal: Deal, *, created: bool = False) -> Reply:
    """Apply the update to `deal` and confirm; a retracted update of the same message is reused."""
    existing = turn.log.by_message_id(said.message_id)
    update = apply_update(
        turn,
        deal,
        parsed,
        message_id=said.message_id,
        raw_text=said.text,
        author_id=said.author.id,
        channel_id=said.channel_id,
        thread_id=said.thread_id,
        replacing=existing,
    )
    return replies.confirmation(deal, update, turn.today, created=created)


def _ask_which(turn: Turn, said: Said, parsed: ParsedMessage, deals: list[Deal]) -> Reply:
    pending = _remember(turn, said, parsed, "which_deal", [{"id": d.id, "name": d.name} for d in deals])
    return replies.which_deal(pending.id, deals, asking=parsed.intent == "question")


def _ask_new(turn: Turn, said: Said, parsed: ParsedMessage, name: str) -> Reply:
    pending = _remember(turn, said, parsed, "new_deal", [name])
    return replies.is_new_deal(pending.id, name)


def _remember(
    turn: Turn, said: Said, parsed: ParsedMessage, kind: str, candidates: list[object]
) -> PendingQuestion:
    return turn.pending.add(
        kind=kind,
        author_id=said.author.id,
        message_id=said.message_id,
        raw_text=said.text,
        parsed=dump_parsed(parsed),
        candidates=candidates,
        now=turn.now,
        channel_id=said.channel_id,
        thread_id=said.thread_id,
    )


def ask_which_for_question(turn: Turn, said: Said, parsed: ParsedMessage, deals: list[Deal]) -> Reply:
    """ "Which deal do you mean: Hooli or Hooli XYZ?" for a question about an ambiguous name."""
    return _ask_which(turn, said, parsed, deals)


# -- answers to a pending question ------------------------------------------------------------------
def choose_deal(turn: Turn, pending: PendingQuestion, deal: Deal) -> Reply:
    """The author picked the deal: finish the pending update (or answer the pending question)."""
    parsed = load_parsed(pending.parsed)
    said = _said_of(turn, pending)
    turn.pending.resolve(pending)
    if parsed.intent == "question":
        return deal_history(turn, deal) if parsed.query == "history" else deal_status(turn, deal)
    return apply_to(turn, said, parsed, deal)


def answer_new_deal(turn: Turn, pending: PendingQuestion, yes: bool) -> Reply:
    """ "Is X a new deal?" answered: create it (theirs) and apply, or drop the update."""
    name = str(pending.candidates[0]) if pending.candidates else ""
    parsed = load_parsed(pending.parsed)
    said = _said_of(turn, pending)
    turn.pending.resolve(pending)
    if not yes or not name:
        return replies.info(
            f"OK, I won't create {name or 'that deal'}. If you meant a deal I know, "
            "send the update again starting with its name."
        )
    deal = turn.deals.by_name(name)
    if deal is not None:
        return apply_to(turn, said, parsed, deal)
    return apply_to(turn, said, parsed, create_deal(turn, name, said.author, parsed), created=True)


def typed_answer(turn: Turn, pending: PendingQuestion, text: str) -> Reply | None:
    """The author answered in words ("Hooli XYZ", "yes"); None when the text is no answer."""
    key = name_key(text.strip(" \t\n.!?,;:\"'“”‘’"))
    if not key:
        return None
    if pending.kind == "new_deal":
        if key in YES:
            return answer_new_deal(turn, pending, True)
        if key in NO:
            return answer_new_deal(turn, pending, False)
        return None
    for candidate in pending.candidates:
        if isinstance(candidate, dict) and name_key(str(candidate.get("name", ""))) == key:
            deal = turn.deals.by_id(int(candidate["id"]))
            if deal is not None:
                return choose_deal(turn, pending, deal)
    if key in NO:
        turn.pending.resolve(pending)
        return replies.info("OK, I've dropped that update.")
    deal = turn.deals.by_name(key)
    return choose_deal(turn, pending, deal) if deal is not None else None


def _said_of(turn: Turn, pending: PendingQuestion) -> Said:
    author = turn.people.by_id(pending.author_id) or turn.person
    return Said(pending.platform_message_id, pending.raw_text, author, pending.channel_id, pending.thread_id)
