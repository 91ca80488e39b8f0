"""Stage and temperature cues: set only when the message says the deal is now there."""

from __future__ import annotations

import re

from nlp.scan import any_of
from nlp.types import Stage, Temperature

_NEGATED = re.compile(
    r"(?:\bnot|\bno|\bnever|n't|\bwithout|\byet\s+to|\bbefore|\bonce|\bwhen|\bif|\buntil|\bget\s+it|\bgetting\s+it"
    r"|\bto\s+be|\bbe|\bbeing)\s+(?:\w+\s+){0,1}$"
)
_ASKED = re.compile(
    r"\b(?:wants?|wanted|asked\s+for|asking\s+for|would\s+like|requested|interested\s+in)\s+"
    r"(?:a\s+|an\s+|another\s+|the\s+)?(?:\w+\s+)?$"
)

# Most advanced first: when a message has cues of two stages, the later stage is where the deal is.
_STAGE_CUES: tuple[tuple[Stage, re.Pattern[str]], ...] = (
    ("lost", re.compile(
        r"\bclosed?[\s-]*(?:out\s+)?(?:as\s+)?lost\b|\bclosing\s+(?:it\s+|this\s+)?(?:out\s+)?(?:as\s+)?lost\b"
        r"|\b(?:we\s+)?lost\b(?!\s+(?:touch|contact|track))|\bdead\b|\bwent\s+(?:with|w/?|for)\s+(?:a\s+|another\s+|the\s+)?"
        r"(?:competitor|vendor|incumbent|someone\s+else|other\s+\w+)|\b(?:chose|picked|signed\s+with|selected)\s+"
        r"(?:a\s+|another\s+|the\s+)?(?:competitor|vendor|incumbent|someone\s+else)|\bsaid\s+no\b"
        r"|\bturned\s+(?:us\s+)?down\b|\bpassed\s+on\s+(?:us|it)\b|\bnot\s+moving\s+forward\b"
        r"|\bno\s+longer\s+interested\b|\bdeal\s+is\s+off\b|\bno[\s-]go\b")),
    ("won", re.compile(
        r"\bclosed[\s-]*won\b|\bclosed\b(?![\s-]*(?:out\s+)?(?:as\s+)?lost)(?!\s+(?:the\s+)?loop)(?!\s+(?:out\s+)?(?:by|before)\b)"
        r"|(?<!the\s)(?<!a\s)(?<!an\s)\bsigned\b(?!\s+(?:the\s+|an\s+|their\s+|our\s+)?(?:nda|mutual\s+nda)\b)"
        r"(?!\s+with\s+(?:a\s+|another\s+)?(?:competitor|vendor))(?!\s+(?:by|before)\b)|\bwon\b(?!')"
        r"|(?<!demo\s)(?<!call\s)(?<!meeting\s)(?<!demo\sis\s)(?<!call\sis\s)(?<!demo\swas\s)\bbooked\b(?!\s+(?:in\s+)?(?:a\s+|an\s+|the\s+|our\s+|their\s+|us\s+|them\s+)?(?:\w+\s+)?"
        r"(?:demo|call|meeting|slot|time|workshop|session|presentation|walkthrough|visit|onsite|review))"
        r"|\bpo\s+(?:received|is\s+in|came\s+in|landed|signed|issued)|\b(?:got|received|have)\s+(?:the\s+|a\s+)?po\b"
        r"|\bdone\s+deal\b|\bit'?s\s+a\s+win\b|\bcontract\s+(?:is\s+)?signed\b(?!\s+(?:by|before)\b)")),
    ("negotiation", re.compile(
        r"\bredlin\w*|\bnegotiat\w*|\blegal\s+review\b|\b(?:in|with)\s+(?:their\s+)?legal\b|\bprocurement\b"
        r"|\bpurchasing\b|\b(?:out|sent|go(?:es|ing)?\s+out)\s+(?:\w+\s+){0,4}?for\s+(?:e-?)?signatures?\b|\bcontract\s+(?:is\s+)?out\b|\bterms\s+review\b"
        r"|\breviewing\s+(?:the\s+|our\s+)?(?:contract|msa|paper|terms)\b|\bmsa\s+review\b")),
    ("proposal", re.compile(
        r"\b(?:sent|emailed|shared|submitted|delivered|presented)\s+(?:over\s+)?(?:them\s+|him\s+|her\s+)?"
        r"(?:over\s+)?(?:the\s+|our\s+|a\s+|an\s+)?(?:revised\s+|updated\s+|final\s+|new\s+|formal\s+)?"
        r"(?:proposal|quote|pricing|price\s+quote|offer|estimate)\b|\b(?:sent|emailed|shared)\s+(?:their\s+\w+|[\s\w]{1,30}?)\s+(?:the\s+|our\s+)?"
        r"(?:revised\s+|updated\s+|final\s+)?(?:proposal|quote|pricing)\b"
        r"|\b(?:proposal|quote|pricing)(?:\s+is\s+|\s+has\s+been\s+|\s+was\s+|'s\s+|\s+)(?:went\s+)?(?:sent|out|submitted|delivered)\b"
        r"|\bin\s+proposal\b")),
    ("demo", re.compile(
        r"(?<!since\sthe\s)(?<!after\sthe\s)(?<!since\sour\s)(?<!after\sour\s)(?<!since\s)(?<!after\s)"
        r"\bdemo(?:s|ed|'d|ing)?\b|\b(?:showed|shown|show)\s+(?:[\s\w]{1,30}?\s+)?(?:the\s+|our\s+)?(?:product|platform)\b"
        r"|\bwalked\s+[\s\w]{1,30}?\s+through\s+(?:the\s+|our\s+)?(?:product|platform)\b"
        r"|\bproduct\s+walk-?through\b|\bwalked\s+them\s+through\b")),
    ("qualified", re.compile(
        r"(?<!dis)(?<!un)\bqualified\b|\bdiscovery\s+(?:call\s+|meeting\s+|session\s+)?(?:with\s+[\s\w'&.-]{1,40}?\s+)?"
        r"(?:went\s+(?:really\s+|very\s+)?(?:well|great|good)|done|is\s+done|complete|was\s+(?:really\s+|very\s+)?(?:good|great|solid))"
        r"|\b(?:good|great|solid|strong|productive)\s+discovery\b"
        r"|\b(?:have|has|got)\s+(?:the\s+)?budget\s+and\s+(?:a\s+)?(?:need|use\s+case)\b|\bbudget\s+and\s+need\b")),
    ("lead", re.compile(
        r"\bnew\s+(?:inbound\s+)?(?:lead|prospect|opportunity|opp|deal|logo)\b|\binbound\b|\bfirst\s+touch\b"
        r"|\b(?:first|1st|intro|introductory|initial)\s+(?:call|meeting|chat)\b")),
)  # fmt: skip

_TEMPERATURE = re.compile(
    r"\b(hot|warm|cold|lukewarm|icy)(?:er)?\b(?!\s+(?:call|calls|calling|email|emails|outreach|intro|introduction"
    r"|feet|water|start|storage|reach))|\b(heating|warming)\s+up\b|\bon\s+(fire)\b|\b(cooling)\s+(?:off|down)\b"
)
_TEMPERATURES: dict[str, Temperature] = {
    "hot": "hot", "heating": "hot", "fire": "hot", "warm": "warm", "lukewarm": "warm", "warming": "warm",
    "cold": "cold", "icy": "cold", "cooling": "cold",
}  # fmt: skip


# Substrings one of which every match of a stage's cue contains: cheap gates before the regexes.
_GATES: dict[str, tuple[str, ...]] = {
    "lost": ("lost", "dead", "went ", "chose", "picked", "signed", "selected", "said no", "turned", "passed",
             "forward", "no longer", "is off", "no-go", "no go"),
    "won": ("closed", "signed", "won", "booked", " po", "po ", "done deal", "win"),
    "negotiation": ("redlin", "negotiat", "legal", "procurement", "purchasing", "signature", "contract",
                    "terms", "reviewing", "msa"),
    "proposal": ("proposal", "quote", "pricing", "offer", "estimate"),
    "demo": ("demo", "product", "walk", "platform"),
    "qualified": ("qualified", "discovery", "budget"),
    "lead": ("new", "inbound", "first", "1st", "intro", "initial"),
}  # fmt: skip
_TEMPERATURE_GATE = ("hot", "warm", "cold", "icy", "heating", "cooling", "fire")
# The gates as compiled scans (one C call each), and one for all stages: most messages name none.
_GATE_SCANS = {stage: any_of(gates) for stage, gates in _GATES.items()}
_ANY_STAGE = any_of(g for gates in _GATES.values() for g in gates)
_TEMPERATURE_SCAN = any_of(_TEMPERATURE_GATE)


def _negated(lower: str, start: int) -> bool:
    return bool(_NEGATED.search(lower[max(0, start - 24) : start]))


def find_stage(lower: str) -> tuple[Stage | None, int]:
    """The stage the message puts the deal in, and where its cue starts (-1 when none)."""
    if _ANY_STAGE(lower) is None:
        return None, -1
    for stage, pattern in _STAGE_CUES:
        if _GATE_SCANS[stage](lower) is None:
            continue
        for match in pattern.finditer(lower):
            if _negated(lower, match.start()):
                continue
            if stage == "demo" and _ASKED.search(lower, max(0, match.start() - 32), match.start()):
                continue  # "they want a demo": asked for, not yet planned
            return stage, match.start()
    return None, -1


def find_temperature(lower: str) -> Temperature | None:
    """'Hooli is hot', 'warm lead', 'went cold': the last temperature the message states."""
    found: Temperature | None = None
    if _TEMPERATURE_SCAN(lower) is None:
        return None
    for match in _TEMPERATURE.finditer(lower):
        word = match.group(1) or match.group(2) or match.group(3) or match.group(4)
        if word and not _negated(lower, match.start()):
            found = _TEMPERATURES[word]
    return found
