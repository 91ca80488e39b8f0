"""Stage and temperature: set only when the message says the deal is now there.

The words are nlp/patterns/stages.json (spaCy Matcher patterns, one label per stage and temperature);
this module says how they add up: a cue in a deal's name or after a negation ("not signed yet") does
not count, a demo they only ask for is no demo stage yet, the most advanced stage said wins, and the
last temperature said wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Final

from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.patterns import DEAL_TAG, CueMatcher, Found, mark_tokens
from nlp.types import Stage, Temperature

_NEGATED = re.compile(
    r"\bnothing\s+$|(?:\bnot|\bno|\bnever|n't|\bwithout|\byet\s+to|\bbefore|\bonce|\bwhen|\bif|\buntil|\bget\s+it|\bgetting\s+it"
    r"|\bto\s+be|\bbe|\bbeing)\s+(?:\w+\s+){0,1}$"
)
# What every `_NEGATED` match ends with before its spaces (and at most one more word and spaces).
_NEGATION_ENDS = ("not", "no", "nothing", "never", "n't", "without", "to", "before", "once", "when", "if",
                  "until", "it", "be", "being")  # fmt: skip
_ASKED = re.compile(
    r"\b(?:wants?|wanted|asked\s+for|asking\s+for|would\s+like|requested|interested\s+in)\s+"
    r"(?:a\s+|an\s+|another\s+|the\s+)?(?:\w+\s+)?$"
)

# Most advanced first: when a message has cues of two stages, the later stage is where the deal is.
ORDER: Final[tuple[Stage, ...]] = ("lost", "won", "negotiation", "proposal", "demo", "qualified", "lead")
# The labels of stages.json: a cue word with exclusions of its own is a label of its own.
STAGE_OF: Final[dict[str, Stage]] = {
    "LOST": "lost",
    "LOST_WORD": "lost",
    "DEAD": "lost",
    "WON": "won",
    "CLOSED": "won",
    "SIGNED": "won",
    "BOOKED": "won",
    "CONTRACT_SIGNED": "won",
    "NEGOTIATION": "negotiation",
    "PROPOSAL": "proposal",
    "DEMO": "demo",
    "QUALIFIED": "qualified",
    "LEAD": "lead",
    "LEAD_INBOUND": "lead",  # "inbound from Raviga", not "so much inbound" (a label of its own exclusions)
    "STILL_LEAD": "lead",
}
TEMPERATURE_OF: Final[dict[str, Temperature]] = {"HOT": "hot", "WARM": "warm", "COLD": "cold"}

# A demo they asked for that the message then arranges: "wants a second demo, I'll set it up for Tuesday",
# "asked for a demo, booking it for Tuesday", "wants another demo, thursday works for them".
_ARRANGED_AFTER = re.compile(
    r"\b(?:set(?:ting)?\s+(?:it|that|one)\s+up|book(?:ing|ed)?\s+(?:it|that|one)|schedul(?:e|ing|ed)\s+(?:it|that|one)"
    r"|lock(?:ing|ed)?\s+(?:it|that)\s+in|(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+works)\b"
)


# What ends the demo's sentence or clause before a date that would be its own: "wants a demo. Call Friday".
_SENTENCE_END = re.compile(
    r"[.;!?\n]|\b(?:maybe|perhaps|possibly|might|sometime)\b|,\s*(?:but|and|then|so)?\s*(?:we|i|they|he|she)\b"
)


# The date kinds (nlp/dates.py's families) that name one day: "next week" or "in Q1" plans nothing yet.
_A_DAY = frozenset(
    (
        "today", "tonight", "tomorrow", "after_tomorrow", "weekday", "next_week_day", "this_week_day",
        "weekday_week", "from_anchor", "day_of_relative_month", "month_day", "day_of_month", "weekday_day",
        "iso", "slashed", "dotted",
    )
)  # fmt: skip


# "wants a demo by Friday": a deadline to arrange it by, not when it is.
_DEADLINE = frozenset({"by", "before", "until", "till", "til", "no later than"})


def _dated(doc: Doc, text: str, end: int) -> bool:
    """Whether a day follows the cue in its sentence: "wants a second demo on Tuesday" is planned."""
    state = doc.user_data.get("ns")
    for mention in getattr(state, "dates", ()):
        if (
            mention.start >= end
            and mention.kind in _A_DAY
            and mention.countable
            and mention.prep not in _DEADLINE
        ):
            return _SENTENCE_END.search(text, end, mention.start) is None
    return False


def _negated(lower: str, start: int) -> bool:
    window = lower[max(0, start - 24) : start]
    # A `_NEGATED` match ends with whitespace (before `$`, or before a final newline, itself whitespace),
    # and the negation ends the text before it, or the text before its last word.
    if not window[-1:].isspace():
        return False
    head = window.rstrip()
    if not head.endswith(_NEGATION_ENDS):
        before = head.rsplit(None, 1)
        if len(before) < 2 or not before[0].endswith(_NEGATION_ENDS):
            return False
    return bool(_NEGATED.search(window))


@cache
def _matcher(vocab: Vocab) -> CueMatcher:
    return CueMatcher(vocab, "stages")


def read_stage(
    doc: Doc, words: frozenset[str], lower: str, taken: list[tuple[int, int]], blanked: Callable[[], str]
) -> tuple[Stage | None, Temperature | None]:
    """The stage and temperature the message says; `taken`: the deals' spans (a cue in a name does not
    count), `blanked()`: `lower` with them blanked, read for negations (made only when a cue matched)."""
    matcher = _matcher(doc.vocab)
    labels = matcher.labels_for(words, lower)
    if not labels:
        return None, None  # most messages: no stage or temperature word
    mark_tokens(doc, taken, DEAL_TAG)  # "move |Hooli| to proposal"
    found: dict[str, list[Found]] = {}  # by stage or temperature
    for cue in matcher.find(doc, labels):
        # the cue's words are its first and last tokens ("walked |Raviga| through the platform": a deal
        # may stand between them, but a cue word in a deal's name is the name: "Closed Won Labs")
        first, last = cue.span[0], cue.span[-1]
        edges = ((first.idx, first.idx + len(first)), (last.idx, last.idx + len(last)))
        if not any(s < t_end and t_start < e for s, e in edges for t_start, t_end in taken):
            found.setdefault(STAGE_OF.get(cue.label) or TEMPERATURE_OF[cue.label], []).append(cue)
    if not found:
        return None, None
    text = blanked()
    stage: Stage | None = None
    for name in ORDER:
        end = -1
        for cue in sorted(found.get(name, ()), key=lambda c: (c.span.start, -c.span.end)):
            if cue.span.start < end:
                continue  # inside a longer cue of the stage, read as a whole: "once the |contract is signed|"
            end = cue.span.end
            start = cue.start_char
            if _negated(text, start):
                continue
            if (
                name == "demo"
                and _ASKED.search(text, max(0, start - 32), start)
                and not _ARRANGED_AFTER.search(text, cue.end_char)
                and not _dated(doc, text, cue.end_char)
            ):
                continue  # "they want a demo": asked for, not yet planned ("... on Tuesday" is planned)
            stage = name
            break
        if stage is not None:
            break
    temperature: Temperature | None = None
    latest = -1
    for said in ("hot", "warm", "cold"):
        for cue in found.get(said, ()):
            if cue.start_char > latest and not _negated(text, cue.start_char):
                temperature, latest = TEMPERATURE_OF[cue.label], cue.start_char
    return stage, temperature
