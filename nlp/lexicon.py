"""Word lists shared by the rules: words that never identify a deal on their own."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS

from nlp.dates import MONTHS, WEEKDAYS


def words(text: str) -> frozenset[str]:
    """A word list written as text, one space between words."""
    return frozenset(text.split())


# Company-name words that say what kind of company it is, not which one.
GENERIC_COMPANY_WORDS: frozenset[str] = words(
    """
    inc incorporated corp corporation co company companies industries industry systems system group groups
    holdings holding data labs lab laboratories technologies technology tech solutions software services
    service partners partner international intl global ltd limited llc llp plc gmbh ag sa sas bv nv pty
    networks network digital health healthcare capital ventures venture enterprises enterprise analytics
    consulting consultants media cloud ai bank banking financial finance logistics energy robotics dynamics
    motors foods food pharma pharmaceuticals bio biotech therapeutics medical insurance security studios
    studio games works manufacturing retail airlines air labs apps app interactive associates brands
    communications telecom labs devices electronics automation engineering design designs products
    resources management trust fund funds investments realty properties construction hospitality travel
    education learning university college school hospital clinic foundation institute agency
    north south east west american america national united first new the and of
    dental dentistry hotels hotel resorts motors automotive auto mining minerals steel metals marine shipping
    transport transportation freight cargo trucking aviation airways aerospace defense chemicals materials
    plastics paper packaging textiles apparel fashion cosmetics beauty pharmacy clinics care wellness fitness
    sports entertainment publishing press broadcasting records music films pictures productions events
    restaurants brewing brewery beverages farms farm agriculture grocery markets supply supplies distribution
    trading imports exports wholesale equipment machinery tools industrial utilities utility power solar oil
    gas petroleum water environmental recycling builders homes housing realty estate development developers
    infrastructure architects architecture law attorneys accounting advisors advisory partnership equity
    securities assets wealth credit lending mortgage bancorp assurance reinsurance mutual savings payments
    fintech cyber wireless mobile semiconductor semiconductors instruments optics diagnostics genomics
    hospitals veterinary academy schools staffing recruiting talent delivery fleet cars rail railways tours
    gaming marketing advertising creative collective co-op cooperative federal regional metro city county
    pacific atlantic continental worldwide trust bancshares corporate commerce ecommerce store stores
    """
)

# Ordinary words of deal updates: a deal sharing one of these is not named by it alone.
SALES_WORDS: frozenset[str] = words(
    """
    deal deals lead leads call calls demo demos proposal proposals quote quotes pricing price prices
    contract contracts legal team teams budget budgets meeting meetings pilot pilots trial poc sow msa nda
    dpa order form signed sign signature review reviews redlines procurement purchasing finance cfo ceo cto
    cio ciso coo vp board engineering product security ops it champion customer client prospect prospects
    buyer update updates status news latest pipeline stage won lost closed hot warm cold park parked
    nurture check circle back follow followup touch base ping send sent sending email emails deck docs
    doc agenda workshop estimate estimates cost costs plan plans plant integration references reference
    seats users licenses license renewal upsell expansion discovery qualified intro kickoff onsite visit
    lunch dinner week weeks month months quarter quarter year years day days today tomorrow tonight eod
    eow eom eoq asap sync slot time date next last end mid early late waiting wait owe owes ball court
    internal internally decision decide approve approval approved paper references arm moonshot
    good great bad thanks thank please yes ok okay hi hey hello team manager boss rep reps sales account
    accounts opportunity opportunities meeting interest interested competitor vendor vendors option
    options question questions answer answers issue issues problem problems support success health
    news word words note notes info details detail feedback call quick short long big small new old
    one two three four five six seven eight nine ten red blue green black white gold silver orange
    """
)

DATE_WORDS: frozenset[str] = frozenset(
    set(WEEKDAYS)
    | set(MONTHS)
    | {"today", "tomorrow", "tonight", "eod", "eow", "eom", "eoq", "eoy", "q1", "q2", "q3", "q4", "weekend"}
)

# Too common to stand for a deal, but allowed inside a longer name ("The Home Depot").
COMMON_WORDS: frozenset[str] = frozenset(w.lower() for w in STOP_WORDS) | SALES_WORDS | DATE_WORDS

# Everyday chat words that open a message ("start: ...", "later?"): never a typo'd deal name there.
CHAT_WORDS: frozenset[str] = words(
    "start started later today update updates status quick note notes ping call calls there thanks sorry "
    "hello "
    "hey morning evening night reminder remind heads update fyi agenda action actions todo next step steps "
    "pricing price prices quote quotes deal deals contract budget board legal stage close closed won lost "
    "pipeline forecast renewal renewals meeting meetings demo demos email emails still ready great nice cool "
    "again maybe sure right agree agreed question questions thoughts idea ideas plan plans check checking "
    "lunch coffee break travel flight hotel office remote sick holiday vacation weekend urgent asap later "
    "whats where which while would could should might value values total other others after before other "
    "stuff thing things apple stack start stork story storm store globe glove grove happy"
)

# Who a seller has (ours without a possessive) and who a buyer has (theirs without one).
OUR_TEAMS = (
    r"engineering|eng|engineers|dev|devs|developers|product|product\s+team|legal|legal\s+team|finance|"
    r"security|security\s+team|infosec|solutions?\s+engineer(?:ing)?|sales\s+engineer(?:ing)?|se|"
    r"the\s+se|our\s+se|(?:my|our)\s+manager|my\s+boss|management|deal\s+desk|pricing\s+team|ops|"
    r"revops|support|cs|customer\s+success|marketing|leadership|me|us|myself|ourselves|we|i"
)
THEIR_BODIES = (
    r"the\s+board|board|cfo|ceo|cto|cio|ciso|coo|cro|cmo|vp|svp|evp|vps|president|director|head\s+of\s+\w+|"
    r"procurement|purchasing|it|it\s+team|the\s+customer|customer|client|the\s+client|prospect|the\s+prospect|"
    r"buyer|champion|decision\s+maker|signatory|them|they|him|her|exec|execs|executives|leadership\s+team"
)


# How often a word must occur in pyspellchecker's English word counts to be an everyday word: "anchor"
# (7,520), "summit" (5,526), "nucleus" (1,705) are; "acme" (130), "kestrel" (133), "pellucid" (50) are not.
_EVERYDAY_COUNT = 1000


@cache
def everyday_words() -> frozenset[str]:
    """The common English words (lower case), from pyspellchecker's word counts: read once."""
    try:
        data = resources.files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()
        text = gzip.decompress(data).decode("utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError, ValueError):  # the package moved its data
        from spellchecker import SpellChecker

        return _frequent(SpellChecker(language="en", distance=1).word_frequency.dictionary)
    return _frequent_words(text)


def _frequent(counts: Mapping[str, int]) -> frozenset[str]:
    return frozenset(word for word, count in counts.items() if count >= _EVERYDAY_COUNT and word.isalpha())


# A count with as many digits as _EVERYDAY_COUNT or more, the first not a zero.
_FREQUENT_COUNT = re.compile(rf'": ([1-9]\d{{{len(str(_EVERYDAY_COUNT)) - 1},}})\b')


def _frequent_words(text: str) -> frozenset[str]:
    """The alphabetic words counted at least _EVERYDAY_COUNT times in `text`, pyspellchecker's JSON of
    word counts. The file is written one `"word": count,` a line: the lines with a count of four digits
    or more are found with one regular expression, about five times faster than decoding all 160,000
    entries (a word list read at start-up). Any other layout is decoded as JSON."""
    if not (text.startswith('{\n"') and "\\" not in text and text.count('\n"') == text.count('": ')):
        return _frequent(json.loads(text))
    found: list[str] = []
    line_start = text.rfind
    for match in _FREQUENT_COUNT.finditer(text):
        end = match.start()
        word = text[line_start("\n", 0, end) + 2 : end]
        if word.isalpha() and int(match.group(1)) >= _EVERYDAY_COUNT:
            found.append(word)
    return frozenset(found)


# British spellings and their American ones, which pyspellchecker's counts hold: "harbour" -> "harbor",
# "centre" -> "center", "organise" -> "organize", "licence" -> "license", "catalogue" -> "catalog".
_BRITISH_ENDINGS = (
    ("our", "or"),
    ("tre", "ter"),
    ("ise", "ize"),
    ("yse", "yze"),
    ("ence", "ense"),
    ("ogue", "og"),
)


def is_everyday(word: str) -> bool:
    """Whether a lower-case word is an everyday English word ("anchor", "summit", "monday"), in British
    spelling too ("harbour"): a deal named by it is that deal only when written capitalised or as the
    message's label."""
    if word in DATE_WORDS or word in COMMON_WORDS:
        return True
    everyday = everyday_words()
    if word in everyday:
        return True
    return len(word) > 5 and any(
        word.endswith(british) and word[: -len(british)] + american in everyday
        for british, american in _BRITISH_ENDINGS
    )
