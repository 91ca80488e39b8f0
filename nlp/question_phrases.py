"""What a question asks besides its kind (PARSING.md, "Questions"): the filters a list question names
(stage, temperature, period, rep) and the words a list phrase may stand with and still ask alone.

The ways to ask each kind are token patterns in nlp/patterns/questions.json (nlp/questions.py reads
them); this module holds no phrase of a kind.
"""

from __future__ import annotations

import re

from nlp.lexicon import DATE_WORDS, words
from nlp.types import Period, Stage, Temperature

# The stage words a list question filters on ("what's in proposal", "deals in legal").
STAGE_WORDS = (
    r"lead|leads|qualified|qualification|demo|demos|proposal|proposals|negotiation|negotiating|legal|"
    r"redlines|procurement|contract|won|lost|closed"
)

# What a list question may name besides its phrase and still be that phrase alone ("parked deals",
# "cold ones pls"): a message of these words and one phrase asks for it.
FILLER_WORDS = words(
    """
    deals deal ones opps opportunities accounts leads list all any the my our please pls plz thanks thx
    show me now again so ok okay hey hi and right rn currently atm today this week month quarter year
    next for in by of end eod eow eom eoq eoy q1 q2 q3 q4 qtr wk yr tonight tomorrow
    ball stuff things items everything whole entire team team's everyone's open active current
    stage lead leads qualified demo demos proposal proposals negotiation legal redlines procurement won lost
    """
)

# --- The filters a list question names (PARSING.md): its stage, temperature, period and rep
# (nlp/questions.py reads them).
STAGE_OF: dict[str, Stage] = {
    "lead": "lead", "leads": "lead", "qualified": "qualified", "qualification": "qualified", "demo": "demo",
    "demos": "demo", "proposal": "proposal", "proposals": "proposal", "negotiation": "negotiation",
    "negotiating": "negotiation", "legal": "negotiation", "redlines": "negotiation",
    "procurement": "negotiation", "contract": "negotiation", "won": "won", "lost": "lost", "closed": "won",
    "win": "won", "close": "won", "sign": "won", "signed": "won", "lose": "lost",
}  # fmt: skip
STAGE_ASKED = re.compile(
    rf"\b(?:in|at)\s+(?:the\s+)?({STAGE_WORDS})\b|\b({STAGE_WORDS})\s+(?:stage|phase)\b"
    r"|\b(qualified|demo|proposal|negotiation|won|lost|signed)\s+(?:deals|opps|ones|accounts)\b"
    r"|\b(?:did|have|has)\s+(?:we|i|you|the\s+team)\s+(win|won|lose|lost|close|closed|sign|signed)\b"
    r"|\bclosed[\s-]*(won|lost)\b"
)
TEMPERATURE_OF: dict[str, Temperature] = {
    "hot": "hot", "hottest": "hot", "heating": "hot", "fire": "hot",
    "warm": "warm", "warmest": "warm", "warmer": "warm", "lukewarm": "warm", "warming": "warm",
    "cold": "cold", "coldest": "cold", "colder": "cold", "cooling": "cold",
}  # fmt: skip
TEMPERATURE_ASKED = re.compile(
    r"\b(hot|hottest|warm|warmest|warmer|lukewarm|cold|coldest|colder)\b|\b(heating|warming)\s+up\b"
    r"|\bon\s+(fire)\b|\b(cooling)\s+(?:off|down)\b"
)
# The period a list question asks about (PARSING.md: `today`, `week`, ... for the current one, `next_*`).
PERIOD = re.compile(
    r"\b(?:(today|tonight|eod)|(?:this|the|current)\s+(week|wk|month|quarter|qtr|year|yr)|(eow|eom|eoq|eoy)"
    r"|end\s+of\s+(?:the\s+)?(week|month|quarter|qtr|year)|next\s+(week|wk|month|quarter|qtr|year|yr)"
    r")\b"
)
PERIOD_OF: dict[str, Period] = {
    "today": "today", "tonight": "today", "eod": "today", "week": "week", "wk": "week", "eow": "week",
    "month": "month", "eom": "month", "quarter": "quarter", "qtr": "quarter", "eoq": "quarter",
    "year": "year", "yr": "year", "eoy": "year",
}  # fmt: skip
# The queries whose answer depends on a period (PARSING.md; "what comes back this month" for parked).
PERIOD_QUERIES = frozenset({"forecast", "due_today", "parked"})
# A person's list: "dana's deals", "which of Priya's deals are hot", "deals owned by Marco".
PERSON = re.compile(
    r"\b([^\W\d_][\w-]*)'s\s+(?:(?:open|active|current|hot|warm|cold|stale|parked|overdue|big|biggest|top|"
    r"new|own|remaining|late)\s+)*(?:deals|deal|pipeline|pipe|accounts|opps|opportunities|book|forecast|day|"
    r"numbers|plate|list|follow-?ups|next\s+steps|to-?dos)\b"
    r"|\b(?:deals|pipeline|pipe|accounts|opps|forecast|numbers|list)\s+(?:owned\s+by|by|for|of|from)\s+([A-Z][\w-]+)"
    r"|\b(?:does|did|has|is|what's|whats)\s+([A-Z][\w-]+)\s+(?:have|got|owe|own|closing|working|handling|running"
    r"|managing|juggling|covering|carrying)\b"
    r"|\b(?:for|owned\s+by)\s+([A-Z][\w-]+)\s*\??\s*$"
    # "waiting on us for dana", "what's overdue for sam": a lower-case name closing a list question
    r"|\b(?:for|owned\s+by)\s+([a-z][a-z-]{1,20})\s*\??\s*$"
)
# "the team's pipeline", "everyone's deals", "what's": no person.
NOT_PERSON = words(
    "team everyone everybody company what who where how that it there here let he she today tomorrow "
    "week month quarter year yesterday one anyone somebody someone nobody whose this next last each "
    "all our the my q1 q2 q3 q4 us them me you pricing legal procurement security finance signature "
    "review approval renewal budget now later sure real ages while long"
) | frozenset(DATE_WORDS)
MINE = re.compile(r"\b(?:my|mine|i|i'm|i've|i'd)\b|\b(?:for|to|on|with)\s+me\b")
TEAM = re.compile(
    r"\b(?:all|team'?s?|everyone'?s?|everybody'?s?|whole|entire|company|org|our|we|us|we've|we're)\b"
)
