"""The spaCy pipeline: `spacy.blank("en")` plus one rule component per family of the spec.

Each component reads what earlier ones left in the Doc's `doc._.ns` (an `Analysis`) and adds its own
findings. The questions component runs right after the deals one and decides whether the message is a
question: the update rules after it (dates, money, stage, parking, owner) skip a question. The last
component writes the located findings as labelled spans in `doc.spans["nextstep"]`. The message's
context (its local date, the workspace's deals) rides on the Analysis, set by the parser before the
components run.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple, cast

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_prefix_regex, compile_suffix_regex

from nlp import actions as _actions  # noqa: F401  (registers the ns_cues factory)
from nlp import owner as owner_rules
from nlp.dates import DateMention, find_dates, month_first
from nlp.deals import EXACT, PARTIAL, DealIndex, DealMatch, Token, split_words, tokenize, word_set
from nlp.lexicon import everyday_words
from nlp.money import find_amounts
from nlp.newdeal import NewDeal, find_new_deal
from nlp.owner import Clause
from nlp.parking import Parking, find_parking
from nlp.patterns import Found, word_list
from nlp.questions import Question, read_question
from nlp.stage import read_stage
from nlp.textnorm import lower_aligned
from nlp.types import DateOrder, Stage, Temperature

COMPONENTS = (
    "ns_deals",
    "ns_questions",
    "ns_dates",
    "ns_money",
    "ns_stage",
    "ns_parking",
    "ns_cues",  # nlp/actions.py: the cue families of nlp/patterns/ on the Doc's tokens
    "ns_owner",  # reads owners.json's clause rules among the cues
    "ns_spans",
)


class ParseContext(NamedTuple):
    """What a message is read against: the writer's local date and the workspace's deals; the writer's
    time zone and the workspace's `date_order` ("mdy", "dmy", None: the zone decides) say how "3/4" reads."""

    today: date
    deals: DealIndex
    tz: str = "UTC"
    date_order: DateOrder | None = None


class Analysis:
    """What the components found so far; one object on `doc._.ns`, so each component reads it once.

    Each finding starts as a class-level "nothing found" (immutable) and is set on the instance when a
    component finds it: making one per message costs a few attribute stores, not one per field.
    """

    lower: str = ""
    # Every run of letters and digits of `lower`: a cue none of whose words is here need not be scanned for.
    words: frozenset[str] = frozenset()
    deals: tuple[DealMatch, ...] = ()
    new_deal: NewDeal | None = None
    dates: tuple[DateMention, ...] = ()
    amount: int | None = None
    currency: str | None = None  # the amount's, ISO 4217, when written with it
    stage: Stage | None = None
    temperature: Temperature | None = None
    parking: Parking | None = None
    park_mention: DateMention | None = None
    asking: bool = False
    question: Question | None = None
    is_question: bool = False  # decided right after the deals: a question needs none of the update rules
    masked: str = ""
    blanked: str | None = None  # `lower` with the deal names blanked, made once for stage/parking/questions
    clauses: tuple[Clause, ...] = ()
    cues: tuple[Found, ...] = ()  # the matches of the cue families (nlp/patterns/), in order

    def __init__(self, ctx: ParseContext, text: str) -> None:
        self.ctx = ctx
        self.text = text
        self.tokens: list[Token] = []
        self.taken: list[tuple[int, int]] = []  # deal spans: no dates or money in them
        self.spans: list[tuple[int, int, str]] = []  # for doc.spans["nextstep"]


def _analysis(doc: Doc) -> Analysis | None:
    found = doc.user_data.get("ns")
    return found if isinstance(found, Analysis) else None


# The components keep their state in doc.user_data["ns"] (a dict lookup: cheaper than `doc._` on
# the hot path); `doc._.ns` reads it for anyone inspecting a Doc.
if not Doc.has_extension("ns"):
    Doc.set_extension("ns", getter=_analysis)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return bool(spans) and any(start < e and s < end for s, e in spans)


@Language.component("ns_spans")
def spans_component(doc: Doc) -> Doc:
    """What the components located, as labelled spans: doc.spans["nextstep"] (DEAL, NEW_DEAL, DATE, MONEY,
    and the cues of nlp/patterns/ by their labels: SNOOZE, UNPARK, ...)."""
    state: Analysis = doc.user_data["ns"]
    if state.spans:
        made = []
        for start, end, label in state.spans:
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                made.append(span)
        doc.spans["nextstep"] = made
    return doc


# The message says its deal is new: "new lead: Golden Gate", "new logo - Golden Gate".
_SAID_NEW = re.compile(
    r"\bnew\s+(?:inbound\s+)?(?:lead|deal|prospect|opportunity|opp|logo|account|inbound|customer)\b"
)


def _part_of_known(match: DealMatch, new: NewDeal, lower: str) -> bool:
    """Whether the new name as written is a run of words of the known deal(s) a part matched ("Golden Gate",
    "Big Sur" for "Golden Gate Ventures", "Big Sur Logistics"), and the message does not say it is new."""
    if match.quality != PARTIAL or _SAID_NEW.search(lower):
        return False
    written = split_words(new.name.lower())
    size = len(written)
    for name in match.names:  # "Kestrel" for Kestrel Foods and Kestrel Systems: both, ambiguous
        known = split_words(name.lower())
        if not (
            0 < size < len(known)
            and any(known[i : i + size] == written for i in range(len(known) - size + 1))
        ):
            return False
    return True


# A title before a name: "Ms. Dahl" is a person, even when "Dahl" is a word of a deal's name.
_TITLES = sorted({re.escape(t.rstrip(".")) for t in word_list("owners", "titles")}, key=len, reverse=True)
_AFTER_TITLE = re.compile(rf"\b(?:{'|'.join(_TITLES)})\.?\s+$")


def after_title(lower: str, start: int) -> bool:
    """Whether the words at `start` follow a title ("Ms. |Dahl", "Dr |Rao"): a person's name."""
    return _AFTER_TITLE.search(lower, max(0, start - 8), start) is not None


@Language.component("ns_deals")
def deals_component(doc: Doc) -> Doc:
    """Known deals named in the message (longest match wins), else a new deal it introduces."""
    state: Analysis = doc.user_data["ns"]
    text = state.text
    lower = state.lower = lower_aligned(text)
    all_lower = lower == text
    words = split_words(lower)
    state.words = word_set(lower, words)
    state.tokens = tokenize(lower, text, words)
    norms = None if "'" in lower else words  # without an apostrophe, each word is its token's form
    known = len(state.ctx.deals)
    matches = state.ctx.deals.find(state.tokens, all_lower, lower, norms) if known else []
    new = find_new_deal(text, first_mention=not known)
    # "new lead: Acme Health" is new even though "Acme" alone names the known "Acme Robotics", and "new
    # lead: Hooli Labs" though "Hooli" is known: the new name holds every match and is longer than each.
    # "Golden Gate: intro call Tuesday" is the known "Golden Gate Ventures" by its distinctive part: a new
    # name that is a run of a known name's words is that deal, unless the message says it is new ("new
    # lead:"); "intro call with Big Sur" names "Big Sur Logistics" (matched by "Sur"), read as "Big Sur".
    if new is not None and all(
        new.start <= m.start
        and m.end <= new.end
        and (m.quality != EXACT or m.length < new.end - new.start)
        and not _part_of_known(m, new, lower)
        for m in matches
    ):
        state.new_deal, matches = new, []
    elif new is not None:
        matches = [
            m._replace(start=new.start, end=new.end)
            if new.start <= m.start and m.end <= new.end and _part_of_known(m, new, lower)
            else m
            for m in matches
        ]
    if len(matches) > 1:
        # "Fenwick & Dahl: I'll ping Ms. Dahl again": a part of a name after a title is the person, when the
        # message names its deal elsewhere
        people = [m for m in matches if m.quality != EXACT and after_title(lower, m.start)]
        if people and len(people) < len(matches):
            matches = [m for m in matches if m not in people]
    state.deals = tuple(matches)
    spans = [(m.start, m.end, "DEAL") for m in matches]
    if state.new_deal is not None:
        spans.append((state.new_deal.start, state.new_deal.end, "NEW_DEAL"))
    state.taken = [(start, end) for start, end, _label in spans]
    state.spans.extend(spans)
    return doc


@Language.component("ns_dates")
def dates_component(doc: Doc) -> Doc:
    """Date expressions of the spec's table, resolved against the writer's local date."""
    state: Analysis = doc.user_data["ns"]
    if state.is_question:
        return doc  # a question's answer reads none of this
    ctx = state.ctx
    found = find_dates(
        state.lower,
        state.text,
        ctx.today,
        state.tokens,
        month_first=month_first(ctx.tz, ctx.date_order),
        names=state.taken,
    )
    if not found:  # most messages: state.dates stays ()
        return doc
    taken, spans = state.taken, state.spans
    kept: list[DateMention] = []
    for mention in found:  # those outside the deal names (a plain loop: _overlaps per date costs more)
        start, end = mention.start, mention.end
        for taken_start, taken_end in taken:
            if start < taken_end and taken_start < end:
                break
        else:
            kept.append(mention)
            spans.append((start, end, "DATE"))
    state.dates = tuple(kept)
    return doc


@Language.component("ns_money")
def money_component(doc: Doc) -> Doc:
    """The deal's amount: the first amount with a currency or magnitude, else the first amount."""
    state: Analysis = doc.user_data["ns"]
    if state.is_question:
        return doc  # a question's answer reads none of this
    amounts = find_amounts(state.text, state.taken)  # an amount in a deal's name is none
    if not amounts:  # most messages: state.amount stays None
        return doc
    taken = state.taken + [(m.start, m.end) for m in state.dates]
    spans = state.spans
    first = first_explicit = None
    for amount in amounts:  # those outside the deal names and dates; the first explicit one, else the first
        start, end = amount.start, amount.end
        for taken_start, taken_end in taken:
            if start < taken_end and taken_start < end:
                break
        else:
            spans.append((start, end, "MONEY"))
            if first is None:
                first = amount
            if first_explicit is None and amount.explicit:
                first_explicit = amount
    chosen = first_explicit or first
    state.amount = chosen.value if chosen else None
    state.currency = chosen.currency if chosen else None
    return doc


@Language.component("ns_stage")
def stage_component(doc: Doc) -> Doc:
    """Stage and temperature cues, read with the deal names blanked ("Closed Won Labs" sets nothing)."""
    state: Analysis = doc.user_data["ns"]
    if state.is_question:
        return doc  # a question's answer reads none of this
    state.stage, state.temperature = read_stage(
        doc, state.words, state.lower, state.taken, lambda: _blanked(state)
    )
    return doc


@Language.component("ns_parking")
def parking_component(doc: Doc) -> Doc:
    """Parking words and deferrals, with the park date."""
    state: Analysis = doc.user_data["ns"]
    if state.is_question:
        return doc  # a question's answer reads none of this
    lower = _blanked(state)
    state.parking, state.park_mention = find_parking(lower, state.dates, state.ctx.today, state.words)
    return doc


@Language.component("ns_questions")
def questions_component(doc: Doc) -> Doc:
    """Whether the message asks, and which query it is."""
    state: Analysis = doc.user_data["ns"]
    state.masked = _mask(state.lower, state.deals)
    # A message without a deal is classified even when it does not ask: a list phrase can ask by itself
    # ("my day", "parked", "pipeline by stage").
    has_deal = bool(state.deals) or state.new_deal is not None
    state.question, state.is_question, state.asking = read_question(
        state.lower,
        _blanked(state),
        state.masked,
        state.text,
        state.words,
        bool(state.deals),
        has_deal,
        state.ctx.today,
        doc,
    )
    return doc


@Language.component("ns_owner")
def owner_component(doc: Doc) -> Doc:
    """Clauses and their owner cues; the deal as a subject reads as the prospect."""
    state: Analysis = doc.user_data["ns"]
    if state.is_question:
        return doc
    spans = [(m.start, m.end) for m in state.dates]
    starts = [m.start for m in state.dates]
    state.clauses = tuple(owner_rules.analyse(state.masked, starts, spans, state.words, state.cues))
    return doc


def _mask(lower: str, matches: tuple[DealMatch, ...]) -> str:
    if not matches:
        return lower
    parts: list[str] = []
    position = 0
    for match in matches:
        # A possessive stays as written, so the owner rules read "D___'s cfo wants" as the deal's CFO.
        end = match.end - 2 if lower.endswith("'s", match.start, match.end) else match.end
        parts.append(lower[position : match.start])
        parts.append("D" + "_" * (end - match.start - 1))
        position = end
    parts.append(lower[position:])
    return "".join(parts)


def _blanked(state: Analysis) -> str:
    if state.blanked is None:
        state.blanked = _without(state.lower, state.taken) if state.taken else state.lower
    return state.blanked


def _without(lower: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        lower = lower[:start] + " " * (end - start) + lower[end:]
    return lower


# An emoji, with its presentation selector or skin tone: spaCy splits off the symbols of its own table
# only, and a newer emoji ("🧊", "🫠") stayed glued to the word before or after it ("parked🧊").
EMOJI = r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF][\uFE0F\U0001F3FB-\U0001F3FF]?"


def split_emoji(nlp: Language) -> None:
    """Makes an emoji a token of its own wherever it stands against a word (a prefix and a suffix rule)."""
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    tokenizer.prefix_search = compile_prefix_regex([*(nlp.Defaults.prefixes or ()), EMOJI]).search
    tokenizer.suffix_search = compile_suffix_regex([*(nlp.Defaults.suffixes or ()), EMOJI]).search


def build_pipeline() -> Language:
    """spacy.blank("en") (an emoji is a token of its own: `split_emoji`) with the rule components, in
    order."""
    everyday_words()  # read the word list now, not on the first message that needs it
    nlp = spacy.blank("en")
    split_emoji(nlp)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
