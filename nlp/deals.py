"""Known deals of one workspace, and finding them in a message (nlp/README.md, "How known deals are found").

A name is reduced to its word tokens (case-folded, possessives dropped). Keys are the tokens glued
together, so "Pied Piper", "pied-piper's" and "PiedPiper" share the key "piedpiper". The indexes are
kept up to date on add/remove, so matching costs a few dict lookups per message word whatever the
number of deals:

- full names -> stored names;
- distinctive parts of two words or more (runs of a name's words that are not only generic or common
  words, and initials plus last word) -> names;
- name words -> names (a distinctive word alone is a part too);
- name words by their one-deletion variants, or first and last letters, for small typos (filed on the
  first typo lookup), checked with rapidfuzz.

A message is scanned from each word whose first letters begin some key ("pied" starts the key of
"PiedPiper" written "Pied Piper"), gluing the next words on while the key is no longer than the
longest known one.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Collection, Iterable
from operator import itemgetter
from sys import intern
from typing import NamedTuple

from rapidfuzz.distance import OSA

from nlp.lexicon import CHAT_WORDS, COMMON_WORDS, DATE_WORDS, GENERIC_COMPANY_WORDS, is_everyday

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# The same words in lower-case ASCII text (most messages): a plain class is twice as fast as [^\W_].
_ASCII_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
_MAX_WINDOW = 8
# The longest name a deal can have (storage's deals.name is String(200)). A longer "name" is
# no deal, and indexing its every prefix would cost time and memory quadratic in its length.
MAX_NAME_CHARS = 200
_FUZZY_MIN = 4
_MAX_TYPO_WORDS = 12
EXACT, PARTIAL, FUZZY = 3, 2, 1


# A message word: (start, end, lower-case form without possessive, capitalised in the message).
Token = tuple[int, int, str, bool]
# The names filed under one key: a lone name, or a set of them.
Names = str | set[str]
# A run of words whose glued key is known: (start, end, key, quality, first token, last token, names),
# laid out as a DealMatch is up to its quality (`_rank` reads both).
_Candidate = tuple[int, int, str, int, int, int, Names]


class DealMatch(NamedTuple):
    """A run of message words naming one or more known deals (more than one: ambiguous)."""

    start: int
    end: int
    names: tuple[str, ...]
    quality: int  # EXACT, PARTIAL or FUZZY
    first_token: int
    last_token: int

    @property
    def length(self) -> int:
        return self.end - self.start


def _norm_token(word: str) -> str:
    """A word without its possessive, and without apostrophes inside: "o'malley's" -> "omalley"."""
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace("'", "")


# Every byte but a-z and 0-9 as a space: in ASCII text without an apostrophe, the words `_ASCII_TOKEN`
# finds are the runs of bytes left between spaces, which bytes.translate and split find four times faster.
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
_SPACE_NON_WORD = bytes(byte if byte in _WORD_BYTES else 0x20 for byte in range(256))


def split_words(lower: str) -> list[str]:
    """The words of a lower-cased message, as written (apostrophes kept: "ball's", "can't")."""
    if not lower.isascii():
        return _TOKEN.findall(lower)
    if "'" in lower:
        return _ASCII_TOKEN.findall(lower)
    return lower.encode("ascii").translate(_SPACE_NON_WORD).decode("ascii").split()


def word_set(lower: str, words: list[str]) -> frozenset[str]:
    """Every run of letters and digits of `lower` (whose `split_words` are `words`).

    Each word a `\\bword\\b` pattern can match in `lower` is in it, so rules check it before scanning
    the whole text: a cue whose words are all absent cannot match.
    """
    found = frozenset(words)
    if "'" not in lower:
        return found
    return found.union(*(word.split("'") for word in found if "'" in word))


def tokenize(lower: str, original: str, words: list[str] | None = None) -> list[Token]:
    """Word tokens of a lower-cased message, with offsets into it (`words`: its `split_words`)."""
    tokens: list[Token] = []
    position = 0
    find = lower.find
    # findall and str.find: cheaper than a Match per word
    for word in split_words(lower) if words is None else words:
        start = find(word, position)
        position = start + len(word)
        tokens.append(
            (start, position, _norm_token(word) if "'" in word else word, original[start].isupper())
        )
    return tokens


def name_tokens(name: str) -> tuple[str, ...]:
    lowered = name.lower()
    if "'" not in lowered and "\u2019" not in lowered:
        return tuple(split_words(lowered))  # the common case: no possessive to drop
    lowered = lowered.replace("\u2019", "'")
    return tuple(t for t in (_norm_token(word) for word in _TOKEN.findall(lowered)) if t)


def _initials_of(words: tuple[str, ...]) -> tuple[str, ...]:
    """A name of three words or more as its initials and last word: ("bh", "logistics")."""
    if len(words) < 3:
        return ()
    return ("".join([word[0] for word in words[:-1]]), words[-1])


def _initials_key(words: tuple[str, ...]) -> str:
    """The glued initials and last word of a name of three words or more: "bhlogistics"."""
    return "".join([word[0] for word in words[:-1]]) + words[-1]


def _deletes(word: str) -> list[str]:
    return [word] + [word[:i] + word[i + 1 :] for i in range(len(word))]


# Words that do not make a part of a name distinctive on their own.
_WEAK = GENERIC_COMPANY_WORDS | COMMON_WORDS | DATE_WORDS


def _distinctive(words: tuple[str, ...]) -> bool:
    """A part of a name can stand for it unless it is only generic, common or date words."""
    if len(words) == 1:
        word = words[0]
        return word not in _WEAK and len(word) >= 3 and not word.isdigit()
    return any(w not in _WEAK for w in words)


_HEAD = 3  # a key's first characters, kept to say which message words can start one


def _add_head(heads: dict[str, int], key: str) -> None:
    """Note a key's first one, two and three characters (a shorter message word may start it too), each
    with the length of the longest key it begins."""
    size = len(key)
    for head in (key[:1], key[:2], key[:_HEAD]):
        if heads.get(head, 0) < size:
            heads[head] = size


class DealIndex:
    """The known deals of one workspace; matching stays fast with tens of thousands of names."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._tokens: dict[str, tuple[str, ...]] = {}
        # Values are one name, or the set of names when several share the key (most keys have one:
        # a set per key would cost 200 bytes each, a quarter of the index with 100,000 names).
        self._full: dict[str, Names] = {}
        self._partial: dict[str, Names] = {}
        self._by_word: dict[str, Names] = {}
        self._fuzzy: dict[str, set[str]] | None = None  # built on the first typo lookup
        # Message word -> the name words one edit away: chat repeats its words, so lookups repeat.
        self._near: dict[str, tuple[str, ...]] = {}
        # The first three characters of every key (and its first one and two) -> the length of the longest
        # key they begin: a message word whose own are not here starts no key, and words glued on to one
        # that are longer than that make no key. Never shrinks (a removed name only costs lookups).
        self._heads: dict[str, int] = {}
        self._longest_word = 0  # characters in the longest name word ever added
        # A key's names, sorted, per match quality: a word shared by thousands of deals is sorted once.
        self._sorted: dict[tuple[int, str], tuple[str, ...]] = {}
        # The glued initials key of each name of three words or more ever added ("bhlogistics"): a quick
        # "no" in _respaced_ok (a removed name's key only costs the full check).
        self._initial_keys: set[str] = set()
        # A word's first names in sorted order, for typo candidates (dropped when a name with it changes).
        self._first_names: dict[str, tuple[str, ...]] = {}
        self._window = 1
        for name in names:
            self.add(name)

    def __len__(self) -> int:
        return len(self._tokens)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._tokens

    def __iter__(self) -> Iterable[str]:
        return iter(self._tokens)

    def add(self, name: str) -> None:
        """Know one more deal (its name exactly as stored)."""
        if not isinstance(name, str) or name in self._tokens or len(name) > MAX_NAME_CHARS:
            return
        words = tuple(map(intern, name_tokens(name)))  # words shared by names stored once
        if not words:
            return
        self._tokens[name] = words
        if self._sorted:
            self._sorted.clear()
        count = len(words)
        if count >= self._window:
            self._window = min(_MAX_WINDOW, count + 1)
        glued = "".join(words)
        if glued in self._full:
            _put(self._full, glued, name)
        else:
            self._full[glued] = name
        heads = self._heads
        if heads.get(glued[:_HEAD], 0) < len(glued):  # (then so are its shorter heads' lengths)
            _add_head(heads, glued)
        if count > 2:
            initials = _initials_key(words)
            self._initial_keys.add(initials)
            partial = self._partial
            for key in self._part_keys(words, initials):
                known = partial.get(key)
                if known is None:
                    partial[key] = name
                    if heads.get(key[:_HEAD], 0) < len(key):
                        _add_head(heads, key)
                elif isinstance(known, str):
                    partial[key] = {known, name}  # a name's parts differ, so `known` is another name
                else:
                    known.add(name)
        by_word, fuzzy, first_names = self._by_word, self._fuzzy, self._first_names
        for word in words:
            if first_names:
                first_names.pop(word, None)
            known = by_word.get(word)
            if known is None:
                by_word[word] = name  # a distinctive word alone is a part ("Piper" for "Pied Piper")
                if len(word) > self._longest_word:
                    self._longest_word = len(word)
                if heads.get(word[:_HEAD], 0) < len(word):
                    _add_head(heads, word)
                if self._near:
                    self._near.clear()
                if fuzzy is not None:
                    _add_variants(fuzzy, (word,))
            elif isinstance(known, str):
                if known != name:
                    by_word[word] = {known, name}
            else:
                known.add(name)

    def remove(self, name: str) -> None:
        """Forget a deal; unknown names are ignored."""
        words = self._tokens.pop(name, None)
        if words is None:
            return
        self._sorted.clear()
        _take(self._full, "".join(words), name)
        if len(words) > 2:
            initials = _initials_key(words)
            for key in self._part_keys(words, initials):
                _take(self._partial, key, name)
        self._near.clear()
        for word in set(words):
            self._first_names.pop(word, None)
            _take(self._by_word, word, name)
            if (
                self._fuzzy is not None
                and word not in self._by_word
                and len(word) >= _FUZZY_MIN
                and word.isalpha()
            ):
                for key in _fuzzy_keys(word):
                    _discard(self._fuzzy, key, word)

    @staticmethod
    def _part_keys(words: tuple[str, ...], initials: str) -> set[str]:
        """Keys of the parts of two words or more a name of three words or more can be written as: its
        distinctive runs of words, and `initials`, the initials of all but the last word, then the last
        ("bh logistics": Blue Harbor Logistics), unless a word starts with a digit. A part of one word
        is looked up in `_by_word`."""
        count = len(words)
        if count == 3:  # the same as the loops below, written out
            one, two, three = words
            strong_2 = two not in _WEAK
            keys = set()
            if strong_2 or one not in _WEAK:
                keys.add(one + two)
            if strong_2 or three not in _WEAK:
                keys.add(two + three)
            if one[0].isalpha() and two[0].isalpha():
                keys.add(initials)
            return keys
        keys = set()
        for size in range(2, count):
            for first in range(count - size + 1):
                part = words[first : first + size]
                if _distinctive(part):
                    keys.add("".join(part))
        if all(word[0].isalpha() for word in words[:-1]):
            keys.add(initials)
        return keys

    def find(
        self, tokens: list[Token], all_lower: bool = False, lower: str = "", norms: list[str] | None = None
    ) -> list[DealMatch]:
        """Every deal mention among `tokens`, overlapping ones resolved longest first (`norms`: their
        words, when the caller has them)."""
        if norms is None:
            norms = [t[2] for t in tokens]
        candidates = self._candidates(tokens, norms, all_lower)
        if candidates:
            # Longest (then best) first, as `_longest_first` keeps them: a candidate that overlaps one kept
            # already is dropped whatever it is, so only the others are checked (`_checked`). A name
            # written in full ("Acme Globex 000123") is then the one candidate checked, not each of its parts.
            kept: list[DealMatch] = []
            for candidate in sorted(candidates, key=_rank):
                start, end = candidate[0], candidate[1]
                for k in kept:
                    if start < k[1] and k[0] < end:
                        break
                else:
                    match = self._checked(candidate, tokens, norms, lower)
                    if match is not None:
                        kept.append(match)
            if any(m.quality == EXACT for m in kept):  # then no typo is looked for: these are the matches
                if len(kept) > 1:
                    kept.sort(key=_start)
                return kept
            # Only parts (or nothing) kept: read every candidate, as the typo rules below need them all.
            # (None kept: each was checked and none is a match.)
            found = [m for c in candidates if (m := self._checked(c, tokens, norms, lower))] if kept else []
        else:
            found = []
        if not found:  # a typo is only looked for when nothing matched as written
            found = self._typos(tokens, all_lower, lower)
        elif all(m.quality == PARTIAL for m in found):
            # "Orion Frieght": a typo of a whole name that takes in a partial one ("Orion") reads better.
            # The typo'd word is within a name's length of the part (the typo's name holds both).
            window = self._window
            beside = {i for m in found for i in range(m.first_token - window, m.last_token + window + 1)}
            found += [
                typo
                for typo in self._typos(tokens, all_lower, lower, beside)
                if any(typo.start <= m.start and m.end <= typo.end and typo.length > m.length for m in found)
            ]
        return _longest_first(found) if len(found) > 1 else found

    def _candidates(self, tokens: list[Token], norms: list[str], all_lower: bool) -> list[_Candidate]:
        """Runs of words whose glued key is a key of the index, in text order (each start's shortest
        first); a part of a name only where it may stand for one (capitalised, or lower case where that
        says nothing). `_checked` makes a match of one."""
        found: list[_Candidate] = []
        count = len(tokens)
        full, partial, by_word, heads, window, longest_word = (
            self._full,
            self._partial,
            self._by_word,
            self._heads,
            self._window,
            self._longest_word,
        )
        # Where a known name can start: a word that begins as some key does.
        for i in [i for i, norm in enumerate(norms) if norm[:_HEAD] in heads]:
            if norms[i] in DATE_WORDS and not (i + 1 < count and norms[i + 1] not in DATE_WORDS):
                continue  # a date word starts a deal only when the rest of the name follows
            key = ""
            longest = heads[norms[i][:_HEAD]]  # no key that begins so is longer
            short = len(norms[i]) < _HEAD  # "is": does "is" + the next word still begin some key?
            for j in range(i, min(count, i + window)):
                key += norms[j]
                if short and j > i:
                    longest = heads.get(key[:_HEAD], 0)  # 0: no key begins so
                    short = len(key) < _HEAD
                if len(key) > longest:
                    break  # nor with more words glued on
                stored = full.get(key)
                quality = EXACT
                if stored is None:
                    stored = partial.get(key)
                    # A name word, with no name of that word alone ("Piper"; "PiedPiper" written "Pied
                    # Piper"), unless no name word is that long or it could not stand alone anyway. (The
                    # dicts are large: a lookup that cannot count is worth skipping.)
                    if 3 <= len(key) <= longest_word and key not in _WEAK and not key.isdigit():
                        one = by_word.get(key)
                        if one is not None:
                            stored = one if stored is None else _union(stored, one)
                    if stored is None:
                        continue
                    quality = PARTIAL
                    if not (
                        all_lower
                        or i == 0
                        or any(t[3] for t in tokens[i : j + 1])
                        or (i == j and len(key) >= 7 and key not in COMMON_WORDS)  # "got off with brightmoor"
                    ):
                        continue  # a part of a name, lower-case mid-sentence, is likely a plain word
                found.append((tokens[i][0], tokens[j][1], key, quality, i, j, stored))
        return found

    def _checked(
        self, candidate: _Candidate, tokens: list[Token], norms: list[str], lower: str
    ) -> DealMatch | None:
        """The candidate as a match, unless its words are glued differently from the name and are common
        words, or it is one everyday word that does not name the deal where it stands."""
        start, end, key, quality, i, j, stored = candidate
        names = (stored,) if isinstance(stored, str) else stored
        if j > i and not self._respaced_ok(names, norms[i : j + 1], quality):
            return None
        if i == j and is_everyday(key) and not _names_it(tokens, i, lower, key):
            return None  # "we need an anchor customer", "see you at the sales summit"
        if isinstance(stored, str):
            ordered: tuple[str, ...] = (stored,)
        else:  # a key of several names: sorted once, not per message
            cached = self._sorted.get((quality, key))
            if cached is None:
                cached = self._sorted[(quality, key)] = tuple(sorted(stored))
            ordered = cached
        return DealMatch(start, end, ordered, quality, i, j)

    def _respaced_ok(self, names: Collection[str], window: list[str], quality: int) -> bool:
        """Words glued differently from the stored name ("Pied Piper" for "PiedPiper") must not be common
        words: "to us" is no deal "Tous"."""
        if not any(word in COMMON_WORDS for word in window):
            return True  # (the cheap test first: the names' words are not read)
        written = tuple(window)
        tokens = self._tokens
        # As stored, or as its initials and last word ("bh logistics"). A name written as stored is a
        # full match (its glued words are the key); a part of thousands of names ("acme globex") is
        # only looked through when the key is some name's initials key.
        if quality == EXACT:
            if any(tokens[name] == written or _initials_of(tokens[name]) == written for name in names):
                return True
        elif "".join(written) in self._initial_keys and any(
            _initials_of(tokens[name]) == written for name in names
        ):
            return True
        return False

    def _typos(
        self, tokens: list[Token], all_lower: bool, lower: str = "", only: set[int] | None = None
    ) -> list[DealMatch]:
        """Names written with a small typo; `only`: the positions of the words worth trying."""
        found: list[DealMatch] = []
        fuzzy = self._fuzzy
        if fuzzy is None:
            fuzzy = self._fuzzy = {}
            _add_variants(fuzzy, self._by_word)
        tried = 0
        for i, (_start, _end, word, capitalised) in enumerate(tokens):
            if only is not None and i not in only:
                continue
            if len(word) < _FUZZY_MIN or word in COMMON_WORDS or not word.isalpha() or is_everyday(word):
                continue  # a word of the language is no typo of a name ("submit" for "Summit")
            # A typo'd name is capitalised, or follows a word of a known name ("Pied pipr"), or is a name
            # word with a possessive written without its apostrophe ("copperleafs legal").
            label = i < _LABEL_WORDS and word not in CHAT_WORDS and _labels(lower, tokens, i)
            if not (
                all_lower
                or capitalised
                or label
                or (i > 0 and tokens[i - 1][2] in self._by_word)
                or (word[-1] == "s" and word[:-1] in self._by_word)
            ):
                continue
            tried += 1
            if tried > _MAX_TYPO_WORDS:
                break
            for target in self._near_words(word, fuzzy):
                for name in self._typo_candidates(tokens, i, target):
                    match = self._align(tokens, i, target, name)
                    if match is None and label:
                        match = self._align_word(tokens, i, target, name)
                    if match is not None:
                        found.append(match)
        return found

    def _typo_candidates(self, tokens: list[Token], i: int, target: str) -> tuple[str, ...]:
        """Up to 20 names with the word `target`, to align with the typo'd word i; names sharing another
        of the nearby message words first ("acme globx 000123": the one name with 000123), else the
        first in sorted order (kept per word: a word shared by 8,000 names is not sorted per lookup)."""
        stored = self._by_word.get(target)
        if stored is None:
            return ()
        if isinstance(stored, str):
            return (stored,)
        names = stored
        if len(names) > _TYPO_CANDIDATES:
            # The rarest other name word nearby; one intersection, which iterates the smaller set.
            by_word, window = self._by_word, self._window
            rarest: Names | None = None
            for j in range(max(0, i - window), min(len(tokens), i + window)):
                near = by_word.get(tokens[j][2]) if j != i else None
                if near is None or near is names:
                    continue
                if rarest is None or _size(near) < _size(rarest):
                    rarest = near
            if rarest is not None:
                shared = names.intersection((rarest,) if isinstance(rarest, str) else rarest)
                if 0 < len(shared) <= _TYPO_CANDIDATES:
                    return tuple(sorted(shared))
        first = self._first_names.get(target)
        if first is None:
            first = self._first_names[target] = tuple(heapq.nsmallest(_TYPO_CANDIDATES, names))
        return first

    def _near_words(self, word: str, fuzzy: dict[str, set[str]]) -> tuple[str, ...]:
        near = self._near.get(word)
        if near is None:
            targets: set[str] = set()
            for key in _lookup_keys(word):
                hit = fuzzy.get(key)
                if hit:
                    targets |= hit
            near = tuple(sorted(t for t in targets if t != word and OSA.distance(word, t) <= 1))
            if len(self._near) > 50_000:
                self._near.clear()
            self._near[word] = near
        return near

    def _align(self, tokens: list[Token], i: int, target: str, name: str) -> DealMatch | None:
        words = self._tokens[name]
        first = i - words.index(target)
        last = first + len(words) - 1
        if first < 0 or last >= len(tokens):
            return None
        window = "".join(t[2] for t in tokens[first : last + 1])
        full = "".join(words)
        if len(words) == 1 and len(full) < 5:
            return None
        if OSA.distance(window, full) > (1 if len(full) < 10 else 2):
            return None
        return DealMatch(tokens[first][0], tokens[last][1], (name,), FUZZY, first, last)

    def _align_word(self, tokens: list[Token], i: int, target: str, name: str) -> DealMatch | None:
        """A typo of a name's distinctive first word alone, heading the message ("kestral?")."""
        words = self._tokens[name]
        if len(words) < 2 or words[0] != target or len(target) < 5 or target in COMMON_WORDS:
            return None
        stored = self._by_word.get(target, ())
        every = (stored,) if isinstance(stored, str) else stored
        names = tuple(sorted(n for n in every if self._tokens[n][0] == target))
        return DealMatch(tokens[i][0], tokens[i][1], names or (name,), FUZZY, i, i)


_LABEL_PUNCTUATION = frozenset(":-?,!.\u2013\u2014")
_MID_LABEL_PUNCTUATION = frozenset(":-\u2013\u2014")
_CLAUSE_ENDS = frozenset(".;!?,")


def _names_it(tokens: list[Token], i: int, lower: str, key: str) -> bool:
    """Whether an everyday word (or a date word) at token i names a deal: written capitalised (not a date
    word, capitalised anyway), or as its line's label: first on its line, then a colon, dash, comma, question
    mark, or nothing ("anchor: ...", "anchor?", "- monday - sent the quote")."""
    if tokens[i][3] and key not in DATE_WORDS:
        return True
    if not lower:
        return i == 0 and len(tokens) == 1
    start, end = tokens[i][0], tokens[i][1]
    line_start = lower.rfind("\n", 0, start) + 1
    # First on its line ("1. anchor: ..." too), or after a sentence or a clause: then a colon or dash
    # must follow ("Acme: sent pricing. anchor: waiting on legal").
    mid_line = any(char.isalpha() for char in lower[line_start:start])
    if mid_line and lower[line_start:start].rstrip()[-1:] not in _CLAUSE_ENDS:
        return False
    # The label may go on with a word or two of the name as written ("wayne ent - ...").
    for following in tokens[i + 1 : i + 3]:
        if lower[end : following[0]].strip() or following[2] in COMMON_WORDS:
            break
        end = following[1]
    line_end = lower.find("\n", end)
    rest = lower[end : line_end if line_end >= 0 else len(lower)].strip()
    if rest.startswith("'s"):
        return False
    if mid_line:
        return rest[:1] in _MID_LABEL_PUNCTUATION
    return not rest or rest[0] in _LABEL_PUNCTUATION or not any(char.isalnum() for char in rest)


_LABEL_WORDS = 4  # a label heading a message ("Brightwatr Labs: ...") names a deal in a few words
_LABEL_ENDS = frozenset(":?-,")


def _labels(lower: str, tokens: list[Token], i: int) -> bool:
    """Whether word i is in the label heading the message: its first few words, before a colon, dash, comma
    or question mark, or the whole message."""
    if not lower or i >= _LABEL_WORDS:
        return False
    for j in range(i, min(len(tokens), _LABEL_WORDS)):
        gap = lower[tokens[j][1] : tokens[j + 1][0] if j + 1 < len(tokens) else len(lower)].strip()
        if gap:
            return gap[0] in _LABEL_ENDS
        if j + 1 == len(tokens):
            return True  # the message is the label alone: "kestral systems"
    return False


_SHORT = 6  # words this long or shorter are filed by their deletion variants
_TYPO_CANDIDATES = 20  # names tried per typo'd word


def _fuzzy_keys(word: str) -> list[str]:
    """Where a name word is filed for typo lookups.

    Short words: under each one-deletion variant (symmetric delete). Longer words: under their first
    and last k letters, k = (n - 2) // 2; one edit (insert, delete, substitute, swap) leaves at least
    one of those intact, so two keys a word find every candidate within distance one.
    """
    n = len(word)
    if n <= _SHORT:
        return _deletes(word)
    k = (n - 2) // 2
    return [f"{n}<{word[:k]}", f"{n}>{word[-k:]}"]


def _lookup_keys(word: str) -> list[str]:
    """The keys under which a name word within one edit of the message `word` is filed."""
    m = len(word)
    keys = _deletes(word) if m - 1 <= _SHORT else []
    for n in (m - 1, m, m + 1):
        if n > _SHORT:
            k = (n - 2) // 2
            keys.append(f"{n}<{word[:k]}")
            keys.append(f"{n}>{word[-k:]}")
    return keys


def _add_variants(fuzzy: dict[str, set[str]], words: Iterable[str]) -> None:
    """File name words for typo lookups (`_fuzzy_keys`, written out: the first typo lookup files
    every name word at once)."""
    get = fuzzy.get
    for word in words:
        n = len(word)
        if n < _FUZZY_MIN or not word.isalpha():
            continue
        if n <= _SHORT:
            keys = [word[:i] + word[i + 1 :] for i in range(n)]
            keys.append(word)
        else:
            k = (n - 2) // 2
            keys = [f"{n}<{word[:k]}", f"{n}>{word[-k:]}"]
        for key in keys:
            known = get(key)
            if known is None:
                fuzzy[key] = {word}
            else:
                known.add(word)


def _put(index: dict[str, Names], key: str, name: str) -> None:
    """File `name` under `key` (a lone name as itself, more as a set)."""
    known = index.get(key)
    if known is None:
        index[key] = name
    elif isinstance(known, str):
        if known != name:
            index[key] = {known, name}
    else:
        known.add(name)


def _take(index: dict[str, Names], key: str, name: str) -> None:
    """Unfile `name` from `key` (a set down to one name becomes that name)."""
    known = index.get(key)
    if known is None:
        return
    if isinstance(known, str):
        if known == name:
            del index[key]
        return
    known.discard(name)
    if len(known) == 1:
        index[key] = next(iter(known))
    elif not known:
        del index[key]


def _union(names: Names, more: Names) -> set[str]:
    union = {names} if isinstance(names, str) else set(names)
    if isinstance(more, str):
        union.add(more)
    else:
        union |= more
    return union


def _size(names: Names) -> int:
    return 1 if isinstance(names, str) else len(names)


def _discard(index: dict[str, set[str]], key: str, value: str) -> None:
    values = index.get(key)
    if values is not None:
        values.discard(value)
        if not values:
            del index[key]


def _rank(match: DealMatch | _Candidate) -> tuple[int, int, int]:
    """Longest first, then the best quality, then the first in the text."""
    start = match[0]
    return start - match[1], -match[3], start


def _longest_first(found: list[DealMatch]) -> list[DealMatch]:
    """Keep the longest (then best) of overlapping matches; return them in text order."""
    found.sort(key=_rank)
    kept = [found[0]]
    for match in found[1:]:
        start, end = match[0], match[1]
        for k in kept:
            if start < k[1] and k[0] < end:
                break  # overlaps a match kept already
        else:
            kept.append(match)
    if len(kept) > 1:
        kept.sort(key=_start)
    return kept


_start = itemgetter(0)


def as_index(deals: DealIndex | Iterable[str] | None) -> DealIndex:
    if isinstance(deals, DealIndex):
        return deals
    if deals is None or isinstance(deals, str | bytes):
        return DealIndex()
    return DealIndex(d for d in deals if isinstance(d, str))
