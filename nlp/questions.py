"""Questions: is the message asking, and which of the spec's queries is it?"""

from __future__ import annotations

import re
from typing import NamedTuple

from nlp.lexicon import words
from nlp.scan import ASCII_WORD, WORD
from nlp.types import Query, Stage

_ASKING = re.compile(
    r"^(?:hey\s+|hi\s+|ok\s+|so\s+|and\s+|please\s+|pls\s+|@\w+\s+)*(?:what|what's|whats|wat|wat's|wats|which|"
    r"where|where's|who|who's|whose|how|how's|hows|when|why|any|anything|is|are|was|were|do|does|did|has|have|"
    r"can|could|would|will|show|list|give(?!\s+(?!me\b|us\b)[\w@'-]+(?:\s+[\w@'-]+){0,2}\s+(?:over\s+)?to\b)|tell|status|update\s+on|latest\s+on|news\s+on|remind\s+me(?!\s+(?:to|about)\b)|pull\s+up|"
    r"get\s+me|walk\s+me\s+through|history|timeline|deals|everything|all\s+deals|"
    r"need\s+(?:a|an|the)\s+(?:quick\s+)?(?:status|update|rundown|recap|summary)|"
    r"(?:my|our|\w+'s)\s+(?:open\s+)?(?:pipeline|pipe|deals))\b"
    # "parked deals", "stale ones.": a list named alone asks for it
    r"|^(?:parked|stale|overdue|stuck|stalled|quiet|late)\s+(?:deals|ones|opps)\b\s*[?!.]*$"
)
_STAGE_WORDS = (
    r"(lead|leads|qualified|qualification|demo|proposal|negotiation|negotiating|legal|redlines|procurement|won|"
    r"lost|closed)"
)
_STAGE_OF: dict[str, Stage] = {
    "lead": "lead", "leads": "lead", "qualified": "qualified", "qualification": "qualified", "demo": "demo",
    "proposal": "proposal", "negotiation": "negotiation", "negotiating": "negotiation",
    "legal": "negotiation", "redlines": "negotiation", "procurement": "negotiation", "won": "won",
    "lost": "lost", "closed": "won",
}  # fmt: skip
_HISTORY = re.compile(
    r"\bwhat\s+(?:has\s+)?happened\b|\bhistory\b|\btimeline\b|\bwhat\s+(?:has\s+|'s\s+)?changed\b"
    r"|\b(?:all\s+)?(?:the\s+)?updates\s+(?:on|for|about)\b|\bactivity\s+(?:on|for)\b|\blog\s+(?:of|for)\b"
    r"|\beverything\s+(?:that'?s\s+|that\s+has\s+)?happened\b|\brun-?down\b"
)
_HISTORY_GATE = (
    "happen", "histor", "timeline", "chang", "updates", "activity", "log ", "rundown", "run-down",
)  # fmt: skip
# Words one of which every `_HISTORY` match has as a whole word (so in `Analysis.words`). The substring
# gate above still decides ("log\nof" matches `_HISTORY` but not "log "): kept as it was.
_HISTORY_WORDS = words("happened history timeline changed updates activity log rundown run")
_STATUS = re.compile(
    r"\bstatus\b|\blatest\b|\bwhere\s+(?:are|do|is)\b|\bany\s+(?:news|update|word|progress)\b|\bhow'?s\b"
    r"|\bhow\s+is\b|\bnews\b|\bupdate\s+on\b|\bstand\b|\bgoing\b|\banything\s+new\b|\bheard\s+anything\b"
    r"|\bwhere\s+(?:we|things)\s+(?:are|stand)\b"
)
_LISTS: tuple[tuple[Query, re.Pattern[str]], ...] = (
    ("overdue", re.compile(
        r"\boverdue\b|\blate\b|\bpast\s+due\b|\bmissed\b|\bslipp(?:ed|ing)\b|\bbehind\b"
        r"|\b(?:follow[-\s]?ups?|deadlines?|next\s+steps?|due\s+dates?)\b[^?.!]*\bmiss\b")),
    ("stale", re.compile(
        r"\bhave\s*n[o']?t\s+been\s+(?:updated|touched)|\bhaven'?t\s+(?:been\s+|we\s+|i\s+)?(?:updated|touched|heard)"
        r"|\bnot\s+(?:been\s+)?(?:updated|touched)\b|\bno\s+(?:recent\s+)?updates?\b|\bgone\s+(?:quiet|dark|silent|stale)"
        r"|\bquiet\b|\bstale\b|\bstall(?:ed|ing)?\b|\bstuck\b(?!\s+on\s+(?:us|me|the|our|their|buyers?|customers?|clients?|prospects?)\b)|\bneglected\b|\bforgotten\b|\bdormant\b|\binactive\b"
        r"|\bno\s+activity\b|\bwent\s+(?:quiet|dark|silent)\b|\b(?:nobody|no\s+one|no-one)\s+(?:has\s+)?touched\b"
        r"|\buntouched\b|\bhaven'?t\s+(?:had|got|gotten)\s+(?:an?\s+|any\s+)?(?:update|updates|activity)\b")),
    ("parked", re.compile(
        r"\bpark(?:ed|ing)?\b|\bo(?:n|ff)\s+ice\b|\bnurture\b|\bcom(?:es|ing)\s+back\b|\bresurfac\w+|\bon\s+hold\b"
        r"|\breturn(?:s|ing)?\b")),
    ("waiting_on_us", re.compile(
        r"\bwaiting\s+on\s+(?:us|me)\b|\bin\s+(?:our|my)\s+court\b|\bdo\s+(?:we|i)\s+(?:still\s+)?owe\b"
        r"|\b(?:we|i)\s+(?:still\s+)?owe\b|\b(?:on|in)\s+(?:our|my)\s+(?:side|end)\b|\b(?:stuck|blocked)\s+on\s+(?:us|me)\b"
        r"|\bon\s+(?:us|me)\b|\b(?:our|my)\s+(?:move|turn|plate)\b|\bblocked\s+on\s+us\b|\bneed\s+action\s+from\s+us\b"
        r"|\bmy\s+(?:to-?dos?|action\s+items|tasks|next\s+steps)\b|\bwhat\s+(?:do|should)\s+(?:we|i)\s+(?:need\s+to\s+)?do\b"
        r"|\bneed\s+(?:us|me)\s+to\b")),
    ("waiting_on_prospect", re.compile(
        r"\b(?:are\s+)?(?:we|i)\s+(?:still\s+)?wait(?:ing)?\s+(?:on|for|to\s+hear)\b|\bwaiting\s+on\s+(?:the\s+)?(?:customers?|clients?|prospects?"
        r"|them|buyers?|their)\b|\bin\s+their\s+court\b|\bdo\s+(?:they|prospects|customers|clients)\s+owe\b"
        r"|\bowe\s+us\b|\bon\s+(?:them|their\s+side)\b|\bblocked\s+on\s+(?:them|the\s+customer|customers)\b"
        r"|\b(?:their|the\s+prospect'?s|the\s+customer'?s)\s+(?:move|turn)\b"
        r"|\b(?:on|in)\s+(?:the\s+)?(?:buyers?|customers?|clients?|prospects?|their)'?s?\s+(?:side|end)\b"
        r"|\b(?:stuck|blocked|waiting)\s+on\s+(?:the\s+)?(?:buyers?|customers?|clients?|prospects?)\b")),
    ("pipeline", re.compile(
        rf"\bpipe(?:line)?\b(?!\s+(?:review|meeting|call|sync)\b)"
        rf"|\b(?:my|our|his|her|\w+'s)\s+(?:open\s+|active\s+)?(?:deals|accounts|opps|opportunities|book)\b"
        rf"|\b(?:what'?s?|which|deals|anything)\s+(?:deals\s+)?(?:are\s+|is\s+)?(?:in|at)\s+(?:the\s+)?{_STAGE_WORDS}\b"
        rf"|\b{_STAGE_WORDS}\s+stage\b|\b(?:list|show)\s+(?:me\s+)?(?:all\s+)?(?:the\s+|my\s+|our\s+)?(?:open\s+)?deals\b"
        rf"|\ball\s+(?:open\s+)?deals\b|\bopen\s+deals\b|\bforecast\b|\b(?:in|at)\s+(?:the\s+)?{_STAGE_WORDS}\b|\bdeals\s+(?:have\s+|were\s+|did\s+we\s+)?"
        rf"(?:closed|won|lost|close|win|lose)\b|\bdeals\s+(?:owned\s+by|for|of)\s+\w+")),
)  # fmt: skip
# For each list query, words one of which every match of its regex has as a whole word (so in
# `Analysis.words`; never is/was/with/from/at/for/called/named, which blanking a new deal's name can
# leave behind), and a substring for a cue that ends mid-word: a message with none is not scanned.
_LIST_GATES: dict[Query, tuple[frozenset[str], str | None]] = {
    "overdue": (words("overdue late past missed slipped slipping behind miss"), None),
    "stale": (words("been haven havent updated touched update updates gone quiet stale stall stalled stalling"
                    " stuck neglected forgotten dormant inactive activity dark silent untouched"), None),
    "parked": (words("park parked parking ice nurture back hold return returns returning"), "resurfac"),
    "waiting_on_us": (words("us me court owe move turn plate my do side end stuck blocked"), None),
    "waiting_on_prospect": (words("waiting wait court owe them side end blocked stuck move turn"), None),
    "pipeline": (words("pipeline pipe deals accounts opps opportunities book stage forecast lead leads"
                       " qualified qualification demo proposal negotiation negotiating legal redlines"
                       " procurement won lost closed"), None),
}  # fmt: skip
_LIST_SCANS = tuple((query, pattern, *_LIST_GATES[query]) for query, pattern in _LISTS)
_PERSON = re.compile(
    r"\b([A-Z][\w-]+)'s\s+(?:open\s+|active\s+)?(?:deals|pipeline|accounts|opps|opportunities|book)\b"
    r"|\b(?:deals|pipeline|accounts)\s+(?:owned\s+by|for|of)\s+([A-Z][\w-]+)\b"
)
_MINE = re.compile(
    r"\bmy\s+(?:open\s+|active\s+)?(?:deals|pipeline|accounts|opps|opportunities|book)\b", re.I
)
_PERSON_WORDS = words("deals pipeline accounts opps opportunities book")  # one is in every match of both
_STAGE_WORDS_SET = frozenset(_STAGE_OF)
_STAGE_ASKED = re.compile(rf"\b(?:in|at)\s+(?:the\s+)?{_STAGE_WORDS}\b|\b{_STAGE_WORDS}\s+stage\b")


class Question(NamedTuple):
    query: Query | None
    person: str | None = None
    stage: Stage | None = None


# The answers without a person or stage, made once (a tuple, so sharing them is safe).
_HISTORY_QUESTION = Question("history")
_DEAL_STATUS = Question("deal_status")
_NO_QUERY = Question(None)
_LIST_QUESTIONS = {query: Question(query) for query, _pattern in _LISTS}


_LABEL = re.compile(r"^\s*D_*\s*(?:[:,\-]+\s*)?")  # "Hooli: what did they say?"
# After a deal's name, only a question word asks: "Kestrel: give them a few weeks" is an update (and not
# "which": "Hooli: which reminds me, ...").
_WH_WORD = re.compile(
    r"(?:what|what's|whats|where|where's|who|who's|whose|how|how's|hows|when|why"
    r"|anything\s+new|any\s+(?:news|update|updates|word))\b"
)


_LEADING_MARKS = re.compile(r"[^\w@#]+")  # not "#": "#deals" names a channel


def _opening(lower: str) -> str:
    """The message from its first word on: "📋 my deals pls" opens with "my"."""
    if lower[:1].isalnum() or lower[:1] in "@#":
        return lower
    marks = _LEADING_MARKS.match(lower)
    return lower[marks.end() :] if marks is not None else lower


def is_asking(lower: str, masked: str = "") -> bool:
    """Whether the message asks: it ends in "?", or opens with a question's words; or a question word
    follows a deal's name heading it and a "?" follows (`masked`: `lower` with the deal names as "D___"):
    "march analytics - what's been going on? full history pls"."""
    if lower.rstrip().endswith("?") or _ASKING.match(_opening(lower)):
        return True
    if not (masked.startswith("D") and "?" in lower):  # "Acme: what a week, they signed!" asks nothing
        return False
    label = _LABEL.match(masked)
    if label is None or label.group().rstrip()[-1:] not in (":", ",", "-"):
        return False  # a label needs its colon, comma or dash: "Hooli is dead" asks nothing
    return bool(_WH_WORD.match(masked, label.end()))


# "what time is the pipeline review?": a question about a meeting, not about deals.
_MEETING_TIME = re.compile(
    r"^(?:what\s+time|when)\s+(?:is|are|does|do)\s+(?:the|our|this\s+week'?s)\s+(?:[\w-]+\s+){0,2}"
    r"(?:review|meeting|call|sync|stand-?up|session|offsite|all-?hands)\b"
)


def classify_question(lower: str, original: str, has_deal: bool, words: frozenset[str]) -> Question:
    """The query kind of a question: about one deal (status, history) or about a list of deals.

    `words`: the message's words (`Analysis.words`); `lower` is the message or it with spans blanked.
    """
    if has_deal:
        history = (
            not _HISTORY_WORDS.isdisjoint(words)
            and any(map(lower.__contains__, _HISTORY_GATE))
            and _HISTORY.search(lower)
        )
        return _HISTORY_QUESTION if history else _DEAL_STATUS
    if ("time" in words or "when" in words) and _MEETING_TIME.match(lower):
        return _NO_QUERY
    for query, pattern, gate, part in _LIST_SCANS:
        if gate.isdisjoint(words) and (part is None or part not in lower):
            continue  # no match possible
        if pattern.search(lower):
            if query != "pipeline":
                return _LIST_QUESTIONS[query]
            return Question(query, _person(original, words), _stage(lower, words))
    return _NO_QUERY


def _person(original: str, words: frozenset[str]) -> str | None:
    # In ASCII text a letter matches only itself or its capital, so the words these regexes need as
    # whole words are in `words` (the lower-cased text's).
    ascii_text = original.isascii()
    if (not ascii_text or "my" in words) and _MINE.search(original):
        return "me"
    if ascii_text and _PERSON_WORDS.isdisjoint(words):
        return None
    match = _PERSON.search(original)
    if match:
        return match.group(1) or match.group(2)
    return None


def _stage(lower: str, words: frozenset[str]) -> Stage | None:
    if _STAGE_WORDS_SET.isdisjoint(words):
        return None  # `_STAGE_ASKED` needs one as a whole word
    match = _STAGE_ASKED.search(lower)
    if match is None:
        return None
    return _STAGE_OF.get(match.group(1) or match.group(2))


def is_status_request(lower: str) -> bool:
    """'status?', 'any news', 'where are we': words that ask about a deal's state."""
    return bool(_STATUS.search(lower))


_WH_START = re.compile(
    r"^(?:hey\s+|hi\s+|ok\s+|so\s+|@\w+\s+)*(?:what|what's|whats|wat|wat's|wats|which|where|where's|who|who's|whose|how|how's|"
    r"did|does|has|is|are|was|were|deals|everything|anything|"
    r"hows|when|why|any|anything|show|list|give(?!\s+(?!me\b|us\b)[\w@'-]+(?:\s+[\w@'-]+){0,2}\s+(?:over\s+)?to\b)|tell|status|pull\s+up|get\s+me|history|timeline|remind\s+me(?!\s+(?:to|about)\b)|"
    r"need\s+(?:a|an|the)\s+(?:quick\s+)?(?:status|update|rundown|recap|summary)|"
    r"(?:my|our|\w+'s)\s+(?:open\s+)?(?:pipeline|deals))\b"
)


def asks(lower: str, masked: str, question: Question | None, asking: bool, has_deal: bool) -> bool:
    """Whether the message is a question (rather than an update that ends in "?").

    `masked`: `lower` with the deal's name as "D___"; `question`: `classify_question`'s answer;
    `asking`: `is_asking`; `has_deal`: the message names a deal (known or new).
    """
    words = _other_words(masked) if has_deal else 0
    if has_deal and words == 0 and not any(map(str.isdigit, masked)):
        return True  # a bare deal name asks about it ("Initech: $999k" is an amount)
    if question is None:
        return False
    if has_deal and (
        (question.query == "history" and (words <= 4 or asking)) or (words <= 2 and is_status_request(lower))
    ):
        return True  # "Hooli history", "Hooli status"
    if not asking:
        return False
    if _WH_START.match(_opening(lower)) or _WH_START.match(_LABEL.sub("", masked)):
        return question.query is not None or has_deal
    if has_deal:
        return words <= 3 or is_status_request(lower)
    return question.query is not None


def _other_words(masked: str) -> int:
    """How many words the message has besides the deal's name (masked as "D___", one letter)."""
    return len((ASCII_WORD if masked.isascii() else WORD).findall(masked))
