"""Real-Slack phrasing: lower case, abbreviations, leading mentions, emoji codes, typo'd deal names."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "deal"),
    [
        ("raviag?", "Raviga"),
        ("endfrmae: they signed the nda, we owe them a pilot plan by the 3rd", "Endframe"),
        ("Wayen: still nothing back from their procurement", "Wayne Enterprises"),
        ("stakr - demo moved to thursday", "Stark Industries"),
    ],
)
def test_a_typod_name_heading_the_message_is_the_deal(parse, text: str, deal: str) -> None:
    assert parse(text).deal == deal


@pytest.mark.parametrize("text", ["globe?", "there: sent it", "start: send the deck thursday"])
def test_common_words_heading_a_message_name_no_deal_by_typo(parse, text: str) -> None:
    assert parse(text).deal is None


def test_a_bare_deal_after_a_mention_asks_its_status(parse) -> None:
    parsed = parse("<@U0ABC1234> endframe?")
    assert (parsed.intent, parsed.deal, parsed.query) == ("question", "Endframe", "deal_status")


def test_a_request_after_a_mention_is_our_dated_step(parse) -> None:
    parsed = parse("<@U0ABC1234> can u send raviga the dpa by tomorrow pls :bow:")
    assert (parsed.intent, parsed.deal, parsed.owner) == ("update", "Raviga", "us")
    assert parsed.due is not None and parsed.due.isoformat() == "2026-11-25"
    assert parsed.next_step is not None and "dpa" in parsed.next_step.lower()


@pytest.mark.parametrize(
    "text",
    [
        "initech's coo still hasn't approved the spend",
        "aviato's exec team signs off in a couple of days",
        "raviga - they need approval from their CFO first",
        "<@U0ABC1234> heads up endframe is warm :tada: they want to sign before xmas",
        "hooli - in two weeks they'll have the seat count locked",
        "aviato - dec 3rd they pitch it to their leadership",
        "raviga: in a few weeks they wrap up their security review",
        "endframe: jan 15 their CFO signs the PO",
    ],
)
def test_their_own_coming_actions_are_theirs(parse, text: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.owner) == ("update", "prospect")
