"""Cue families as data: spaCy `Matcher` token patterns in the JSON files of this folder.

Each file is one family (`actions.json`, `updates.json`, ...):

    {
      "about": "what the family is for",
      "cues": {
        "LABEL": {
          "patterns": [[{"LOWER": "snooze"}, "DEAL"], ...],
          "examples": ["snooze Hooli a week", ...],     # each must match LABEL
          "not": ["we need an anchor customer", ...],     # optional: each must not match LABEL
          "not_followed_by": ["track", "the loop"],       # optional: what undoes a match after it
          "not_preceded_by": [[{"LOWER": "the"}]],         # optional: what undoes a match before it
          "flags": ["asks"]                                # optional: what the family's reader makes of it
        }
      },
      "words": {"titles": ["mr", "mrs", "dr"]},          # optional: word lists, "@titles" in a pattern
      "spell_out_lists": true                            # optional: a list entry of several words
    }                                                    # ("no word", "sign-off") is its tokens in a row

A cue's other keys (owners.json's "priority", "kind", ...) are kept as `Cue.extra` for the family's
reader, which checks them.

A token is a spaCy token pattern (https://spacy.io/usage/rule-based-matching), or one of the
shorthands of `SHORTHANDS`: "DEAL" is one or more tokens of a deal's name (known or new), "DATE"
one or more tokens of a date (tokens whose NORM `mark_tokens` set to `DEAL_TAG`, `DATE_TAG`).
`load` reads a family and checks every pattern with
`Matcher(vocab, validate=True)`: a wrong attribute or operator fails at start, not on a message.
The examples are read with the deals of `EXAMPLE_DEALS` by tests/nlp/test_patterns.py.

A family's `words` are named word lists: `{"LOWER": {"IN": "@titles"}}` in a pattern is that list,
and the Python rules that need the same words read them with `word_list` (one list, one place).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, NamedTuple

from spacy.matcher import Matcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from nlp.lexicon import words

# The deals the examples of every family are read against.
EXAMPLE_DEALS = ("Hooli", "Pied Piper", "Raviga", "Aviato", "Initech", "Acme", "Globex", "Quenby Foods")

# The tokens of a deal's name and of a date carry these as their NORM (no component here reads it):
# the Matcher compares a NORM in C, where an extension attribute would be a Python call per token,
# and unlike TAG it needs no tagger in the pipeline.
DEAL_TAG = "NS_DEAL"
DATE_TAG = "NS_DATE"

SHORTHANDS: dict[str, dict[str, Any]] = {
    "DEAL": {"NORM": DEAL_TAG, "OP": "+"},
    "DATE": {"NORM": DATE_TAG, "OP": "+"},
}


def _hashes(doc: Doc, attr: str) -> list[int]:
    """The Doc's tokens' `attr` ("LOWER" or "ORTH") hashes, read once per Doc (one C call rather than a
    Token object per token, for each of the several cue families that read them)."""
    key = "ns_hashes_" + attr
    found: list[int] | None = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = doc.to_array(attr).tolist() if len(doc) else []
    return found


class Cue(NamedTuple):
    label: str
    patterns: list[list[dict[str, Any]]]
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    # "back on| track": what follows (or precedes) a match and undoes it; token patterns
    not_followed_by: tuple[list[dict[str, Any]], ...] = ()
    not_preceded_by: tuple[list[dict[str, Any]], ...] = ()
    # what the family's reader makes of a match besides its label (questions.json: "asks", "opens")
    flags: frozenset[str] = frozenset()
    # what a family's reader needs besides the patterns (owners.json's clause rules: "priority",
    # "owner", "kind", ...): the cue's other keys, checked by that reader when it loads them
    extra: Mapping[str, Any] = MappingProxyType({})


class Family(NamedTuple):
    name: str
    cues: tuple[Cue, ...]
    words: Mapping[str, tuple[str, ...]] = MappingProxyType({})  # named word lists ("@name" in a pattern)


class Found(NamedTuple):
    """One cue's match: its label and its tokens (a Span of the Doc)."""

    label: str
    span: Span

    @property
    def start_char(self) -> int:
        return self.span.start_char

    @property
    def end_char(self) -> int:
        return self.span.end_char


def _token(spec: Any, where: str, lists: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    if isinstance(spec, str):
        if spec not in SHORTHANDS:
            raise ValueError(f"{where}: unknown shorthand {spec!r} (known: {', '.join(SHORTHANDS)})")
        return dict(SHORTHANDS[spec])
    if not isinstance(spec, dict):
        raise ValueError(f"{where}: a token is an object or a shorthand, not {spec!r}")
    return {key: _with_lists(value, where, lists) for key, value in spec.items()}


def _with_lists(value: Any, where: str, lists: dict[str, tuple[str, ...]]) -> Any:
    """`{"IN": "@titles"}` -> `{"IN": [the words of the list "titles"]}`; in a list of words, "@titles"
    is that list's words, and "@stages.proposal_docs" another family's list."""
    if not isinstance(value, dict):
        return value
    out = dict(value)
    for op in ("IN", "NOT_IN"):
        name = out.get(op)
        if isinstance(name, str):
            out[op] = list(_named_list(name, f"{where}: {op}", lists))
        elif isinstance(name, list) and any(isinstance(n, str) and n.startswith("@") for n in name):
            out[op] = [
                word
                for n in name
                for word in (_named_list(n, f"{where}: {op}", lists) if n[:1] == "@" else [n])
            ]
    return out


def _named_list(name: str, where: str, lists: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    family, dot, listed = name[1:].rpartition(".")
    if name.startswith("@") and dot and family.isidentifier():
        return word_list(family, listed)
    if not name.startswith("@") or name[1:] not in lists:
        raise ValueError(f"{where} {name!r} names no word list (known: {', '.join(lists)})")
    return lists[name[1:]]


def _context(entries: Any, where: str, lists: dict[str, tuple[str, ...]]) -> tuple[list[dict[str, Any]], ...]:
    """A cue's undoing context: each entry words ("the loop": one token per word) or a token pattern."""
    patterns = []
    for i, entry in enumerate(entries):
        if isinstance(entry, str):
            patterns.append([{"LOWER": word} for word in entry.lower().split()])
        elif not isinstance(entry, list):
            raise ValueError(f"{where} {i}: words or a list of tokens, not {entry!r}")
        else:
            patterns.append([_token(spec, f"{where} {i}", lists) for spec in entry])
    return tuple(patterns)


def _word_lists(name: str, raw: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    lists: dict[str, tuple[str, ...]] = {}
    for key, values in raw.get("words", {}).items():
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
            raise ValueError(f"{name}.json words {key}: a list of words")
        if any(v != v.lower() for v in values):
            raise ValueError(f"{name}.json words {key}: words are written in lower case")
        lists[key] = tuple(values)
    return lists


def _spelled_out(pattern: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The pattern with each word list's entries of several words ("no word", "sign-off": split at spaces
    and hyphens, as the tokenizer does) written as tokens in a row: one pattern with the list's single
    words, one per such entry. Only a required token's list (no "OP") is spelled out so."""
    for position, spec in enumerate(pattern):
        lower = spec.get("LOWER")
        if set(spec) != {"LOWER"} or not isinstance(lower, dict) or set(lower) != {"IN"}:
            continue
        entries = lower["IN"]
        several = [entry for entry in entries if " " in entry or "-" in entry.strip("-")]
        if not several:
            continue
        before, after = pattern[:position], pattern[position + 1 :]
        single = [entry for entry in entries if entry not in several]
        out = _spelled_out([*before, {"LOWER": {"IN": single}}, *after]) if single else []
        for entry in several:
            tokens = [{"LOWER": word} for word in re.findall(r"[^\s-]+|-", entry)]
            out.extend(_spelled_out([*before, *tokens, *after]))
        return out
    return [pattern]


_CUE_KEYS = frozenset({"patterns", "examples", "not", "not_followed_by", "not_preceded_by", "flags"})


def _read(name: str) -> Family:
    raw = json.loads(resources.files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8"))
    lists = _word_lists(name, raw)
    cues = []
    for label, body in raw.get("cues", {}).items():
        patterns = [
            [_token(spec, f"{name}.json {label} pattern {i}", lists) for spec in pattern]
            for i, pattern in enumerate(body["patterns"])
        ]
        if raw.get("spell_out_lists"):
            patterns = [expanded for pattern in patterns for expanded in _spelled_out(pattern)]
        if not body.get("examples"):
            raise ValueError(f"{name}.json {label}: every cue needs example sentences")
        flags = body.get("flags", [])
        if not isinstance(flags, list) or not all(isinstance(flag, str) and flag for flag in flags):
            raise ValueError(f"{name}.json {label}: flags are a list of words")
        cues.append(
            Cue(
                label,
                patterns,
                tuple(body["examples"]),
                tuple(body.get("not", ())),
                _context(body.get("not_followed_by", ()), f"{name}.json {label} not_followed_by", lists),
                _context(body.get("not_preceded_by", ()), f"{name}.json {label} not_preceded_by", lists),
                frozenset(flags),
                MappingProxyType({key: value for key, value in body.items() if key not in _CUE_KEYS}),
            )
        )
    return Family(name, tuple(cues), lists)


class CueMatcher:
    """A Matcher per cue of some families, validated when built; `find` returns the labelled matches.

    The Matcher tests `IN`, `NOT_IN`, `REGEX` and extension attributes in Python, token by token: it
    runs only the patterns whose anchor words the message holds (`labels_for`: (label, pattern) keys),
    and a pattern of literal words is read off the tokens without it (`_literal_matches`).
    """

    def __init__(self, vocab: Vocab, *names: str) -> None:
        self.families = tuple(load(name) for name in names)
        self.vocab = vocab
        self.patterns: dict[str, list[list[dict[str, Any]]]] = {}
        # One Matcher per set of patterns a message needs (made on first need, a few dozen sets in all).
        self.matchers: dict[frozenset[tuple[str, int]], Matcher] = {}
        # What undoes a cue's match: per label, a Matcher of what follows it and one of what precedes
        # it, run on the few tokens beside the match only.
        self.undo_after: dict[str, Matcher] = {}
        self.undo_before: dict[str, Matcher] = {}
        # an anchor word -> the patterns (label, index) it may start; an anchor that is no whole word
        # ("'s", "mr."); patterns without an anchor
        self.by_word: dict[str, set[tuple[str, int]]] = {}
        self.by_string: dict[str, set[tuple[str, int]]] = {}
        self.always: set[tuple[str, int]] = set()
        # cues whose reader wants a match at a given start ("at_start": a clause's first token): every
        # start is kept, not only the longest match's
        self.every_start: set[str] = set()
        # patterns of literal words only (optional ones written out): read off the tokens, no Matcher
        self.literal: dict[tuple[str, int], tuple[_Literal, ...]] = {}
        # the literal variants by their first token's (attribute, form's hash): (pattern, variant) rows,
        # each variant's forms as hashes (a token's `lower` and `orth` are hashes)
        self.literal_firsts: dict[str, dict[int, list[tuple[tuple[str, int], _Hashed]]]] = {
            "LOWER": {},
            "ORTH": {},
        }
        # the variants whose first two tokens are LOWER forms, by those two forms' hashes
        self.literal_pairs: dict[tuple[int, int], list[tuple[tuple[str, int], _Hashed]]] = {}
        self.literal_orth: set[tuple[str, int]] = set()  # literal patterns with an ORTH token
        # each pattern's required tokens' literal forms: a message must hold one of each
        self.requires: dict[tuple[str, int], tuple[tuple[frozenset[str], tuple[str, ...]], ...]] = {}
        for family in self.families:
            for cue in family.cues:
                if cue.label in self.patterns:
                    raise ValueError(f"cue label {cue.label} is defined twice")
                self.patterns[cue.label] = cue.patterns
                if cue.extra.get("at_start"):
                    self.every_start.add(cue.label)
                for context, undo in (
                    (cue.not_followed_by, self.undo_after),
                    (cue.not_preceded_by, self.undo_before),
                ):
                    if context:
                        undo[cue.label] = Matcher(vocab, validate=True)
                        undo[cue.label].add(cue.label, list(context))
                for i, pattern in enumerate(cue.patterns):
                    key = (cue.label, i)
                    self.requires[key] = _requirements(pattern)
                    literal = _literal_variants(pattern)
                    if literal is not None:
                        self.literal[key] = literal
                        for variant in literal:
                            hashed = tuple(
                                (a, None if f is None else frozenset(map(vocab.strings.add, f)))
                                for a, f in variant
                            )
                            (attr, firsts), second = hashed[0], hashed[1] if len(hashed) > 1 else ("", None)
                            if attr == second[0] == "LOWER" and second[1] is not None:
                                for pair in itertools.product(firsts or (), second[1]):
                                    self.literal_pairs.setdefault(pair, []).append((key, hashed))
                                continue
                            for form in firsts or ():
                                self.literal_firsts[attr].setdefault(form, []).append((key, hashed))
                            if any(a == "ORTH" for a, _forms in variant):
                                self.literal_orth.add(key)
                    anchor = anchor_of(pattern)
                    if anchor is None:
                        self.always.add(key)
                        continue
                    for value in anchor:
                        index = self.by_word if value.isalnum() else self.by_string
                        index.setdefault(value, set()).add(key)
        self.labels = frozenset(self.patterns)
        self.every = frozenset(
            (label, i) for label, patterns in self.patterns.items() for i in range(len(patterns))
        )
        self.anchor_words = frozenset(self.by_word)
        self.pair_firsts = frozenset(first for first, _second in self.literal_pairs)
        # the patterns of the cues all of whose patterns are literal: when a message needs only these,
        # its deal and date tokens need no marks (`mark_tokens`)
        partly = {label for label, _i in self.every - self.literal.keys()}
        self.literal_only = frozenset(key for key in self.literal if key[0] not in partly)
        validator = Matcher(vocab, validate=True)  # every pattern checked now: a wrong one fails at start
        for label, patterns in self.patterns.items():
            validator.add(label, patterns)

    def labels_for(self, words: frozenset[str], lower: str) -> frozenset[tuple[str, int]]:
        """The patterns, as (label, index), that may match a message with these words (runs of letters
        and digits) and text: those whose anchor it holds."""
        keys = set(self.always)
        for word in self.anchor_words & words:
            keys |= self.by_word[word]
        for value, found in self.by_string.items():
            if value in lower:
                keys |= found
        requires, literal = self.requires, self.literal
        return frozenset(
            key
            for key in keys
            if key in literal  # read off the tokens: no Matcher to spare
            or all(
                not whole.isdisjoint(words) or any(form in lower for form in forms)
                for whole, forms in requires[key]
            )
        )

    def _matcher(self, keys: frozenset[tuple[str, int]]) -> Matcher:
        matcher = self.matchers.get(keys)
        if matcher is None:
            if len(self.matchers) >= 512:
                self.matchers.clear()
            matcher = self.matchers[keys] = Matcher(self.vocab, validate=True)
            by_label: dict[str, list[list[dict[str, Any]]]] = {}
            for label, i in sorted(keys):
                by_label.setdefault(label, []).extend(_first_spelled_out(self.patterns[label][i]))
            for label, patterns in by_label.items():
                matcher.add(label, patterns)
        return matcher

    def find(self, doc: Doc, keys: frozenset[tuple[str, int]] | None = None) -> list[Found]:
        """The matches of these patterns (`labels_for`; all by default), the longest per cue and start,
        in text order."""
        keys = self.every if keys is None else keys
        literal = keys & self.literal.keys()
        matches: list[tuple[str, int, int]] = []
        if literal:
            matches.extend(self._literal_matches(doc, literal))
            keys = frozenset(key for key in keys if key not in self.literal)
        if keys:
            strings = doc.vocab.strings
            matches.extend((strings[m_id], start, end) for m_id, start, end in self._matcher(keys)(doc))
        matches = [m for m in matches if not self._undone(doc, *m)]
        matches.sort(key=lambda m: (m[1], -m[2], m[0]))
        every_start = self.every_start
        spans: dict[str, list[tuple[int, int]]] = {}  # the kept matches of each label
        kept: list[Found] = []
        for label, start, end in matches:  # one match per label and start: the longest (the Matcher
            # returns every length), and none inside a longer match of the same cue (but "at_start" cues)
            of_label = spans.get(label)
            if of_label is None:
                spans[label] = [(start, end)]
            else:
                nested = label not in every_start
                if any(
                    k_start == start or (nested and k_start < start < k_end) for k_start, k_end in of_label
                ):
                    continue
                of_label.append((start, end))
            kept.append(Found(label, doc[start:end]))
        return kept

    @staticmethod
    def _check(
        rows: list[tuple[tuple[str, int], _Hashed]],
        keys: frozenset[tuple[str, int]],
        words: dict[str, list[int]],
        i: int,
        checked: int,
        size: int,
        strings: StringStore,
        found: list[tuple[str, int, int]],
    ) -> None:
        """The rows' variants that match from token `i` (their first `checked` tokens do), into `found`."""
        for key, variant in rows:
            length = len(variant)
            if key in keys and i + length <= size:
                for j in range(checked, length):
                    a, forms = variant[j]
                    if forms is None:
                        if not _WORD_START.match(strings[words[a][i + j]]):
                            break
                    elif words[a][i + j] not in forms:
                        break
                else:
                    found.append((key[0], i, i + length))

    def _literal_matches(self, doc: Doc, keys: frozenset[tuple[str, int]]) -> list[tuple[str, int, int]]:
        """The matches of these literal patterns on the Doc's tokens: (label, start, end), every variant's."""
        lowers = _hashes(doc, "LOWER")
        orth = not self.literal_orth.isdisjoint(keys)
        words = {"LOWER": lowers, "ORTH": _hashes(doc, "ORTH") if orth else lowers}
        strings = doc.vocab.strings
        size = len(lowers)
        found: list[tuple[str, int, int]] = []
        pairs, pair_firsts = self.literal_pairs, self.pair_firsts
        for attr in ("LOWER", "ORTH") if orth else ("LOWER",):
            firsts, tokens = self.literal_firsts[attr], words[attr]
            for i, word in enumerate(tokens):
                rows = firsts.get(word)
                if rows is not None:
                    self._check(rows, keys, words, i, 1, size, strings, found)
                if attr == "LOWER" and word in pair_firsts and i + 1 < size:
                    rows = pairs.get((word, tokens[i + 1]))
                    if rows is not None:
                        self._check(rows, keys, words, i, 2, size, strings, found)
        return found

    def _undone(self, doc: Doc, label: str, start: int, end: int) -> bool:
        """Whether the tokens right after (or before) the match undo it ("closed |the loop")."""
        after = self.undo_after.get(label)
        if (
            after is not None
            and end < len(doc)
            and any(u_start == 0 for _id, u_start, _end in after(doc[end : end + _CONTEXT]))
        ):
            return True
        before = self.undo_before.get(label)
        if before is not None and start > 0:
            window = doc[max(0, start - _CONTEXT) : start]
            if any(u_end == len(window) for _id, _start, u_end in before(window)):
                return True
        return False


_WORD_START = re.compile(r"\w")
# How many tokens beside a match its undoing contexts are looked for in.
_CONTEXT = 8

# A pattern of literal words as (attribute, forms) per token: "LOWER" or "ORTH", and the forms it takes
# (None: any word, written `{"IS_PUNCT": false}`: read as a token that starts with a letter, a digit or
# "_"; never the first).
_Literal = tuple[tuple[str, frozenset[str] | None], ...]
_Hashed = tuple[tuple[str, frozenset[int] | None], ...]  # the same, each form as its hash


def _literal_variants(pattern: list[dict[str, Any]]) -> tuple[_Literal, ...] | None:
    """The pattern as sequences of literal tokens, an optional token ("OP": "?") written out with and
    without it; None if a token is more than a literal `LOWER` / `ORTH` or any word (or too many
    variants, or a variant would start with any word)."""
    variants: list[list[tuple[str, frozenset[str] | None]]] = [[]]
    for spec in pattern:
        op = spec.get("OP")
        rest = {k: v for k, v in spec.items() if k != "OP"}
        if op not in (None, "?") or len(rest) != 1:
            return None
        token: tuple[str, frozenset[str] | None]
        if rest == {"IS_PUNCT": False}:
            token = ("LOWER", None)
        else:
            ((attr, value),) = rest.items()
            if attr not in ("LOWER", "ORTH"):
                return None
            if isinstance(value, str):
                token = (attr, frozenset({value}))
            elif (
                isinstance(value, dict)
                and set(value) == {"IN"}
                and all(isinstance(v, str) for v in value["IN"])
            ):
                token = (attr, frozenset(value["IN"]))
            else:
                return None
        variants = [*([*v, token] for v in variants), *(variants if op == "?" else [])]
        if len(variants) > 32:
            return None
    if any(v and v[0][1] is None for v in variants):
        return None
    return tuple(tuple(v) for v in variants if v)


def _first_spelled_out(pattern: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The pattern with a first token `{"LOWER": {"IN": [...]}}` made one pattern per word: the Matcher
    tests every token against every first token, and a plain LOWER it compares in C, an IN in Python."""
    first = pattern[0] if pattern else {}
    lower = first.get("LOWER")
    if set(first) != {"LOWER"} or not isinstance(lower, dict) or set(lower) != {"IN"}:
        return [pattern]
    return [[{"LOWER": word}, *pattern[1:]] for word in lower["IN"]]


# Words too common to gate a pattern on, when it has a rarer required token.
_COMMON = words(
    """
    the a an to of in on at for by is are was were be been 's their our my his her its it this that they we i
    you and or as with from up me us them not no n't do did does should would will 'll can could have has had
    so but if just still now then again back out off over all any more also only next last get got go going
    want wants need needs said says know think let make take send sent call today tomorrow there what when
    who how why which one day days week weeks month months year , - : . ! ? – —
    """
)


def _literals(spec: dict[str, Any]) -> set[str] | None:
    """The literal forms a required token has (lower case), if it names them."""
    if spec.get("OP") in {"?", "*", "!"}:
        return None
    for key in ("LOWER", "ORTH", "TEXT"):
        value = spec.get(key)
        if isinstance(value, str):
            return {value.lower()}
        if isinstance(value, dict) and isinstance(value.get("IN"), list):
            values = value["IN"]
            if all(isinstance(v, str) for v in values):
                return {v.lower() for v in values}
    return None


def _requirements(pattern: list[dict[str, Any]]) -> tuple[tuple[frozenset[str], tuple[str, ...]], ...]:
    """For each required token with literal forms: its forms that are whole words (looked up in the
    message's words first), and all its forms (a token need not be a whole word: "have" in "haven't"),
    each of which is a substring of the message's lower-case text where the token is."""
    found = []
    for spec in pattern:
        literals = _literals(spec)
        if literals:
            found.append((frozenset(v for v in literals if v.isalnum()), tuple(sorted(literals))))
    return tuple(found)


def anchor_of(pattern: list[dict[str, Any]]) -> set[str] | None:
    """The forms one of which a message must hold for the pattern to match: a required token's, the
    rarest (the fewest common forms, then whole words before punctuation, then the first); None if no
    token has any."""
    anchors = [(a, position) for position, a in enumerate(map(_literals, pattern)) if a]
    if not anchors:
        return None

    def cost(item: tuple[set[str], int]) -> tuple[int, bool, int]:
        anchor, position = item
        return (len(anchor & _COMMON), not all(v.isalnum() for v in anchor), position)

    return min(anchors, key=cost)[0]


@cache
def load(name: str) -> Family:
    """The family in `<name>.json`, read once."""
    return _read(name)


def word_list(family: str, name: str) -> tuple[str, ...]:
    """The word list `name` of `<family>.json` (its `words`), for the Python rules that read it."""
    lists = load(family).words
    if name not in lists:
        raise KeyError(f"{family}.json has no word list {name!r}")
    return lists[name]


def mark_tokens(doc: Doc, spans: list[tuple[int, int]], tag: str) -> None:
    """Marks the tokens inside these character spans (`DEAL_TAG`, `DATE_TAG`) for the shorthands."""
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            for token in span:
                token.norm_ = tag
