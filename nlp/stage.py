"""Stage and temperature cues: set only when the message says the deal is now there."""

from __future__ import annotations

import re
from collections.abc import Callable

from nlp.lexicon import words
from nlp.scan import Cues
from nlp.types import Stage, Temperature

_NEGATED = re.compile(
    r"\bnothing\s+$|(?:\bnot|\bno|\bnever|n't|\bwithout|\byet\s+to|\bbefore|\bonce|\bwhen|\bif|\buntil|\bget\s+it|\bgetting\s+it"
    r"|\bto\s+be|\bbe|\bbeing)\s+(?:\w+\s+){0,1}$"
)
# What every `_NEGATED` match ends with before its spaces (and at most one more word and spaces).
_NEGATION_ENDS = ("not", "no", "nothing", "never", "n't", "without", "to", "before", "once", "when", "if",
                  "until", "it", "be", "being")  # fmt: skip
_ASKED = re.compile(
    r"\b(?:wants?|wanted|asked\s+for|asking\s+for|would\s+like|requested|interested\s+in)\s+"
    r"(?:a\s+|an\s+|another\s+|the\s+)?(?:\w+\s+)?$"
)

# A stage's cue, alternative by alternative: (gate, regex); the cue is the alternatives joined by "|".
# The gate says what every match of its alternative contains (see `Cues`), so a message without it is
# not scanned: words, one of which the match has as a whole word, and after " & " more such lists.
# Gate words are never is/was/with/from/at/for/called/named/w: blanking a new deal's name can leave
# one of those as a word of its own ("new lead forAcme" -> "new lead for    "), not in `Analysis.words`.
# Lookbehinds stand after the word they guard: `(?<!a\s)\bsigned` == `\bsigned(?<!a\ssigned)`, but
# checked only where "signed" is, not at every position.
# Most advanced first: when a message has cues of two stages, the later stage is where the deal is.
_ALTERNATIVES: tuple[tuple[Stage, tuple[tuple[str, str], ...]], ...] = (
    ("lost", (
        # "closed lost" without a space between is the one word "closedlost"
        ("lost closelost closedlost", r"\bclosed?[\s-]*(?:out\s+)?(?:as\s+)?lost\b"),
        ("closing & lost", r"\bclosing\s+(?:it\s+|this\s+)?(?:out\s+)?(?:as\s+)?lost\b"),
        # not "lost our champion": a person gone, not the deal
        ("lost", r"\b(?:we\s+)?lost\b(?!\s+(?:touch|contact|track))"
                 r"(?!\s+(?:our|their|the|my)\s+(?:main\s+|key\s+|exec\s+)?(?:champion|sponsor|contact|poc|buyer))"),
        ("dead", r"\bdead\b(?<!from\sthe\sdead)"),  # "back from the dead" is alive again
        ("went", r"\bwent\s+(?:with|w/?|for)\s+(?:a\s+|another\s+|the\s+)?"
                 r"(?:competitor|vendor|incumbent|someone\s+else|other\s+\w+)"),
        ("went chose picked & instead",
         r"\b(?:went\s+(?:with|w/?|for)|chose|picked)\s+[\w.&-]+(?:\s+[\w.&-]+)?\s+instead\b"),
        ("chose picked signed selected", r"\b(?:chose|picked|signed\s+with|selected)\s+"
                                         r"(?:a\s+|another\s+|the\s+)?(?:competitor|vendor|incumbent|someone\s+else)"),
        ("said & no", r"\bsaid\s+no\b"),
        ("turned & down", r"\bturned\s+(?:us\s+)?down\b"),
        ("passed & on", r"\bpassed\s+on\s+(?:us|it)\b"),
        ("forward & moving & not", r"\bnot\s+moving\s+forward\b"),
        ("longer & interested", r"\bno\s+longer\s+interested\b"),
        ("off & deal", r"\bdeal\s+is\s+off\b"),
        ("go & no", r"\bno[\s-]go\b"),
    )),
    ("won", (
        ("closed closedwon", r"\bclosed[\s-]*won\b"),
        ("closed", r"\bclosed\b(?![\s-]*(?:out\s+)?(?:as\s+)?lost)(?!\s+(?:the\s+)?loop)"
                   r"(?!\s+(?:out\s+)?(?:by|before)\b)"
                   # "their office is closed till Monday": a closed office, not a closed deal
                   r"(?!\s+(?:till|until|til|through|over|for\s+(?:the\s+)?(?:holiday|holidays|weekend|break)))"),
        ("signed", r"\bsigned(?<!the\ssigned)(?<!a\ssigned)(?<!an\ssigned)\b"
                   r"(?!\s+(?:the\s+|an\s+|their\s+|our\s+)?(?:nda|mutual\s+nda)\b)"
                   r"(?!\s+with\s+(?:a\s+|another\s+)?(?:competitor|vendor))(?!\s+(?:by|before)\b)"),
        ("won", r"\bwon\b(?!')"),
        ("booked", r"\bbooked(?<!demo\sbooked)(?<!call\sbooked)(?<!meeting\sbooked)(?<!demo\sis\sbooked)"
                   r"(?<!call\sis\sbooked)(?<!demo\swas\sbooked)\b"
                   # "booked for Thursday": a meeting arranged, not a deal booked
                   r"(?!\s+(?:in\s+)?(?:for|on)\s+(?:next\s+|this\s+)?(?:mon|tue|wed|thu|fri|sat|sun|tomorrow|today"
                   r"|the\s+\d|\d|next|this|later|early|end))(?<!fully\sbooked)(?!\s+(?:up|solid|out)\b)"
                   r"(?!\s+(?:for|on)\s+(?:the\s+|our\s+)?(?:offsite|conference|trip|event|summit|kickoff|team))"
                   r"(?!\s+(?:in\s+)?"
                   r"(?:a\s+|an\s+|the\s+|our\s+|their\s+|us\s+|them\s+)?(?:\w+\s+)?"
                   r"(?:demo|call|meeting|slot|time|workshop|session|presentation|walkthrough|visit|onsite|review))"),
        ("po", r"\bpo\s+(?:received|rcvd|recvd|rec'd|is\s+in|came\s+in|landed|signed|issued)"),
        ("po", r"\b(?:got|received|have)\s+(?:the\s+|a\s+)?po\b"),
        ("done & deal", r"\bdone\s+deal\b"),
        ("win", r"\bit'?s\s+a\s+win\b"),
        ("signed & contract", r"\bcontract\s+(?:is\s+)?signed\b(?!\s+(?:by|before)\b)"),
    )),
    ("negotiation", (
        ("redlin*", r"\bredlin\w*"),
        ("negotiat*", r"\bnegotiat\w*"),
        ("legal & review", r"\blegal\s+review\b"),
        ("legal", r"\b(?:in|with)\s+(?:their\s+)?legal\b"),
        ("lawyers lawyer counsel attorneys & with by",
         r"\b(?:with|by)\s+(?:their\s+|the\s+)?(?:lawyers?|counsel|attorneys)\b"),
        ("counter counterproposal counteroffer", r"\bcounter[\s-]?(?:proposal|offer)\b"),
        ("legal lawyers & has have got & contract msa paper paperwork redlines",
         r"\b(?:legal|lawyers)\s+(?:has|have|got)\s+(?:the\s+|our\s+)?(?:contract|msa|paper(?:work)?|redlines)\b"),
        ("signature signatures esignature & contract",
         r"\bcontract\s+(?:is\s+)?(?:now\s+)?(?:out\s+)?for\s+(?:e-?)?signatures?\b"),
        # "sent Glasswing the MSA for signature"
        ("signature signatures esignature & sent & msa contract form agreement paperwork sow",
         r"\bsent\s+(?:[\w'&-]+\s+){0,3}?(?:the\s+|our\s+)?(?:msa|contract|order\s+form|agreement|paperwork|sow)\b"
         r"[^.!?\n]{0,30}?\bfor\s+(?:e-?)?signatures?\b"),
        ("procurement", r"\bprocurement\b"),
        ("purchasing", r"\bpurchasing\b"),
        ("signature signatures esignature esignatures & out sent",
         r"\b(?:out|sent|go(?:es|ing)?\s+out)\s+(?:\w+\s+){0,4}?for\s+(?:e-?)?signatures?\b"),
        ("contract & out", r"\bcontract\s+(?:is\s+)?out\b"),
        ("docusign esign sign echosign & sent out",
         r"\b(?:docusign|e-?sign|echosign)\s+(?:is\s+|was\s+)?(?:sent|out)\b"),
        ("docusign & sent", r"\bsent\s+(?:the\s+|a\s+|them\s+)?docusign\b"),
        ("terms & review", r"\bterms\s+review\b"),
        ("review reviews reviewing & contract msa paper terms",
         r"\breview(?:s|ing)?\s+(?:the\s+|our\s+|their\s+)?(?:contract|msa|paper|terms)\b"),
        ("msa & review", r"\bmsa\s+review\b"),
    )),
    ("proposal", (
        ("proposal quote quotation pricing offer estimate bid rfp"
         " & sent emailed shared submitted delivered presented gave",
         r"\b(?:sent|emailed|shared|submitted|delivered|presented|gave)\s+(?:over\s+)?(?:them\s+|him\s+|her\s+)?"
         r"(?:over\s+)?(?:the\s+|our\s+|a\s+|an\s+)?(?:revised\s+|updated\s+|final\s+|new\s+|formal\s+)?"
         r"(?:proposal|quote|quotation|pricing|price\s+quote|offer|estimate|bid|rfp\s+response)\b"),
        ("proposal quote quotation pricing & sent emailed shared",
         r"\b(?:sent|emailed|shared)\s+(?:their\s+\w+|[\s\w]{1,30}?)\s+(?:the\s+|our\s+)?"
         r"(?:revised\s+|updated\s+|final\s+)?(?:proposal|quote|quotation|pricing)\b"),
        ("proposal quote quotation pricing & sent out submitted delivered emailed shared presented",
         r"\b(?:proposal|quote|quotation|pricing)(?:\s+is\s+|\s+has\s+been\s+|\s+was\s+|'s\s+|\s+)"
         r"(?:went\s+|(?:has\s+)?gone\s+)?(?:sent|out|submitted|delivered|emailed|shared|presented)\b"),
        ("walked & through & proposal quote quotation pricing",
         r"\bwalked\s+[\s\w]{1,30}?\s+through\s+(?:the\s+|our\s+)?(?:proposal|quote|quotation|pricing)\b"),
        # "quoted them 40k", "got the quote over to them", "they have our proposal"
        ("quoted", r"\bquoted\s+(?:them|him|her|the\s+(?:client|customer|prospect)|\$|€|£|\d)"),
        ("proposal quote quotation pricing & got sent put",
         r"\b(?:got|sent|put)\s+(?:the\s+|our\s+)?(?:proposal|quote|quotation|pricing)\s+(?:over\s+)?"
         r"(?:to|in\s+front\s+of)\s+(?:them|him|her|their)\b"),
        ("proposal quote quotation & have has got received & they he she",
         r"\b(?:they|he|she)(?:'ve\s+(?:now\s+)?(?:got|received)|\s+(?:now\s+)?(?:have|has|got|received))\s+"
         r"(?:the\s+|our\s+)?"
         r"(?:proposal|quote|quotation)\b"),
        ("proposal & in", r"\bin\s+proposal\b"),
        ("proposal quote pricing & sent submitted delivered",  # "quote for 22.500 € sent"
         r"\b(?:proposal|quote|pricing)\s+(?:for|of|with)\s+(?:[^.,;:!?\n]|(?<=\d)[.,](?=\d)){1,25}?\s+"
         r"(?:sent|submitted|delivered)\b"),
    )),
    ("demo", (
        ("demo demos demoed demoing",
         r"\bdemo(?<!since\sthe\sdemo)(?<!after\sthe\sdemo)(?<!since\sour\sdemo)(?<!after\sour\sdemo)"
         r"(?<!since\sdemo)(?<!after\sdemo)(?:s|ed|'d|ing)?\b"),
        ("product platform & showed shown show",
         r"\b(?:showed|shown|show)\s+(?:[\s\w]{1,30}?\s+)?(?:the\s+|our\s+)?(?:product|platform)\b"),
        ("walked & through & product platform",
         r"\bwalked\s+[\s\w]{1,30}?\s+through\s+(?:the\s+|our\s+)?(?:product|platform)\b"),
        ("product & through walkthrough", r"\bproduct\s+walk-?through\b"),
        ("walked & through & them", r"\bwalked\s+them\s+through\b"),
    )),
    ("qualified", (
        # was `(?<!dis)(?<!un)\bqualified\b`: after "dis" or "un" there is no `\b`, so the same
        ("qualified", r"\bqualified\b"),
        ("discovery disco",
         r"\b(?:discovery|disco)\s+(?:call\s+|meeting\s+|session\s+)?(?:with\s+[\s\w'&.-]{1,40}?\s+)?"
                      r"(?:went\s+(?:really\s+|very\s+)?(?:well|great|good)|done|is\s+done|complete"
                      r"|was\s+(?:really\s+|very\s+)?(?:good|great|solid))"),
        ("discovery & good great solid strong productive",
         r"\b(?:good|great|solid|strong|productive)\s+discovery\b"),
        ("budget & need use & and",
         r"\b(?:have|has|got)\s+(?:the\s+)?budget\s+and\s+(?:a\s+)?(?:need|use\s+case)\b"),
        ("budget & need & and", r"\bbudget\s+and\s+need\b"),
        ("budget & need", r"\bbudget\s*(?:\+|&)\s*(?:a\s+)?need\b"),
    )),
    ("lead", (
        ("new & lead prospect opportunity opp deal logo",
         r"\bnew\s+(?:inbound\s+)?(?:lead|prospect|opportunity|opp|deal|logo)\b"),
        ("inbound", r"\binbound\b"),
        ("touch & first", r"\bfirst\s+touch\b"),
        ("first 1st intro introductory initial & call meeting chat",
         r"\b(?:first|1st|intro|introductory|initial)\s+(?:call|meeting|chat)\b"),
    )),
)  # fmt: skip

_CUES = Cues(_ALTERNATIVES)

# Lost and won cues are looked for only when the text also has one of these substrings. They are part
# of the rules, not only a shortcut: some miss a cue whose words are apart by a newline or a blanked
# deal name ("said\nno", "po\nreceived"), and such a message sets no stage. Kept as they were.
_SUBSTRING_RULES: dict[Stage, tuple[str, ...]] = {
    "lost": ("lost", "dead", "went ", "chose", "picked", "signed", "selected", "said no", "turned", "passed",
             "forward", "no longer", "is off", "no-go", "no go"),
    "won": ("closed", "signed", "won", "booked", " po", "po ", "done deal", "win"),
}  # fmt: skip
_SUBSTRING_SCANS = {
    stage: re.compile("|".join(map(re.escape, gates))) for stage, gates in _SUBSTRING_RULES.items()
}

_TEMPERATURE = re.compile(
    r"\b(hot|warm|cold|lukewarm|icy)(?:er)?\b(?!\s+(?:call|calls|calling|email|emails|outreach|intro|introduction"
    r"|feet|water|start|storage|reach))|\b(heating|warming)\s+up\b|\bon\s+(fire)\b|\b(cooling)\s+(?:off|down)\b"
)
_TEMPERATURES: dict[str, Temperature] = {
    "hot": "hot", "heating": "hot", "fire": "hot", "warm": "warm", "lukewarm": "warm", "warming": "warm",
    "cold": "cold", "icy": "cold", "cooling": "cold",
}  # fmt: skip
# Words one of which every `_TEMPERATURE` match has as a whole word.
_TEMPERATURE_WORDS = words(
    "hot hoter warm warmer cold colder lukewarm lukewarmer icy icyer heating warming fire cooling"
)

_CUE_WORDS = _CUES.words | _TEMPERATURE_WORDS
# A demo they asked for that the message then arranges: "wants a second demo, I'll set it up for Tuesday",
# "asked for a demo, booking it for Tuesday", "wants another demo, thursday works for them".
_ARRANGED_AFTER = re.compile(
    r"\b(?:set(?:ting)?\s+(?:it|that|one)\s+up|book(?:ing|ed)?\s+(?:it|that|one)|schedul(?:e|ing|ed)\s+(?:it|that|one)"
    r"|lock(?:ing|ed)?\s+(?:it|that)\s+in|(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+works)\b"
)


def _negated(lower: str, start: int) -> bool:
    window = lower[max(0, start - 24) : start]
    # A `_NEGATED` match ends with whitespace (before `$`, or before a final newline, itself whitespace),
    # and the negation ends the text before it, or the text before its last word.
    if not window[-1:].isspace():
        return False
    head = window.rstrip()
    if not head.endswith(_NEGATION_ENDS):
        before = head.rsplit(None, 1)
        if len(before) < 2 or not before[0].endswith(_NEGATION_ENDS):
            return False
    return bool(_NEGATED.search(window))


def _substring_rule(stage: Stage, lower: str, match: re.Match[str]) -> bool:
    scan = _SUBSTRING_SCANS.get(stage)
    if scan is None:
        return True
    # Most cues hold a gate themselves ("signed"): look there first, then in the whole text.
    return scan.search(lower, match.start(), match.end()) is not None or scan.search(lower) is not None


def _find_stage(lower: str, possible: dict[int, int]) -> tuple[Stage | None, int]:
    for rank in sorted(possible):
        stage = _CUES.keys[rank]
        for match in _CUES.pattern(rank, possible[rank]).finditer(lower):
            if _negated(lower, match.start()):
                continue
            if (
                stage == "demo"
                and _ASKED.search(lower, max(0, match.start() - 32), match.start())
                and not _ARRANGED_AFTER.search(lower, match.end())
            ):
                continue  # "they want a demo": asked for, not yet planned
            if not _substring_rule(stage, lower, match):
                break  # the stage is not looked for in this text
            return stage, match.start()
    return None, -1


def _find_temperature(lower: str) -> Temperature | None:
    found: Temperature | None = None
    for match in _TEMPERATURE.finditer(lower):
        word = match.group(1) or match.group(2) or match.group(3) or match.group(4)
        if word and not _negated(lower, match.start()):
            found = _TEMPERATURES[word]
    return found


def read_stage(
    lower: str, words: frozenset[str], blanked: Callable[[], str]
) -> tuple[Stage | None, Temperature | None]:
    """`find_stage` and `find_temperature` of `blanked()` (`lower` with spans blanked), which is made
    only when the message has a cue word: most messages have none."""
    if _CUE_WORDS.isdisjoint(words):  # most messages: one look at their words
        for part in _CUES.parts:
            if part in lower:
                break
        else:
            return None, None
    possible = _CUES.possible(lower, words)  # a substring of `blanked()` is one of `lower`
    temperature = not _TEMPERATURE_WORDS.isdisjoint(words)
    if not possible and not temperature:
        return None, None
    text = blanked()
    stage = _find_stage(text, possible)[0] if possible else None
    return stage, _find_temperature(text) if temperature else None
