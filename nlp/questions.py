"""Questions: is the message asking, and which of the spec's queries is it?"""

from __future__ import annotations

import itertools
import re
from datetime import date
from functools import cache, lru_cache
from typing import NamedTuple, cast

from spacy.attrs import LOWER
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.dates import MONTHS
from nlp.lexicon import is_everyday
from nlp.patterns import CueMatcher, load, word_list
from nlp.question_phrases import (
    FILLER_WORDS,
    MINE,
    NOT_PERSON,
    PERIOD_QUERIES,
    PERSON,
    TEAM,
)
from nlp.scan import ASCII_WORD, WORD
from nlp.types import ME, Period, Query, Stage, Temperature

_ASKING = re.compile(
    r"^(?:hey\s+|hi\s+|ok\s+|so\s+|and\s+|please\s+|pls\s+|kindly\s+|@\w+\s+)*(?:what|what's|whats|wat|wat's|wats|which|"
    r"where|where's|who|who's|whos|whose|how|how's|hows|when|why|any|anything|is|are|was|were|do|does|did|has|have|"
    r"can|could|would|will|show|list|give(?!\s+(?!me\b|us\b)[\w@'-]+(?:\s+[\w@'-]+){0,2}\s+(?:over\s+)?to\b)|tell|status|update\s+on|latest\s+on|news\s+on|remind\s+me(?!\s+(?:to|about)\b)|"
    r"pull\s+up|get\s+me|walk\s+me\s+through|let\s+me\s+know|lmk|history|timeline|deals|everything|all\s+deals|"
    r"need\s+(?:a|an|the)\s+(?:quick\s+)?(?:status|update|rundown|recap|summary)|"
    r"(?:i|we)(?:\s+(?:need|want|would\s+like)|'d\s+like)\s+(?:a|an|the)\s+(?:quick\s+)?(?:status|update|rundown|recap|summary)"
    r"\s+(?:on|of|for|about|re)|"
    # "kindly share the status of Hooli", "pls share the list of overdue follow-ups" (not "share the update
    # with their CFO")
    r"(?:share|send|provide)\s+(?:me\s+|us\s+)?(?:the\s+|an?\s+)?(?:quick\s+|latest\s+|current\s+|full\s+)?"
    r"(?:status|update|latest|list|details|rundown|summary)\s+(?:of|on|for|about|re)\b|"
    # "kindly share all deals in proposal stage", "send me the list of my accounts"
    r"(?:share|send|provide)\s+(?:me\s+|us\s+)?(?:(?:a|the)\s+list\s+of\s+)?(?:all\s+)?(?:the\s+|my\s+|our\s+)?"
    r"(?:[a-z-]+\s+)?(?:deals|accounts|opportunities|opps)\b(?!\s+(?:over\s+)?to\s+(?!me\b|us\b)))\b"
)
# A header line over the lines of a recap ("Status for today:", "Updates:"): its words ask nothing.
_HEADER_LINE = re.compile(r"^[^\n?]{0,60}:[ \t]*\n(?=\s*\S)")
# The ways to ask, nlp/patterns/questions.json: a cue's label is its query, or its query, "/" and a name.
_FAMILY = load("questions")
_CUE_ORDER = {cue.label: i for i, cue in enumerate(_FAMILY.cues)}
_CUE_QUERY = {label: cast(Query, label.partition("/")[0]) for label in _CUE_ORDER if ":" not in label}
# About one deal: its history, else its status.
_HISTORY_LABELS = tuple(label for label, query in _CUE_QUERY.items() if query == "history")
_STATUS_LABELS = tuple(label for label, query in _CUE_QUERY.items() if query == "deal_status")
# "any news", "anything new": after a deal's name heading a message, these ask as a question word does.
_STATUS_ANY = ("deal_status/any",)
# About a list of deals: the phrases that ask by themselves, tried first, each alone, in the file's order;
# then the groups (consecutive cues of one query), in the file's order.
_LIST_CUES = tuple(
    cue for cue in _FAMILY.cues if _CUE_QUERY.get(cue.label) not in {None, "history", "deal_status"}
)
# A list question's filters: a label `field:value` (`stage:won`, `period:next_month`), per field its cues
# in the file's order, the value each gives, and the cues that win wherever they stand (`wins`).
_FILTERS: dict[str, tuple[str, ...]] = {}
_FILTER_VALUE: dict[str, str] = {}
for _cue in _FAMILY.cues:
    if ":" in _cue.label:
        _field, _value = _cue.label.partition("/")[0].split(":")
        _FILTERS[_field] = (*_FILTERS.get(_field, ()), _cue.label)
        _FILTER_VALUE[_cue.label] = _value
_FILTER_WINS = frozenset(cue.label for cue in _FAMILY.cues if ":" in cue.label and "wins" in cue.flags)
_FILTER_LABELS = frozenset(_FILTER_VALUE)
_SELF_ASKING = tuple(cue.label for cue in _LIST_CUES if "asks" in cue.flags)
_SELF_ASKING_SET = frozenset(_SELF_ASKING)
_OPENS = frozenset(cue.label for cue in _LIST_CUES if "opens" in cue.flags)
_GROUPS: tuple[tuple[Query, tuple[str, ...]], ...] = tuple(
    (query, tuple(cue.label for cue in cues))
    for query, cues in itertools.groupby(_LIST_CUES, key=lambda cue: _CUE_QUERY[cue.label])
)
_LIST_LABELS = frozenset(cue.label for cue in _LIST_CUES)
_QUERY_ORDER: tuple[Query, ...] = tuple(dict.fromkeys(query for query, _labels in _GROUPS))
# The words the patterns name (four letters or more): a token that is one of them with a letter doubled
# by a typo is read as it ("heardd" is "heard", "parrked" "parked"), as the regexes' open ends did.
_PATTERN_WORDS = frozenset(
    word
    for cue in _FAMILY.cues
    for pattern in cue.patterns
    for spec in pattern
    for value in (spec.get("LOWER"),)
    for word in (
        [value] if isinstance(value, str) else value.get("IN", []) if isinstance(value, dict) else []
    )
    if isinstance(word, str) and word.isalpha() and len(word) >= 4
)


@cache
def _cue_matcher(vocab: Vocab) -> CueMatcher:
    return CueMatcher(vocab, "questions")


# A long pattern word (seven letters or more) with a letter left out ("ovedue", "pipline", "waitng"):
# each one-letter deletion, and the word it is of (one only). Not a final "s" or "d": that is the word's
# stem, a word of its own ("snooze" is no typo of "snoozed", "redline" none of "redlines").
_DELETIONS: dict[str, str] = {}
for _word in sorted(_PATTERN_WORDS):
    if len(_word) >= 7:
        for _i in range(len(_word) - (_word[-1] in "sd")):
            _DELETIONS.setdefault(_word[:_i] + _word[_i + 1 :], _word)


@lru_cache(maxsize=4096)
def _typo_of(word: str) -> str | None:
    """The pattern word a word is a typo of, if it is no word of its own ("latte" stays "latte", "losing"
    is no "closing"): with a doubled letter undone ("heardd": "heard", "parrked": "parked"), or a
    letter left out of a long word ("ovedue": "overdue")."""
    if is_everyday(word):
        return None
    for i in range(1, len(word)):
        if word[i] == word[i - 1]:
            candidate = word[:i] + word[i + 1 :]
            if candidate in _PATTERN_WORDS:
                return candidate
    return _DELETIONS.get(word)


def typos(words: frozenset[str]) -> dict[str, str]:
    """The message's words that are a typo of a pattern word (`_typo_of`), and that word."""
    found = {}
    for word in words:
        if len(word) >= 5 and word not in _PATTERN_WORDS and word.isalpha():
            fixed = _typo_of(word)
            if fixed is not None:
                found[word] = fixed
    return found


# What spaCy makes a whitespace token of: a line break, a tab, a space after a space.
_SPACE_TOKEN = re.compile(r"[^\S ]|  ")


def question_view(
    doc: Doc, fixes: dict[str, str] | None = None, text: str | None = None
) -> tuple[Doc, list[int] | None]:
    """The Doc the question cues are read on, and each of its tokens' index in `doc`: without the
    whitespace tokens spaCy makes of a line break or a double space (a phrase may run over them), a
    typo undone (`fixes`, else `typos`). `doc` itself (and None) when that changes nothing. `text`:
    the Doc's text, when the caller has it."""
    fixes = typos(frozenset(token.lower_ for token in doc)) if fixes is None else fixes
    if not fixes and not _SPACE_TOKEN.search(doc.text if text is None else text):
        return doc, None
    words: list[str] = []
    spaces: list[bool] = []
    where: list[int] = []
    for token in doc:
        if token.is_space:
            if spaces:
                spaces[-1] = True
            continue
        words.append(fixes.get(token.lower_, token.lower_) if fixes else token.lower_)
        spaces.append(bool(token.whitespace_))
        where.append(token.i)
    return Doc(doc.vocab, words=words, spaces=spaces), where


class _Phrases:
    """The question cues found in one message (`lower`: the message with the deal names blanked; a match
    on a deal's tokens does not count), per label its leftmost match as character offsets in `lower`,
    read on first need per set of labels."""

    def __init__(
        self, doc: Doc | None, words: frozenset[str], lower: str, text: str, typos: bool = True
    ) -> None:
        self.doc, self.words, self.lower, self.text = doc, words, lower, text  # text: the Doc's
        # typos are undone for the list questions only: a deal's name needs no help to be a question
        self.fixes: dict[str, str] | None = None if typos else {}
        self.view: tuple[Doc, list[int] | None] | None = None
        self.tokens: frozenset[int] = frozenset()  # the view's tokens, lower case (their string ids)
        self.found: dict[str, tuple[int, int]] = {}
        self.read: frozenset[str] = frozenset()

    def spans(self, labels: frozenset[str]) -> dict[str, tuple[int, int]]:
        if not labels <= self.read and self.doc is not None:
            self._find(labels - self.read)
            self.read |= labels
        return self.found

    def _find(self, labels: frozenset[str]) -> None:
        assert self.doc is not None
        matcher = _cue_matcher(self.doc.vocab)
        if self.fixes is None:
            self.fixes = typos(self.words)
            if self.fixes:
                self.words = self.words | frozenset(self.fixes.values())
                self.lower = self.lower + " " + " ".join(self.fixes.values())
        words, lower = self.words, self.lower
        keys = _keys(matcher, labels, words, lower)
        if not keys:
            return
        if self.view is None:
            self.view = question_view(self.doc, self.fixes, self.text)
            self.tokens = frozenset(self.view[0].to_array(LOWER).tolist())
        view, where = self.view
        keys = _required(matcher, keys, self.tokens)
        if not keys:
            return
        doc, text = self.doc, self.text
        lower = lower[: len(text)]
        found = self.found
        for cue in matcher.find(view, keys):
            if where is None:
                start, end = cue.span.start_char, cue.span.end_char
            else:
                first, last = doc[where[cue.span.start]], doc[where[cue.span.end - 1]]
                start, end = first.idx, last.idx + len(last)
            if any(c == " " and t != " " for c, t in zip(lower[start:end], text[start:end], strict=True)):
                continue  # on a blanked deal name
            if _glued(lower, start - 1) or _glued(lower, end):
                continue  # a word's edge only, as a regex's \b: "_parked_" is no "parked"
            known = found.get(cue.label)
            if known is None or (start, -end) < (known[0], -known[1]):
                found[cue.label] = (start, end)

    def first(
        self, labels: tuple[str, ...], offset: int, opens: frozenset[str] = frozenset()
    ) -> tuple[int, int] | None:
        """The leftmost match at or after `offset` of these cues (ties: the cue written first, then the
        longest), as offsets from `offset`; a cue of `opens` counts only at `offset`, or after words of
        the list `openers` only ("show me all my deals")."""
        spans = self.spans(_as_set(labels))
        best: tuple[int, int, int] | None = None
        for label in labels:
            span = spans.get(label)
            if span is None or span[0] < offset:
                continue
            if label in opens and span[0] != offset and not _only_openers(self.lower[offset : span[0]]):
                continue
            rank = (span[0], _CUE_ORDER[label], -span[1])
            if best is None or rank < best:
                best = rank
        return None if best is None else (best[0] - offset, -best[2] - offset)


_OPENERS = frozenset(word_list("questions", "openers"))


def _only_openers(text: str) -> bool:
    """Whether `text` is words of the list `openers` ("show me", "pull up", "all") and spaces only."""
    found = text.split()
    return bool(found) and all(word in _OPENERS for word in found)


@cache
def _as_set(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(labels)


class _Anchors(NamedTuple):
    """A set of cues' patterns by anchor (as `CueMatcher.labels_for` reads them, for these cues only)."""

    always: frozenset[tuple[str, int]]
    by_word: dict[str, frozenset[tuple[str, int]]]
    by_string: tuple[tuple[str, frozenset[tuple[str, int]]], ...]


@cache
def _anchors(matcher: CueMatcher, labels: frozenset[str]) -> _Anchors:
    def mine(keys: set[tuple[str, int]]) -> frozenset[tuple[str, int]]:
        return frozenset(key for key in keys if key[0] in labels)

    by_word = {word: mine(keys) for word, keys in matcher.by_word.items()}
    by_string = ((value, mine(keys)) for value, keys in matcher.by_string.items())
    return _Anchors(
        mine(matcher.always),
        {word: keys for word, keys in by_word.items() if keys},
        tuple((value, keys) for value, keys in by_string if keys),
    )


def _keys(
    matcher: CueMatcher, labels: frozenset[str], words: frozenset[str], lower: str
) -> frozenset[tuple[str, int]]:
    """The patterns of these cues whose anchor the message holds (as `CueMatcher.labels_for`, for these
    cues only: most messages hold no anchor of the questions about one deal, and are not read further)."""
    anchors = _anchors(matcher, labels)
    keys = set(anchors.always)
    by_word = anchors.by_word
    for word in words:
        found = by_word.get(word)
        if found is not None:
            keys |= found
    for value, found in anchors.by_string:
        if value in lower:
            keys |= found
    return frozenset(keys)


def _required(
    matcher: CueMatcher, keys: frozenset[tuple[str, int]], tokens: frozenset[int]
) -> frozenset[tuple[str, int]]:
    """The patterns each of whose required tokens is one of the message's tokens (`tokens`: their lower
    case forms' string ids, as `Doc.to_array(LOWER)` gives them)."""
    kept = []
    strings = matcher.vocab.strings
    for key in keys:
        needs = _REQUIRED.get(key)
        if needs is None:
            needs = _REQUIRED[key] = tuple(
                frozenset(strings[form] for form in forms) for _whole, forms in matcher.requires[key]
            )
        if all(not forms.isdisjoint(tokens) for forms in needs):
            kept.append(key)
    return frozenset(kept)


# Per pattern, the forms each of its required tokens may take (lower case, as string ids), as they are
# first needed.
_REQUIRED: dict[tuple[str, int], tuple[frozenset[int], ...]] = {}


def _glued(lower: str, at: int) -> bool:
    """Whether the character at `at`, beside a match, is a word character (a letter, digit or "_")."""
    return 0 <= at < len(lower) and (lower[at].isalnum() or lower[at] == "_")


# After a phrase that asks by itself, the message ends or goes on with a filter: "my day" asks, "my day
# was long" does not.
_ASKS_TAIL = re.compile(
    r"\s*(?:$|[?!.,)]|(?:in|at|for|this|next|by|that|which|with|pls|please|plz|today|now|so\s+far|look|like|"
    r"broken|per|and|or)\b)"
)
_GREETING = re.compile(r"^(?:(?:hey|hi|hello|ok|okay|so|and|please|pls|plz|quick\s+one|@[\w.\-]+)[\s,:!]+)+")


class Question(NamedTuple):
    """A question's query and filters; `asks`: the phrase makes the message a question by itself."""

    query: Query | None
    person: str | None = None
    stage: Stage | None = None
    temperature: Temperature | None = None
    period: Period | None = None
    asks: bool = False


# The answers without filters, made once (a tuple, so sharing them is safe).
_HISTORY_QUESTION = Question("history")
_DEAL_STATUS = Question("deal_status")
_NO_QUERY = Question(None)


_LABEL = re.compile(r"^\s*D_*\s*(?:[:,\-?]+\s*)?")  # "Hooli: what did they say?", "Hooli? any news"
# After a deal's name, only a question word asks (or a `deal_status/any` phrase, "any news"): "Kestrel: give
# them a few weeks" is an update (and not "which": "Hooli: which reminds me, ...").
_WH_WORD = re.compile(r"(?:what|what's|whats|where|where's|who|who's|whose|how|how's|hows|when|why)\b")


_LEADING_MARKS = re.compile(r"[^\w@#]+")  # not "#": "#deals" names a channel


def _opening(lower: str) -> str:
    """The message from its first word on: "📋 my deals pls" opens with "my"."""
    if lower[:1].isalnum() or lower[:1] in "@#":
        return lower
    marks = _LEADING_MARKS.match(lower)
    return lower[marks.end() :] if marks is not None else lower


def is_asking(lower: str, masked: str = "", phrases: _Phrases | None = None) -> bool:
    """Whether the message asks: it ends in "?", or opens with a question's words; or a question word
    follows a deal's name heading it and a "?" follows (`masked`: `lower` with the deal names as "D___"):
    "march analytics - what's been going on? full history pls"."""
    header = _HEADER_LINE.match(lower) if "\n" in lower else None
    opening = _opening(lower[header.end() :].lstrip()) if header is not None else _opening(lower)
    if lower.rstrip().endswith("?") or _ASKING.match(opening):
        return True
    if not (masked.startswith("D") and "?" in lower):  # "Acme: what a week, they signed!" asks nothing
        return False
    label = _LABEL.match(masked)
    if label is None or label.group().rstrip()[-1:] not in (":", ",", "-", "?"):
        return False  # a label needs its colon, comma or dash: "Hooli is dead" asks nothing
    if _WH_WORD.match(masked, label.end()):
        return True
    # "Hooli - any news? ...": a `deal_status/any` phrase of nlp/patterns/questions.json right after it
    found = phrases.first(_STATUS_ANY, label.end()) if phrases is not None else None
    return found is not None and found[0] == 0


# "what time is the pipeline review?": a question about a meeting, not about deals.
_MEETING_TIME = re.compile(
    r"^(?:what\s+time|when)\s+(?:is|are|does|do)\s+(?:the|our|this\s+week'?s)\s+(?:[\w-]+\s+){0,2}"
    r"(?:review|meeting|call|sync|stand-?up|session|offsite|all-?hands)\b"
)


def classify_question(
    lower: str,
    original: str,
    has_deal: bool,
    words: frozenset[str],
    asking: bool = True,
    today: date | None = None,
    doc: Doc | None = None,
    phrases: _Phrases | None = None,
) -> Question:
    """The query kind of a question: about one deal (status, history) or about a list of deals.

    `words`: the message's words (`Analysis.words`); `lower` is the message or it with spans blanked,
    `original` the message as written (a person's name is returned as written); `asking`: `is_asking`
    (a message that does not ask is a question only by a phrase that asks by itself, or alone); `today`
    reads a named quarter or month as the current or the next period ("what's closing in Q3"); `doc`: the
    message's Doc, whose tokens the cues of nlp/patterns/questions.json are matched on (without it, the
    message asks no query); `phrases`: those cues, when the caller read them already.
    """
    phrases = _Phrases(doc, words, lower, original) if phrases is None else phrases
    if has_deal:
        return _HISTORY_QUESTION if phrases.first(_HISTORY_LABELS, 0) is not None else _DEAL_STATUS
    if ("time" in words or "when" in words) and _MEETING_TIME.match(lower):
        return _NO_QUERY
    opening = _GREETING.sub("", _opening(lower).lstrip())
    offset = len(lower) - len(opening)
    content = 0 if asking else _content_words(opening)
    if not asking and (len(opening) > _SELF_ASKING_CHARS or content > _SELF_ASKING_WORDS):
        return _NO_QUERY  # a long message that does not ask is no question, whatever phrase it holds
    phrases.spans(_SELF_ASKING_SET)  # the phrases that ask by themselves first: "my pipeline" reads no more
    for label in _SELF_ASKING:
        found = phrases.first((label,), offset, _OPENS)
        if found is not None and _ASKS_TAIL.match(opening, found[1]):
            query = _CUE_QUERY[label]
            if query == "pipeline":  # "Priya's deals that have gone quiet": the kind of list wins
                query = _list_kind(phrases, offset) or query
            return _filters(query, lower, original, True, today, phrases)
    if not asking and (len(opening) > _ALONE_CHARS or content > _ALONE_WORDS):
        return _NO_QUERY  # too long to be a list phrase alone
    phrases.spans(_LIST_LABELS | _FILTER_LABELS)  # every other list cue and the filters, read at once
    for query, labels in _GROUPS:
        found = phrases.first(labels, offset, _OPENS)
        if found is not None:
            return _filters(query, lower, original, _alone(opening, *found), today, phrases)
    return _NO_QUERY


# The list kinds tried before the generic `pipeline` ("overdue", "gone quiet", "waiting on us", ...).
_KINDS_BEFORE_PIPELINE = tuple(itertools.takewhile(lambda group: group[0] != "pipeline", _GROUPS))
_KINDS_BEFORE_PIPELINE_LABELS = frozenset(
    label for _query, labels in _KINDS_BEFORE_PIPELINE for label in labels
)


def _list_kind(phrases: _Phrases, offset: int) -> Query | None:
    """The kind of list a message asking for someone's deals names besides them (the first group of
    nlp/patterns/questions.json before `pipeline` with a match), or None."""
    phrases.spans(_KINDS_BEFORE_PIPELINE_LABELS)
    for query, labels in _KINDS_BEFORE_PIPELINE:
        if phrases.first(labels, offset, _OPENS) is not None:
            return query
    return None


# How long a message that does not ask may be and still be a question: a phrase that asks by itself
# ("show me Marco's deals in negotiation this quarter please"), or a list phrase alone with filler words
# ("parked deals pls", "ball in our court"); words besides the filler ones, and characters.
_SELF_ASKING_CHARS = 80
_SELF_ASKING_WORDS = 6
_ALONE_CHARS = 60
_ALONE_WORDS = 4


def _content_words(opening: str) -> int:
    found = (ASCII_WORD if opening.isascii() else WORD).findall(opening)
    return sum(word not in FILLER_WORDS for word in found)


_QUARTER = re.compile(r"\bq[1-4]\b")
_SOMEONES = re.compile(r"\b([a-z][a-z-]{1,20})(?:\s+\d{1,3})?'s\b")  # "priya's", "rep 7's"


def _someone(match: re.Match[str]) -> str:
    return match.group() if match.group(1) in NOT_PERSON else " "


_FOR_SOMEONE = re.compile(r"\b(?:for|of|owned\s+by)\s+[a-z][a-z'-]{1,20}(?:\s+\d{1,3})?\s*[?!.]*\s*$")


def _alone(opening: str, start: int, end: int) -> bool:
    """Whether the message (from its first word on) is the phrase at `start`-`end` and filler words only:
    "parked", "cold deals pls"."""
    rest = opening[:start] + " " + opening[end:]
    if len(opening) > _ALONE_CHARS:
        return False
    rest = _FOR_SOMEONE.sub(" ", rest)  # "waiting on us for dana": the list, narrowed to a rep
    rest = _SOMEONES.sub(_someone, rest)  # "priya's overdue items": a rep's list (not "it's on them")
    rest = _QUARTER.sub(" ", rest)  # "forecast Q1": a filler word with a digit
    return all(word in FILLER_WORDS for word in ASCII_WORD.findall(rest)) and not any(
        char.isdigit() for char in rest
    )


def _filters(
    query: Query, lower: str, original: str, asks: bool, today: date | None, phrases: _Phrases
) -> Question:
    """The list question `query` with the filters the message names (`phrases`: its cues)."""
    person = None if query == "reps" else _person(lower, original)
    spans = phrases.spans(_FILTER_LABELS)
    stage = cast("Stage | None", _filter(spans, "stage"))
    temperature = (
        cast("Temperature | None", _filter(spans, "temperature"))
        if query in {"hot", "pipeline", "forecast"}
        else None
    )
    if query == "pipeline" and temperature is not None:
        query = "hot"  # "show me the hot deals": the hot ones
    period = None
    if query in PERIOD_QUERIES:
        period = cast("Period | None", _filter(spans, "period"))
        if period is None and today is not None:
            period = _named_period(lower, today)
    if query == "due_today" and period is None:
        period = "today"
    if person is None and stage is None and temperature is None and period is None and not asks:
        return _LIST_QUESTIONS[query]
    return Question(query, person, stage, temperature, period, asks)


_LIST_QUESTIONS = {query: Question(query) for query in _QUERY_ORDER}


def _person(lower: str, original: str) -> str | None:
    """The rep whose deals are asked about, as written; `ME` for the asker's own; None for the team."""
    for match in PERSON.finditer(original):
        name = next(group for group in match.groups() if group)
        if name.split()[0].lower() not in NOT_PERSON:  # "deals closing by March 15": no one
            return name
    if MINE.search(lower) and not TEAM.search(lower):
        return ME
    return None


def _filter(spans: dict[str, tuple[int, int]], field: str) -> str | None:
    """The value of a filter the message names: its cue that wins wherever it stands, else its leftmost
    (ties: the cue written first)."""
    best: tuple[bool, int, int] | None = None
    for order, label in enumerate(_FILTERS[field]):
        span = spans.get(label)
        if span is not None:
            rank = (label not in _FILTER_WINS, span[0], order)
            if best is None or rank < best:
                best = rank
    return None if best is None else _FILTER_VALUE[_FILTERS[field][best[2]]]


# A named quarter or month: "closing in Q3", "forecast for June" (the current or the next period).
_NAMED_PERIOD = re.compile(
    r"\b(?:in|for|during|through|by\s+(?:the\s+)?end\s+of)\s+(?:the\s+)?(?:(q[1-4])|("
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r"))\b"
)


def _named_period(lower: str, today: date) -> Period | None:
    named = _NAMED_PERIOD.search(lower)
    if named is None:
        return None
    quarter, month = named.groups()
    if quarter:
        asked, current, count = int(quarter[1]), (today.month - 1) // 3 + 1, 4
        this, upcoming = "quarter", "next_quarter"
    else:
        asked, current, count = MONTHS[month], today.month, 12
        this, upcoming = "month", "next_month"
    if asked == current:
        return cast(Period, this)
    if asked == current % count + 1:
        return cast(Period, upcoming)
    return None


def is_status_request(phrases: _Phrases) -> bool:
    """'status?', 'any news', 'where are we': words that ask about a deal's state."""
    return phrases.first(_STATUS_LABELS, 0) is not None


_WH_START = re.compile(
    r"^(?:hey\s+|hi\s+|ok\s+|so\s+|@\w+\s+)*(?:what|what's|whats|wat|wat's|wats|which|where|where's|who|who's|whos|whose|"
    r"how|how's|"
    r"did|does|has|is|are|was|were|deals|everything|anything|"
    r"hows|when|why|any|anything|show|list|give(?!\s+(?!me\b|us\b)[\w@'-]+(?:\s+[\w@'-]+){0,2}\s+(?:over\s+)?to\b)|tell|status|pull\s+up|get\s+me|history|timeline|remind\s+me(?!\s+(?:to|about)\b)|"
    r"need\s+(?:a|an|the)\s+(?:quick\s+)?(?:status|update|rundown|recap|summary))\b"
)


def read_question(
    lower: str,
    blanked: str,
    masked: str,
    original: str,
    words: frozenset[str],
    known: bool,
    has_deal: bool,
    today: date | None = None,
    doc: Doc | None = None,
) -> tuple[Question | None, bool, bool]:
    """The message's question, whether it is a question, and whether it asks (`is_asking`).

    `blanked`: `lower` with the deal names blanked; `masked`: with them as "D___"; `known`: it names a known
    deal; `has_deal`: a known or a new one; `doc`: the message's Doc (`classify_question`). A message about
    a known deal that does not ask and has more than four words besides its name is an update whatever its
    words: it is not classified.
    """
    phrases = _Phrases(doc, words, blanked, original, typos=not known)
    asking = is_asking(lower, masked, phrases)
    beside = _other_words(masked) if has_deal else 0
    if known and not asking and beside > 4:
        return None, False, asking
    question = classify_question(blanked, original, known, words, asking, today, doc, phrases)
    return question, asks(lower, masked, question, asking, has_deal, beside, phrases), asking


def asks(
    lower: str,
    masked: str,
    question: Question | None,
    asking: bool,
    has_deal: bool,
    beside: int | None = None,
    phrases: _Phrases | None = None,
) -> bool:
    """Whether the message is a question (rather than an update that ends in "?").

    `masked`: `lower` with the deal's name as "D___"; `question`: `classify_question`'s answer;
    `asking`: `is_asking`; `has_deal`: the message names a deal (known or new); `beside`: how many words
    it has besides the deal's name, when the caller counted them; `phrases`: the message's question cues
    (`read_question`; without them, no words ask about a deal's state).
    """
    if beside is None:
        beside = _other_words(masked) if has_deal else 0
    words = beside
    if has_deal and words == 0 and not any(map(str.isdigit, masked)):
        return True  # a bare deal name asks about it ("Initech: $999k" is an amount)
    if has_deal and words <= 2 and _only_polite(masked):
        return True  # "Hooli pls", "Hooli? thanks"
    if question is None:
        return False
    if not has_deal and question.asks and question.query is not None:
        return True  # "my day", "parked", "pipeline by stage": the phrase asks by itself
    if has_deal and (
        (question.query == "history" and (words <= 4 or asking))
        or (words <= 2 and phrases is not None and is_status_request(phrases))
    ):
        return True  # "Hooli history", "Hooli status"
    if not asking:
        return False
    if _WH_START.match(_opening(lower)) or _WH_START.match(_LABEL.sub("", masked)):
        return question.query is not None or has_deal
    if has_deal:
        return words <= 3 or (phrases is not None and is_status_request(phrases))
    return question.query is not None


_POLITE = frozenset({"pls", "please", "plz"})


def _only_polite(masked: str) -> bool:
    found = (ASCII_WORD if masked.isascii() else WORD).findall(masked)
    return bool(found) and all(word in _POLITE for word in found) and not any(map(str.isdigit, masked))


def _other_words(masked: str) -> int:
    """How many words the message has besides the deal's name (masked as "D___", one letter)."""
    return len((ASCII_WORD if masked.isascii() else WORD).findall(masked)) + len(_NUMBER.findall(masked))


_NUMBER = re.compile(r"\d[\d.,]*[a-z]?")  # "Initech: $999k" says an amount: no bare name
