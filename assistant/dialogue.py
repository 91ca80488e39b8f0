"""Finding the deal each part of an update is about, asking when unsure, and applying the answer.

A message carries one `DealUpdate` per deal it reports on; each is applied to its own deal and
the confirmation lists them all. When a deal is ambiguous, unknown or unnamed, the assistant asks
one short question and stores that deal's update as a pending question (it survives a restart);
a button press or the author's typed reply finishes it. "Park X" with no date asks until when.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant import replies
from assistant.context import DISCUSSION_WINDOW, REMINDER_WINDOW, Turn
from assistant.deal_actions import plan_action
from assistant.messages import Reply
from assistant.parsed_store import dump_parsed
from assistant.replies import Applied
from assistant.updates import apply_update, planned_values, with_bookkeeping
from nlp.types import DealUpdate as DealNews
from nlp.types import ParsedMessage
from storage.models import Deal, PendingQuestion, Person
from storage.repositories import name_key
from storage.repositories_log import base_id, reminded_deals, slot_id

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
# A bare "done" (the parser reads no action without a deal) completes the step being discussed.
DONE = frozenset({"done", "all done", "done it", "did it", "done and done", "finished"})
NO = frozenset({"no", "n", "nope", "no thanks", "cancel", "never mind", "nevermind", "none", "neither"})
# "Met with Dunder Mifflin today": a capitalised name after with/from/at that no deal has.
_INTRODUCED = re.compile(r"\b(?:with|from|at)\s+(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3})")

_CALENDAR_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "next",
        "last",
        "this",
        "week",
        "month",
        "quarter",
        "year",
    ]
)
_INTRO_CUE = re.compile(
    r"\b(?:new (?:lead|deal|prospect|opportunity|logo|account|client|customer)|first (?:call|meeting|contact)"
    r"|intro(?:duction|ductory)? (?:call|meeting)|inbound|met with|referral)\b",
    re.IGNORECASE,
)
GUESSED = "guessed"  # marks a new deal's name that the update did not write as its label


@dataclass(frozen=True, slots=True)
class Said:
    """A message that may change a deal: where it was said, by whom, verbatim."""

    message_id: str
    text: str
    author: Person
    channel_id: str | None
    thread_id: str | None
    direct: bool = False  # a direct conversation with the assistant (where reminders arrive)

    def slot(self, index: int) -> Said:
        """The same message, as stored for its `index`-th deal."""
        return replace(self, message_id=slot_id(self.message_id, index))


def update_deal(turn: Turn, said: Said, parsed: ParsedMessage, *, first_deal: bool = False) -> Reply:
    """Apply each deal's update to its own deal (asking where unsure) and confirm them all."""
    items = parsed.deal_updates() or (parsed.first_update(),)
    if len(items) == 1:
        found = _resolve(turn, said, items[0], first_deal=first_deal, whole=True)
        if isinstance(found, Reply):
            return found
        outcome = act(turn, said, items[0], found[0], created=found[1])
        return outcome if isinstance(outcome, Reply) else replies.confirmation(outcome, turn.today)
    done: list[Applied] = []
    questions: list[Reply] = []
    for index, news in enumerate(items):
        part = said.slot(index)
        found = _resolve(turn, part, news, first_deal=first_deal, whole=False)
        if isinstance(found, Reply):
            questions.append(found)
            continue
        outcome = act(turn, part, news, found[0], created=found[1])
        if isinstance(outcome, Reply):
            questions.append(outcome)
        else:
            done.append(outcome)
    if not done:
        return questions[0] if len(questions) == 1 else replies.several_questions(questions)
    return replies.confirmations(done, turn.today, questions)


def _resolve(
    turn: Turn, said: Said, news: DealNews, *, first_deal: bool, whole: bool
) -> tuple[Deal, bool] | Reply:
    """The deal `news` is about (and whether it was just created), or the question we asked.

    `whole`: `news` is all the message says, so a name the message is labelled with is its deal.
    """
    if news.deal:
        name = " ".join(news.deal.split())
        deal = turn.deals.by_name(name)
        if deal is not None:
            return deal, False
        if not name or len(name) > MAX_DEAL_NAME or not _may_be_named(name):
            return ask_which(turn, said, news, [])
        introduced = news.is_new_deal and (whole or _introduces(said.text, name))
        if introduced or first_deal:
            return create_deal(turn, name, said.author, news), True
        return _ask_new(turn, said, news, name)
    if news.candidates:
        found = [d for d in (turn.deals.by_name(c) for c in news.candidates) if d is not None]
        if len(found) == 1:
            return found[0], False
        if found:
            return ask_which(turn, said, news, found)
    if not whole:
        return unnamed_deal(turn, said, news)
    label = leading_name(said.text)
    if label and turn.deals.by_name(label) is None:
        # "Globex: sent the proposal": the rep labelled the update with a name we don't know yet.
        return _resolve(turn, said, news._replace(deal=label), first_deal=first_deal, whole=True)
    met = _introduced(said.text)
    if met and turn.deals.by_name(met) is None and _may_be_named(met):
        # "Met with Dunder Mifflin today": offered as a new deal; a "no" asks which deal instead.
        if first_deal:
            return create_deal(turn, met, said.author, news), True
        return _ask_new(turn, said, news, met, guessed=True)
    return unnamed_deal(turn, said, news)


def _introduces(text: str, name: str) -> bool:
    """A line of a recap that introduces `name` ("Globex: intro call went well", "new lead: Globex");
    a line merely labelled with an unknown name (perhaps a typo of a known one) is asked about."""
    wanted = name.casefold()
    return any(wanted in line.casefold() and _INTRO_CUE.search(line) for line in re.split(r"[\n.;]", text))


def _may_be_named(name: str) -> bool:
    """A typed answer ("yes, new deal") or a filler word never becomes a deal's name."""
    first = name.split()[0].casefold().strip(",.!?:;")
    return first not in _NOT_A_NAME and name_key(name) not in YES | NO


def _introduced(text: str) -> str | None:
    for match in _INTRODUCED.finditer(text):
        name = " ".join(match.group("name").rstrip(".,").split())
        words = name.split()
        if len(words) >= 2 and looks_like_name(name) and not _CALENDAR_WORDS & {w.casefold() for w in words}:
            return name
    return None


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


def unnamed_deal(turn: Turn, said: Said, news: DealNews) -> tuple[Deal, bool] | Reply:
    """No deal named: the one being discussed here, or the rep's only open deal; else ask."""
    if said.channel_id:
        ids = turn.log.deals_discussed(
            author_id=said.author.id,
            channel_id=said.channel_id,
            thread_id=said.thread_id,
            since=turn.now - DISCUSSION_WINDOW,
        )
        if not ids and said.direct:
            # Nothing said here lately: the deal we just reminded them about ("done", "sent it").
            ids = reminded_deals(
                turn.session, turn.workspace.id, said.author.platform_id, turn.now - REMINDER_WINDOW
            )
            ids = ids[:1]
        discussed = [d for d in turn.deals.by_ids(ids) if d.closed_at is None]
        if len(discussed) == 1:
            return discussed[0], False
        if discussed:
            return ask_which(turn, said, news, discussed[:ASK_AT_MOST])
    mine = turn.deals.recent_of_rep(said.author.id, turn.today, ASK_AT_MOST)
    if len(mine) == 1:
        return mine[0], False
    return ask_which(turn, said, news, mine)


def create_deal(turn: Turn, name: str, rep: Person, news: DealNews) -> Deal:
    """A deal a rep introduces: it belongs to them."""
    stage = news.stage if news.stage and news.action not in ("close", "reopen") else "lead"
    deal = turn.deals.create(name, rep_id=rep.id, now=turn.now, stage=stage)
    turn.new_deal_names.append(deal.name)
    return deal


def act(turn: Turn, said: Said, news: DealNews, deal: Deal, *, created: bool = False) -> Applied | Reply:
    """Carry out one deal's update (or action) and log it; a question when a park has no date.

    A message that changes nothing is not stored (it never becomes the deal's "last update").
    """
    if news.park_asked and not news.park_until and not news.unpark:
        return _ask_park(turn, said, news, deal)
    lead = refused = None
    if news.action:
        plan = plan_action(turn, deal, news, said.text)
        values, lead, refused = plan.values, plan.lead, plan.refused
    else:
        values = planned_values(deal, news, said.text, turn)
    if refused is not None:
        return Applied(deal, None, refused=refused, created=created)
    if created and not values:
        values = with_bookkeeping(deal, {}, turn.now, always=True)
    if not values:
        return Applied(deal, None, created=created)
    renamed = "name" in values
    update = apply_update(
        turn,
        deal,
        values,
        parsed=ParsedMessage.of_updates([news]),
        message_id=said.message_id,
        raw_text=said.text,
        author_id=said.author.id,
        channel_id=said.channel_id,
        thread_id=said.thread_id,
        replacing=None
        if base_id(said.message_id) == turn.fresh_message
        else turn.log.by_message_id(said.message_id),
    )
    if "rep_id" in update.changes:
        turn.session.expire(deal, ["rep"])
    if lead is None and news.unpark and "park_until" in update.changes:
        lead = f"{deal.name} is out of the parking lot."
    if renamed:
        turn.names_changed = True
    return Applied(deal, update, lead=lead, created=created)


def ask_which(turn: Turn, said: Said, news: DealNews, deals: list[Deal], *, asking: bool = False) -> Reply:
    pending = _remember(turn, said, news, "which_deal", [{"id": d.id, "name": d.name} for d in deals])
    return replies.which_deal(pending.id, deals, asking=asking)


def _ask_new(turn: Turn, said: Said, news: DealNews, name: str, *, guessed: bool = False) -> Reply:
    """ "Is X a new deal?"; a `guessed` name (not written as the update's label) keeps the update
    unnamed, so that a "no" asks which deal it is about instead of dropping it."""
    kept = news if guessed else news._replace(deal=name)
    pending = _remember(turn, said, kept, "new_deal", [name, GUESSED] if guessed else [name])
    return replies.is_new_deal(pending.id, name)


def _ask_park(turn: Turn, said: Said, news: DealNews, deal: Deal) -> Reply:
    _remember(turn, said, news, "park_until", [{"id": deal.id, "name": deal.name}])
    return replies.info(
        f"Until when should I park {deal.name}? Reply with a date, e.g. “until March” or “3 months”."
    )


def _remember(
    turn: Turn, said: Said, news: DealNews | ParsedMessage, kind: str, candidates: list[object]
) -> PendingQuestion:
    parsed = news if isinstance(news, ParsedMessage) else ParsedMessage.of_updates([news])
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
    pending = _remember(turn, said, parsed, "which_deal", [{"id": d.id, "name": d.name} for d in deals])
    return replies.which_deal(pending.id, deals, asking=True)
