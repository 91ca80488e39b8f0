"""MessageParser: one chat message -> ParsedMessage, by the rules of ../shared/spec/PARSING.md."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from spacy.tokens import Doc

from nlp import segments
from nlp.actions import DEADLINE, Reading, fix_clauses
from nlp.actions import read as read_cues
from nlp.dates import DateMention
from nlp.deals import DealIndex, DealMatch, as_index
from nlp.lexicon import words
from nlp.nextstep import announced_step, complete_step, step_text
from nlp.owner import Clause, decide
from nlp.patterns import Found, word_list
from nlp.pipeline import Analysis, ParseContext, after_title, build_pipeline
from nlp.scan import ASCII_WORD, WORD
from nlp.textnorm import clean_text
from nlp.types import CLOSED_STAGES, DateOrder, DealUpdate, Owner, ParsedMessage

log = logging.getLogger(__name__)

_CHITCHAT = re.compile(
    r"\b(?:thanks|thank\s+you|thx|ty|congrats|congratulations|great\s+(?:job|work)|nice\s+(?:job|work|one)|well\s+done|"
    r"kudos|shout-?out|good\s+(?:morning|night|luck)|happy\s+\w+day|lol|haha)\b"
)
_ASCII_LETTERS = re.compile(r"[a-zA-Z]{2}")  # the same test in ASCII text, with a plain class
_NOTHING_PENDING = frozenset({"NOTHING_FROM_US", "NOTHING_FROM_THEM"})  # owners.json: nothing left to do
_PAST_WORDS = frozenset({"had", "did", "went", "was", "were", "yesterday", "last", "ago", "earlier"})
_PAST_CLAUSE = re.compile(r"\b(?:" + "|".join(sorted(_PAST_WORDS)) + r")\b")
# "Showed them the product today": today is when it was done, not when anything is due.
_DONE = re.compile(
    r"^\s*(?:(?:we|i|they|he|she|D_*|just|already|finally|also)\s+)*(?:[a-z]+ed|showed|met|spoke|had|sent|gave|"
    r"took|saw|ran|did|got|went|told|heard|made|caught|left|brought|wrote|sat|won|lost)\b"
)
# "Dana sent the proposal 3/12", "the board met 12/3": whoever the subject, a clause that reports what was
# done has no due date, whatever date it names.
_NOT_DONE = (
    r"(?!(?:will|'ll|to|need|needs|have|has|had|should|must|gonna|going|want|wants|plan|plans|can|could|would|"
    r"pls|please|not|never)\b)"
)
_DID = re.compile(
    rf"^\s*(?:(?:the|their|our|my)\s+)?{_NOT_DONE}[\w'-]+\s+(?:{_NOT_DONE}[\w'-]+\s+)?(?:sent|shared|emailed|delivered|"
    r"submitted|gave|presented|handed|forwarded|provided|showed|met|spoke|did)\b"
)
# "booked a demo for today" arranges what comes next: its date stays due.
_ARRANGED = re.compile(
    r"^\s*(?:(?:we|i|they|he|she|D_*|just|already|finally|also)\s+)*(?:scheduled|booked|planned|confirmed|moved|"
    r"rescheduled|pushed|arranged|organi[sz]ed|lined|set|need|needed|wanted|asked|agreed|promised|requested|"
    r"expected|supposed|decided)\b"
)
# "@dana orbis?", "<@U024BE7LH> can u get ...": a leading mention only addresses someone.
# (Not the subject of an ownership: "@dana owns Hooli now" reassigns it to her.)
_LEADING_MENTION = re.compile(
    r"^(?:@[\w.\-]+[\s,:]+)+(?=\S)"
    r"(?!(?:now\s+)?(?:owns|runs|is\s+(?:now\s+)?taking|takes|will\s+take|'ll\s+take)\b)"
)
# "ooo tomorrow, ping me on cell if urgent": the writer's own whereabouts, no deal's step.
_AWAY = re.compile(
    r"\b(?:ooo|oof|out\s+of\s+(?:the\s+)?office|pto|on\s+leave|off\s+sick|out\s+sick|on\s+(?:holiday|vacation)|"
    r"(?:ping|call|text|dm|msg|message|reach)\s+me\b|wfh|working\s+from\s+home|afk|brb|lunch)\b"
)
# "reminder: forecast calls move to Thursdays": the team's own routine, no deal's step.
_TEAM_ROUTINE = re.compile(
    r"\b(?:forecast\s+(?:calls?|meetings?|reviews?)|pipeline\s+(?:reviews?|meetings?|calls?)|team\s+(?:meetings?|calls?|syncs?)"
    r"|stand-?ups?|all-?hands|one-on-ones?|1:1s?|sales\s+kick-?off|spiff"
    # the team's own socials: "meeting down by the harbour for the team drinks"
    r"|team\s+(?:drinks|dinner|lunch|outing|social|party|night|building)|happy\s+hour|after[\s-]work\s+drinks"
    r"|(?:christmas|holiday|xmas|leaving|farewell|birthday)\s+(?:party|drinks|lunch|dinner))\b"
)
# A request to teammates ("anyone have the new pricing one-pager?", "can someone send me the ROI
# calculator"): with no deal named, the team's business, no deal's update.
_TEAM_REQUEST = re.compile(
    r"^\W*(?:(?:hey|hi|hello)\s+(?:team|all|everyone|folks|guys|y'?all)\W+)?"
    r"(?:(?:does|do|did|has|can|could|would|will)\s+)?(?:any\s*one|any\s*body|some\s*one|some\s*body|who)"
    r"(?:\s+(?:here|else|on\s+the\s+team))?\s+(?:have|has|got|know|knows|seen|share|send|point|find|dig|grab|"
    r"link|help|spare|mind)\b"
)
# The team's own sales material ("update the battlecard deck", "the new pricing one-pager"): with no deal
# named and no one of the other side, the writer's own work.
_COLLATERAL = re.compile(
    r"\b(?:battle[\s-]?cards?|one[\s-]?pagers?|playbooks?|talk[\s-]tracks?|enablement|templates?|collateral"
    r"|objection[\s-]handling|competitive\s+intel|brand\s+(?:guidelines|assets)|logo\s+packs?|sales\s+wiki|slide\s+library)\b"
)
# Someone of the other side: a message naming them is about a deal (the thread's).
_THE_OTHER_SIDE = re.compile(
    r"\b(?:them|they|their|theirs|him|her|client|clients|customer|customers|prospect|prospects|buyer|buyers|"
    r"champion|sponsor|stakeholders?)\b"
)
# "reminder: submit your expenses", "friendly reminder to log your PTO": a notice to the team, no deal's step
# (unless it names a deal).
_TEAM_NOTICE = re.compile(
    r"^\W*(?:(?:friendly|quick|gentle|weekly|daily)\s+)?(?:reminder|psa|announcement|heads[\s-]+up\s+(?:team|all|everyone|folks))\b"
    r"|^\W*(?:(?:hey|hi)\s+(?:team|all|everyone|folks)\W+)?(?:please\s+|pls\s+)?(?:don'?t\s+forget|remember)\s+to\b"
)
# What a reminder that names no deal must name to be about one (the thread's): the other side, a deal's
# paper or a contact step. "remind me to do my expense report Friday" is the writer's own work: `other`.
_DEAL_FACING = re.compile(
    r"\b(?:them|they|their|theirs|him|her|client|clients|customer|customers|prospect|prospects|buyer|buyers|"
    r"champion|contacts?|sponsor|stakeholders?|decision[\s-]makers?|deal|deals|account|lead|proposal|quote|quotation|pricing|price|contract|msa|sow|nda|dpa|po|"
    r"order\s+form|redlines?|deck|demo|pilot|trial|poc|rfp|rfi|references?|case\s+study|questionnaire|renewal|"
    r"invoice|follow[\s-]*up|chase|ping|nudge|check\s+in|circle\s+back|touch\s+base|call\s+back|reach\s+out)\b"
)
# The writer's own work ("need to finish my appraisal by Friday", "training on the new CRM tomorrow"): with no
# deal named and nothing of a deal's (`_DEAL_FACING`), no update.
_INTERNAL_WORK = re.compile(
    r"\b(?:my|expenses?|expense\s+reports?|timesheets?|appraisals?|performance\s+reviews?|self[\s-]review|"
    r"training|certification|course|offsite|all[\s-]hands|1:1|one[\s-]on[\s-]ones?|stand-?ups?|laptop|pto|payroll|"
    r"benefits|flights?|hotel|visa|passport|crm\s+(?:hygiene|training|clean-?up)|the\s+new\s+crm)\b"
)
_ACTION_KINDS = frozenset({"wait", "court", "owe", "meeting", "delivered", "instruction", "wants", "nothing"})


def _zone(tz: str) -> tzinfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return ZoneInfo("UTC")


def local_today(now: datetime, tz: str) -> date:
    """The writer's local date: naive `now` is already local; aware `now` is converted into `tz`."""
    if now.tzinfo is not None and now.utcoffset() is not None:
        return now.astimezone(_zone(tz)).date()
    return now.date()


class MessageParser:
    """Builds the spaCy pipeline once; `parse` is cheap and never raises."""

    def __init__(self) -> None:
        self.nlp = build_pipeline()
        # The components in order, fetched once (`nlp.pipeline` builds a new list on every access).
        self._components = [component for _name, component in self.nlp.pipeline]
        self._rules = [component for name, component in self.nlp.pipeline if name != "ns_spans"]
        self._last_deals: tuple[str, ...] | None = None
        self._last_index = DealIndex()

    def _index(self, deals: DealIndex | Iterable[str] | None) -> DealIndex:
        if isinstance(deals, DealIndex):
            return deals
        key = tuple(deals) if deals is not None and not isinstance(deals, str | bytes) else ()
        if key != self._last_deals:
            self._last_deals, self._last_index = key, as_index(key)
        return self._last_index

    def parse(
        self,
        text: object,
        *,
        now: datetime,
        tz: str,
        deals: DealIndex | Iterable[str] = (),
        date_order: DateOrder | None = None,
    ) -> ParsedMessage:
        """What one message means; a well-formed `other` result for input that means nothing.

        `text` may be anything a chat platform or a bug hands over: what is not a string means nothing.
        (Typed `object`, not `str`: compiled, the type of each argument is checked before the body runs.)
        `date_order` ("mdy" / "dmy") is how the workspace writes slashed dates; None: the writer's `tz`
        decides (PARSING.md, Dates).
        """
        if not isinstance(text, str):
            return ParsedMessage(intent="other")
        try:
            return self._parse(text, now, tz, deals, date_order)
        except Exception:  # a person never sees a traceback; the message is logged for a rule fix
            log.exception("parse failed for %r", text[:200] if isinstance(text, str) else text)
            return ParsedMessage(intent="other")

    def parse_doc(
        self,
        text: str,
        *,
        now: datetime,
        tz: str,
        deals: DealIndex | Iterable[str] = (),
        annotate: bool = True,
        date_order: DateOrder | None = None,
    ) -> Doc:
        """The analysed Doc: doc._.ns holds what each component found, doc.spans["nextstep"] where.

        `parse` runs without annotating: the spans are for people inspecting a Doc, not for the result.
        """
        return self._run(_clean(text), now, tz, deals, annotate, date_order)

    def _run(
        self,
        clean: str,
        now: datetime,
        tz: str,
        deals: DealIndex | Iterable[str],
        annotate: bool,
        date_order: DateOrder | None = None,
    ) -> Doc:
        """The cleaned text through the pipeline, on a Doc of spaCy's tokens; `annotate` adds the spans."""
        today = local_today(now, tz) if isinstance(now, datetime) else date.today()
        doc = self.nlp.make_doc(clean)
        order = date_order if date_order in ("mdy", "dmy") else None
        doc.user_data["ns"] = Analysis(ParseContext(today, self._index(deals), str(tz), order), clean)
        for component in self._components if annotate else self._rules:
            doc = component(doc)
        return doc

    def _parse(
        self,
        text: str,
        now: datetime,
        tz: str,
        deals: DealIndex | Iterable[str],
        date_order: DateOrder | None = None,
    ) -> ParsedMessage:
        clean = _clean(text)
        if not (_ASCII_LETTERS if clean.isascii() else WORD).search(clean):
            return ParsedMessage(intent="other")  # nothing to read: the rules need not run
        doc = self._run(clean, now, tz, deals, False, date_order)
        state: Analysis = doc.user_data["ns"]
        if (
            not state.is_question
            and state.deals
            and (len(state.deals) > 1 or "\n" in clean or ". " in clean or "; " in clean or "! " in clean)
        ):
            parts = segments.split(state)
            if parts is not None:
                return self._several(parts, now, tz, deals, date_order)
        return assemble(state)

    def _several(
        self,
        parts: list[segments.Part],
        now: datetime,
        tz: str,
        deals: DealIndex | Iterable[str],
        date_order: DateOrder | None = None,
    ) -> ParsedMessage:
        """One update per deal's part, each read from its own text alone."""
        updates: list[DealUpdate] = []
        for part in parts:
            state: Analysis = self._run(part.text, now, tz, deals, False, date_order).user_data["ns"]
            found = assemble_update(state)
            update = (
                found if isinstance(found, DealUpdate) else DealUpdate()
            )  # a part that asks or says nothing
            if update.deal is None and not update.candidates:  # its deal as the whole message read it
                many = len(part.key) > 1
                update = update._replace(
                    deal=None if many else part.key[0],
                    candidates=part.key if many else (),
                    is_new_deal=part.is_new,
                )
            updates.append(update)
        return ParsedMessage.of_updates(updates)


def _clean(text: str) -> str:
    """The text the rules read: plain, and without a leading mention that only addresses someone."""
    clean = clean_text(text)
    if clean.startswith("@"):
        clean = _LEADING_MENTION.sub("", clean)
    return clean


def _choose_deal(matches: tuple[DealMatch, ...]) -> tuple[str | None, tuple[str, ...]]:
    """The best match (exact over partial over typo, then first); several names: ambiguous."""
    best = matches[0] if len(matches) == 1 else max(matches, key=lambda m: (m.quality, -m.start))
    if len(best.names) == 1:
        return best.names[0], ()
    return None, best.names


def _usable_dates(state: Analysis, clauses: tuple[Clause, ...]) -> list[DateMention]:
    if not state.dates:
        return []
    past = not _PAST_WORDS.isdisjoint(state.words)  # else no clause can match _PAST_CLAUSE
    past_spans = [
        (c.start, c.end) for c in clauses if c.kind == "delivered" or (past and _PAST_CLAUSE.search(c.text))
    ]
    # "Dana sent the proposal 3/12": when it was done. Not an event it arranged ("invite sent for the demo
    # on Thursday") nor a deadline it set ("they gave us until Friday to respond").
    did_spans = [(c.start, c.end) for c in clauses if c.kind != "meeting" and _DID.match(c.text)]
    today = state.ctx.today
    done_spans = (
        [(c.start, c.end) for c in clauses if _DONE.match(c.text) and not _ARRANGED.match(c.text)]
        if any(m.value is not None and m.value <= today for m in state.dates)
        else []  # only a date on or before today can be when something was done
    )
    return [
        m
        for m in state.dates
        if m.value is not None
        and m.countable
        and not m.is_past
        and not m.is_duration
        and not any(s <= m.start < e for s, e in past_spans)
        and not (m.prep not in DEADLINE and any(s <= m.start < e for s, e in did_spans))
        and not (m.value <= today and any(s <= m.start < e for s, e in done_spans))
    ]


def _step_clause(clauses: tuple[Clause, ...], owner_clause: Clause | None) -> Clause | None:
    last = next((c for c in reversed(clauses) if c.owner is not None), None)
    if (
        last is not None
        and last.kind == "meta"
        and owner_clause is not None
        and owner_clause.owner == last.owner
    ):
        return owner_clause if owner_clause.kind != "meta" else last
    if owner_clause is None or last is None or last.owner == owner_clause.owner:
        return last
    return owner_clause


# "revised quote from me by Wednesday", "they want the order form from us by 10/29": the thing from us is
# the step, named in the clause itself.
_FROM_US = re.compile(
    r"\s*(?:(?:they|he|she|D_*|their\s+[\w-]+)\s+(?:still\s+|now\s+|also\s+)?(?:want|wants|wanted|need|needs|"
    r"needed|expect|expects|expecting|are\s+expecting|asked\s+for|requested|are\s+waiting\s+for|await|awaiting)\s+)?"
    r"(?:the\s+|a\s+|an\s+|our\s+)?[a-z][\w-]*(?:\s+[\w-]+){0,3}\s+from\s+(?:me|us|our\s+(?:side|end|team))\b"
)
_ON_ME_TO = re.compile(r"\bon\s+(?:me|us|them)\s+to\s+\w")
# "ball's in our court for the SOW": the court names the thing.
_COURT_FOR = re.compile(r"\bcourt\s+(?:for|on|re|with)\s+\w")
# "Q4 budget approved", "legal signed off": a fact done, no action to take.
_DONE_FACT = re.compile(
    r"^\W*(?:[\w-]+\s+){0,3}?(?:approved|signed(?:\s+off)?|cleared|done|finali[sz]ed|agreed|confirmed|sorted|"
    r"passed|accepted|received|completed|green[\s-]?lit)\W*$"
)


def _names_its_step(text: str) -> bool:
    """ "next step is the business case from our side": the clause announces its own step ("next step is
    on them" only whose turn it is)."""
    return announced_step(text.lstrip(" ,;:-")) is not None


def _has_words(state: Analysis, clause: Clause) -> bool:
    """Whether the clause says something besides its dates and deal names."""
    text = state.lower[clause.start : clause.end]
    for start, end in [*state.taken, *((m.start, m.end) for m in state.dates)]:
        start, end = max(start, clause.start) - clause.start, min(end, clause.end) - clause.start
        if start < end:
            text = text[:start] + " " * (end - start) + text[end:]
    return bool(WORD.search(text))


def _said_clause(clauses: tuple[Clause, ...], step: Clause) -> Clause:
    """The clause whose words make the step's text: "decision by end of Q1, their call" -> "decision"."""
    if (
        step.kind not in {"court", "meta"}
        or _ON_ME_TO.search(step.text)
        or _FROM_US.match(step.text)
        or _COURT_FOR.search(step.text)
        or _names_its_step(step.text)
    ):
        return step  # "on me to redo the sizing deck", "revised quote from me by Wednesday" name their own
    index = clauses.index(step)
    for earlier in reversed(clauses[:index]):
        if earlier.kind == "nothing" or _DONE_FACT.match(earlier.text):
            continue  # "nothing pending at our end, ball in their court", "budget approved": no step
        if earlier.owner in {None, step.owner} and ASCII_WORD.search(earlier.text):
            return earlier
    return step


def _due(dates: list[DateMention], step: Clause | None) -> date | None:
    if not dates:
        return None
    if step is not None:
        inside = [m for m in dates if step.start <= m.start < step.end]
        if inside:
            return inside[-1].value
    return dates[-1].value


def assemble(state: Analysis) -> ParsedMessage:
    """The ParsedMessage the components' findings add up to."""
    update = assemble_update(state)
    if isinstance(update, ParsedMessage):
        return update
    return ParsedMessage.of_updates([update])


# Words that say nothing of a step besides a cue: "wait, they actually said 3 weeks" only moves the date.
_FILLER_WORDS = words(
    """
    wait ok okay so oh hmm update fyi they it this that the deal now again actually just has have been was is
    got all and also still yet then today their
    """
)


# The pending cues that say whose turn it is not: "no change", "same as last week".
_NO_SIDE = words(
    "waiting nothing word news reply response answer feedback update heard "
    "chased pinged nudged followed emailed called tried bumped "
    "dark quiet silent silence awol mia missing ghosted crickets"
)


def _only_cue(state: Analysis, clause: Clause, cue: Found) -> bool:
    """Whether the clause says nothing besides the cue (the deal's name, dates and filler aside)."""
    spans = [(cue.start_char, cue.end_char), *state.taken, *((m.start, m.end) for m in state.dates)]
    text = state.lower[clause.start : clause.end]
    for start, end in spans:
        start, end = max(start, clause.start) - clause.start, min(end, clause.end) - clause.start
        if start < end:
            text = text[:start] + " " * (end - start) + text[end:]
    return all(word in _FILLER_WORDS for word in WORD.findall(text))


# Who the step is pending with, after the cue: "still nothing| from their procurement".
# A person may be named with a title: "still nothing from| Mrs. Patterson", "waiting on| Dr Okafor".
_TITLE = "|".join(
    sorted({re.escape(t.rstrip(".")) for t in word_list("owners", "titles")}, key=len, reverse=True)
)
_PENDING_WHO = re.compile(
    r"^\W*(?:on|from|for|with|by)\s+(?:(?:their|our|the|my|his|her|them|us|me)\b\s*)?"
    rf"(?:(?:{_TITLE})\b\.?\s*)?(?P<who>[\w-]+(?:\s+team)?)?"
)
# How long it has been pending says nothing of a step: "gone quiet since the demo", "ghosted us after
# the call".
_PENDING_SINCE = re.compile(
    r"^\W*(?:(?:since|after)\b.*|(?:to\s+)?(?:my|our|the)\s+(?:last\s+)?(?:\w+\s+)?(?:emails?|messages?|calls?|"
    r"voice\s*mails?|vms?|texts?|pings?|follow[\s-]?ups?|notes?|nudges?|chasers?)\b.*)$",
    re.S,
)


def _only_pending(state: Analysis, clause: Clause, cue: Found) -> bool:
    """ "still nothing from engineering" names no step; "still waiting on legal for the DPA" names it."""
    last = cue.span[-1]
    if last.lower_ == "to":
        return True  # "no reply to| the proposal yet": what they have not answered
    start = last.idx if last.lower_ == "from" else cue.end_char  # "no word |from X"
    rest = state.lower[start : clause.end]
    for mention in state.dates:
        if start <= mention.start < clause.end:
            rest = (
                rest[: mention.start - start]
                + " " * (mention.end - mention.start)
                + rest[mention.end - start :]
            )
    who = _PENDING_WHO.match(rest)
    if who is not None:
        end = who.end()
        # a surname after a first name, as written: "no word from Priya Shah"
        surname = re.match(r"\s+[\w-]+", rest[end:]) if who.group("who") else None
        if surname is not None and state.text[start + end + 1 : start + surname.end() + end][:1].isupper():
            end += surname.end()
        rest = rest[end:]
    rest = _PENDING_SINCE.sub("", rest.strip(), count=1)
    return all(word in _FILLER_WORDS for word in WORD.findall(rest))


def _holds(clause: Clause | None, mention: DateMention | None) -> bool:
    return clause is not None and mention is not None and clause.start <= mention.start < clause.end


def _clause_of(clauses: tuple[Clause, ...], position: int) -> Clause | None:
    return next((c for c in clauses if c.start <= position < c.end), None)


def _others_name_a_step(clauses: tuple[Clause, ...], cue_clauses: list[Clause | None]) -> bool:
    return any(c.owner is not None and c not in cue_clauses for c in clauses)


def assemble_update(state: Analysis) -> DealUpdate | ParsedMessage:
    """One deal's update (or the whole message when it is a question or about no deal)."""
    cues = read_cues(state)
    matches = state.deals
    if cues.new_name_start is not None:  # "rename Hooli to Hooli Inc": the new name is no deal of its own
        matches = tuple(m for m in matches if m.start < cues.new_name_start) or matches
    deal: str | None = None
    candidates: tuple[str, ...] = ()
    is_new = False
    if matches:
        deal, candidates = _choose_deal(matches)
    elif state.new_deal is not None:
        deal, is_new = state.new_deal.name, True
    has_deal = deal is not None or bool(candidates)

    if state.is_question and state.question is not None:
        question = state.question
        return ParsedMessage(
            intent="question",
            deal=deal,
            candidates=candidates,
            query=question.query or "deal_status",
            rep=question.person,
            stage=question.stage,
            temperature=question.temperature,
            period=question.period,
        )

    clauses = fix_clauses(state, state.clauses)
    owner_clause = decide(list(clauses))
    stage, parking, amount, temperature = state.stage, state.parking, state.amount, state.temperature
    if cues.no_park:
        parking = None  # "don't park it", "take Hooli off ice": nothing is parked
    has_action = not _ACTION_KINDS.isdisjoint([c.kind for c in clauses])
    if not has_deal and (
        state.asking
        or not (
            stage
            or amount
            or parking
            or has_action
            or cues.unpark
            or cues.action in _DEAL_FROM_THREAD
            or cues.date_moved is not None
        )  # "they actually said 3 weeks": the thread's deal
        or _AWAY.search(state.lower)
        or _TEAM_ROUTINE.search(state.lower)
        or _TEAM_NOTICE.search(state.lower)
        or (
            cues.action == "remind"
            and cues.remind_from is not None
            and not _DEAL_FACING.search(state.lower, cues.remind_from)
        )
        or (_INTERNAL_WORK.search(state.lower) and not _DEAL_FACING.search(state.lower))
        or (_TEAM_REQUEST.match(state.lower) and not _THE_OTHER_SIDE.search(state.lower))
        or (_COLLATERAL.search(state.lower) and not _THE_OTHER_SIDE.search(state.lower))
        # "lol that demo video is great": a stage word in chit-chat names no update
        or (owner_clause is None and not (amount or parking) and _CHITCHAT.search(state.lower))
    ):
        return ParsedMessage(intent="other")  # no deal, and no update to ask which deal it is for

    owner: Owner | None = owner_clause.owner if owner_clause else None
    if owner is None and cues.close_by is not None and cues.close_theirs:
        owner = "prospect"  # "they wanna close before yr end": the close is their next step
    step = _step_clause(clauses, owner_clause)
    # "check back next week": ours to do (unless a later clause hands the step over); "their new FY starts
    # next week, circle back then": the deferral is the step, at the date it names
    defers = parking is not None and parking.near and (owner is None or _holds(step, state.park_mention))
    if defers and parking is not None:
        step = _clause_of(clauses, parking.at) or step
    dates = _usable_dates(state, clauses)
    close_by = cues.close_by.value if cues.close_by is not None else None
    if cues.close_by is not None and not cues.close_theirs:
        dates = [m for m in dates if m is not cues.close_by]  # "expected close end of April" is no due date
    parked = parking is not None and parking.parks
    park_asked = parked and parking is not None and parking.explicit and parking.until is None
    due = None if parked else _due(dates, step)
    park_until = parking.until if parking is not None and parked else None
    if defers:
        owner = "us"
        if due is None and state.park_mention is not None:
            due = state.park_mention.value  # "next qtr budget, check back then": the budget's quarter
    if due is not None and step is None:
        # "revised SOW goes out Friday", "pls chase aviato for the dpa tmrw": the dated clause is the step
        step = next((c for c in clauses if any(c.start <= m.start < c.end for m in dates)), None)
        if step is not None and not _has_words(state, step):
            # "15.02. workshop with their architects", "Friday: call with their CFO": the date heads the
            # clause after it, which is the step
            step = next((c for c in clauses[clauses.index(step) + 1 :] if _has_words(state, c)), step)
    if owner is None and due is not None:
        owner = "us"
    next_step = None
    if step is not None and (owner is not None or parked):
        next_step = _step_words(state, clauses, step)

    action = cues.action
    if action == "remind" and cues.remind_from is not None:
        owner, next_step = "us", _remind_step(state, clauses, cues.remind_from)
        due = _due([m for m in dates if m.start >= cues.remind_from], None) or due
    elif action == "snooze":
        owner, next_step = None, None
        due = dates[0].value if dates else cues.moved_to
    elif action in {"rename", "reassign"}:
        owner, next_step, due = None, None, None
    elif action == "reopen":
        if stage is None and step is not None and step.kind == "meeting" and "demo" in step.text:
            stage = "demo"  # "reopen Tovana, they want a demo next week"
    elif action == "close" and cues.action_cue is not None and cues.action_cue.label == "CLOSE_BARE":
        stage = stage if stage in CLOSED_STAGES else None  # "close Hooli": won or lost, the assistant asks
    elif action == "close":
        if stage not in CLOSED_STAGES:
            lost = any(c.label == "CLOSE" and "lost" in c.span.text.lower() for c in state.cues)
            stage = "lost" if lost else "won"
    elif action == "done":
        done_clauses = [_clause_of(clauses, c.start_char) for c in state.cues if c.label in _DONE_LABELS]
        event = cues.action_cue is not None and cues.action_cue.label == "EVENT_DONE"
        if (
            _others_name_a_step(clauses, done_clauses)
            or any(_done_later(state.lower, c.start_char, c.end_char) for c in _done_cues(state))
            or (event and (amount is not None or not _says_only(state, clauses, done_clauses)))
        ):
            action = None  # "Hooli: done, next is the pricing call": a new step, a plain update
        else:
            # "sent it": done, and what we delivered leaves the ball in their court (no step named)
            delivered = owner_clause is not None and owner_clause.kind == "delivered"
            owner, next_step, due = ("prospect" if delivered else None), None, None
    if action is None or action == "reopen":
        owner, next_step, due = _kept_step(state, cues, clauses, step, owner, next_step, due, parked)
    if stage in CLOSED_STAGES:
        owner, next_step, due = None, None, None
    elif (
        not (owner or due or stage or amount or park_until or temperature or parking)
        and not (action or cues.unpark or close_by)
        and _CHITCHAT.search(state.lower)
    ):
        return ParsedMessage(intent="other")  # "great job on the Hooli deal everyone"
    return DealUpdate(
        deal=deal,
        is_new_deal=is_new,
        candidates=candidates,
        owner=owner,
        next_step=next_step,
        due=due,
        stage=stage,
        amount=amount,
        currency=state.currency if amount is not None else None,
        park_until=park_until,
        unpark=cues.unpark,
        temperature=temperature,
        close_by=close_by,
        action=action,
        new_name=cues.new_name if action == "rename" else None,
        rep=cues.rep if action == "reassign" else None,
        park_asked=park_asked and not cues.no_park,
    )


# Actions that need no deal named: "sent it", "snooze it a week" (the thread or the assistant says which).
_DEAL_FROM_THREAD = frozenset({"done", "snooze"})
_DONE_LABELS = frozenset({"DONE", "EVENT_DONE", "NOTHING_NEXT"})
# "need to get it done by Friday", "we'll have the call done": done later is a step, not done now.
_DONE_BEFORE = re.compile(
    r"\b(?:need|needs|get|getting|have|has|will|'ll|should|must|to|gonna|going|want|wants|plan|hope|try)\b[^.,;:!?\n]*$"
)
_DONE_AFTER = re.compile(r"\s*(?:by|before|until|till|on|next|this|tomorrow|soon|asap)\b")


def _done_later(lower: str, start: int, end: int) -> bool:
    line_start = max(lower.rfind(mark, 0, start) for mark in (".", ",", ";", ":", "\n", "!", "?")) + 1
    return bool(_DONE_BEFORE.search(lower, line_start, start) or _DONE_AFTER.match(lower, end))


def _done_cues(state: Analysis) -> list[Found]:
    return [c for c in state.cues if c.label in _DONE_LABELS]


def _says_only(state: Analysis, clauses: tuple[Clause, ...], these: list[Clause | None]) -> bool:
    """Whether every clause but these is empty besides the deal's name: "Hooli: call done"."""
    for clause in clauses:
        if clause in these:
            continue
        text = state.lower[clause.start : clause.end]
        for start, end in state.taken:
            start, end = max(start, clause.start) - clause.start, min(end, clause.end) - clause.start
            if start < end:
                text = text[:start] + " " * (end - start) + text[end:]
        if WORD.search(text):
            return False
    return True


def _step_words(state: Analysis, clauses: tuple[Clause, ...], step: Clause) -> str | None:
    # "ping Ms. Dahl again": a name after a title is a person's and stays, even when it names a deal
    names = [(start, end) for start, end in state.taken if not after_title(state.lower, start)]
    removals = names + [(m.start, m.end) for m in state.dates]
    # "they will do the needful and send the MSA": the filler is no part of the step
    removals += [(c.start_char, c.end_char) for c in state.cues if c.label == "FILLER"]
    said = _said_clause(clauses, step)
    if said.kind == "nothing":
        return None  # "nothing pending from our side": whose turn it is, and no step
    next_step = step_text(state.text, said.start, said.start + len(said.text), removals, said.kind)
    said_words = set(WORD.findall(next_step.lower())) if next_step is not None else set()
    if said_words and said_words <= _MODAL_WORDS:
        return None  # "will do the needful by Friday": the filler gone, a modal is no step
    if next_step is not None and said.kind != "delivered":
        earlier = [(c.start, c.end) for c in reversed(clauses[: clauses.index(said)])]
        next_step = complete_step(next_step, state.text, earlier, removals)
    return next_step


_MODAL_WORDS = words("i we will shall would 'll and then to")


def _remind_step(state: Analysis, clauses: tuple[Clause, ...], start: int) -> str | None:
    """ "remind me to |call Hooli on Friday": the step is what follows, to the end of its clause;
    "remind me about |Hooli" is to follow up on it."""
    clause = _clause_of(clauses, start) or _clause_of(clauses, start + 1)
    end = clause.end if clause is not None else len(state.text)
    while start < end and state.text[start].isspace():
        start += 1
    removals = [(m.start, m.end) for m in state.dates]  # the deal's name stays: "call Hooli"
    step = step_text(state.text, start, end, removals, "instruction")
    if step is not None and state.lower[:start].rstrip().endswith("about"):
        step = f"follow up on {step}"
    return step


# A clause that opens with a modal has no subject of its own: "their CFO is not answering, will give it one
# more go Thursday" is our retry after their silence, whatever subject the clause before lends it.
_NO_SUBJECT_OF_ITS_OWN = re.compile(
    r"^[\s\W]*(?:(?:and|then|so|also|just|maybe|probably|prob)\s+)*(?:will|shall|'ll|would|should|must|can|could|"
    r"might|may|need|needs|going\s+to|gonna|have\s+to|gotta)\b"
)


def _as_step(text: str) -> str:
    """A cue's words as a step: as written ("ping Ms. Dahl again"), but for a capital that only opens a
    sentence ("Try again" -> "try again")."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first[1:].islower() or len(first) == 1 else text


def _kept_step(
    state: Analysis,
    cues: Reading,
    clauses: tuple[Clause, ...],
    step: Clause | None,
    owner: Owner | None,
    next_step: str | None,
    due: date | None,
    parked: bool,
) -> tuple[Owner | None, str | None, date | None]:
    """A step still pending, a date moved, or a retry: what stays of the stored step (PARSING.md)."""
    if parked:
        return owner, next_step, due
    moved = cues.date_moved
    if moved is not None:
        clause = _clause_of(clauses, moved.start_char)
        if (
            clause is not None
            and (step is None or step is clause)
            and _only_cue(state, clause, moved)
            and not _others_name_a_step(clauses, [clause])
        ):
            mention = next((m for m in state.dates if moved.start_char <= m.start < moved.end_char), None)
            new_due = mention.value if mention is not None else None
            return None, None, new_due or cues.moved_to or due
    retry = cues.retry
    retry_clause = _clause_of(clauses, retry.start_char) if retry is not None else None
    if retry is not None and not (
        retry_clause is not None
        and retry_clause.owner == "prospect"
        and not _NO_SUBJECT_OF_ITS_OWN.match(retry_clause.text)
    ):
        later = [m for m in state.dates if m.start >= retry.start_char and m.value is not None]
        return "us", _as_step(retry.span.text), later[0].value if later else due
    if step is not None and any(
        c.label in _NOTHING_PENDING and step.start <= c.start_char < step.end for c in state.cues
    ):
        return owner, None, due  # "nothing pending from our side": theirs, and no step of its own
    pending = cues.still_pending
    if pending is not None:
        clause = _clause_of(clauses, pending.start_char)
        if clause is not None and (step is None or step is clause) and _only_pending(state, clause, pending):
            if owner is None and not _NO_SIDE.isdisjoint(t.lower_ for t in pending.span):
                owner = "prospect"  # "still waiting", "chased them again": the ball is still theirs
            return owner, None, due
    return owner, next_step, due
