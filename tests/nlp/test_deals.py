"""Finding known deals: spelling variants, typos, distinctive parts, longest match, ambiguity, 10k deals."""

from __future__ import annotations

import random
import time

import pytest

from nlp import DealIndex
from nlp.deals import tokenize
from tests.nlp.conftest import TUESDAY


@pytest.mark.parametrize(
    ("text", "deal"),
    [
        ("pied piper's CFO wants a call", "Pied Piper"),
        ("PiedPiper: sent the deck", "Pied Piper"),
        ("PIED PIPER - need to follow up", "Pied Piper"),
        ("pied-piper: need to follow up", "Pied Piper"),
        ("Pied Pipr: need to follow up", "Pied Piper"),
        ("Aviatto - need to send pricing", "Aviato"),
        ("Piper: need to send pricing", "Pied Piper"),
        ("Maleant wants pricing", "Maleant Data Systems"),
        ("Hooli XYZ wants a workshop", "Hooli XYZ"),
        ("hooli wants a workshop", "Hooli"),
        ("XYZ wants a workshop", "Hooli XYZ"),
        ("Coleman Blair: send the contract", "Coleman-Blair"),
        ("ColemanBlair: send the contract", "Coleman-Blair"),
        ("June Robotics asked to revisit in June", "June Robotics"),
        ("Monday Health: send the SOW Monday", "Monday Health"),
        ("Stark: need to book the onsite", "Stark Industries"),
        ("Wayne's procurement is reviewing", "Wayne Enterprises"),
    ],
)
def test_known_deal_is_found_and_returned_as_stored(parse, text: str, deal: str) -> None:
    assert parse(text).deal == deal


@pytest.mark.parametrize(
    "text",
    [
        "send the data by Monday",  # "Data" is generic, "Monday" a date
        "need to update the systems team",
        "the corp team wants a call",
        "what's overdue",
    ],
)
def test_generic_and_date_words_make_no_deal(parse, text: str) -> None:
    assert parse(text).deal is None


def test_shared_part_is_ambiguous(parse) -> None:
    parsed = parse("Acme: need to send the quote")
    assert parsed.deal is None
    assert set(parsed.candidates) == {"Acme Corp", "Acme Labs"}


def test_typo_of_a_whole_name_beats_the_shared_part_it_contains(parse) -> None:
    # "Acme" alone is ambiguous (Acme Corp, Acme Labs); "Acme Lbas" is one of them, misspelt.
    parsed = parse("Acme Lbas: they want the security questionnaire back")
    assert parsed.deal == "Acme Labs"
    assert parsed.candidates == ()


@pytest.mark.parametrize(
    "text",
    [
        "malaent data systems: need to chase their CFO",  # a typo inside a lower-case label
        "malaent data sytems - need to chase their CFO",
    ],
)
def test_lower_case_label_with_a_typo_names_the_deal(parse, text: str) -> None:
    assert parse(text).deal == "Maleant Data Systems"


@pytest.mark.parametrize(
    ("text", "deal"),
    [
        ("bh logistics: waiting on our SE for the sizing", "Blue Harbor Logistics"),
        ("BH Dental - sent the quote", "Blue Harbor Dental"),
        ("od health wants pricing", "Open Door Health"),
    ],
)
def test_initials_and_last_word_of_a_longer_name(parser, text: str, deal: str) -> None:
    deals = ["Blue Harbor Logistics", "Blue Harbor Dental", "Open Door Health", "Harbor Freight"]
    assert parser.parse(text, now=TUESDAY, tz="UTC", deals=deals).deal == deal


def test_a_long_distinctive_part_in_lower_case_mid_sentence_names_the_deal(parser) -> None:
    deals = ["Brightmoor Logistics", "Blue Harbor Dental"]
    text = "Just got off with brightmoor. They'll get back to me next week"
    assert parser.parse(text, now=TUESDAY, tz="UTC", deals=deals).deal == "Brightmoor Logistics"


@pytest.mark.parametrize(
    ("text", "deal"),
    [
        ("O'Malley's CFO wants the ROI deck next week", "O'Malley Freight"),
        ("omalley freight: sent the quote", "O'Malley Freight"),
        ("Clearpoints legal is redlining the MSA, back to us by Friday", "Clearpoint"),
        ("sent the MSA, clearpoints legal has it now", "Clearpoint"),
    ],
)
def test_possessives_with_and_without_the_apostrophe(parser, text: str, deal: str) -> None:
    deals = ["O'Malley Freight", "Clearpoint", "Northwind Labs"]
    assert parser.parse(text, now=TUESDAY, tz="UTC", deals=deals).deal == deal


def test_index_add_remove_contains() -> None:
    index = DealIndex(["Hooli"])
    index.add("Pied Piper")
    index.add("Pied Piper")
    assert len(index) == 2 and "Pied Piper" in index and "pied piper" not in index
    index.remove("Pied Piper")
    index.remove("never added")
    assert len(index) == 1 and "Pied Piper" not in index
    from nlp.deals import tokenize

    text = "Pied Piper: send it"
    assert index.find(tokenize(text.lower(), text)) == []


def _names(count: int) -> list[str]:
    rng = random.Random(3)
    syllables = [
        "ra",
        "vi",
        "ga",
        "to",
        "pi",
        "per",
        "hoo",
        "li",
        "nu",
        "cle",
        "zen",
        "qua",
        "lo",
        "tek",
        "vo",
    ]
    tails = ["Labs", "Inc", "Systems", "Group", "Health", "", "", ""]
    names: set[str] = set()
    while len(names) < count:
        stem = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()
        names.add(f"{stem} {rng.choice(tails)}".strip())
    return sorted(names)


def test_ten_thousand_deals_stay_fast_and_exact(parser) -> None:
    from datetime import datetime

    names = [*_names(10000), "Pied Piper", "Hooli", "Hooli XYZ"]
    index = DealIndex(names)
    now = datetime(2026, 11, 24, 10, 0)
    texts = [
        "Hooli XYZ wants a workshop, we owe them an agenda",
        "pied piper?",
        "what's waiting on us",
        "Pied Pipr: ping",
    ]
    start = time.perf_counter()
    for _ in range(50):
        results = [parser.parse(t, now=now, tz="UTC", deals=index) for t in texts]
    per_message = (time.perf_counter() - start) / (50 * len(texts))
    assert [r.deal for r in results] == ["Hooli XYZ", "Pied Piper", None, "Pied Piper"]
    assert per_message < 0.005  # generous: the bench holds the real target


def test_removed_deal_is_not_found_any_more(parser) -> None:
    from datetime import datetime

    index = DealIndex(["Pied Piper", "Hooli"])
    index.remove("Pied Piper")
    parsed = parser.parse("Pied Piper: need to follow up", now=datetime(2026, 11, 24), tz="UTC", deals=index)
    assert parsed.deal != "Pied Piper"


def test_common_words_glued_together_make_no_deal(parser) -> None:
    from datetime import datetime

    index = DealIndex(["Tous", "Nucleus", "Pied Piper"])
    parsed = parser.parse(
        "Nucleus said they'll come back to us", now=datetime(2026, 11, 24), tz="UTC", deals=index
    )
    assert (parsed.deal, parsed.candidates) == ("Nucleus", ())
    parsed = parser.parse("Tous: send the deck", now=datetime(2026, 11, 24), tz="UTC", deals=index)
    assert parsed.deal == "Tous"


def _found(index: DealIndex, text: str) -> list[tuple[str, tuple[str, ...]]]:
    lower = text.lower()
    return [(text[m.start : m.end], m.names) for m in index.find(tokenize(lower, text), lower=lower)]


def test_a_name_written_in_full_wins_over_its_parts_and_what_lies_beside_it_is_still_read() -> None:
    # Only the longest match is checked where matches overlap; a shorter one beside it still counts.
    index = DealIndex(["Acme Globex", "Globex Initech Holdings Worldwide"])
    assert _found(index, "Acme Globex Initech Holdings Worldwide: sent the MSA") == [
        ("Acme", ("Acme Globex",)),
        ("Globex Initech Holdings Worldwide", ("Globex Initech Holdings Worldwide",)),
    ]
    shared = DealIndex(["Acme Globex 000123", "Acme Globex 000124", "Acme Initech 000123"])
    assert _found(shared, "Acme Globex 000123: sent the MSA, Acme Globex next") == [
        ("Acme Globex 000123", ("Acme Globex 000123",)),
        ("Acme Globex", ("Acme Globex 000123", "Acme Globex 000124")),
    ]


@pytest.mark.parametrize(
    ("text", "deal", "due"),
    [
        ("Acme Globex 250000: sending the quote Friday", "Acme Globex 250000", "2026-11-27"),
        ("June 12 Labs: demo on the 12th", "June 12 Labs", "2026-12-12"),
        ("June 12 Labs wants the SOW", "June 12 Labs", None),
    ],
)
def test_a_date_in_a_deals_name_is_no_due_date_and_one_beside_it_is(
    parser, text: str, deal: str, due: str | None
) -> None:
    parsed = parser.parse(text, now=TUESDAY, tz="UTC", deals=["Acme Globex 250000", "June 12 Labs"])
    assert (parsed.deal, parsed.due and parsed.due.isoformat()) == (deal, due)
