"""Which words name a deal (PARSING.md, "Deal"): everyday words, generic words, date words, new names."""

from __future__ import annotations

import pytest

from nlp import DealIndex, MessageParser, ParsedMessage
from tests.nlp.conftest import TUESDAY

EVERYDAY = DealIndex(
    ["Anchor", "Summit", "Compass", "Notion", "Bloom", "Monday", "Hooli", "Pellucid", "Kestrel"]
)
GENERIC = DealIndex(
    [
        *("Harwick Logistics", "Mahajan Steel", "Rosewater Hotels", "Quenby Foods", "Bright Dental"),
        *("Corvane Energy", "Corvane Marine", "Hooli", "Hooli XYZ", "Monday Health"),
    ]
)
NOTHING = DealIndex()


@pytest.fixture(scope="module")
def read(parser: MessageParser):
    def run(text: str, deals: DealIndex) -> ParsedMessage:
        return parser.parse(text, now=TUESDAY, tz="America/Chicago", deals=deals)

    return run


@pytest.mark.parametrize(
    ("text", "deal"),
    [
        ("Anchor: sent the proposal", "Anchor"),
        ("anchor: sent the proposal", "Anchor"),
        ("anchor - waiting on their legal", "Anchor"),
        ("anchor?", "Anchor"),
        ("has Anchor signed yet?", "Anchor"),
        ("Summit signed!", "Summit"),
        ("Demo with Summit booked for Thursday", "Summit"),
        ("Notion wants a demo next week", "Notion"),
        ("bloom?", "Bloom"),
        ("Monday: sent the quote", "Monday"),
        ("monday - they went with a competitor", "Monday"),
        ("Recap:\n- compass: demo on Thursday", "Compass"),
        ("1. bloom: sent the SOW", "Bloom"),
        ("any news from hooli?", "Hooli"),  # not an English word: lower case mid-sentence still names it
        ("any news from pellucid?", "Pellucid"),  # a rare word is no everyday one
        ("sent kestrel the contract", "Kestrel"),
        ("summit ent. signed the nda", "Summit"),
    ],
)
def test_an_everyday_word_names_its_deal_capitalised_or_as_the_label(read, text: str, deal: str) -> None:
    assert read(text, EVERYDAY).deal == deal


@pytest.mark.parametrize(
    "text",
    [
        "we need an anchor customer",
        "see you all at the sales summit on Thursday!",
        "call them on Monday about the renewal",
        "Monday works for the pricing call",
        "we have no notion of their budget yet",
        "reminder: submit your expenses",  # no typo of "Summit": "submit" is a word
        "inbound is starting to bloom, nice work",
        "our compass for q1: more demos",
    ],
)
def test_an_everyday_word_in_a_sentence_names_no_deal(read, text: str) -> None:
    parsed = read(text, EVERYDAY)
    assert (parsed.deal, parsed.candidates) == (None, ())


@pytest.mark.parametrize(
    "text",
    [
        "the logistics team wants a call",
        "steel prices went up again",
        "hotels are fully booked for the offsite",
        "our dental plan renews in march",
        "foods and drinks at the kickoff",
        "energy is high this week team",
        "send the SOW Monday",
    ],
)
def test_generic_and_date_words_are_not_distinctive(read, text: str) -> None:
    parsed = read(text, GENERIC)
    assert (parsed.deal, parsed.candidates) == (None, ())


@pytest.mark.parametrize(
    ("text", "deal", "candidates"),
    [
        ("Harwick: sent the proposal", "Harwick Logistics", ()),
        ("Corvane: their CFO wants the ROI model by Friday", None, ("Corvane Energy", "Corvane Marine")),
        ("corvane?", None, ("Corvane Energy", "Corvane Marine")),
        ("Corvane Marine: need to send the SOW", "Corvane Marine", ()),
        ("Monday Health: send the SOW Monday", "Monday Health", ()),
        ("Hooli XYZ wants a workshop", "Hooli XYZ", ()),
    ],
)
def test_distinctive_parts_and_ambiguity(
    read, text: str, deal: str | None, candidates: tuple[str, ...]
) -> None:
    parsed = read(text, GENERIC)
    assert (parsed.deal, parsed.candidates) == (deal, candidates)


@pytest.mark.parametrize(
    ("text", "deal", "is_new"),
    [
        ("new lead: Hooli Labs", "Hooli Labs", True),
        ("New lead - Hooli Analytics, inbound from the webinar", "Hooli Analytics", True),
        ("first call with Hooli XYZ today", "Hooli XYZ", False),
        ("intro call with Hooli today", "Hooli", False),
        ("New lead: Harwick Logistics, inbound from the webinar", "Harwick Logistics", False),
    ],
)
def test_a_new_name_that_starts_with_a_known_one_is_new(read, text: str, deal: str, is_new: bool) -> None:
    parsed = read(text, GENERIC)
    assert (parsed.intent, parsed.deal, parsed.is_new_deal) == ("update", deal, is_new)


@pytest.mark.parametrize(
    ("text", "deal"),
    [
        ("Met with Dunder Mifflin today, they want a demo", "Dunder Mifflin"),
        ("first call with Massive Dynamic today", "Massive Dynamic"),
        ("Massive Dynamic — intro call went well", "Massive Dynamic"),
        ("Pied Piper: we need to add cost estimates to the proposal", "Pied Piper"),
        ("Spoke with Initrode this morning, sending pricing Friday", "Initrode"),
        ("- Vandelay Industries: waiting on their legal", "Vandelay Industries"),
        ("Lunch With Acme Robotics today, they want a pilot", "Acme Robotics"),
        ("pied piper: we need to add cost estimates to the proposal", "pied piper"),
    ],
)
def test_with_no_deal_known_the_first_mention_is_a_new_deal(read, text: str, deal: str) -> None:
    parsed = read(text, NOTHING)
    assert (parsed.intent, parsed.deal, parsed.is_new_deal) == ("update", deal, True)


@pytest.mark.parametrize(
    "text",
    [
        "Weekly recap: all good",
        "Update: nothing new on my side",
        "weekly recap: all good",
        "quick one: can someone send me the deck?",
        "note to self - chase legal",
        "Dana: can you send me the deck?",
        "sam - pls check the pricing sheet",
        "had a call with our legal team today",
        "spoke to the CFO today",
        "thanks all!",
    ],
)
def test_with_no_deal_known_a_subject_line_is_no_deal(read, text: str) -> None:
    assert read(text, NOTHING).deal is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Hooli: sent pricing. compass: waiting on their legal", ["Hooli", "Compass"]),
        ("hooli: sent pricing; summit - demo thursday", ["Hooli", "Summit"]),
        ("Hooli: sent pricing, we need a compass for the team", ["Hooli"]),
    ],
)
def test_an_everyday_word_labels_its_own_sentence(parser: MessageParser, text: str, named: list[str]) -> None:
    doc = parser.parse_doc(text, now=TUESDAY, tz="America/Chicago", deals=EVERYDAY)
    assert [name for match in doc._.ns.deals for name in match.names] == named


def test_the_everyday_word_list_reads_as_the_word_counts_decoded_in_full() -> None:
    """The fast read of pyspellchecker's counts (one regex over its lines) finds exactly the words that
    decoding the whole JSON finds, and any other layout of the file is decoded in full."""
    import gzip
    import json
    from importlib import resources

    from nlp import lexicon

    text = gzip.decompress(
        resources.files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()
    ).decode("utf-8")
    counts = json.loads(text)
    decoded = frozenset(w for w, c in counts.items() if c >= lexicon._EVERYDAY_COUNT and w.isalpha())
    assert lexicon.everyday_words() == decoded
    assert {"anchor", "summit", "nucleus"} <= decoded and not {"acme", "kestrel"} & decoded
    assert lexicon._frequent_words(json.dumps(dict(list(counts.items())[:3000]))) == frozenset(
        w for w, c in list(counts.items())[:3000] if c >= lexicon._EVERYDAY_COUNT and w.isalpha()
    )
