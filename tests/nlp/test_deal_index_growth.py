"""A deal index grown one name at a time (as deals are created) still finds every name, respaced too."""

from __future__ import annotations

from nlp.deals import DealIndex, tokenize


def names_in(index: DealIndex, text: str) -> list[tuple[str, ...]]:
    lower = text.lower()
    return [match.names for match in index.find(tokenize(lower, text), lower=lower)]


def test_names_added_one_by_one_are_all_found_and_removed_ones_are_not() -> None:
    index = DealIndex()
    names = [f"Zenthar {i:05d} Logistics" for i in range(6_000)] + ["PiedPiper", "Bream Hall"]
    for name in names:  # the prefix filter regrows several times on the way
        index.add(name)
    for name in names[::97]:
        assert names_in(index, f"{name}: sent the quote") == [(name,)]
    assert names_in(index, "Pied Piper: sent the quote") == [("PiedPiper",)]
    assert names_in(index, "bream-hall?") == [("Bream Hall",)]
    index.remove("Bream Hall")
    assert names_in(index, "Bream Hall?") == []
    assert len(index) == len(names) - 1


def test_a_glued_name_written_apart_from_a_two_letter_start_is_found() -> None:
    index = DealIndex(["Oxbow", "Zenthar Logistics"])
    assert names_in(index, "Ox Bow: sent the quote") == [("Oxbow",)]
    assert names_in(index, "ox-bow?") == [("Oxbow",)]


def test_a_word_naming_one_deal_and_two_words_naming_another_are_both_candidates() -> None:
    # "PiedPiper" is the distinctive word of "Piedpiper Co" and the glued first two words of "Pied Piper Labs"
    index = DealIndex(["Piedpiper Co", "Pied Piper Labs"])
    assert names_in(index, "PiedPiper: sent the quote") == [("Pied Piper Labs", "Piedpiper Co")]
    index.remove("Piedpiper Co")
    assert names_in(index, "PiedPiper: sent the quote") == [("Pied Piper Labs",)]
