"""The next step's text: the action itself, short, and readable on its own.

It is the clause that decided the owner, without the deal's name, the date, and the "we need to" /
"waiting on X for" scaffolding around the action.
"""

from __future__ import annotations

import re

from nlp.lexicon import words

_MAX_LEN = 100
_LEAD = re.compile(
    r"(?:[\s,;:.!?\-'\"()]+|(?:'s|and|but|so|now|then|also|still|just|only|ok|btw|fyi|plus|is|are|please|pls|plz)\b|for(?=\s+(?:the|their|a|an|our)\s))",
    re.IGNORECASE,
)
_TRAIL_PUNCT = " ,;:.!?-'\"()"
# (and "then" that points back at a date: "I'll send the SOW then")
_TRAIL_WORDS = words("by on before after until till in at for from and due around to with of since then")
_WAITING = re.compile(
    r"^(?:waiting|wait|blocked|pending)\s+(?:on|for)\s+(?P<x>.+?)\s+(?:for|on|re|about)\s+(?P<y>.+)$", re.I
)
_WAITING_TO = re.compile(
    r"^(?:waiting|wait|blocked|pending)\s+(?:(?:on|for)\s+|(?=(?:the|their|his|her)\s))(?P<x>.+)$", re.I
)
_WE_OWE = re.compile(
    r"^(?:we|i)\s+(?:still\s+)?owe\s+(?:them|him|her|(?:the|their)\s+\w+(?:\s+(?:team|folks|people|group))?|\w+)"
    r"\s+(?P<y>.+)$",
    re.I,
)
_THEY_OWE = re.compile(r"^(?:they|he|she|their\s+\w+)\s+(?:still\s+)?owes?\s+(?:us|me)\s+(?P<y>.+)$", re.I)
_ON_ME = re.compile(r"^(?:it'?s\s+|that'?s\s+|all\s+)?on\s+(?:me|us)\s+to\s+", re.I)
_US_MODAL = re.compile(
    r"^(?:we|i|i'm|we're|i'll|we'll|i've|we've|let\s+me|let's)\s+(?:(?:really|still|also|just|definitely)\s+)?"
    r"(?:(?:need|needs|have|has|got|want|plan|am\s+going|are\s+going|'m\s+going|'re\s+going)\s+to\s+|must\s+"
    r"|should\s+|will\s+|gotta\s+)?",
    re.I,
)
_THEY_MODAL = re.compile(
    r"^(?:they|they're|they'll|they've|their\s+\w+(?=\s+(?:needs?|has|have|wants?|plans?|is|are|will|should|must)\s))\s+(?:(?:are|were|is)\s+)?(?:(?:supposed|going|need|needs|have|has|want|"
    r"plan|expected|expect|asked|promised|agreed|offered)\s+to\s+|will\s+|should\s+|must\s+|wanna\s+|gonna\s+)?",
    re.I,
)
_NEED_TO = re.compile(
    r"^(?:need|needs|have|has|got|want|wants|expect|expects|plan|plans)\s+to\s+|^(?:must|gotta|will)\s+"
    r"|^(?:still\s+)?need\s+(?=(?:the|a|an|our|my|their|this|that|it)\s)",
    re.I,
)
_DELIVERED = re.compile(
    r"^(?:we\s+|i\s+|we've\s+|i've\s+|just\s+|already\s+)*(?:sent|shared|emailed|delivered|submitted|gave|"
    r"presented|handed|forwarded|provided)\s+(?:over\s+)?(?:them\s+|him\s+|her\s+)?(?P<y>.+)$",
    re.I,
)
# "(they) want the order form from us": the thing is the step.
_WANTED_FROM_US = re.compile(
    r"^(?:(?:they|he|she|their\s+[\w-]+)\s+)?(?:still\s+|now\s+|also\s+)?(?:want|wants|wanted|need|needs|needed|"
    r"expect|expects|expecting|asked\s+for|requested|await|awaiting)\s+(?P<y>.+?)\s+from\s+(?:us|me)$",
    re.I,
)
# "ball's in our court for the SOW": the thing is the step.
_COURT_FOR = re.compile(r"^.*?\bcourt\s+(?:for|on|re|with)\s+(?P<y>.+)$", re.I)
_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.I)
_LEADING_SUBJECT = re.compile(
    r"^(?:i'm|we're|i\s+am|we\s+are|(?:can|could)\s+(?:we|you))\s+(?:still\s+)?", re.IGNORECASE
)
_SUBJECTS = ("we", "i ", "i'", "let", "they", "their ")
_ME_US = frozenset({"us", "me", "myself", "ourselves"})


def _blank(text: str, spans: list[tuple[int, int]], offset: int) -> str:
    for start, end in spans:
        start, end = max(0, start - offset), min(len(text), end - offset)
        if start < end:
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def _tidy(text: str) -> str:
    """Without connectors and punctuation at the start, nor dangling prepositions at the end."""
    text = " ".join(text.split())  # runs of whitespace made one space, and stripped
    while (lead := _LEAD.match(text)) is not None and lead.end() > 0:
        text = text[lead.end() :]
    while True:
        text = text.rstrip(_TRAIL_PUNCT)
        head, _, last = text.rpartition(" ")
        if last.lower() not in _TRAIL_WORDS:
            return text
        text = head


def step_text(original: str, start: int, end: int, removals: list[tuple[int, int]], kind: str) -> str | None:
    """The next step's text, from the clause original[start:end] less the `removals` (deal, dates)."""
    text = _tidy(_blank(original[start:end], removals, start))
    text = _LEADING_SUBJECT.sub("", text)
    if not text:
        return None
    first = text[:12].lower()
    waiting = first.startswith(("wait", "blocked", "pending"))
    owes = "owe" in text
    match = _WAITING.match(text) if waiting else None
    if match:
        who = _ARTICLE.sub("", match.group("x"))
        text = match.group("y") if who.lower() in _ME_US else f"{match.group('y')} from {match.group('x')}"
    elif waiting and (match := _WAITING_TO.match(text)) is not None:
        text = match.group("x")
    elif owes and (match := _WE_OWE.match(text)) is not None:
        text = f"{_ARTICLE.sub('', match.group('y'))} for them"
    elif owes and (match := _THEY_OWE.match(text)) is not None:
        text = f"{match.group('y')} from them"
    elif kind == "court" and (match := _WANTED_FROM_US.match(text) or _COURT_FOR.match(text)) is not None:
        text = match.group("y")
    elif kind == "delivered" and (match := _DELIVERED.match(text)) is not None:
        text = f"their feedback on {match.group('y')}"
    else:
        if "on " in first:
            text = _ON_ME.sub("", text)
        if first.startswith(_SUBJECTS):
            text = _US_MODAL.sub("", text) or text
            text = _THEY_MODAL.sub("", text) or text
        text = _NEED_TO.sub("", text)
    text = _tidy(text)
    if len(text) > _MAX_LEN:
        text = text[:_MAX_LEN].rsplit(" ", 1)[0]
    return text or None


# What an earlier clause hands on to the step. The thing sent: "they sent their redlines, our legal needs
# to turn them around" (them = their redlines), "legal came back w/ redlines, we need to respond".
_SENT_THING = re.compile(
    r"\b(?:sent|shared|returned|gave|emailed|forwarded|dropped|came\s+back\s+(?:with|w/))\s+"
    r"(?:us\s+|me\s+|over\s+|back\s+)?(?P<thing>(?:their|the|a|an|some)\s+[\w-]+(?:\s+(?!(?:to|for|with|by|on|in|at|from"
    r"|of|and|over|back|this|last|yesterday|today)\b)[\w-]+)?|(?!(?:back|over|it|them|this|that|us|me)\b)[\w-]+(?=[\s.!]*$))",
    re.I,
)
# Else the thing the clause ends on: "their CFO wants to see the ROI model, I'll have it over" (the
# dates and deal names blanked first, so "the deck Friday" ends on "the deck").
_NOT_A_VERB = r"(?!(?:is|are|was|were|has|have|will|be)\b)"  # "the blocker is security" names no thing
_LAST_THING = re.compile(
    rf"\b(?P<thing>(?:the|their|our|an?)\s+(?:{_NOT_A_VERB}[\w-]+\s+){{0,2}}{_NOT_A_VERB}[\w-]+)[\s.!]*$",
    re.I,
)
# What an earlier clause says they want or need: "they want a proposal after the holidays, I'll have it
# ready by Jan 12", "they need our SOC 2 report before legal looks, I'll send it tomorrow".
_WANTED_THING = re.compile(
    r"\b(?:wants?|wanted|needs?|needed|asked\s+for|asks\s+for|requested)(?:\s+to\s+[a-z]+)?\s+"
    r"(?P<thing>(?:our|the|a|an|their|some)\s+(?:[\w-]+\s+){0,2}?[\w-]+)"
    r"(?=\s+(?:before|after|by|for|from|so|to|and|in|on|this|next|ready|asap)\b|[\s.,!;]*$)",
    re.I,
)
# Or the event or document the clause opens with, without an article: "scoping call with them in Q2, need
# to set it up".
_LEADING_THING = re.compile(
    r"(?P<thing>(?:[a-z][\w-]*\s+){0,2}(?:call|meeting|workshop|demo|review|session|deck|proposal|quote|contract"
    r"|report|pilot|poc|sow|msa|nda|dpa|questionnaire|agreement|order\s+form))\s+(?:with|for|on|in|at|to)\b",
    re.I,
)
_PRONOUN = re.compile(r"\b(?:them|it)\b", re.I)
# "send it", "have it over", "get it to their CFO": an action on "it" that an earlier clause names. Not
# "has it", "on it" (someone holds the step) nor "their IT".
_ACT_ON_IT = re.compile(
    r"^(?!(?:has|is|on|own|owns|running|hosting|handling|doing|like|likes|love|loves|their|our|the|my|your|his|"
    r"her)\s)[a-z]+\s+it\b"
)
# "line one up", "set one up", "send one over": "one" is a thing an earlier clause names ("they want a
# 3rd reference, I'll line one up"). Not "one more call", "one of them", "one day".
_ACT_ON_ONE = re.compile(
    r"^[a-z]+\s+one\b(?!\s+(?:more|of|day|week|month|time|last|other|another|or|and|on|in|at|by|to)\b)"
)
# A step that is a bare verb of deciding or reviewing names what it is about in an earlier clause:
# "they sent the redlines, we need to review" -> "review the redlines"; some take a preposition.
_NEEDS_OBJECT: dict[str, str] = {
    "review": "", "respond": "to ", "reply": "to ", "answer": "on ", "decide": "on ", "sign": "",
    "countersign": "", "approve": "", "redline": "", "prep": "for ", "prepare": "for ",
}  # fmt: skip


def complete_step(
    text: str, original: str, earlier: list[tuple[int, int]], removals: list[tuple[int, int]]
) -> str:
    """The step's "them"/"it", or the object its bare verb leaves out, named from the `earlier` clauses
    (spans of `original`, nearest first; the `removals`, deal names and dates, left out)."""
    lower = text.lower()
    preposition = _NEEDS_OBJECT.get(lower)
    one = preposition is None and " one" in lower and _ACT_ON_ONE.match(lower) is not None
    if preposition is None and not one and not _PRONOUN.search(lower):
        return text
    for start, end in earlier:
        clause = " ".join(_blank(original[start:end], removals, start).split())
        sent = _SENT_THING.search(clause)
        if preposition is not None:
            last = sent or _LEADING_THING.match(clause) or _LAST_THING.search(clause)
            if last is not None:
                return f"{text} {preposition}{last.group('thing')}"
        elif one:
            last = sent or _LAST_THING.search(clause)
            if last is not None:
                return _name_last(r"\bone\b", last.group("thing"), text)
        elif sent is not None:
            thing = sent.group("thing")
            return _name_last(r"\bthem\b" if thing.lower().endswith("s") else r"\bit\b", thing, text)
        elif not _ACT_ON_IT.match(lower):
            continue
        elif (wanted := _WANTED_THING.search(clause)) is not None:
            return _name_last(r"\bit\b", wanted.group("thing"), text)
        elif (last := _LAST_THING.search(clause) or _LEADING_THING.match(clause)) is not None:
            thing = last.group("thing")
            if not thing.lower().endswith("s"):
                return _name_last(r"\bit\b", thing, text)
    return text


def _name_last(pronoun: str, thing: str, text: str) -> str:
    """`text` with its last `pronoun` replaced by `thing`: "it is on them to sign it" -> "...sign the MSA"."""
    found = list(re.finditer(pronoun, text))
    if not found:
        return text
    last = found[-1]
    return text[: last.start()] + thing + text[last.end() :]
