"""Several deals in one message: where it cuts into one part per deal (PARSING.md).

A part starts where a line, a bullet or a sentence opens with a deal's name, as its label ("Acme: sent
pricing") or its subject ("Globex is waiting on their legal"), and where a label follows a comma
("Acme: sent pricing, Globex: waiting on legal"). A part that names the deal an earlier part is about
joins that part; text before the first deal belongs to the first, but header lines that name no deal
("Weekly recap:", "Hi all, Monday notes") are left out. A message about one deal is one part (`None`:
read it whole).

One label or subject that names several known deals ("Hooli and Aviato: both still leads", "Acme, Globex
and Initech are all waiting on their legal") shares its update: each of them gets a part of its own, the
shared text with that deal's name in place of the list.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from nlp.lexicon import COMMON_WORDS, words
from nlp.newdeal import find_new_deal

if TYPE_CHECKING:
    from nlp.deals import DealMatch
    from nlp.pipeline import Analysis

# What may stand between the start of a line or sentence and a deal's name: bullets, numbering, marks.
# Also a word that opens a sentence going on to another deal: "Also, Globex signed", "Btw Globex ...".
_LEAD_IN = re.compile(
    r"(?:[\s\-*•·–—>+#]|\d{1,2}[.)]\s|\[[ x]\]|:[a-z_]+:"
    r"|(?i:also|and|plus|btw|fyi|ps|meanwhile|separately|oh\s+and|in\s+other\s+news)[,:]?\s)*\Z"
)
# "1) Hooli: demo Tuesday 2) Globex: sent quote": an inline number opens an item.
_INLINE_NUMBER = re.compile(r"\s\d{1,2}\)\s")
# "Mr. Hooli", "e.g. Hooli": a full stop that ends no sentence.
_ABBREVIATION = re.compile(
    r"(?:\b(?:mr|mrs|ms|dr|dra|sr|sra|srta|smt|prof|mme|mlle|ing|lic|st|vs|e\.g|i\.e|etc|approx|incl)\.)\Z",
    re.IGNORECASE,
)
# After a comma, a deal's name as a label: "Globex: ...", "Globex - ..." (a few words, then the mark).
_LABEL_AFTER = re.compile(r"[^\n,.;:]{0,40}?\s*(?::|\s[\-–—])\s")
# Where a line or a sentence starts (for a new deal introduced there).
_UNIT_START = re.compile(r"(?:^|\n|[.!?;]\s+)[\s\-*•·–—>+]*(?=\S)")
# Between two deals' names in one list: "Hooli and Aviato", "Hooli, Aviato & Raviga", "Hooli/Aviato".
_LIST_JOINT = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*)?|and\s+|&\s*|/\s*|\+\s*)\Z", re.IGNORECASE)
# After a list of names, the word that says they share the update: "Hooli and Aviato: |both| still leads".
_SHARED_WORD = re.compile(
    r"(\s*(?:[:,]|\s-)?\s*(?:are\s+|were\s+|have\s+|had\s+)?)(?:both|all(?:\s+(?:two|three|four|of\s+them))?|each)\s+",
    re.IGNORECASE,
)
# A header line: a line that ends in a colon and names no deal ("Weekly recap:", "Monday update:").
_HEADER = re.compile(r"\A[^\n]*:\s*\n")
# Text that ends with a line break (and blanks): whole lines.
_LINES = re.compile(r"\n[ \t]*\Z")


# A line's label that names a company: "Massive Dynamic: ...", "Acme Rockets - ..." (capitalised words).
_NAME_LABEL = re.compile(
    r"(?P<name>[A-Z][\w&.'-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&.'-]*){0,3})[ \t]*(?::|[ \t][-–—])[ \t]+\S"
)


# Labels of a note, not of a company: "Todo: send the MSA", "Blockers - legal".
_NOT_A_NAME = words(
    """
    todo todos to-do note notes nb action actions items blockers blocker risks risk wins win losses loss
    fyi ps pps re summary recap update updates reminder question questions next steps step status eta
    asap tbd ask asks plan plans goal goals priority priorities agenda context background headline
    """
)


class Part(NamedTuple):
    key: tuple[str, ...]  # the deal's names (several: ambiguous), or the new deal's name
    text: str
    is_new: bool = False  # a new deal the part introduces


class _Cut(NamedTuple):
    key: tuple[str, ...]
    spans: list[tuple[int, int]]


def _opens_unit(text: str, start: int) -> int | None:
    """Where the unit (line, sentence, bullet) a name at `start` opens starts, or None if it does not."""
    before = text[:start]
    lead = _LEAD_IN.search(before)
    cut = lead.start() if lead is not None else start
    if cut == 0:
        return 0
    gap, head = before[cut:], before[:cut]
    if "\n" in gap:
        return cut
    if _INLINE_NUMBER.search(" " + gap):
        return cut
    if head.endswith((".", "!", "?", ";")) and gap[:1].isspace() and not _ABBREVIATION.search(head):
        return cut
    # ", Globex: waiting on legal": a label after a comma
    if head.endswith(",") and _LABEL_AFTER.match(text, start):
        return cut
    return None


def _name_lists(text: str, matches: list[DealMatch]) -> dict[int, list[DealMatch]]:
    """The lists of several deals' names that share one update, by the start of their first name."""
    lists: dict[int, list[DealMatch]] = {}
    current: list[DealMatch] = []
    for match in matches:
        if current and _LIST_JOINT.match(text[current[-1].end : match.start]):
            current.append(match)
            continue
        if len(current) > 1:
            lists[current[0].start] = current
        current = [match]
    if len(current) > 1:
        lists[current[0].start] = current
    # a list shares an update only where it opens a line or sentence, and names each deal once
    first = matches[0].start if matches else -1
    return {
        start: names
        for start, names in lists.items()
        if (
            _opens_unit(text, start) is not None
            or (start == first and text[:start].rstrip().endswith((":", "-", "–", "—")))
        )
        and len({m.names for m in names}) == len(names)
    }


def split(state: Analysis) -> list[Part] | None:
    """Each deal's part (its names and its text), in order; None when the message is about one deal."""
    text = state.text
    matches = sorted(state.deals, key=lambda m: m.start)
    lists = _name_lists(text, matches)
    listed = {m.start for names in lists.values() for m in names[1:]}  # read with their list's first name
    opens: list[tuple[int, tuple[str, ...]]] = []
    for match in matches:
        if match.start in listed:
            continue
        at = _opens_unit(text, match.start)
        if at is None and not opens:
            at = 0  # "Updates: Hooli sent the MSA back; ...": text before the first deal is the first's
        if at is not None:
            opens.append((at, tuple(match.names)))
    new_keys: set[tuple[str, ...]] = set()
    if "\n" in text or opens:
        new_opens = _new_deal_opens(text, opens, state)
        new_keys = {key for _at, key in new_opens}
        opens.extend(new_opens)
        opens.sort()
    keys = {key for _at, key in opens} | {m.names for names in lists.values() for m in names}
    if len(keys) < 2:
        return None
    parts: list[_Cut] = []
    current: _Cut | None = None
    first_start = opens[0][0]
    for at, key in opens:
        if current is not None and key == current.key:
            continue
        if current is not None:
            start = current.spans[-1][0]
            current.spans[-1] = (start, at)
        existing = next((p for p in parts if p.key == key), None)
        if existing is None:
            current = _Cut(key, [(0 if not parts else at, len(text))])
            parts.append(current)
        else:
            existing.spans.append((at, len(text)))
            current = existing
    head = text[:first_start]
    if head.strip() and (
        (_HEADER.match(head) and "\n" in head)
        or text[first_start : first_start + 1] == "\n"
        or _LINES.search(head)
    ):
        # "Weekly recap:", "Tuesday update:", "Hi all, Monday notes": whole lines before the first deal's
        # line name no deal (else it would be the first) and are no update: "Tuesday" is no due date
        first = parts[0]
        first.spans[0] = (first_start, first.spans[0][1])
    if lists:
        return _shared(text, parts, lists, new_keys)
    return [
        Part(
            part.key,
            "\n".join(text[s:e].strip() for s, e in part.spans if text[s:e].strip()),
            part.key in new_keys,
        )
        for part in parts
    ]


def _shared(
    text: str, parts: list[_Cut], lists: dict[int, list[DealMatch]], new_keys: set[tuple[str, ...]]
) -> list[Part]:
    """The parts with each list of names made one part per name: the shared text, that name in the list's
    place ("Hooli and Aviato: both still leads" -> "Hooli: both still leads", "Aviato: both still leads")."""
    own: dict[tuple[str, ...], list[str]] = {part.key: [] for part in parts}
    order: list[tuple[str, ...]] = []
    for part in parts:
        if part.key not in order:
            order.append(part.key)
        for s, e in part.spans:
            names = next((n for start, n in lists.items() if s <= start < e), None)
            if names is None:
                own[part.key].append(text[s:e])
                continue
            first, last = names[0], names[-1]
            shared = _SHARED_WORD.sub(r"\1", text[last.end : e], count=1)
            for index, match in enumerate(names):
                piece = text[s : first.start] + text[match.start : match.end] + shared
                own.setdefault(match.names, []).append(piece)
                if match.names not in order:
                    order.insert(order.index(part.key) + index, match.names)
    return [
        Part(key, "\n".join(piece.strip() for piece in own[key] if piece.strip()), key in new_keys)
        for key in order
        if own.get(key)
    ]


def _new_deal_opens(
    text: str, opens: list[tuple[int, tuple[str, ...]]], state: Analysis
) -> list[tuple[int, tuple[str, ...]]]:
    """Lines and sentences that open with no known deal but introduce a new one ("new lead: Massive
    Dynamic"), or, in a recap of known deals, lines labelled with a name we do not know ("Massive
    Dynamic: waiting on legal"): each is a part of its own, not more of the deal above it."""
    found: list[tuple[int, tuple[str, ...]]] = []
    starts = [m.end() for m in _UNIT_START.finditer(text)]
    for index, start in enumerate(starts):
        if any(start <= m.start <= start + 3 for m in state.deals):
            continue  # opens with a known deal
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        new = find_new_deal(text[start:end])
        if (
            new is not None
            and new.start <= 20
            and not any(m.start < start + new.end and start + new.start < m.end for m in state.deals)
        ):
            found.append((start, (new.name,)))
            continue
        label = _NAME_LABEL.match(text, start) if opens and start else None
        before = text[:start].rstrip(" \t-*•·–—>+")
        # A line, or a sentence after a known deal's ("Hooli: signed! Globex: intro call went well").
        opens_unit = before.endswith("\n") or (before[-1:] in ".!?" and not _ABBREVIATION.search(before))
        if label is not None and opens_unit:
            name = label.group("name")
            if not any(word.lower().strip(".") in COMMON_WORDS | _NOT_A_NAME for word in name.split()):
                found.append((start, (name,)))
    return found
