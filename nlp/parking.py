"""Parking: a deal leaves the active pipeline and comes back on a date.

Explicit parking words park whatever the date; deferrals that ask us to come back later park only
when the date is a month or more away, else they are a due date of ours.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from datetime import date
from typing import NamedTuple

from nlp.datemath import add_months
from nlp.dates import DateMention

# Each cue starts with its first word and then checks the character before that word:
# `check(?<!\wcheck)` is `\bcheck`, and sre searches a pattern whose alternatives all start with a
# literal much faster (it skips the positions where no alternative can start).
_EXPLICIT = re.compile(
    r"park(?<!\wpark)(?:ed|ing)?\b|nurtur(?<!\wnurtur)(?:e|ing)\b|on(?<!\won)\s+ice\b|on(?<!\won)\s+hold\b"
    r"|back(?<!\wback)\s*burner\b|shel(?<!\wshel)(?:ve|ved|ving)\b|paus(?<!\wpaus)(?:e|ed|ing)\b"
    r"|put(?<!\wput)\s+(?:it|them|this|the\s+deal)\s+to\s+sleep\b"
)
_DEFERRAL = re.compile(
    r"check(?<!\wcheck)(?:ing)?\s+(?:back|in\s+again)\b|circl(?<!\wcircl)(?:e|ing)\s+back\b"
    r"|reach(?<!\wreach)(?:ing)?\s+out\s+again\b|revisit(?<!\wrevisit)\w*|re(?<!\wre)-?start\w*"
    r"|reconnect(?<!\wreconnect)\w*|re(?<!\wre)-?engag\w*|touch(?<!\wtouch)\s+base\s+again\b"
    r"|talk(?<!\wtalk)\s+again\b|try(?<!\wtry)\s+again\b"
    r"|pick(?<!\wpick)\s+(?:it|this|things|the\s+\w+)\s+(?:back\s+)?up\b|pick(?<!\wpick)\s+up\s+again\b"
    r"|come(?<!\wcome)\s+back\s+to\s+(?:it|this|them|him|her)\b|resum(?<!\wresum)\w+|follow(?<!\wfollow)\s+up\s+again\b"
    r"|not(?<!\wnot)\s+(?:until|till|til)\b|not(?<!\wnot)\s+before\b|hold(?<!\whold)\s+off\b"
    r"|w(?<!\ww)(?:e\s+w)?ait\s+until\b"  # (?:we\s+)?wait
    r"|ping(?<!\wping)\s+(?:them|me)\s+(?:again|back)\b|revive(?<!\wrevive)\b"
    r"|no(?<!\wno)\s+budget\s+(?:until|before|till)\b|nothing(?<!\wnothing)\s+(?:until|before|till)\b"
    # the open-ended contact verbs, in any tense: "follow up in 3 months", "chased them in March"
    r"|follow(?<!\wfollow)(?:s|ed|ing)?[\s-]*up\b|touch(?<!\wtouch)(?:es|ed|ing)?\s+base\b"
    r"|chas(?<!\wchas)(?:e|es|ed|ing)\b|ping(?<!\wping)(?:s|ed|ing)?\s+(?:them|him|her|their\s+\w+)\b"
    r"|call(?<!\wcall)(?:s|ed|ing)?\s+(?:them|him|her|back)\b|reach(?<!\wreach)\s+out\b"
    r"|tr(?<!\wtr)(?:y|ies|ied|ying)\s+(?:them\s+)?again\b"
)

# Substring gates: the rules search only when the text holds one of these. They decide the results
# too: " ice" and "hold off" miss "on\nice" and "hold\toff", which are then no cue.
_EXPLICIT_GATE = ("park", "nurtur", " ice", "hold", "burner", "shel", "paus", "sleep")
# The prospect as the subject of a deferral, just before it: "they'll revisit", "he will circle back".
_THEY_DEFER = re.compile(
    r"\b(?:they|he|she|their\s+[\w-]+|the\s+(?:client|customer|prospect|buyer|cfo|ceo|cto|board))"
    r"(?:'ll|\s+will|'d|\s+would)?\s+$"
).search
_DEFERRAL_GATE = (
    "check", "circl", "reach", "revisit", "start", "connect", "engag", "again", "pick", "come back", "resum",
    "until", "before", "hold off", "ping", "revive", "til", "follow", "touch", "chas", "call", "reach", "tri",
    "try",
)  # fmt: skip
# Word gates, checked first because a set check is cheaper than the substring gates: every cue
# holds a whole word (`\bword\b`) of one of these sets, or for a deferral a stem matched by
# _DEFERRAL_STEM. The text searched has the deal names blanked; each of its whole words is a word
# of the message (`words`) unless cut from a word by a new deal's name, and those ("with", "from",
# "is", ...: see nlp.newdeal) are none of these.
_EXPLICIT_WORDS = frozenset(
    {"park", "parked", "parking", "nurture", "nurturing", "ice", "hold", "burner", "backburner", "shelve"}
    | {"shelved", "shelving", "pause", "paused", "pausing", "sleep"}
)
_DEFERRAL_WORDS = frozenset(
    {
        "back",
        "again",
        "up",
        "until",
        "before",
        "till",
        "til",
        "off",
        "revive",
        "base",
        "out",
        "them",
        "him",
        "her",
    }
    | {"chase", "chases", "chased", "chasing", "their", "followup"}
)
_CUE_WORDS = _EXPLICIT_WORDS | _DEFERRAL_WORDS
# revisit, re-?start, reconnect, re-?engag, resum: the cues without a whole word of their own.
_DEFERRAL_STEM = re.compile(r"re(?:visit|-?start|connect|-?engag|sum)").search


class Parking(NamedTuple):
    until: date | None  # the park date; None when the message parks without a date
    explicit: bool
    near: bool = False  # a deferral to less than a month away: not parked, a due date owned by us
    at: int = -1  # where the deferral's cue starts ("circle back then"), for a near one

    @property
    def parks(self) -> bool:
        return not self.near


def find_parking(
    lower: str, dates: Sequence[DateMention], today: date, words: AbstractSet[str]
) -> tuple[Parking | None, DateMention | None]:
    """The parking the message asks for, if any, and the date mention it uses.

    `lower` is the lower-cased message with the deal names blanked; `words` is every run of letters and
    digits of the lower-cased message before blanking (a superset of the words left after it).
    """
    cue_words = not _CUE_WORDS.isdisjoint(words)  # most messages have none
    explicit = None
    if cue_words and not _EXPLICIT_WORDS.isdisjoint(words) and any(map(lower.__contains__, _EXPLICIT_GATE)):
        explicit = _EXPLICIT.search(lower)
    deferral = None
    if (
        not explicit
        and ((cue_words and not _DEFERRAL_WORDS.isdisjoint(words)) or _DEFERRAL_STEM(lower))
        and any(map(lower.__contains__, _DEFERRAL_GATE))
    ):
        deferral = _DEFERRAL.search(lower)
    if deferral is not None and _THEY_DEFER(lower[max(0, deferral.start() - 30) : deferral.start()]):
        deferral = None  # "they'll revisit the budget in Q4": when they act, a due date of theirs
    cue = explicit or deferral
    if cue is None:
        return None, None
    mention = _park_mention(dates, cue.start(), _THEN.match(lower, cue.end()) is not None)
    if explicit:
        return Parking(mention.value if mention else None, True), mention
    if mention is None or mention.value is None:
        return None, None
    if mention.value < add_months(today, 1):
        return Parking(
            None, False, near=True, at=cue.start()
        ), mention  # closer than a month: a due date of ours
    return Parking(mention.value, False), mention


# "new budget in Q3, circle back then": "then" is the date said before, a budget's period included.
_THEN = re.compile(r"[\w\s]{0,20}?\bthen\b")


def _park_mention(dates: Sequence[DateMention], cue_start: int, then: bool = False) -> DateMention | None:
    """The first usable date (to come, countable, resolved) from the cue on, else the first usable one;
    `then`: the cue says "then", and the last date to come before it is the one ("budget in Q3")."""
    if then:
        before = [m for m in dates if m.start < cue_start and m.kind != "past" and m.value is not None]
        if before:
            return before[-1]
    first = None
    for mention in dates:
        if mention.kind != "past" and mention.countable and mention.value is not None:  # not is_past
            if mention.start >= cue_start:
                return mention
            if first is None:
                first = mention
    return first
