"""The ways to ask each question of PARSING.md ("Questions"), as data: one row per phrase family.

Adding a way to ask is one edit in one place: for a query placed here by an `InPatterns` row (hot,
overdue, stale, parked, waiting on us), its token patterns in nlp/patterns/questions.json; for the
others, a row here. A phrase both makes the message a question (with a "?", a question word, or alone:
"parked", "cold deals") and says which query it is. A row with `asks` makes the
message a question by itself, wherever it stands ("my day", "pipeline by stage"). Rows are tried in
order, the first matching one wins: the more specific queries come first ("who hasn't updated" is
`reps` before it is `stale`, "what's closing this quarter" is `forecast` before `pipeline`).

Patterns here are regular expressions over the lower-cased message with the deal names blanked. Every
row's `examples` are messages that must read as its query: tests/nlp runs them (with no deal in them,
but for the questions about one deal, whose examples name "Hooli").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from nlp.lexicon import DATE_WORDS, words
from nlp.types import Period, Query, Stage, Temperature


class Phrase(NamedTuple):
    query: Query
    pattern: str
    examples: tuple[str, ...]
    asks: bool = False  # the phrase asks by itself: no "?" or question word needed


class InPatterns(NamedTuple):
    """The place of a query whose ways to ask are token patterns in nlp/patterns/questions.json."""

    query: Query


# The stage words a list question filters on ("what's in proposal", "deals in legal").
STAGE_WORDS = (
    r"lead|leads|qualified|qualification|demo|demos|proposal|proposals|negotiation|negotiating|legal|"
    r"redlines|procurement|contract|won|lost|closed"
)

PHRASES: tuple[Phrase | InPatterns, ...] = (
    # --- about one deal (its examples name "Hooli"): its history, else its status. A status phrase also
    # makes a short message with the deal's name a question ("Hooli status", "Hooli - any news").
    Phrase("history",
           r"\bwhat\s+(?:has\s+)?happened\b|\bhistory\b|\btimeline\b|\bwhat(?:\s+has|'s|\s+is)?\s+changed\b"
           r"|(?<!any\s)(?<!any\snew\s)(?<!any\srecent\s)\b(?:all\s+)?(?:the\s+)?updates\s+(?:on|for|about)\b"
           r"|\bactivity\s+(?:on|for)\b|\blog\s+(?:of|for)\b"
           r"|\beverything\s+(?:that'?s\s+|that\s+has\s+)?happened\b|\brun-?down\b"
           r"|\bwhat\s+(?:have|did)\s+(?:we|i|you)\s+(?:done|do)\b",
           ("what happened with Hooli this month", "history of Hooli", "Hooli timeline",
            "all the updates on Hooli", "what's changed on Hooli?", "what have we done on Hooli this month")),
    Phrase("deal_status",
           r"\bstatus\b|\blatest\b|\bwhere\s+(?:are|do|is)\b"
           r"|\bany\s+(?:new\s+|recent\s+)?(?:news|updates?|word|progress|movement|traction|developments?|joy|luck)\b"
           r"|\bhow'?s\b|\bhow\s+is\b|\bnews\b|\bupdates?\s+(?:on|about|for|re)\b|\bstand\b|\bgoing\b"
           r"|\banything\s+new\b|\bheard\s+anything\b|\bwhere\s+(?:we|things)\s+(?:are|stand)\b"
           r"|\bwhat'?s\s+(?:up|new|happening|going\s+on)\b|\btell\s+me\s+about\b|\bfill\s+me\s+in\b"
           r"|\bcatch\s+me\s+up\b|\bupdate\s+me\b|\bup\s+to\s+speed\b|\bupdate\s+(?:pls|please|plz)\b",
           ("Hooli status", "what's the latest on Hooli", "where are we with Hooli?", "any news from Hooli",
            "how's Hooli going?", "Do you have any updates on the Hooli deal?", "Hooli - any news?",
            "can you tell me what's up with Hooli", "could you catch me up on Hooli?", "Hooli? any movement",
            "any joy with Hooli?", "kindly share the status of Hooli", "Hooli update pls",
            "I need an update on Hooli")),
    # --- reps: people behind on their updates (before `stale` and `overdue`, which share words)
    Phrase("reps",
           r"\b(?:who(?:'s|s)?|which\s+(?:reps?|sellers?|aes?|people|of\s+us|team\s+members?)|any\s*(?:one|body)|reps?"
           r"|sellers?|people|team\s+members?)\s+(?:\w+\s+){0,2}?"
           r"(?:has\s*n[o']?t|have\s*n[o']?t|hasnt|havent|did\s*n[o']?t|didnt|is\s*n[o']?t|are\s*n[o']?t"
           r"|is\s+not|are\s+not|has\s+not|have\s+not|not|never)\s+(?:\w+\s+){0,1}?"
           r"(?:updat\w*|post\w*|logg\w*|log|report\w*|check\w*\s+in|touch\w*\s+(?:their|any)|been\s+updat\w*)",
           ("who hasn't updated this week?", "which reps haven't posted an update?",
            "who didn't log anything this week", "which of us hasn't updated their deals?",
            "who's not updated their deals?")),
    Phrase("reps",
           r"\b(?:reps?|sellers?|aes?|people|who|team\s+members?)\b[^?.!\n]{0,30}?\bbehind\s+on\s+"
           r"(?:their\s+|the\s+|deal\s+|pipeline\s+)?(?:updates?|updating|logging|crm|notes)\b"
           r"|\b(?:rep|team|seller)\s+(?:activity|updates?\s+(?:status|report|rate))\b"
           r"|\bwho\s+(?:is|'s|are)\s+(?:behind|slacking|lagging)\b|\bwho\s+updated\s+(?:the\s+)?(?:least|most)\b"
           r"|\bwhich\s+reps?\b|\bwho\s+(?:is|'s)\s+(?:up\s+to\s+date|current)\b"
           r"|\bwho(?:'s|s|\s+is|\s+are)?\s+(?:still\s+)?(?:missing|late\s+(?:on|with))\s+(?:their\s+|an?\s+|any\s+)?"
           r"updates?\b|\bwho\s+(?:still\s+)?needs?\s+to\s+update\b",
           ("which reps are behind on updates", "who's behind on updates?", "rep activity this week",
            "which reps need a nudge?", "who is slacking on updates", "who's missing updates?",
            "who still needs to update their deals?")),
    # --- due_today: the asker's day
    Phrase("due_today",
           r"\bmy\s+(?:day|agenda|schedule|to-?dos?\s+(?:for\s+)?today)\b|\btoday'?s\s+(?:agenda|plan|list|tasks|to-?dos?"
           r"|follow-?ups?|next\s+steps|steps|priorities|actions)\b|\bplan\s+for\s+(?:the\s+|my\s+)?day\b",
           ("my day", "today's agenda", "what's my day look like?", "today's follow-ups"), asks=True),
    Phrase("due_today",
           r"\bdue\s+(?:today|tonight|by\s+eod|this\s+(?:week|month)|tomorrow|next\s+week)\b"
           r"|\b(?:what'?s|whats|what\s+is|what\s+are|anything|something|stuff|items?|tasks?|steps?|follow-?ups?"
           r"|what)\s+(?:\w+\s+)?(?:is\s+|are\s+)?(?<!past\s)due\b(?!\s+(?:diligence|date))",
           ("what's due today?", "anything due this week?", "what is due", "due today",
            "which steps are due?")),
    Phrase("due_today",
           r"\b(?:i|we)\s+(?:have|got|'ve\s+got)\s+(?:going\s+on\s+|on\s+|left\s+)?(?:for\s+)?today\b"
           r"|\bon\s+(?:my|our|the)\s+(?:plate|agenda|list|calendar|schedule)\s+(?:for\s+)?today\b"
           r"|\b(?:follow-?ups?|next\s+steps|tasks|to-?dos?|steps|actions|calls)\s+(?:for\s+|due\s+)?today\b"
           r"|\bwhat'?s\s+(?:on\s+)?(?:for\s+)?today\b|\bwhat\s+is\s+(?:on\s+)?(?:for\s+)?today\b"
           r"|\bwhat\s+should\s+(?:i|we)\s+(?:do|work\s+on|focus\s+on|tackle|chase|follow\s+up\s+on)\s+(?:first\s+)?"
           r"(?:today|tomorrow|this\s+week)\b"
           r"|\b(?:do|should)\s+(?:i|we)\s+(?:do|chase|follow\s+up\s+on|work\s+on)\s+today\b",
           ("what do I have today", "what's on my plate today?", "what should I work on today?",
            "what should I chase this week?",
            "any follow-ups for today?", "what's on for today")),
    # --- forecast: amounts, totals, what closes when
    Phrase("forecast",
           r"\b(?:pipeline|pipe|deals|totals?|numbers|amounts?|revenue|value|forecast|breakdown)\s+(?:broken\s+down\s+)?"
           r"(?:by|per)\s+(?:stage|rep|reps|owner|person|seller|month|quarter)\b|\btotals?\s+(?:by|per)\b",
           ("pipeline by stage", "totals by rep", "deals per stage", "revenue by month"), asks=True),
    Phrase("forecast",
           r"^(?:(?:show|give|pull\s+up|get)\s+(?:me\s+)?)?(?:my|our|the\s+team'?s|[\w-]+'s)\s+(?:numbers|forecast|commit)\b",
           ("Dana's numbers this quarter", "my forecast", "show me Marco's commit"), asks=True),
    Phrase("forecast",
           r"\b(?:forecast|fcst)\b(?!\s+(?:calls?|meetings?|reviews?|syncs?))|\bhow\s+much\b"
           r"|\b(?:pipe(?:line)?|deals?)\s+(?:value|worth|total|size|coverage|amount|sum)\b"
           r"|\b(?:value|worth|size|sum|total)\s+of\s+(?:the\s+|my\s+|our\s+|all\s+)?(?:open\s+)?(?:pipe(?:line)?|deals)\b"
           r"|\btotal\s+(?:open\s+)?(?:pipe(?:line)?|value|amount|deals?|revenue)\b|\bweighted\b|\bquota\b"
           r"|\bwhat'?s\s+(?:our|the|my)\s+(?:number|commit)\b|\bbest\s+case\b|\bhow\s+(?:big|large)\b"
           r"|\b(?:expected|projected|forecast(?:ed)?)\s+(?:revenue|bookings|value|total)\b|\b(?:revenue|bookings)\b"
           r"|\bhow(?:'s|s|\s+is|\s+are)\s+(?:the|this|our|my|we)\s+(?:quarter|qtr|month|year|numbers?|forecast)\s+"
           r"(?:looking|shaping\s+up|tracking)\b",
           ("how much is in the pipeline", "forecast for next month", "what's our forecast?",
            "how's the quarter looking?", "how is this month looking", "expected revenue this quarter?",
            "total pipeline value?", "what's the pipeline worth", "how are we tracking to quota?",
            "how big is the pipeline?", "fcst for next qtr")),
    Phrase("forecast",
           r"\b(?:what'?s|whats|what\s+is|what\s+will|what\s+do\s+we\s+expect\s+to|which\s+deals\s+(?:are|will)"
           r"|deals|anything|what\s+(?:should|could|might|can))\s+(?:\w+\s+)?"
           r"(?:clos(?:e|ing)|land(?:ing)?|sign(?:ing)?)\b(?!\s+(?:the\s+)?loop|[\s-]?off\b)"
           r"|\b(?:expected|likely|going|set|slated|scheduled|projected|forecast(?:ed)?)\s+to\s+(?:close|land|sign)\b"
           r"|\bclos(?:e|ing|es)\s+(?:this|next|by\s+(?:the\s+)?end\s+of(?:\s+the)?)\s+(?:week|month|quarter|qtr|year)\b"
           r"|\b(?:closing|landing)\s+(?:this|next)\b",
           ("what's closing this quarter?", "which deals are closing this month?",
            "what will close next month", "deals expected to close this year")),
    # --- hot: the temperature asked about; overdue (nlp/patterns/questions.json)
    InPatterns("hot"),
    InPatterns("overdue"),
    # --- stale (nlp/patterns/questions.json)
    InPatterns("stale"),
    # --- parked (nlp/patterns/questions.json)
    InPatterns("parked"),
    # --- waiting on us (nlp/patterns/questions.json)
    InPatterns("waiting_on_us"),
    # --- waiting on the prospect
    Phrase("waiting_on_prospect",
           r"\b(?:are\s+)?(?:we|i)\s+(?:still\s+)?wait(?:ing)?\s+(?:on|for|to\s+hear)\b"
           r"|\bwaiting\s+on\s+(?:the\s+)?(?:customers?|clients?|prospects?|them|buyers?|their)\b"
           r"|\bin\s+their\s+court\b|\bdo\s+(?:they|prospects|customers|clients)\s+owe\b|\bowes?\s+us\b"
           # "on them now" says the ball moved (an update); "what's on them?" asks
           r"|\bon\s+(?:them|their\s+side)\b(?!\s+now\b)|\bblocked\s+on\s+(?:them|the\s+customer|customers)\b"
           r"|\b(?:their|the\s+prospect'?s|the\s+customer'?s)\s+(?:move|turn)\b"
           r"|\b(?:on|in|from|at)\s+(?:the\s+)?(?:buyers?|customers?|clients?|prospects?|their)'?s?\s+(?:side|end)\b"
           r"|\b(?:stuck|blocked|waiting)\s+(?:on|with)\s+(?:the\s+)?(?:buyers?|customers?|clients?|prospects?|them)\b"
           r"|\b(?:pending|outstanding)\s+(?:from|with|on)\s+(?:them|the\s+customers?|the\s+prospects?|the\s+clients?)\b"
           r"|\bawait(?:ing|s)?\s+(?:them\b|their\b|(?:the\s+)?(?:customers?|clients?|prospects?|buyers?)\b)"
           r"|\bawait(?:ing|s)?\b[^?.!\n]{0,30}\bfrom\s+(?:them|(?:the\s+)?(?:customers?|clients?|prospects?|buyers?))\b"
           r"|\b(?:customers?|clients?|prospects?|buyers?|they)\s+(?:are\s+|is\s+)?(?:still\s+)?sitting\s+on\b"
           r"|\b(?:sitting|still|stuck)\s+with\s+(?:the\s+)?(?:customers?|clients?|prospects?|buyers?|them)\b"
           r"|\b(?:are\s+we|am\s+i)\s+(?:still\s+)?(?:owed|chasing)\b"
           r"|\bawait(?:ing|s)?\s+(?:an?\s+|the\s+)?(?:signatures?|sign-?off|approval|feedback|repl(?:y|ies)|responses?"
           r"|decisions?|po|answers?)\b",
           ("what are we waiting on", "which deals are waiting on the customer?", "who owes us a reply?",
            "what's pending from their side?", "ball in their court?", "what's stuck with the customer?",
            "which deals are awaiting customer feedback?", "anything awaiting sign-off from clients?",
            "what are customers sitting on?", "which quotes are still with clients?", "what are we owed?",
            "which deals are we chasing?", "what's awaiting signature?")),
    # --- pipeline: lists of deals, by person or stage
    Phrase("pipeline",
           r"^(?:(?:show|list|give|pull\s+up|get)\s+(?:me\s+)?)?(?:all\s+)?(?:my|our|the\s+team'?s|[\w-]+'s)\s+"
           r"(?:(?:open|active|current|hot|warm|cold|stale|parked|overdue|big|biggest|top|new|late)\s+)*"
           r"(?:deals|pipeline|pipe|accounts|opps|opportunities|book)\b",
           ("my pipeline", "dana's deals", "Dana's pipeline", "the team's pipeline", "show me Marco's deals",
            "Marco's open deals"),
           asks=True),
    Phrase("pipeline",
           r"\b(?:pipe(?:line)?|funnel)\b(?!\s+(?:review|meeting|call|sync)\b)"
           r"|\b(?:my|our|his|her|\w+'s)\s+(?:open\s+|active\s+)?(?:deals|accounts|opps|opportunities|book)\b"
           rf"|\b(?:what'?s?|which|deals|anything)\s+(?:deals\s+)?(?:are\s+|is\s+)?(?:in|at)\s+(?:the\s+)?(?:{STAGE_WORDS})\b"
           rf"|\b(?:{STAGE_WORDS})\s+stage\b|\b(?:list|show)\s+(?:me\s+)?(?:all\s+)?(?:the\s+|my\s+|our\s+)?(?:open\s+)?deals\b"
           rf"|\ball\s+(?:open\s+|active\s+|the\s+)?deals\b|\bopen\s+deals\b|\b(?:in|at)\s+(?:the\s+)?(?:{STAGE_WORDS})\b"
           r"|\bdeals\s+(?:have\s+|were\s+|did\s+we\s+)?(?:closed|won|lost|close|win|lose)\b"
           r"|\bdeals\s+(?:owned\s+by|by|for|of)\s+\w+"
           r"|\bwhat(?:'s|\s+is|\s+are)\s+(?!it\b|that\b|this\b|he\b|she\b|they\b|we\b|you\b|i\b)[a-z][\w-]*\s+working\s+on\b"
           r"|\bwhat\s+(?:does|has|did)\s+(?!it\b|that\b|this\b|he\b|she\b|they\b|we\b|you\b|i\b)[a-z][\w-]*\s+"
           r"(?:have|got)\b(?!\s+to\s+do)"
           r"|\bdeals\s+(?:is|are|does|do)\s+[a-z][\w-]*\s+(?:working|running|own|have|handling)\b"
           r"|^(?:list|show|give\s+me)\s+(?:me\s+)?(?:everything|all)\b"
           r"|\b(?:what|which(?:\s+deals?)?|anything|deals)\s+(?:did|have|has)\s+(?:we|i|you|the\s+team)\s+"
           r"(?:win|won|lose|lost|close|closed|sign|signed)\b"
           r"|\bclosed[\s-]*(?:won|lost)\b|\b(?:won|lost|closed|signed)\s+(?:deals|opps|ones|accounts)\b",
           ("all deals", "what's in the funnel?", "what's in proposal", "which deals are in negotiation?",
            "what are my deals?",
            "show me all open deals", "what's in legal?", "what's Dana working on?", "deals by Sam",
            "what does Marco have open?", "which deals is Priya working?", "list everything", "show all",
            "which deals did we win this quarter?", "what did we lose last month?",
            "closed won this quarter?", "lost deals this year")),
    # --- due_today, last: any other question about today ("what needs my attention today?")
    Phrase("due_today",
           r"^(?:what|which|anything)\b(?!\s+time\b)(?![^?.!\n]*\b(?:lunch|dinner|weather|offsite|party)\b)"
           r"[^?.!\n]{0,40}\b(?:today|tonight)\b",
           ("what needs doing today", "what needs my attention today?", "anything urgent today?",
            "which calls are today?")),
)  # fmt: skip

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
    r"|\b(?:does|did|has|is|what's|whats)\s+([A-Z][\w-]+)\s+(?:have|got|owe|own|closing|working)\b"
    r"|\b(?:for|owned\s+by)\s+([A-Z][\w-]+)\s*\??\s*$"
    # "waiting on us for dana", "what's overdue for sam": a lower-case name closing a list question
    r"|\b(?:for|owned\s+by)\s+([a-z][a-z-]{1,20})\s*\??\s*$"
)
# "the team's pipeline", "everyone's deals", "what's": no person.
NOT_PERSON = words(
    "team everyone everybody company what who where how that it there here let he she today tomorrow "
    "week month quarter year yesterday one anyone somebody someone nobody whose this next last each "
    "all our the my q1 q2 q3 q4 us them me you pricing legal procurement security finance signature "
    "review approval renewal budget now later sure real"
) | frozenset(DATE_WORDS)
MINE = re.compile(r"\b(?:my|mine|i|i'm|i've|i'd)\b|\b(?:for|to|on|with)\s+me\b")
TEAM = re.compile(
    r"\b(?:all|team'?s?|everyone'?s?|everybody'?s?|whole|entire|company|org|our|we|us|we've|we're)\b"
)
