"""owners.json's clause rules: loaded and checked, and the one that decides a clause chosen.

nlp/owner.py cuts a message into clauses and reads, for each, the rule that wins among the matches of
owners.json's cues (`Analysis.cues`, found by the `ns_cues` component): nlp/README.md, "Adding an
owner cue".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

import spacy
from spacy.language import Language

from nlp.lexicon import words
from nlp.patterns import DEAL_TAG, CueMatcher, Found, load, mark_tokens, word_list

# The clause rules kept as data: owners.json's cues that have a "priority" (the others are the fixes
# nlp/actions.py applies afterwards, or conditions: "condition": true). Each rule says what a clause it
# matches in is: its `kind`, and its owner: "us" or "prospect", "side" (the first side word of the
# match: "their court", "up to us", "we owe"), or "who" (whose is the phrase after the match: "waiting
# on | our legal"; with "who_from": "last", from the match's last token: "pending | our review";
# "who_chars" long, 60 by default). "at_start" / "at_end": the match opens / ends its clause.
# "requires": each entry must hold in the clause (an entry that is a list: one of its names);
# "unless": none may. A name is a cue of owners.json (a rule or a condition) that matches in the
# clause, "@list" (a word or phrase of that word list is in the clause), "DATE" (a date starts in it),
# "OUR_SUBJECT" (its subject is ours: "we", "our SE"), "SUBJECT" (it has a subject of either side),
# "INSTRUCTION" (it opens with an instruction to ourselves, as the `INSTRUCTION` step reads it).
# A clause's rule is the one of lowest priority among its matches whose conditions hold, then the
# leftmost, then the cue written first. The steps still written in Python sit at these priorities:
SUBJECT = 60  # the clause's subject acts, wants or delivered: `_classify`
DELIVERED = 70  # the clause opens with what we did ("sent the deck"): `_DELIVERED`
INSTRUCTION = 80  # an instruction to ourselves ("send the SOW Friday"): `_INSTRUCTION`
_RULE_OWNERS = frozenset({"us", "prospect", "side", "who"})
_RULE_KINDS = frozenset({"wait", "court", "owe", "meeting", "subject", "delivered", "instruction", "item"})
_RULE_KEYS = words(
    "priority kind owner at_start at_end words_before who_from who_chars requires unless not_after"
)
_CONDITION_KEYS = frozenset({"condition", "at_start", "at_end"})
SPECIAL_NAMES = frozenset({"DATE", "OUR_SUBJECT", "SUBJECT", "INSTRUCTION"})


class Rule(NamedTuple):
    label: str
    priority: int | None  # None: a condition, which only other rules read
    order: int  # its place in owners.json: the tie-break after the position
    owner: str
    kind: str
    at_start: bool
    at_end: bool
    who_last: bool
    who_chars: int
    requires: tuple[tuple[str, ...], ...]
    unless: tuple[str, ...]
    not_after: tuple[str, ...] = ()  # a match right after one of these words ("their call") does not win
    before: re.Pattern[str] | None = None  # what the clause holds before the match ("words_before")


class Hit(NamedTuple):
    """A rule's match in a clause: where it starts and ends in the clause's text, and where "who" starts."""

    rule: Rule
    start: int
    end: int
    who: int
    blocked: bool  # after a word of `not_after`: it counts for the conditions, and does not win


def _names(value: object, where: str, labels: set[str], lists: set[str]) -> tuple[str, ...]:
    names = (value,) if isinstance(value, str) else value
    if not isinstance(names, list | tuple) or not names or not all(isinstance(n, str) for n in names):
        raise ValueError(f"{where}: a name or a list of names")
    for name in names:
        if not (name in labels or name in SPECIAL_NAMES or (name.startswith("@") and name[1:] in lists)):
            raise ValueError(
                f"{where}: {name!r} is no cue of owners.json, word list or one of {sorted(SPECIAL_NAMES)}"
            )
    return tuple(names)


def _words_of(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w and w == w.lower() for w in value):
        raise ValueError(f"{where}: a list of lower-case words")
    return value


def _words_before(value: object, where: str) -> re.Pattern[str] | None:
    """ "words_before": [1, 6]: the match follows the clause's first 1 to 6 words (and nothing else)."""
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(n, int) for n in value)):
        raise ValueError(f"{where}: [fewest, most] words")
    return re.compile(rf"(?:[\w'-]+\s+){{{value[0]},{value[1]}}}")


def _load_rules() -> dict[str, Rule]:
    """owners.json's clause rules and conditions, checked: a wrong key or value fails at start."""
    family = load("owners")
    labels = {cue.label for cue in family.cues}
    lists = set(family.words)
    rules: dict[str, Rule] = {}
    for order, cue in enumerate(family.cues):
        extra = dict(cue.extra)
        if not extra:
            continue
        where = f"owners.json {cue.label}"
        if extra.get("condition") is True:
            if set(extra) - _CONDITION_KEYS:
                raise ValueError(f"{where}: a condition has no {sorted(set(extra) - _CONDITION_KEYS)}")
            rules[cue.label] = Rule(
                cue.label,
                None,
                order,
                "",
                "",
                bool(extra.get("at_start")),
                bool(extra.get("at_end")),
                False,
                0,
                (),
                (),
            )
            continue
        if set(extra) - _RULE_KEYS:
            raise ValueError(f"{where}: unknown keys {sorted(set(extra) - _RULE_KEYS)}")
        priority = extra.get("priority")
        if not isinstance(priority, int) or isinstance(priority, bool) or priority in CODE_PRIORITIES:
            raise ValueError(f"{where}: priority is a whole number, none of {sorted(CODE_PRIORITIES)}")
        if extra.get("owner") not in _RULE_OWNERS or extra.get("kind") not in _RULE_KINDS:
            raise ValueError(f"{where}: owner one of {sorted(_RULE_OWNERS)}, kind of {sorted(_RULE_KINDS)}")
        if extra.get("who_from", "end") not in ("end", "last"):
            raise ValueError(f"{where}: who_from is 'end' or 'last'")
        who_chars = extra.get("who_chars", 60)
        if not isinstance(who_chars, int) or who_chars <= 0:
            raise ValueError(f"{where}: who_chars is a positive whole number")
        requires = tuple(
            _names(entry, f"{where} requires", labels, lists) for entry in extra.get("requires", [])
        )
        unless = tuple(
            name
            for entry in extra.get("unless", [])
            for name in _names(entry, f"{where} unless", labels, lists)
        )
        rules[cue.label] = Rule(
            cue.label,
            priority,
            order,
            extra["owner"],
            extra["kind"],
            bool(extra.get("at_start")),
            bool(extra.get("at_end")),
            extra.get("who_from") == "last",
            who_chars,
            requires,
            unless,
            tuple(f"{word} " for word in _words_of(extra.get("not_after", []), f"{where} not_after")),
            _words_before(extra.get("words_before"), f"{where} words_before"),
        )
    for rule in rules.values():
        for name in {n for entry in rule.requires for n in entry} | set(rule.unless):
            if name in labels and name not in rules:
                raise ValueError(f"owners.json {rule.label}: {name} is neither a rule nor a condition")
    return rules


CODE_PRIORITIES = frozenset({SUBJECT, DELIVERED, INSTRUCTION})
RULES = _load_rules()
_AT_END = re.compile(r"\s*[.!]*$")

# A rule's match in a message: (rule, start, end, where its last token starts), in characters.
RuleMatch = tuple[Rule, int, int, int]


def rule_matches(cues: Iterable[Found]) -> list[RuleMatch]:
    """The clause rules among a message's cue matches (`Analysis.cues`)."""
    found = []
    for cue in cues:
        rule = RULES.get(cue.label)
        if rule is not None:
            span = cue.span
            found.append((rule, span.start_char, span.end_char, span[-1].idx if rule.who_last else 0))
    return found


def hits(text: str, start: int, end: int, found: list[RuleMatch]) -> list[Hit]:
    """The rules that match in the clause `text` (its characters `start`..`end` of the message), the
    candidates in order first (conditions last)."""
    hits = []
    lead = len(text) - len(text.lstrip())
    for rule, m_start, m_end, last in found:
        if m_start < start or m_end > end:
            continue
        m_start, m_end = m_start - start, m_end - start
        if rule.at_start and m_start != lead:
            continue
        if rule.at_end and not _AT_END.match(text, m_end):
            continue
        if rule.before is not None and not rule.before.fullmatch(text, lead, m_start):
            continue
        blocked = bool(rule.not_after) and text.endswith(rule.not_after, max(0, m_start - 9), m_start)
        hits.append(Hit(rule, m_start, m_end, last - start if rule.who_last else m_end, blocked))
    if len(hits) > 1:
        hits.sort(key=lambda h: (h.rule.priority is None, h.rule.priority or 0, h.start, h.rule.order))
    return hits


@functools.cache
def _phrases(name: str) -> re.Pattern[str]:
    """A word or phrase of owners.json's list `name`, as whole words (a space: any run of spaces)."""
    forms = sorted(word_list("owners", name), key=lambda f: (-len(f), f))
    return re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms) + r")\b")


def winner(hits: list[Hit], text: str, special: Callable[[str], bool]) -> Hit | None:
    """The first rule among the clause's hits whose conditions hold; `special` says whether one of
    `SPECIAL_NAMES` holds in the clause."""
    labels: set[str] | None = None
    for hit in hits:
        rule = hit.rule
        if rule.priority is None:
            return None  # only conditions are left
        if hit.blocked:
            continue
        if not rule.requires and not rule.unless:
            return hit
        if labels is None:
            labels = {h.rule.label for h in hits}
        facts = (labels, text, special)
        if all(any(_holds(name, *facts) for name in entry) for entry in rule.requires) and not any(
            _holds(name, *facts) for name in rule.unless
        ):
            return hit
    return None


def _holds(name: str, labels: set[str], text: str, special: Callable[[str], bool]) -> bool:
    """Whether a name of a rule's "requires" or "unless" holds in the clause."""
    if name in labels:
        return True
    if name.startswith("@"):
        return _phrases(name[1:]).search(text) is not None
    return special(name)


@functools.cache
def _text_matcher() -> tuple[Language, CueMatcher]:
    nlp = spacy.blank("en")
    return nlp, CueMatcher(nlp.vocab, "owners")


_MASKED_DEAL = re.compile(r"D_*|d___+")


def text_rules(text: str) -> list[RuleMatch]:
    """The clause rules that match in a text of its own (a clause re-read: nlp/actions.py)."""
    nlp, matcher = _text_matcher()
    doc = nlp.make_doc(text)
    mark_tokens(doc, [m.span() for m in _MASKED_DEAL.finditer(text)], DEAL_TAG)
    every = matcher.labels_for(frozenset(re.findall(r"[^\W_]+", text)), text)
    keys = frozenset(key for key in every if key[0] in RULES)
    return rule_matches(matcher.find(doc, keys)) if keys else []
