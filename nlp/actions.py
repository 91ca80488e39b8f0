"""The cue families of nlp/patterns/ on a message's tokens, and what they change in an update.

The `ns_cues` component runs one spaCy `Matcher` built from the pattern files (actions, updates,
owners) over the Doc's tokens, with the deals' and dates' tokens marked for the "DEAL" and "DATE"
shorthands. `Reading` turns the matches into what the assembler needs: the action and what it returns
(PARSING.md, "Actions in words"), unpark and refused parking, the close date, a step that is only still
pending or only moved, a retry, and owner cues that fix the clauses of nlp/owner.py.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from nlp import owner as owner_rules
from nlp.datemath import add_months
from nlp.lexicon import words
from nlp.owner import Clause
from nlp.patterns import DATE_TAG, DEAL_TAG, CueMatcher, Found, mark_tokens
from nlp.scan import WORD
from nlp.types import Action, Owner

if TYPE_CHECKING:
    from nlp.dates import DateMention
    from nlp.pipeline import Analysis

FAMILIES = ("actions", "updates", "owners")


class CuesComponent:
    """`ns_cues`: the families' matches on `state.cues` (an update's only; a question reads none)."""

    def __init__(self, vocab: Vocab) -> None:
        self.matcher = CueMatcher(vocab, *FAMILIES)

    def __call__(self, doc: Doc) -> Doc:
        state: Analysis = doc.user_data["ns"]
        if state.is_question:
            return doc
        labels = self.matcher.labels_for(state.words, state.lower)
        if not labels:
            return doc  # most messages: no cue's anchor words
        deal_spans = [(m.start, m.end) for m in state.deals]
        if state.new_deal is not None:
            deal_spans.append((state.new_deal.start, state.new_deal.end))
        if not labels <= self.matcher.literal_only:  # (the literal patterns read no NORM)
            mark_tokens(doc, deal_spans, DEAL_TAG)
            mark_tokens(doc, [(m.start, m.end) for m in state.dates], DATE_TAG)
        state.cues = tuple(self.matcher.find(doc, labels))
        state.spans.extend((cue.start_char, cue.end_char, cue.label) for cue in state.cues)
        return doc


@Language.factory("ns_cues")
def make_cues_component(nlp: Language, name: str) -> CuesComponent:
    return CuesComponent(nlp.vocab)


# Which action a message asks for when it says several: the more specific first.
_ACTION_ORDER: tuple[tuple[str, Action], ...] = (
    ("RENAME", "rename"),
    ("REASSIGN", "reassign"),
    ("REMIND", "remind"),
    ("SNOOZE", "snooze"),
    ("REOPEN", "reopen"),
    ("CLOSE", "close"),
    ("CLOSE_BARE", "close"),  # "close Hooli" and nothing else: won or lost is the assistant's question
    ("DONE", "done"),
    ("EVENT_DONE", "done"),  # "call done": done only when the message says nothing else
    ("NOTHING_NEXT", "done"),
)
_REASSIGN_VERBS = words(
    "reassign reassigned assign assigned transfer transferred hand handed handing give gave giving "
    "pass passed passing move moved moving switch switched"
)
# Where a new name ends: the end of its sentence or clause, or a word that goes on with the message.
_NAME_END = re.compile(r"[.,;!?\n(]|\s+(?:and|but|from\s+now|going\s+forward|now|please|pls|thanks)\b|\s+-\s")
_NUMBER_WORDS = {"a": 1, "one": 1, "another": 1, "two": 2, "couple": 2, "three": 3, "few": 3, "four": 4}
_UNIT_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7}


class Reading(NamedTuple):
    """What the cues change in one update."""

    action: Action | None = None
    action_cue: Found | None = None
    new_name: str | None = None
    new_name_start: int | None = None  # where the new name starts: no deal is matched from there on
    rep: str | None = None
    remind_from: int | None = None  # where a reminder's step starts ("remind me to |call Hooli")
    unpark: bool = False
    no_park: bool = False
    close_by: DateMention | None = None
    close_theirs: bool = False
    still_pending: Found | None = None
    date_moved: Found | None = None
    moved_to: date | None = None  # a move by a span of time ("slipped a week")
    retry: Found | None = None


def read(state: Analysis) -> Reading:
    """The cues of `state.cues`, read."""
    cues: tuple[Found, ...] = state.cues
    if not cues:
        return Reading()
    by_label: dict[str, list[Found]] = {}
    for cue in cues:
        by_label.setdefault(cue.label, []).append(cue)
    action: Action | None = None
    chosen: Found | None = None
    for label, name in _ACTION_ORDER:
        if label in by_label and (label != "CLOSE_BARE" or _whole_message(by_label[label][0].span)):
            action, chosen = name, by_label[label][0]
            break
    new_name = rep = None
    new_name_start = remind_from = None
    if action == "rename" and chosen is not None:
        new_name, new_name_start = _new_name(state.text, chosen.end_char)
        if not new_name:
            action = None
    elif action == "reassign" and chosen is not None:
        rep = _rep(chosen.span)
        if not rep:
            action = None
    elif action == "remind" and chosen is not None:
        remind_from = chosen.end_char
    close_by = None
    close_theirs = False
    # "they have to sign in two weeks, closing this quarter": the close said as such is the close date;
    # their signature is their step and its due date
    for label in ("CLOSE_BY", "CLOSE_BY_THEIRS"):
        for cue in by_label.get(label, ()):
            mention = _date_in(state.dates, cue.start_char, cue.end_char)
            if mention is not None and (
                mention.is_past or (mention.value or state.ctx.today) < state.ctx.today
            ):
                continue  # "we sent it yesterday, they sign by Friday": a past day is no close
            if mention is not None and not (label == "CLOSE_BY_THEIRS" and _no_close_of_theirs(state, cue)):
                close_by = mention
                close_theirs = label == "CLOSE_BY_THEIRS" or _their_close(cue.span)
                break
        if close_by is not None:
            break
    moved = by_label.get("DATE_MOVED", [None])[0]
    moved_to = None
    if moved is not None and _date_in(state.dates, moved.start_char, moved.end_char) is None:
        moved_to = _after_span(moved.span, state.ctx.today)
        if moved_to is None:
            moved = None
    retry = by_label.get("RETRY", [None])[0]
    if retry is not None and "NO_ANSWER" not in by_label and "STILL_PENDING" not in by_label:
        # "try again" alone is a deferral, "call back tomorrow re pricing" a step: as usual. After no answer
        # ("no pickup", "still nothing from them", "they went quiet") it is a retry.
        retry = None
    if retry is not None and _theirs_before(state, retry):
        retry = None  # "no reply, they will call again Friday": their call, not our retry
    return Reading(
        action=action,
        action_cue=chosen,
        new_name=new_name,
        new_name_start=new_name_start,
        rep=rep,
        remind_from=remind_from,
        unpark="UNPARK" in by_label,
        no_park="NO_PARK" in by_label or "UNPARK" in by_label,
        close_by=close_by,
        close_theirs=close_theirs,
        still_pending=by_label.get("STILL_PENDING", [None])[0],
        date_moved=moved,
        moved_to=moved_to,
        retry=retry,
    )


# Words between the prospect and their close: "they wanna close", "they're hoping to close", "they'll close".
_WANTING = frozenset(
    {"wanna", "want", "wants", "to", "hope", "hoping", "plan", "planning", "aim", "aiming", "will", "'ll",
     "should", "are", "'re", "going", "gonna", "expect", "expecting", "would", "'d", "like", "need"}
)  # fmt: skip
_THEY = frozenset({"they", "client", "customer", "prospect", "buyer"})


# Their side as the subject before a retry in its clause: "they'll call again", "their CFO will try again".
_THEIR_SUBJECT = re.compile(
    r"\b(?:they|they'll|he|she|he'll|she'll|their\s+[\w-]+|D_+)\s+(?:[\w']+\s+){0,2}$"
)


def _theirs_before(state: Analysis, cue: Found) -> bool:
    clause = next((c for c in state.clauses if c.start <= cue.start_char < c.end), None)
    if clause is None:
        return False
    return _THEIR_SUBJECT.search(clause.text[: cue.start_char - clause.start]) is not None


def _whole_message(span: Span) -> bool:
    """The cue is all the message says, but for punctuation ("close Hooli."; not "close Hooli by Friday")."""
    doc = span.doc
    return all(t.is_punct or t.is_space for t in doc[: span.start]) and all(
        t.is_punct or t.is_space for t in doc[span.end :]
    )


def _their_close(span: Span) -> bool:
    """A close the prospect makes ("they wanna close before yr end"): theirs to do, as a decision is."""
    for token in reversed(span.doc[max(0, span.start - 6) : span.start]):
        word = token.lower_
        if word in _THEY or token.norm_ == DEAL_TAG:
            return True
        if word not in _WANTING:
            return False  # a label's colon or another word: not the prospect closing
    return False


def _date_in(dates: tuple[DateMention, ...], start: int, end: int) -> DateMention | None:
    for mention in dates:
        if start <= mention.start < end and mention.value is not None:
            return mention
    return None


def _after_span(span: Span, today: date) -> date | None:
    """ "slipped a week", "said 3 weeks": today plus the span of time the cue ends with."""
    unit = span[-1].lower_
    count = 0
    for token in span[:-1]:
        word = token.lower_
        if word.isdigit():
            count = int(word)
        elif word in _NUMBER_WORDS:
            count = max(count, _NUMBER_WORDS[word])
    if not count:
        return None
    if unit in _UNIT_DAYS:
        return today + timedelta(days=count * _UNIT_DAYS[unit])
    if unit in {"month", "months"}:
        return add_months(today, count)
    return None


def _new_name(text: str, start: int) -> tuple[str | None, int]:
    """The new name as written after the rename cue, up to the end of its clause."""
    rest = text[start:]
    lead = len(rest) - len(rest.lstrip(" \"'“‘"))
    rest = rest[lead:]
    end = _NAME_END.search(rest)
    name = (rest[: end.start()] if end else rest).strip(" \"'”’“‘")
    return (name or None), start + lead


def _rep(span: Span) -> str | None:
    """The person a deal is given to, as written, without "@" or a possessive."""
    tokens = list(span)
    if tokens[0].lower_ in _REASSIGN_VERBS:
        person = tokens[-1]
        following = person.nbor(1) if person.i + 1 < len(person.doc) else None
        name = person.text
        if following is not None and following.is_title and following.norm_ != DEAL_TAG:
            name = f"{name} {following.text}"  # "Lee Chen"
    else:
        person = next(
            (t for t in tokens if t.norm_ != DEAL_TAG and (t.is_title or t.text.startswith("@"))), tokens[0]
        )
        name = person.text
    name = name.lstrip("@")
    if name.lower().endswith("'s"):
        name = name[:-2]
    return name or None


def fix_clauses(state: Analysis, clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    """The owner cues of owners.json (and the prospect's close) applied to the clauses."""
    cues: tuple[Found, ...] = state.cues
    if not cues or not clauses:
        return clauses
    fixed = list(clauses)
    date_starts = [m.start for m in state.dates]
    for cue in cues:
        label = cue.label
        if label == "THEIR_PERSON":
            _their_person(fixed, cue, date_starts)
            continue
        index = _clause_at(fixed, cue.start_char)
        if index is None:
            continue
        clause = fixed[index]
        if label == "REVERT" and clause.owner is None:
            # "client to revert", "Mr. Rao will revert": theirs; "will revert with the quotation" names
            # no subject: the writer's own reply
            ours = _NO_SUBJECT_BEFORE.match(state.lower, clause.start, cue.start_char)
            fixed[index] = (
                clause._replace(owner="us", kind="instruction")
                if ours
                else clause._replace(owner="prospect", kind="subject")
            )
        elif label == "NOTHING_FROM_US":
            fixed[index] = clause._replace(owner="prospect", kind="nothing")  # theirs, and no step
        elif label == "NOTHING_FROM_THEM":
            fixed[index] = clause._replace(owner="us", kind="nothing")  # "nothing pending from their side"
        elif (
            label == "IN_HAND"
            and clause.owner is not None
            and _LEADS_A_SUBJECT.match(clause.text[: cue.start_char - clause.start])
        ):
            # "I told them we'd have it by Wednesday", "should go out Monday": when the step named before
            # comes, or that it is in hand, not a step of its own
            fixed[index] = clause._replace(kind="meta")
        elif label == "FILLER" and _only_filler(state, clause, cue):
            fixed[index] = clause._replace(owner=None, kind="")  # "will do the needful": no step
        elif label == "REMARK" and _LEADS_A_SUBJECT.match(clause.text[: cue.start_char - clause.start]):
            # "fingers crossed", "I'd call this one warm" as the clause
            fixed[index] = clause._replace(owner=None, kind="")
        elif (
            label == "CLOSE_BY_THEIRS"
            and not _OURS_BEFORE.search(state.lower, clause.start, cue.start_char)
            and not _no_close_of_theirs(state, cue)
            and _date_in(state.dates, cue.start_char, cue.end_char) is not None
        ):
            fixed[index] = clause._replace(owner="prospect", kind="item")
        elif label == "UNPARK" and clause.owner is not None and _only_unpark(state, clause, cue):
            # "take them off ice, Mr. Hale wants a proposal": taking the deal back is no step of its own
            fixed[index] = clause._replace(owner=None, kind="")
        elif label == "CLOSE_BY" and clause.kind != "meeting":
            fixed[index] = clause._replace(owner=None, kind="")  # "expected close end of April": no step
    return tuple(fixed)


# Before a cue, a clause without a subject: only a modal and adverbs ("will revert", "shall revert soon").
_NO_SUBJECT_BEFORE = re.compile(
    r"[\s\W]*(?:(?:will|shall|'ll|would|should|must|can|need\s+to|have\s+to|going\s+to|gonna|then|and|also|just"
    r"|soon|shortly|definitely|surely|certainly)\s+)+$"
)


# What a clause may say besides a filler cue and still name no step: "ok noted, I will do the needful".
_FILLER_BESIDE = words(
    """
    i we i'll we'll ll will shall would 'll and then sure ok okay noted kindly please pls you u all the also
    just so yes right of course will do on it
    """
)


def _words_besides(state: Analysis, clause: Clause, cue: Found) -> list[str]:
    """The clause's words outside the cue and the deals' names."""
    text = state.lower[clause.start : clause.end]
    for start, end in [(cue.start_char, cue.end_char), *state.taken]:
        start, end = max(start, clause.start) - clause.start, min(end, clause.end) - clause.start
        if start < end:
            text = text[:start] + " " * (end - start) + text[end:]
    return WORD.findall(text)


def _only_filler(state: Analysis, clause: Clause, cue: Found) -> bool:
    """Whether the clause says nothing besides the filler cue (and the deal's name): "they will do the needful
    and send the signed MSA by Friday" names their step; "I will do the needful" names none."""
    return all(word in _FILLER_BESIDE for word in _words_besides(state, clause, cue))


# What a clause may say besides an unpark cue and still name no step: "take them off ice", "pls unpark it".
_UNPARK_BESIDE = words(
    """
    take taking took pull pulling pulled get bring brought move moved them it this that the deal account one
    please pls can you we let's lets let us ok okay so and now back out of lot parking from is are
    """
)


def _only_unpark(state: Analysis, clause: Clause, cue: Found) -> bool:
    """Whether the clause only takes the deal out of the parking lot: "take them off ice" names no step,
    "they came back, want a demo" names one (in its own clause)."""
    return all(word in _UNPARK_BESIDE for word in _words_besides(state, clause, cue))


_FORECAST = re.compile(
    r"(?:should|will|expect\s+to|hope\s+to|aim\s+to|plan\s+to|are\s+going\s+to|might|may)\b"
)
# What both sides do at the close, said as the rep's forecast: "we should sign by Q1", "we'll have the PO by
# Friday" (the PO cues that start with the verb).
_SIGN_TOGETHER = frozenset(
    {"sign", "signs", "signing", "ink", "have", "get", "getting", "receive", "receiving"}
)
# The prepositions that make a date a deadline ("by Friday"), not when something happened.
DEADLINE = frozenset({"by", "before", "due", "no later than", "until", "till", "til"})
# Who signs, decides or closes before the cue: "we have to sign", "our legal have to sign", "I need to
# countersign". "I'll get them to sign" is their signature still: them, their, him, her or the deal.
_THEM_BEFORE = re.compile(r"\b(?:them|their|they|him|her|his|D_+)\b")


def _no_close_of_theirs(state: Analysis, cue: Found) -> bool:
    """A sign or decide cue that is no close of the prospect's: our side signs ("we have to sign the MSA
    in two weeks", "engineering have to sign"), or the signature was asked for by what we just sent
    ("sent the MSA over for signature this morning": the morning is when it went out)."""
    clause = next((c for c in state.clauses if c.start <= cue.start_char < c.end), None)
    if clause is None:
        return False
    if clause.kind == "delivered":
        # "sent the MSA over for signature this morning": when it went out; "sent the MSA for their
        # signature by Friday": the deadline of their signature, their close
        mention = _date_in(state.dates, cue.start_char, cue.end_char)
        return mention is None or mention.prep not in DEADLINE
    before = clause.text[: cue.start_char - clause.start]
    stripped = before.strip()
    subject = owner_rules.our_subject(stripped)
    if subject is not None:
        if _THEM_BEFORE.search(stripped, subject.end()):
            return False
        # "we should sign by Q1", "we'll sign end of month": the rep's forecast of the close, both sides'
        forecast = _FORECAST.match(stripped[subject.end() :].lstrip()) or subject.group().endswith("'ll")
        return not (forecast and cue.span[0].lower_ in _SIGN_TOGETHER)
    return _assigned_to_a_name(state, clause.start + len(before) - len(before.lstrip()), stripped)


# "Dana has to sign the MSA", "Lee needs to countersign": a to-do given to someone called by their first
# name, as a team writes of its own people ("Priya will sign by Friday" is a contact's commitment, and
# "their CFO has to sign" theirs by its possessive).
_NAME_MUST = re.compile(r"^(?P<name>[a-z][a-z'-]+)\s+(?:have|has|need|needs|must|gotta|got)\b")
_NOT_A_NAME = words("i we they he she it you our my their his her this that there someone somebody everyone")


def _assigned_to_a_name(state: Analysis, start: int, stripped: str) -> bool:
    found = _NAME_MUST.match(stripped)
    name = found.group("name") if found is not None else ""
    if not name or name in _NOT_A_NAME or owner_rules.names_a_side(name):
        return False  # "Procurement has to sign", "Legal has to sign": a side's body, not a person
    word = state.text[start : start + len(name)]
    return (
        word[:1].isupper()
        and word[1:].islower()
        and not any(
            cue.label == "THEIR_PERSON" and cue.start_char <= start < cue.end_char for cue in state.cues
        )
    )


# "chase them for the decision next week": what we do about their close is ours.
_OURS_BEFORE = re.compile(
    r"\b(?:chase|chasing|follow|following|ping|pinging|ask|asking|remind|push|pushing|nudge|nudging|check|get|"
    r"getting|need|needs|send|sending|prep|prepare|preparing|help|support|walk)\b"
)


_NOT_A_PERSON = words(
    """
    heard spoke met got update news email call reply word nothing feedback sent message quote note good great
    chat follow followed ping pinged demo meeting intro
    """
)
_OUR_PERSON = re.compile(r"^\W*(?:from\s+)?(?:our|my)\b")
# Where their person comes from, before what they do: "from procurement", "from their side", "of D___".
_FROM_THEIR_SIDE = re.compile(
    r"^(?:from|of|at|in)\s+(?:their\s+|the\s+)?(?:D_+|[\w-]+)(?:\s+(?:team|side|dept|department|office))?\s*,?\s+"
    r"(?=(?:will|'ll|wants?|needs?|asked|asks|has|have|is|are|said|says|should|must|to|can|could|would|plans?|"
    r"expects?|promised|agreed|owes?|came|replied|sent|confirmed|approved|signed)\b)"
)
# What may stand before a person who is the clause's subject: "and Mr. Rao will ...", "D___: Dr. Patel".
_LEADS_A_SUBJECT = re.compile(
    r"^(?:\W|D_*|_|\b(?:and|but|so|then|also|now|ok|btw|apparently|plus|meanwhile)\b)*$"
)


def _clause_at(clauses: list[Clause], position: int) -> int | None:
    for index, clause in enumerate(clauses):
        if clause.start <= position < clause.end:
            return index
    return None


def _their_person(clauses: list[Clause], cue: Found, date_starts: list[int]) -> None:
    """ "Mr. Sharma will confirm", "Priya, their CFO, wants ...": the clause read with "they" as subject."""
    if cue.span[0].norm_ == DEAL_TAG or cue.span[0].lower_ in _NOT_A_PERSON:
        return  # a deal's name, or a word that opens a sentence ("Heard from Hooli"), not a person's
    end = cue.end_char
    for index, clause in enumerate(clauses):
        if clause.end <= end:
            continue
        if clause.start <= cue.start_char and not _LEADS_A_SUBJECT.match(
            clause.text[: cue.start_char - clause.start]
        ):
            return  # "send the SOW to Ms. Lee": the person is no subject of the clause
        offset = max(0, end - clause.start)
        rest = clause.text[offset:].strip(" ,:-")
        if not rest:
            continue
        if _OUR_PERSON.match(rest):
            return  # "Dr. Smith from our team", "Mr. Rao (our CTO)": one of ours
        rest = _FROM_THEIR_SIDE.sub("", rest, count=1)  # "Sra. Mendes from procurement| wants ...": theirs
        if rest.startswith("'s "):
            rest = "their " + rest[3:]  # "Mr. Tan's team is evaluating": their team
            subject = ""
        else:
            subject = "they "
        has_date = any(clause.start + offset <= d < clause.end for d in date_starts)
        found_owner: Owner | None
        found_owner, kind = owner_rules.classify(subject + rest, has_date)
        if found_owner is not None:
            clauses[index] = clause._replace(owner=found_owner, kind=kind)
        return
