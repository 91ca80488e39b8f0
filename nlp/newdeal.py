"""New deals: a message that introduces a company we do not know yet ("new lead: Massive Dynamic")."""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS

from nlp.lexicon import CHAT_WORDS, COMMON_WORDS, DATE_WORDS, is_everyday, words

# "inbound" as a mass noun ("the flood of inbound", "so much inbound") introduces no one.
_MASS = words("of much more less lots tons loads plenty some any all our the no")
_CUE = (
    r"new\s+(?:inbound\s+)?(?:lead|deal|prospect|opportunity|opp|logo|account|inbound)"
    r"|(?:first|1st|intro|introductory|initial|discovery|kick-?off)\s+(?:call|meeting|chat|demo|touch)"
    r"|first\s+touch|inbound"
    + "".join(rf"(?<!\b{word}\sinbound)" for word in sorted(_MASS))
    + r"(?:\s+lead)?"
)
# "<cue> with|from|: NAME", "<cue> this afternoon, NAME", "<cue> 🆕\nNAME" (the name on the next line)
_CUE_THEN_NAME = re.compile(
    rf"\b(?:{_CUE})\b\s*(?:(?:is|was|with|w/|from|at|for|called|named|-)\s*|[:,]\s*"
    r"|(?:this\s+(?:morning|afternoon|evening|week)|today|yesterday|earlier)\s*,\s*(?=[A-Z])|(?=[A-Z])"
    r"|[^\w\n]*\n\s*(?=[A-Z]))",
    re.IGNORECASE,
)
# "NAME - intro call went well", "NAME: new lead"
_NAME_THEN_CUE = re.compile(
    rf"^\s*(?P<name>[^:,\-!?.]{{2,60}}?)\s*(?:[:,]|\s-|\s+is\s+a|\s+as\s+a|\s+(?=(?:{_CUE})\b))\s*(?:an?\s+)?"
    rf"(?:{_CUE})\b",
    re.IGNORECASE,
)
_ANY_CUE = re.compile(rf"\b(?:{_CUE})\b", re.IGNORECASE)
_WITH_NAME = re.compile(r"(?:\b(?:with|from|at)\s+|\bw/\s*|:\s+)(?=[A-Z0-9])")
_WORD = re.compile(r"[\w][\w&.'\-]*|[&+](?= )")  # "&" and "+" join a name: "Marrow & Pine"
_JOINERS = frozenset({"&", "and", "of", "de", "du", "la", "von", "van", "y", "+"})
_ABBREVIATIONS = words("inc co corp ltd llc bros st mr mrs ms dr")  # a name's word that ends in "."
_NOT_NAME = words(
    """
    the a an our their my we i they them team today tomorrow cfo ceo cto vp head it procurement legal
    call meeting demo intro new lead inbound from with went was is had and folks people guys
    """
)


# Every `_CUE` starts with one of these. In ASCII text, where a cue matches (ignoring case) the lower-cased
# text has one of them, so no cue starts before the first one. (Not so beyond ASCII: ignoring case, "ſ"
# matches "s" and "İ" matches "i", which `str.lower` does not give; those texts are scanned as before.)
_CUE_STARTS = ("new", "first", "1st", "intro", "initial", "discovery", "kick", "inbound")
_CUE_START = re.compile("|".join(_CUE_STARTS)).search  # the leftmost one
_NAME_STOP = re.compile(r"[:,\-!?.]").search  # a character `_NAME_THEN_CUE`'s name cannot hold
_BEFORE_CUE = re.compile(r"\s*(?:an?\s+)?").match  # after its ":", "," or " -", up to the cue


class NewDeal(NamedTuple):
    name: str
    start: int
    end: int


def _take_name(text: str, start: int, all_lower: bool) -> NewDeal | None:
    """The company name that starts at `start`: capitalised words, stopping at the first other word."""
    words: list[re.Match[str]] = []
    position = start
    while len(words) < 6:
        match = _WORD.match(text, position)
        if match is None:
            break
        raw = match.group()
        lower = raw.lower().rstrip(".")
        if lower in DATE_WORDS or (lower in _NOT_NAME and not (words and lower in _JOINERS)):
            if words or lower not in {"the"}:
                break
            position = match.end() + 1
            continue
        is_name_word = (
            raw[:1].isupper()
            or raw[:1].isdigit()
            or (all_lower and lower not in _NOT_NAME and lower not in STOP_WORDS)
        )
        if not is_name_word and not (words and lower in _JOINERS):
            break
        words.append(match)
        if raw.endswith("'s") or text[match.end() : match.end() + 1] in {",", ":", ";", "!", "?", "("}:
            break
        if raw.endswith(".") and lower not in _ABBREVIATIONS:
            break  # a sentence ends here: "Marrowgate Energy. Small team" (but "Acme Inc. signed")
        if text[match.end() : match.end() + 1] != " ":
            break
        position = match.end() + 1
    while words and words[-1].group().lower() in _JOINERS:
        words.pop()
    if not words or words[0].group().lower() in STOP_WORDS:  # "Just had a first call": no name
        return None
    head = words[0].group().lower()
    if all_lower and head.endswith(("ing", "ed")) and is_everyday(head):
        return None  # "inbound is starting to pick up": a verb, no name
    name = text[words[0].start() : words[-1].end()]
    if name.endswith("'s"):
        name = name[:-2]
    name = name.rstrip(".'-")
    if len(name) < 2:
        return None
    return NewDeal(name, words[0].start(), words[0].start() + len(name))


def _name_may_lead(lower: str) -> bool:
    """False when `_NAME_THEN_CUE` cannot match the ASCII text whose lower case is `lower`.

    Its cue comes after a name of 2 or more characters without ":,-!?." (so from index 2 on): before
    the first of those characters (the separator "is a", "as a" or spaces), or just after it when it
    is the separator ":", "," or " -" (then spaces and maybe "a"/"an").
    """
    first = _CUE_START(lower, 2)
    if first is None:
        return False
    stop = _NAME_STOP(lower)
    if stop is None or first.start() < stop.start():
        return True
    gap = _BEFORE_CUE(lower, stop.end())  # it matches an empty string too
    return stop.group() in ":,-" and gap is not None and lower.startswith(_CUE_STARTS, gap.end())


# With no deal known at all, a company is new wherever the message names it as one: "Met with Dunder
# Mifflin today", or as the label heading the message ("Pied Piper: we need to add cost estimates").
_MET_WITH = re.compile(
    r"\b(?:met|meeting|meetings|met\s+up|spoke|speaking|talked|talking|call|called|calls|chat|chatted|lunch|dinner|"
    r"coffee|demo|demoed|session|workshop|catch-?up|sync|synced|connected|visit|visited|onsite)\s+(?:with|w/|to|at)\s*",
    re.IGNORECASE,
)
_LABEL_START = re.compile(r"^\s*(?:[-*\u2022]\s*)?")
_LABEL_END = re.compile(r"\s*(?::|\s[-\u2013\u2014]\s|[\u2013\u2014])")
# "Dana: can you send me the deck?": a label that addresses a person.
_ADDRESSED = re.compile(
    r"\s*(?:can|could|would|will|do|did|are|have)\s+(?:you|u)\b|\s*(?:pls|please|plz|thanks|thank\s+you|thx)\b",
    re.IGNORECASE,
)
# Words that head a message as its subject line, not as a company: "Weekly recap:", "Heads up -".
_NOT_LABEL = words(
    """
    recap weekly daily summary update updates fyi btw re fw fwd note notes reminder todo agenda question
    questions heads psa team all everyone folks hi hey hello morning afternoon evening status news
    pipeline forecast deals deal wins win losses lost won closed numbers recap highlights lowlights
    """
)


def _label_name(text: str) -> NewDeal | None:
    """A name heading the message as its label: "Pied Piper: ...", "Massive Dynamic - ...", and in a message
    all in lower case a name of no everyday word ("pied piper: ...", not "weekly recap: ...")."""
    start = _LABEL_START.match(text)
    all_lower = text == text.lower()
    found = _take_name(text, start.end() if start else 0, all_lower)
    end = _LABEL_END.match(text, found.end) if found is not None else None
    if found is None or end is None or _ADDRESSED.match(text, end.end()):
        return None
    name_words = [w.lower() for w in _WORD.findall(found.name)]
    if any(w in _NOT_LABEL or w in CHAT_WORDS for w in name_words):
        return None
    if all(w in COMMON_WORDS for w in name_words):
        return None
    if all_lower and any(is_everyday(w) for w in name_words if w not in _JOINERS):
        return None
    return found


def find_new_deal(text: str, first_mention: bool = False) -> NewDeal | None:
    """The deal a message introduces, with the name as written; None when it introduces none.

    `first_mention`: the workspace knows no deal yet, so a company named as the message's label or as
    whom we met is new too.
    """
    found = _find_by_cue(text)
    if found is not None or not first_mention:
        return found
    label = _label_name(text)
    if label is not None:
        return label
    lower = text.lower()
    if text.isascii() and not any(part in lower for part in ("with", "to", "at", "w/")):
        return None  # no word `_MET_WITH` needs
    for place in _MET_WITH.finditer(text):
        met = _take_name(text, place.end(), False)
        if met is not None:
            return met
    return None


def _find_by_cue(text: str) -> NewDeal | None:
    lower = text.lower()
    if not (
        "new" in lower or "first" in lower or "1st" in lower or "intro" in lower or "initial" in lower
        or "discovery" in lower or "kick" in lower or "inbound" in lower or "touch" in lower
    ):  # fmt: skip
        return None  # no word a cue holds
    all_lower = text == lower
    start, name_first = 0, True
    if text.isascii():  # the scans for a cue need not look before the first cue word
        first = _CUE_START(lower)
        if first is None:
            return None
        start, name_first = first.start(), _name_may_lead(lower)
    before = _NAME_THEN_CUE.match(text) if name_first else None
    if before:
        found = _take_name(text, before.start("name"), all_lower)
        if found is not None:
            return found
    for cue in _CUE_THEN_NAME.finditer(text, start):
        found = _take_name(text, cue.end(), all_lower)
        if found is not None:
            return found
    if not all_lower and _ANY_CUE.search(text, start):  # "spoke with Gringotts today, great first call"
        for place in _WITH_NAME.finditer(text):
            found = _take_name(text, place.end(), False)
            if found is not None:
                return found
    return None
