"""Who owns the next step: the rules of the spec's "Next step and its owner" section.

The message is cut into clauses; each clause may carry one owner cue (waiting on X, the ball is in
X's court, X owes, a meeting, a subject doing something, an instruction to ourselves, something we
just delivered). A forthcoming meeting that we attend wins; otherwise the last clause with a cue
wins. Text is lower-case with deal mentions masked as `D___` (the deal as a subject is the prospect).

The cues are token patterns kept as data: owners.json's clause rules (the cues with a "priority"),
matched by the `ns_cues` component before this one and read by nlp/clause_rules.py (`winner`).
What is here is the procedural part: the clauses, the unblocking tail, a clause's subject and whether it
acts, the delivered / sent / instruction steps that sit at fixed priorities among the rules, and what a
clause carries over from the one before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from nlp.clause_rules import DELIVERED, INSTRUCTION, SUBJECT, Hit, hits, rule_matches, text_rules, winner
from nlp.lexicon import words
from nlp.patterns import Found, word_list
from nlp.scan import any_of
from nlp.types import Owner


def _any(*lists: str) -> str:
    """The words of these lists of owners.json as one alternation (a space: any run of spaces)."""
    forms = sorted({form for name in lists for form in word_list("owners", name)}, key=lambda f: (-len(f), f))
    return "|".join(r"\s+".join(map(re.escape, form.split())) for form in forms)


def _firsts(*lists: str) -> frozenset[str]:
    """The first words (runs of letters and digits) of these lists' entries: the heads they start with."""
    return frozenset(re.findall(r"[^\W_]+", form)[0] for name in lists for form in word_list("owners", name))


def _resolve(hit: Hit, text: str) -> Owner:
    """The owner a rule's match gives its clause."""
    how = hit.rule.owner
    if how == "side":
        for word in _WORD_RE.findall(text, hit.start, hit.end):
            if word in _SIDE_WORDS:
                return "us" if word in _OUR_SIDE else "prospect"
        return "prospect"
    if how == "who":
        return _who(text[hit.who :].lstrip()[: hit.rule.who_chars])
    return "us" if how == "us" else "prospect"


# Where a message is cut into clauses:
#   `\n[^\w\n]*(?:\n[^\w\n]*)*|[.;!?\n]+(?=\s|$)|,(?!\d)|:(?=\s)|\s(?:<_SPACE_CUTS>)`:
# a line break with the bullets, emoji and blank lines after it ("\n• waiting on their legal"), a run of
# sentence punctuation, a comma (not in a number), a colon, or cuts led by a space. Written as the cut's
# first character, then the alternative for it, chosen by a lookbehind at that character: the class
# lets sre skip in C every character that starts no cut, instead of trying a match at each. It finds
# the same matches: `[.;!?\n]+` is the character then `[.;!?\n]*`, and the alternatives' first
# characters are disjoint but for "\n" (a line break, punctuation and a space), whose alternatives keep
# their order.
# A title's full stop ("Dr. Patel from their side will revert") cuts nothing: the titles of owners.json.
_TITLES = "".join(
    rf"(?<!\b{re.escape(title)})" for title in sorted(word_list("owners", "titles")) if title.endswith(".")
)
_PUNCT_CUTS = (
    rf"(?<=\n)[^\w\n]*(?:\n[^\w\n]*)*|(?<=[.;!?\n]){_TITLES}[.;!?\n]*(?=\s|$)|(?<=,)(?!\d)|(?<=:)(?=\s)"
)
_SPACE_CUTS = (
    r"-+\s|(?:but|although|though|whereas|while|meanwhile|then|so)\s"
    r"|and\s(?=(?:now\s+|then\s+)?(?:we|i|they|their|our|he|she|D_*)\b)"
)
_SPLIT = re.compile(rf"[.;!?\n,:\s](?:{_PUNCT_CUTS}|(?<=\s)(?:{_SPACE_CUTS}))")
# A space-led cut needs a "-" or one of these words (each is a whole word there: spaces either side).
# Without them, `_SPLIT` can only make the cuts of these patterns (alternatives that cannot match dropped).
_SPACE_CUT_WORDS = words("but although though whereas while meanwhile then so and")
_DASH_SPLIT = re.compile(rf"[.;!?\n,:\s](?:{_PUNCT_CUTS}|(?<=\s)-+\s)")
_PUNCT_SPLIT = re.compile(rf"[.;!?\n,:](?:{_PUNCT_CUTS})")

# "D___ is hot they want to sign": a new subject with a plan starts a clause (emoji between dropped).
# Words after which "they" goes on the clause ("said they want to", "so they plan to").
_NOT_BEFORE_NEW_SUBJECT = words(
    """
    if when that once until till because said says think hope so and as unless before after what how why where
    sure know guess but whether since while maybe now then also still just or which who though cos cause bc
    """
)
# The cut is the space before "they". The pattern reads that space first (a one-class prefix, which sre
# scans for in C), then looks ahead, then back past the space: `(?<!\bif\s)` after the space is
# `(?<!\bif)` before it.
_NEW_SUBJECT = re.compile(
    r"\s(?=they\s+(?:(?:want|plan|hope|expect|are\s+going)\s+to|wanna|gonna)\b)(?<=\w\s)"
    + "".join(rf"(?<!\b{word}\s)" for word in sorted(_NOT_BEFORE_NEW_SUBJECT))
)

# "they" then one of these words (each whole: spaces or the end either side) starts every new subject.
_NEW_SUBJECT_WORDS = words("want plan hope expect going wanna gonna")

# "they owe us usage data before we can size it": what the other side's action unblocks is no step.
_UNBLOCKS = re.compile(
    r"\s+(?:before|so\s+(?:that\s+)?|then|once|after|until|for)\s+(?:we|i|us)\s+(?:can|could|to|will|'ll|are\s+able)\b.*$"
    r"|\s+so\s+(?:that\s+)?(?:we|i)\s+.*$|\s+to\s+let\s+(?:us|me)\b.*$"
)
_OURS = re.compile(rf"\b(?:{_any('our_people', 'our_teams', 'our_bodies')})\b")
_THEIRS = re.compile(rf"\b(?:{_any('their_people', 'their_subjects', 'their_bodies')}|D_*)\b")
_US_SUBJECT = re.compile(
    r"^(?:(?:ok|so|and|also|now|then|next|still|just|btw)\s+)*(?P<s>we're|i'm|we'll|i'll|we've|i've|i'd|we'd|we|i|"
    rf"let\s+me|let's|our\s+\w+|my\s+\w+|(?:the\s+)?(?:{_any('our_teams')})(?:\s+team)?)\b"
)
_THEY_SUBJECT = re.compile(
    r"^(?:(?:ok|so|and|also|now|then|still|just|btw|apparently)\s+)*(?P<s>they're|they'll|they've|they'd|they|"
    rf"their\s+\w+(?:\s+\w+)??|D_*'s\s+\w+(?:\s+\w+)??|(?:the\s+|D_*\s+)?(?:{_any('their_subjects')})|D_*|he's|she's|"
    r"he'll|she'll|he|she)\b"
)
_DELIVERED = re.compile(
    rf"^(?:(?:we|i|we've|i've|just|already|finally|have|has)\s+)*(?:{_any('delivered')})\b"
)
# "they need a few days to review": time they take to act, not something they want from us.
_TIME_TO_ACT = (
    r"(?:(?:a|an|another|some|more|a\s+few|a\s+couple(?:\s+of)?|few|couple(?:\s+of)?|several|one|two|three|"
    r"four)\s+|\d+\s*)+(?:more\s+)?(?:days?|weeks?|wks?|months?|hours?|time)\b|(?:more\s+)?time\b"
)
_WANTS = re.compile(
    r"^(?:want|wants|wanted|asked\s+for|asks\s+for|requested|would\s+like|are\s+asking\s+for|need|needs)\s+"
    # "their procurement needs till mid-Feb": time they take to act, as "needs two weeks".
    r"(?!(?:(?:now|still|first|also|really|just)\s+)?to\b)(?!" + _TIME_TO_ACT + r")"
    r"(?!(?:till|until|til|through|thru)\b)"
    # "they need sign-off from their COO": their own internal step, not something they want from us.
    r"(?!(?:[\w']+\s+){0,2}?(?:sign[\s-]?off|approval|buy[\s-]?in)\b)(?!.*\bfrom\s+(?:their|his|her)\b)"
)
_MODAL = re.compile(
    r"^(?:need|needs|have\s+to|has\s+to|must|should|will|'ll|are\s+going|am\s+going|'m\s+going|is\s+going|"
    r"plan|plans|wanna|gonna|owe|owes|are\s+supposed|is\s+supposed|'re\s+supposed|can|could|gotta|got\s+to|want\s+to|"
    r"wants\s+to|expect|expects|promised|agreed|committed|said|says|asked)\b"
)
_INSTRUCTION = re.compile(
    r"^(?:(?:ok|so|and|also|now|then|still|just|todo|to\s+do|action|next\s+step|next|reminder|please|pls|plz)\s*:?\s+)*"
    r"(?:need\s+to|needs\s+to|have\s+to|(?:must|should)(?!\s+(?:be|have|get|hear|receive|see|know)\b)|gotta|got\s+to|"
    r"going\s+to|let\s+me|intro(?!\s+(?:call|meeting|chat))|need\s+(?:the|a|an|our|my|this|that|it)|"
    rf"{_any('our_actions')})\b"
    # "demo went well", "call was great": a report of what happened, not something to do
    r"(?!\s+(?:went|was|were|is|got|had|did|looked|seemed|felt|happened|ran)\b)"
)


# Substrings one of which every match of the cue's regex contains: cheap gates before the regexes.
# (a list's entry of several words gates by its first word and a space: "no word" by "no ")
_WE_GATE = ("we", "i ", "us")
_UNBLOCKS_GATE = ("before", "so ", "then", "once", "after", "until", "for ", "let ")


def _scan(gates: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    """A compiled scan for any of the substrings: one C call, cheaper than a loop of `in`."""
    return any_of(gates)


_UNBLOCKS_SCAN = _scan(_UNBLOCKS_GATE)
_WE_SCAN = _scan(_WE_GATE)

# Each cue's word groups: every match of the cue's regex has a word of each group as a whole word (no
# letter, digit or "_" either side; hyphenated phrasings by a part: "on-site" by "site"). In a message
# whose words (`Analysis.words`) miss a group, the cue matches in no clause, so it is not scanned for.
_CUE_WORDS: dict[str, tuple[frozenset[str], ...]] = {
    "unblocks": (words("before so then once after until for let"), words("we i us me")),
    # the clause cuts led by a space (but a dash), and a new subject
    "space cut": (_SPACE_CUT_WORDS,),
    "new subject": (_NEW_SUBJECT_WORDS,),
}


def _group_bits() -> tuple[dict[str, int], dict[str, int]]:
    """One bit per group of `_CUE_WORDS`: each word's bits (its groups), each cue's (all its groups)."""
    word_bits: dict[str, int] = {}
    cue_bits: dict[str, int] = {}
    bit = 1
    for cue, groups in _CUE_WORDS.items():
        cue_bits[cue] = 0
        for group in groups:
            for word in group:
                word_bits[word] = word_bits.get(word, 0) | bit
            cue_bits[cue] |= bit
            bit <<= 1
    return word_bits, cue_bits


_WORD_BITS, _CUE_BITS = _group_bits()
_ANY_CUE_WORD = frozenset(_WORD_BITS)
_UNBLOCKS_BITS = _CUE_BITS["unblocks"]
_SPACE_CUT_BITS, _NEW_SUBJECT_BITS = _CUE_BITS["space cut"], _CUE_BITS["new subject"]
_ALL_BITS = -1  # every group: for a text whose words are not known


def _message_bits(words: frozenset[str] | None) -> int:
    """The groups of `_CUE_WORDS` with a word in the message (all, if its words are not known)."""
    if words is None:
        return _ALL_BITS
    bits = 0
    for word in _ANY_CUE_WORD & words:
        bits |= _WORD_BITS[word]
    return bits


# A clause's head: its first run of letters and digits ("" if it starts with neither). Every match of
# a clause-start regex below begins with a word of its heads, followed by a space, "'", ":", "-", "_"
# (the "D" of "D___") or a word's end, so the head is that word; other clauses skip the regex.
_HEAD = re.compile(r"[^\W_]+")
_US_HEADS = words("ok so and also now then next still just btw we i let our my the") | _firsts("our_teams")
_THEY_HEADS = words("ok so and also now then still just btw apparently they their D the he she") | _firsts(
    "their_subjects"
)
_DELIVERED_HEADS = words("we i just already finally have has") | _firsts("delivered")
_INSTRUCTION_HEADS = words(
    "ok so and also now then still just todo to action next reminder please pls plz "
    "need needs have must should gotta got going let intro"
) | _firsts("our_actions")

# `_WANTS` and `_MODAL` (and for `_MODAL`, a text that starts with "'": "'ll", "'m going", "'re supposed").
_WANTS_HEADS = words("want wants wanted asked asks requested would are need needs")
_MODAL_HEADS = words(
    """
    need needs have has must should will are am is plan plans wanna gonna owe owes can could gotta got want
    wants expect expects promised agreed committed said says asked
    """
)
# Each head's flags: which of the regexes above a clause with that head may match (one dict to look in).
_US_HEAD, _THEY_HEAD, _DELIVERED_HEAD, _INSTRUCTION_HEAD, _WANTS_HEAD, _MODAL_HEAD = 1, 2, 4, 8, 16, 32


def _head_flags() -> dict[str, int]:
    flags: dict[str, int] = {}
    for flag, heads in (
        (_US_HEAD, _US_HEADS),
        (_THEY_HEAD, _THEY_HEADS),
        (_DELIVERED_HEAD, _DELIVERED_HEADS),
        (_INSTRUCTION_HEAD, _INSTRUCTION_HEADS),
        (_WANTS_HEAD, _WANTS_HEADS),
        (_MODAL_HEAD, _MODAL_HEADS),
    ):
        for word in heads:
            flags[word] = flags.get(word, 0) | flag
    return flags


_HEAD_FLAGS = _head_flags()


def _head(stripped: str) -> str:
    """`_HEAD`'s match (or ""), read without it for a first word of letters and digits, or "D___"."""
    first = stripped.partition(" ")[0]
    if first.isalnum():  # all of it is the run: `isalnum` is `[^\W_]`, and a space ends the run
        return first
    if first.rstrip("_") == "D":  # a deal: "D" then "_"s
        return "D"
    found = _HEAD.match(stripped)
    return found.group() if found is not None else ""


class Clause(NamedTuple):
    start: int
    end: int
    owner: Owner | None
    # "wait", "court", "owe", "meeting", "subject", "delivered", "instruction", "item", "meta", "", and
    # "nothing" (set by nlp/actions.py: "nothing pending from our side", the owner and no step)
    kind: str
    text: str  # the masked lower-case clause, unblocking tail removed
    rule: str = ""  # the rule of owners.json that gave the clause its cue ("" if a step in Python did)


def split_clauses(masked: str, words: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """The clauses' spans. `words`: the message's words (`Analysis.words`), to skip cuts that cannot occur."""
    return _split(masked, _message_bits(words))


def _split(masked: str, bits: int) -> list[tuple[int, int]]:
    """`split_clauses`, given the message's groups of `_CUE_WORDS`."""
    if bits & _SPACE_CUT_BITS:
        split = _SPLIT
    elif "-" in masked:
        split = _DASH_SPLIT
    else:
        split = _PUNCT_SPLIT
    spans: list[tuple[int, int]] = []
    position = 0
    if bits & _NEW_SUBJECT_BITS and "they " in masked:
        cuts = sorted(
            [*map(re.Match.span, split.finditer(masked)), *map(re.Match.span, _NEW_SUBJECT.finditer(masked))]
        )
        for cut_start, cut_end in cuts:
            if cut_start > position:
                spans.append((position, cut_start))
            if cut_end > position:
                position = cut_end
    else:
        for cut in split.finditer(masked):  # in order, without overlaps
            cut_start = cut.start()
            if cut_start > position:
                spans.append((position, cut_start))
            position = cut.end()
    if position < len(masked):
        spans.append((position, len(masked)))
    return spans


def _who(phrase: str) -> Owner:
    """'our legal' -> us, 'their legal' -> prospect; the first word that says whose it is decides."""
    ours, theirs = _OURS.search(phrase), _THEIRS.search(phrase)
    if ours and (not theirs or ours.start() < theirs.start()):
        return "us"
    return "prospect"


def names_a_side(phrase: str) -> bool:
    """Whether the phrase names one side or a body of it ("procurement", "legal", "their CFO")."""
    return bool(_OURS.search(phrase) or _THEIRS.search(phrase))


def _flip(owner: Owner) -> Owner:
    return "prospect" if owner == "us" else "us"


_OUR_SIDE = words("our my me us we i")
_SIDE_WORDS = _OUR_SIDE | words("their his her them they he she")
_WORD_RE = re.compile(r"[\w']+")


_CONTRACTED = ("'ll", "'m", "'re", "'d")
_PRESENT_ACTION = re.compile(r"^(?:(?:is|are|'re|am|'m)\s+(?:now\s+|still\s+)?\w+ing|has|have|\w+[^s\W]s)\b")
# "their CFO still hasn't signed off": an action still to come.
_NOT_YET = re.compile(r"^(?:still\s+|yet\s+)?(?:hasn'?t|haven'?t|has\s+not|have\s+not)\s+(?:yet\s+)?\w+")
_PERFECT = re.compile(
    r"^(?:has|have|'ve)\s+(?:\w+ed|gone|been|had|done|got|gotten|sent|made|taken|given|seen)\b"
)
# `_acts`' questions about the rest of the clause, in its order, as one match: its `lastgroup` is the
# first of them whose pattern matches (each alternative is the pattern, anchored at the start as alone).
_ACTION = re.compile(
    "|".join(
        f"(?P<{name}>{pattern.pattern})"
        for name, pattern in (
            ("modal", _MODAL),
            ("not_yet", _NOT_YET),
            ("perfect", _PERFECT),
            ("present", _PRESENT_ACTION),
        )
    )
)
# Every match of `_ACTION` starts with one of these, or is `\w+[^s\W]s\b` ("runs"): a first run of word
# characters ending in "s", which for a first word all of letters and digits (`isalnum`: all `\w`, no
# "_") is the word itself. A clause's rest whose first word is none of these is no action: no match.
_ACTION_STARTS = (
    "need", "have", "has", "must", "should", "will", "'", "are", "am", "is", "plan", "wanna", "gonna", "owe",
    "can", "could", "got", "want", "expect", "promised", "agreed", "committed", "said", "says", "asked",
    "still", "yet",
)  # fmt: skip
_STATE_ACTIONS = words("supposed about due expected planning going waiting meeting on")
_STATE_WORDS = words("are is were was seem seems look looks like likes love loves feel feels be been")
_PAST_WORDS = words(
    "had did got went was were met spoke took gave heard saw lost won closed sent crushed killed nailed"
)


def _acts(subject: str, rest: str, ours: bool) -> bool:
    """Whether the clause's subject does (or will do) something, rather than report the past."""
    first = rest.split(" ", 1)[0]
    if subject.endswith(("'re", "'m", "'s")):  # "they're reviewing" acts, "they're hot" does not
        return first.endswith("ing") or first in _STATE_ACTIONS
    if subject.endswith(_CONTRACTED):
        return True
    could_act = first.startswith(_ACTION_STARTS) or first.endswith("s") or not first.isalnum()
    action = _ACTION.match(rest) if could_act else None
    question = action.lastgroup if action is not None else None
    if question in ("modal", "not_yet"):  # "they need to", "their CFO hasn't signed"
        return True
    if first in _PAST_WORDS or question == "perfect":
        return False
    if question == "present":
        return True
    if not ours and (subject not in {"they", "he", "she"} or first in _STATE_WORDS):
        return False  # "they come back" acts; "Globex deal size is" names no action
    return bool(first) and first[:1].isalpha() and not first.endswith("ed") and first not in _PAST_WORDS


def classify(text: str, has_date: bool) -> tuple[Owner | None, str]:
    """The owner cue of one clause (masked lower-case text, as `Clause.text`): (owner, kind)."""
    stripped = text.strip()
    flags, us, they = _subjects(stripped)
    found = hits(text, 0, len(text), text_rules(text))
    return _classify(text, stripped, flags, has_date, us, they, _ALL_BITS, found)[:2]


def our_subject(stripped: str) -> re.Match[str] | None:
    """The clause's subject when it is ours ("we", "I", "our legal", "engineering"), else None."""
    return _US_SUBJECT.match(stripped) if _HEAD_FLAGS.get(_head(stripped), 0) & _US_HEAD else None


def _subjects(stripped: str) -> tuple[int, re.Match[str] | None, re.Match[str] | None]:
    """The clause's head flags, and its subject: ours ("we", "our SE"), theirs ("they", "D___")."""
    flags = _HEAD_FLAGS.get(_head(stripped), 0)
    us = _US_SUBJECT.match(stripped) if flags & _US_HEAD else None
    they = _THEY_SUBJECT.match(stripped) if flags & _THEY_HEAD else None
    return flags, us, they


def _classify(
    text: str,
    stripped: str,
    flags: int,
    has_date: bool,
    us: re.Match[str] | None,
    they: re.Match[str] | None,
    bits: int,
    clause_hits: list[Hit] | None,
) -> tuple[Owner | None, str, str]:
    """`classify` given the clause's subject matches, which `analyse` reuses for the next clause.

    `stripped`, `flags`: the clause's text stripped, and its head's flags; `bits`: the message's groups
    of `_CUE_WORDS`; `clause_hits`: the clause's matches of owners.json's rules (`hits`): the winner's
    priority places it among the steps written here (`SUBJECT`, ...). Returns the owner, the kind,
    and the rule of owners.json that decided ("" if a step written here did).
    """
    best = None
    if clause_hits:

        def special(name: str) -> bool:
            if name == "INSTRUCTION":
                return bool(flags & _INSTRUCTION_HEAD and _INSTRUCTION.match(stripped))
            return (
                (name == "DATE" and has_date)
                or (name == "OUR_SUBJECT" and bool(us))
                or (name == "SUBJECT" and bool(us or they))
            )

        best = winner(clause_hits, text, special)
    if best is not None and (best.rule.priority or 0) < SUBJECT:
        return _resolve(best, text), best.rule.kind, best.rule.label
    subject = us or they
    if subject is not None:
        rest = stripped[subject.end() :].lstrip()
        rest_flags = _HEAD_FLAGS.get(_head(rest), 0)
        owner: Owner = "us" if us else "prospect"
        delivered = _DELIVERED.match(rest) if rest_flags & _DELIVERED_HEAD else None
        if delivered:
            return _flip(owner), "delivered", ""
        if they and rest_flags & _WANTS_HEAD and _WANTS.match(rest):
            return "us", "wants", ""
        if _acts(subject.group("s"), rest, bool(us)):
            return owner, "subject", ""
        if they and subject.group("s").startswith(("their", "d_", "D_")):  # "their IT team is reviewing"
            for skip in (1, 2):
                longer = rest.split(" ", skip)
                if len(longer) > skip and _acts("", longer[skip], False):
                    return owner, "subject", ""
    later = (best.rule.priority or 0) if best is not None else INSTRUCTION
    if best is not None and later < DELIVERED:
        return _resolve(best, text), best.rule.kind, best.rule.label
    if flags & _DELIVERED_HEAD and _DELIVERED.match(stripped):
        return "prospect", "delivered", ""
    if best is not None and later < INSTRUCTION:
        return _resolve(best, text), best.rule.kind, best.rule.label
    if flags & _INSTRUCTION_HEAD and _INSTRUCTION.match(stripped):
        return "us", "instruction", ""
    if best is not None:
        return _resolve(best, text), best.rule.kind, best.rule.label
    return None, "", ""


_WE_CAN = re.compile(
    r"^\s*(?:that\s+)?(?:we|i|our\s+\w+)\s+(?:can|could|are\s+able|'re\s+able|will\s+be\s+able|'ll\s+be\s+able|"
    r"is\s+able|may)\b"
)


def _only_unblocks(text: str, earlier: list[Clause]) -> bool:
    """A "so we can ..." clause after the other side's step says what it unblocks, not who acts."""
    last = next((c for c in reversed(earlier) if c.owner is not None), None)
    return (
        last is not None
        and last.owner == "prospect"
        and last.kind != "delivered"
        and bool(_WE_CAN.match(text))
    )


_BARE_SILENCE = re.compile(
    r"^(?:still\s+)?(?:no|nothing)\s+(?:word|news|reply|response|answer|feedback)?\b(?!.*\bfrom\b)"
)


# "still nothing from their CFO", "still waiting on him": who the step is pending with, and nothing else.
_SILENCE_FROM = re.compile(
    r"^(?:still\s+)?(?:(?:no|nothing)(?:\s+(?:word|news|reply|response|answer|feedback))?(?:\s+yet)?\s+from"
    r"|waiting\s+(?:on|for))\s+(?:them|him|her|(?:(?:their|the|his|her)\s+)?[\w-]+(?:\s+team)?)(?:\s+yet)?$"
)


def _ours_to_do(earlier: list[Clause]) -> bool:
    last = next((c for c in reversed(earlier) if c.owner is not None), None)
    return last is not None and last.owner == "us" and last.kind == "instruction"


# Our step that is a contact: "chase them Friday", "ping their CFO", "follow up Monday" (not "send the SOW").
_CHASE = re.compile(
    r"^\s*(?:(?:ok|so|and|also|now|then|just|pls|please|plz|need\s+to|have\s+to|gotta|let\s+me)\s+)*"
    r"(?:chase|chasing|ping|pinging|nudge|nudging|follow(?:ing)?\s+up|f/u|call|calling|email|emailing|"
    r"remind|reminding|check(?:ing)?\s+in|reach(?:ing)?\s+out|push|pushing|bump|bumping)\b"
)


def _chases(earlier: list[Clause]) -> bool:
    last = next((c for c in reversed(earlier) if c.owner is not None), None)
    return last is not None and bool(_CHASE.match(last.text))


def _without_leading_date(text: str, start: int, date_spans: list[tuple[int, int]]) -> str:
    """ "feb 14th they present to their board": the subject follows a leading date."""
    lead = len(text) - len(text.lstrip())
    for d_start, d_end in date_spans:
        if d_start == start + lead and d_end - start < len(text):
            return " " * (d_end - start) + text[d_end - start :]
    return text


# "we're running it", "their legal has it", "infosec is on it": who holds the step named just before.
_META = re.compile(
    r"^(?:(?:ok|so|and|also|now|then|btw)\s+)*(?:we|i|we're|i'm|we'll|i'll|they|they're|they'll|he|she|he's|she's|"
    r"(?:our|my|their|his|her)\s+\w+|\w+)\s+(?:is\s+|are\s+|am\s+|will\s+|will\s+be\s+|'ll\s+be\s+|'re\s+|'m\s+)?"
    r"(?:run|runs|running|host|hosts|hosting|has|have|got|owns?|owning|handles?|handling|drives?|driving|leads?|"
    r"leading|on|all\s+over|taking|take|takes|doing|helping|helps|supporting|assisting|involved)"
    r"(?:\s+(?:it|this|that|them|point|out))?$"
)


# How every match of `_META` ends (`$`: the end of the stripped clause).
_META_ENDS = tuple(
    words(
        """
        run runs running host hosts hosting has have got own owns owning handle handles handling drive drives
        driving lead leads leading on over taking take takes doing it this that them point helping helps
        supporting assisting involved out
        """
    )
)


# "they said", "he promised", then only a date: when the step comes, not a step of its own.
_SAID_WHEN = re.compile(
    r"\s*(?:(?:and|but|so)\s+)?(?:they|he|she|D_*)\s+(?:said|say|says|told(?:\s+(?:us|me))?|mentioned|promised|reckon|"
    r"reckons|expect|expects)\s+(?:(?:it'?ll\s+be|maybe|probably|likely|about|around|roughly)\s+)*"
)


_WHEN_TAIL = re.compile(r"\s+(?:at\s+the\s+(?:latest|earliest|most)|hopefully|tops|or\s+so|max)$")


def _says_only_when(text: str, start: int, date_spans: list[tuple[int, int]]) -> bool:
    said = _SAID_WHEN.match(text)
    if said is None:
        return False
    rest = start + said.end()
    end = start + len(_WHEN_TAIL.sub("", text.rstrip(" .!,;")))
    return any(d_start == rest and d_end >= end for d_start, d_end in date_spans)


def analyse(
    masked: str,
    date_starts: list[int],
    date_spans: list[tuple[int, int]] | None = None,
    words: frozenset[str] | None = None,
    cues: Iterable[Found] = (),
) -> list[Clause]:
    """Each clause of the message with its owner cue (or none).

    `words`: every run of letters and digits of the message before masking (`Analysis.words`); a cue
    none of whose words is there is not scanned for. Without it, every cue is scanned for. `cues`: the
    message's matches of the cue families (`Analysis.cues`), among them owners.json's clause rules.
    """
    found = rule_matches(cues)
    clauses: list[Clause] = []
    subject: Owner | None = None  # of the latest clause that named one
    subject_kind = ""  # that clause's cue
    previous_end = 0
    bits = _message_bits(words)
    unblocks = bits & _UNBLOCKS_BITS == _UNBLOCKS_BITS
    for start, end in _split(masked, bits):
        text = masked[start:end]
        gap, previous_end = masked[previous_end:start], end
        if (" so" in gap or " then" in gap) and _only_unblocks(text, clauses):
            clauses.append(Clause(start, end, None, "", text, ""))
            continue  # "waiting on their IT to whitelist us, so we can start the pilot"
        if unblocks and _UNBLOCKS_SCAN(text) and _WE_SCAN(text):
            text = _UNBLOCKS.sub("", text)
        stripped = text.strip()
        if not stripped or stripped.rstrip("_") == "D":  # `D_*$`: stripped ends in no "\n"
            clauses.append(tuple.__new__(Clause, (start, end, None, "", text, "")))
            continue  # the deal's name as a label: "Hooli: ..."
        has_date = False
        for date_start in date_starts:  # (cheaper than `any` over a generator)
            if start <= date_start < end:
                has_date = True
                break
        clause_bits = bits
        if has_date and date_spans:
            dateless = _without_leading_date(text, start, date_spans)
            if dateless is not text:  # a date cut off mid-word can leave a word the message lacks: "re|visit"
                text, stripped, clause_bits = dateless, dateless.strip(), _ALL_BITS
        flags, us, they = _subjects(stripped)
        clause_hits = hits(text, start, start + len(text), found) if found else None
        owner, kind, rule = _classify(text, stripped, flags, has_date, us, they, clause_bits, clause_hits)
        if (
            owner is not None
            and len(stripped) < 40
            and stripped.endswith(_META_ENDS)
            and _META.match(stripped)
        ):
            kind = "meta"
        elif owner is not None and has_date and date_spans and _says_only_when(text, start, date_spans):
            kind = "meta"  # "waiting on their legal for the DPA, they said in a few days": the DPA is it
        if (
            kind == "wait"
            and _ours_to_do(clauses)
            and (_BARE_SILENCE.match(stripped) or (_SILENCE_FROM.match(stripped) and _chases(clauses)))
        ):
            # "ping their CFO Thursday, no reply to my email", "chase them Friday, still nothing from
            # their CFO": the chase is the step, the silence only says what it is about
            owner, kind, rule = None, "", ""
        if (
            owner is None
            and subject is not None
            and (flags & _MODAL_HEAD or stripped.startswith("'"))
            and _MODAL.match(stripped)
            and not (subject == "prospect" and _OURS.search(stripped))
        ):
            if subject == "prospect" and _answers_them(stripped, subject_kind):
                # "they asked for a quote, will send it tomorrow", "they've gone quiet, will ring them
                # Thursday": the writer's own plan, its "I" left out
                owner, kind = "us", "instruction"
            else:
                owner, kind = subject, "subject"  # "they're hot, want to sign": the subject carries over
        elif (
            owner is None
            and us is None
            and they is None
            and (verb := _VERB_ON_THEM.match(stripped)) is not None
        ):
            said = verb.group("verb")
            if said not in _NOT_ON_THEM and not said.endswith("ed") and said not in _PAST_WORDS:
                owner, kind = "us", "instruction"  # "ringing them Thursday": the writer acts on them
        elif owner is None and subject is None and (plan := _OUR_PLAN.match(stripped)) is not None:
            rest = stripped[plan.start("verb") :]
            if _INSTRUCTION.match(rest) and not _NOT_CONTACT_AFTER.match(rest):
                owner, kind = "us", "instruction"  # "sent the deck, will follow up Monday": the later clause
        if kind == "instruction" and ":" in gap and clauses and clauses[-1].kind == "court":
            owner = clauses[-1].owner  # "action on their plate: confirm the pilot sites": the label's side
        if us:
            subject, subject_kind = "us", kind
        elif they:
            subject, subject_kind = "prospect", kind
        clauses.append(
            tuple.__new__(Clause, (start, end, owner, kind, text, rule))
        )  # NamedTuple's __new__: slower
    return clauses


# A clause without a subject that opens with one of these is the writer's plan after a clause about
# them when it acts on them ("will ring them Thursday": they would not ring themselves), chases them,
# or answers what they asked for or their silence; "want to sign", "said yes" carry their subject over.
_OUR_PLAN = re.compile(
    r"^(?:will|'ll|shall|gonna|going\s+to|need\s+to|have\s+to|must|should|can|could|gotta|got\s+to)\s+"
    r"(?:(?:also|then|now|just|still|probably|definitely|try\s+to|first)\s+)*(?P<verb>[\w'/-]+)"
)
_ON_THEM = re.compile(r"\b(?:them|him|her|their)\b(?!\s+(?:to|will|'ll|can|should|must)\b)")
_CONTACT = words("chase ping nudge follow f/u fup remind ring phone call email text whatsapp message bump")
_NOT_CONTACT_AFTER = re.compile(r"^[\w'/-]+\s+(?:us|me|back)\b")
# What the buyer does after asking: "they asked for references, will decide after that" is theirs.
_THEIR_ACTS = words("decide sign countersign approve choose pick commit buy purchase pay respond reply come")


# A clause without a subject whose first word acts on them: "ringing them Thursday", "text him tonight".
_VERB_ON_THEM = re.compile(r"^(?:(?:and|so|then|also|just|now)\s+)*(?P<verb>[a-z]+)\s+(?:them|him|her)\b")
# First words before "them" that are no act of ours on them: prepositions, quantities, their own acts.
_NOT_ON_THEM = words(
    """
    for with to from of about on by at after before without like than into onto over under upon and or but
    want wants need needs expect expecting got have has had let heard hear saw see waiting wait told said
    gave made all both some none most any each via per re until till is are was were be been
    """
)


def _answers_them(stripped: str, their_kind: str) -> bool:
    """Whether a clause without a subject, after one whose subject is theirs, is ours: it opens with a
    modal and acts on them, contacts them, or answers their request (`their_kind` "wants"), silence
    ("wait") or delivery ("delivered": they sent us something), with no act of a buyer's ("decide")."""
    plan = _OUR_PLAN.match(stripped)
    if plan is None:
        return False
    rest = stripped[plan.start("verb") :]
    if _NOT_CONTACT_AFTER.match(rest):
        return False  # "will call us back": theirs
    if _ON_THEM.search(rest) or plan.group("verb") in _CONTACT:
        return True
    # their request, their silence, or what they just sent us ("they sent the redlines, will review")
    return their_kind in {"wants", "wait", "delivered"} and plan.group("verb") not in _THEIR_ACTS


def decide(clauses: list[Clause]) -> Clause | None:
    """The clause that says who owns the next step: a forthcoming meeting of ours, else the last cue."""
    for clause in clauses:
        if clause.kind == "meeting":
            return clause
    for clause in reversed(clauses):
        if clause.owner is not None:
            return clause
    return None
