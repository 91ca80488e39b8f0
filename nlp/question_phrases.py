"""What a list question names besides its kind (PARSING.md, "Questions"): its rep, and the words a list
phrase may stand with and still ask alone.

The ways to ask each kind, and the stage, temperature and period a list question filters on, are
token patterns in nlp/patterns/questions.json (nlp/questions.py reads them).
"""

from __future__ import annotations

import re

from nlp.lexicon import DATE_WORDS, words

# What a list question may name besides its phrase and still be that phrase alone ("parked deals",
# "cold ones pls"): a message of these words and one phrase asks for it.
FILLER_WORDS = words(
    """
    deals deal ones opps opportunities accounts leads follow ups followups tasks
    list all any the my our please pls plz thanks thx
    show me now again so ok okay hey hi and right rn currently atm today this week month quarter year
    next for in by of end eod eow eom eoq eoy q1 q2 q3 q4 qtr wk yr fy tonight tomorrow
    ball stuff things items everything whole entire team team's everyone's open active current
    stage lead leads qualified demo demos proposal proposals negotiation legal redlines procurement won lost
    """
)

# The queries whose answer depends on a period (PARSING.md; "what comes back this month" for parked).
PERIOD_QUERIES = frozenset({"forecast", "due_today", "parked"})
# A person's list: "dana's deals", "which of Priya's deals are hot", "deals owned by Marco"; a name may
# end in a number ("Rep 7's pipeline", "deals owned by Rep 12").
PERSON = re.compile(
    r"\b([^\W\d_][\w-]*(?:\s+\d{1,3})?)'s\s+(?:(?:open|active|current|hot|warm|cold|stale|parked|overdue|big|biggest|top|"
    r"new|own|remaining|late|won|lost|closed|signed|lead|qualified|demo|proposal|negotiation|quiet|gone[\s-]quiet|"
    r"slipped|snoozed)\s+)*(?:deals|deal|pipeline|pipe|accounts|opps|opportunities|book|forecast|day|"
    r"numbers|plate|list|follow-?ups|next\s+steps|to-?dos|items|tasks|stuff|side|end|quarter|month|year|commit)\b"
    r"|\b(?:deals|pipeline|pipe|accounts|opps|forecast|numbers|list)\s+(?:owned\s+by|by|for|of|from)\s+([A-Z][\w-]+(?:\s+\d{1,3}\b)?)"
    r"|\b(?:does|did|has|is|what's|whats)\s+([A-Z][\w-]+)\s+(?:have|got|owe|own|closing|working|handling|running"
    r"|managing|juggling|covering|carrying|waiting|chasing)\b"
    # "deals Dana owns", "show me everything Priya handles"
    r"|\b(?:deals|accounts|opps|everything|what)\s+([A-Z][\w-]+)\s+(?:owns|has|runs|handles|manages|is\s+handling)\b"
    r"|\b(?:for|owned\s+by)\s+([A-Z][\w-]+(?:\s+\d{1,3})?)\s*\??\s*$"
    # "waiting on us for dana", "what's overdue for sam": a lower-case name closing a list question
    r"|\b(?:for|owned\s+by)\s+([a-z][a-z-]{1,20})\s*\??\s*$"
)
# "the team's pipeline", "everyone's deals", "what's": no person.
NOT_PERSON = words(
    "team everyone everybody company what who where how that it there here let he she today tomorrow "
    "week month quarter year yesterday one anyone somebody someone nobody whose this next last each "
    "all our the my q1 q2 q3 q4 us them me you pricing legal procurement security finance signature "
    "review approval renewal budget now later sure real ages while long client customer prospect buyer "
    "vendor partner their his her its"
) | frozenset(DATE_WORDS)
MINE = re.compile(r"\b(?:my|mine|i|i'm|i've|i'd)\b|\b(?:for|to|on|with)\s+me\b")
TEAM = re.compile(
    r"\b(?:all|team'?s?|everyone'?s?|everybody'?s?|whole|entire|company|org|our|we|us|we've|we're)\b"
)
