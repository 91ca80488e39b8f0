"""MessageParser: one chat message -> ParsedMessage, by the rules of ../shared/spec/PARSING.md."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from spacy.tokens import Doc

from nlp.dates import DateMention
from nlp.deals import DealIndex, DealMatch, as_index
from nlp.nextstep import step_text
from nlp.owner import Clause, decide
from nlp.pipeline import ParseContext, build_pipeline
from nlp.questions import is_status_request
from nlp.textnorm import clean_text
from nlp.types import CLOSED_STAGES, Owner, ParsedMessage

log = logging.getLogger(__name__)

_WH_START = re.compile(
    r"^(?:hey\s+|hi\s+|ok\s+|so\s+|@\w+\s+)*(?:what|what's|whats|which|where|where's|who|who's|whose|how|how's|"
    r"hows|when|why|any|anything|show|list|give|tell|status|pull\s+up|get\s+me)\b"
)
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_PAST_CLAUSE = re.compile(r"\b(?:had|did|went|was|were|yesterday|last|ago|earlier)\b")
_ACTION_KINDS = frozenset({"wait", "court", "owe", "meeting", "delivered", "instruction", "wants"})


def _zone(tz: str) -> tzinfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return ZoneInfo("UTC")


def local_today(now: datetime, tz: str) -> date:
    """The writer's local date: naive `now` is already local; aware `now` is converted into `tz`."""
    if now.tzinfo is not None and now.utcoffset() is not None:
        return now.astimezone(_zone(tz)).date()
    return now.date()


class MessageParser:
    """Builds the spaCy pipeline once; `parse` is cheap and never raises."""

    def __init__(self) -> None:
        self.nlp = build_pipeline()
        self._last_deals: tuple[str, ...] | None = None
        self._last_index = DealIndex()

    def _index(self, deals: DealIndex | Iterable[str] | None) -> DealIndex:
        if isinstance(deals, DealIndex):
            return deals
        key = tuple(deals) if deals is not None and not isinstance(deals, str | bytes) else ()
        if key != self._last_deals:
            self._last_deals, self._last_index = key, as_index(key)
        return self._last_index

    def parse(
        self, text: str, *, now: datetime, tz: str, deals: DealIndex | Iterable[str] = ()
    ) -> ParsedMessage:
        """What one message means; a well-formed `other` result for input that means nothing."""
        try:
            return self._parse(text, now, tz, deals)
        except Exception:  # a person never sees a traceback; the message is logged for a rule fix
            log.exception("parse failed for %r", text[:200] if isinstance(text, str) else text)
            return ParsedMessage(intent="other")

    def parse_doc(self, text: str, *, now: datetime, tz: str, deals: DealIndex | Iterable[str] = ()) -> Doc:
        """The annotated Doc, for inspection: doc.spans and doc._.ns_* hold what each component found."""
        today = local_today(now, tz) if isinstance(now, datetime) else date.today()
        doc = self.nlp.make_doc(clean_text(text))
        doc._.ns_ctx = ParseContext(today, self._index(deals))
        for _name, component in self.nlp.pipeline:
            doc = component(doc)
        return doc

    def _parse(self, text: str, now: datetime, tz: str, deals: DealIndex | Iterable[str]) -> ParsedMessage:
        doc = self.parse_doc(text, now=now, tz=tz, deals=deals)
        if not _LETTERS.search(doc.text):
            return ParsedMessage(intent="other")
        return assemble(doc)


def _choose_deal(matches: tuple[DealMatch, ...]) -> tuple[str | None, tuple[str, ...]]:
    """The best match (exact over partial over typo, then first); several names: ambiguous."""
    best = max(matches, key=lambda m: (m.quality, -m.start))
    if len(best.names) == 1:
        return best.names[0], ()
    return None, best.names


def _bare(doc: Doc) -> bool:
    """Only the deal's name (and punctuation or a status word or two) is left."""
    lower = doc._.ns_masked
    rest = [w for w in _LETTERS.findall(lower.replace("_", " ")) if w != "D"]
    return len(rest) == 0


def _is_question(doc: Doc, has_deal: bool) -> bool:
    lower = doc._.ns_lower
    if has_deal and _bare(doc):
        return True
    if not doc._.ns_asking:
        return False
    question = doc._.ns_question
    if _WH_START.match(lower):
        return question.query is not None or has_deal
    if has_deal:
        words = len(_LETTERS.findall(doc._.ns_masked.replace("_", " "))) - 1
        return words <= 3 or is_status_request(lower)
    return question.query is not None


def _usable_dates(doc: Doc, clauses: tuple[Clause, ...]) -> list[DateMention]:
    past_spans = [(c.start, c.end) for c in clauses if c.kind == "delivered" or _PAST_CLAUSE.search(c.text)]
    return [
        m
        for m in doc._.ns_dates
        if m.value is not None
        and m.countable
        and not m.is_past
        and not m.is_duration
        and not any(s <= m.start < e for s, e in past_spans)
    ]


def _step_clause(clauses: tuple[Clause, ...], owner_clause: Clause | None) -> Clause | None:
    last = next((c for c in reversed(clauses) if c.owner is not None), None)
    if owner_clause is None or last is None or last.owner == owner_clause.owner:
        return last
    return owner_clause


def _due(dates: list[DateMention], step: Clause | None) -> date | None:
    if not dates:
        return None
    if step is not None:
        inside = [m for m in dates if step.start <= m.start < step.end]
        if inside:
            return inside[-1].value
    return dates[-1].value


def assemble(doc: Doc) -> ParsedMessage:
    """The ParsedMessage the components' findings add up to."""
    matches: tuple[DealMatch, ...] = doc._.ns_deals
    deal: str | None = None
    candidates: tuple[str, ...] = ()
    is_new = False
    if matches:
        deal, candidates = _choose_deal(matches)
    elif doc._.ns_new_deal is not None:
        deal, is_new = doc._.ns_new_deal.name, True
    has_deal = deal is not None or bool(candidates)

    if _is_question(doc, has_deal):
        question = doc._.ns_question
        return ParsedMessage(
            intent="question",
            deal=deal,
            candidates=candidates,
            query=question.query or "deal_status",
            query_person=question.person,
            query_stage=question.stage,
        )

    clauses: tuple[Clause, ...] = doc._.ns_clauses
    owner_clause = decide(list(clauses))
    stage = doc._.ns_stage
    parking = doc._.ns_parking
    amount = doc._.ns_amount
    temperature = doc._.ns_temperature
    has_action = any(c.kind in _ACTION_KINDS for c in clauses)
    if not has_deal and not (stage or amount or parking or has_action):
        return ParsedMessage(intent="other")

    owner: Owner | None = owner_clause.owner if owner_clause else None
    step = _step_clause(clauses, owner_clause)
    dates = _usable_dates(doc, clauses)
    due = None if parking else _due(dates, step)
    park_until = parking.until if parking else None
    if owner is None and due is not None:
        owner = "us"
    next_step = None
    if step is not None and (owner is not None or parking):
        removals = [(m.start, m.end) for m in matches] + [(m.start, m.end) for m in doc._.ns_dates]
        cut = step.start + len(step.text)
        next_step = step_text(doc.text, step.start, cut, removals, step.kind)
    if stage in CLOSED_STAGES:
        owner, next_step, due = None, None, None
    return ParsedMessage(
        intent="update",
        deal=deal,
        is_new_deal=is_new,
        candidates=candidates,
        owner=owner,
        next_step=next_step,
        due=due,
        stage=stage,
        amount=amount,
        park_until=park_until,
        temperature=temperature,
    )
