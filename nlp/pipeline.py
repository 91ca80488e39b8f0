"""The spaCy pipeline: `spacy.blank("en")` plus one rule component per family of the spec.

Each component reads what earlier ones left on the Doc (`doc._.ns_*` extensions) and adds its own
findings, also as labelled spans in `doc.spans` so they can be inspected or displayed. The message's
context (its date, the workspace's deals) rides on `doc._.ns_ctx`, set by the parser before the
components run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp import owner as owner_rules
from nlp.dates import find_dates
from nlp.deals import DealIndex, DealMatch, tokenize
from nlp.money import find_amounts
from nlp.newdeal import find_new_deal
from nlp.parking import find_parking
from nlp.questions import classify_question, is_asking
from nlp.stage import find_stage, find_temperature
from nlp.textnorm import lower_aligned

COMPONENTS = (
    "ns_deals",
    "ns_dates",
    "ns_money",
    "ns_stage",
    "ns_parking",
    "ns_questions",
    "ns_owner",
)
_EXTENSIONS: dict[str, Any] = {
    "ns_ctx": None,
    "ns_lower": "",
    "ns_deals": (),
    "ns_new_deal": None,
    "ns_dates": (),
    "ns_amount": None,
    "ns_stage": None,
    "ns_temperature": None,
    "ns_parking": None,
    "ns_park_mention": None,
    "ns_asking": False,
    "ns_question": None,
    "ns_masked": "",
    "ns_clauses": (),
}
for _name, _default in _EXTENSIONS.items():
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What a message is read against: the writer's local date and the workspace's deals."""

    today: date
    deals: DealIndex


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _add_spans(doc: Doc, key: str, spans: list[tuple[int, int, str]]) -> None:
    made = []
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            made.append(span)
    doc.spans[key] = made


@Language.component("ns_deals")
def deals_component(doc: Doc) -> Doc:
    """Known deals named in the message (longest match wins), else a new deal it introduces."""
    ctx: ParseContext = doc._.ns_ctx
    text = doc.text
    lower = lower_aligned(text)
    doc._.ns_lower = lower
    all_lower = not any(ch.isupper() for ch in text)
    matches = ctx.deals.find(tokenize(lower, text), all_lower) if len(ctx.deals) else []
    doc._.ns_deals = tuple(matches)
    if not matches:
        doc._.ns_new_deal = find_new_deal(text)
    new = doc._.ns_new_deal
    spans = [(m.start, m.end, "DEAL") for m in matches]
    if new is not None:
        spans.append((new.start, new.end, "NEW_DEAL"))
    _add_spans(doc, "deals", spans)
    return doc


def _deal_spans(doc: Doc) -> list[tuple[int, int]]:
    spans = [(m.start, m.end) for m in doc._.ns_deals]
    if doc._.ns_new_deal is not None:
        spans.append((doc._.ns_new_deal.start, doc._.ns_new_deal.end))
    return spans


@Language.component("ns_dates")
def dates_component(doc: Doc) -> Doc:
    """Date expressions of the spec's table, resolved against the writer's local date."""
    ctx: ParseContext = doc._.ns_ctx
    deal_spans = _deal_spans(doc)
    mentions = [
        m
        for m in find_dates(doc._.ns_lower, doc.text, ctx.today)
        if not _overlaps(m.start, m.end, deal_spans)
    ]
    doc._.ns_dates = tuple(mentions)
    _add_spans(doc, "dates", [(m.start, m.end, m.kind.upper()) for m in mentions])
    return doc


@Language.component("ns_money")
def money_component(doc: Doc) -> Doc:
    """The deal's amount: the first amount with a currency or magnitude, else the first amount."""
    taken = _deal_spans(doc) + [(m.start, m.end) for m in doc._.ns_dates]
    amounts = [a for a in find_amounts(doc.text) if not _overlaps(a.start, a.end, taken)]
    explicit = [a for a in amounts if a.explicit]
    chosen = (explicit or amounts)[:1]
    doc._.ns_amount = chosen[0].value if chosen else None
    _add_spans(doc, "money", [(a.start, a.end, "MONEY") for a in amounts])
    return doc


@Language.component("ns_stage")
def stage_component(doc: Doc) -> Doc:
    """Stage and temperature cues."""
    lower = _without(doc._.ns_lower, _deal_spans(doc))
    doc._.ns_stage, _ = find_stage(lower)
    doc._.ns_temperature = find_temperature(lower)
    return doc


@Language.component("ns_parking")
def parking_component(doc: Doc) -> Doc:
    """Parking words and deferrals, with the park date."""
    ctx: ParseContext = doc._.ns_ctx
    lower = _without(doc._.ns_lower, _deal_spans(doc))
    parking, mention = find_parking(lower, list(doc._.ns_dates), ctx.today)
    doc._.ns_parking = parking
    doc._.ns_park_mention = mention
    return doc


@Language.component("ns_questions")
def questions_component(doc: Doc) -> Doc:
    """Whether the message asks, and which query it is."""
    lower = doc._.ns_lower
    doc._.ns_asking = is_asking(lower)
    has_deal = bool(doc._.ns_deals)
    doc._.ns_question = classify_question(_without(lower, _deal_spans(doc)), doc.text, has_deal)
    return doc


@Language.component("ns_owner")
def owner_component(doc: Doc) -> Doc:
    """Clauses and their owner cues; the deal as a subject reads as the prospect."""
    masked = _mask(doc._.ns_lower, doc._.ns_deals)
    doc._.ns_masked = masked
    doc._.ns_clauses = tuple(owner_rules.analyse(masked, [m.start for m in doc._.ns_dates]))
    return doc


def _mask(lower: str, matches: tuple[DealMatch, ...]) -> str:
    if not matches:
        return lower
    parts: list[str] = []
    position = 0
    for match in matches:
        parts.append(lower[position : match.start])
        parts.append("D" + "_" * (match.end - match.start - 1))
        position = match.end
    parts.append(lower[position:])
    return "".join(parts)


def _without(lower: str, spans: list[tuple[int, int]]) -> str:
    """The text with the deal names blanked, so "Closed Won Labs" cannot set a stage."""
    if not spans:
        return lower
    chars = list(lower)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def build_pipeline() -> Language:
    """spacy.blank("en") with the rule components, in order."""
    nlp = spacy.blank("en")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
