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


@pytest.mark.parametrize(
    ("text", "owner", "word"),
    [
        ("hooli: onsite w their ops leads on the 9th, we're running it", "us", "onsite"),
        ("aviato - by EOW for the countersigned msa, their legal has it", "prospect", "msa"),
        ("raviga - dpa review due monday, our legal is on it", "us", "dpa"),
        ("initech: roadmap session w their cto next tues, i'm hosting", "us", "roadmap"),
        ("endframe - go-live checklist in 2 weeks, we own it", "us", "checklist"),
        ("endframe doubling seats, on me to rework the pricing sheet by monday", "us", "pricing sheet"),
        (
            "walked aviato through the admin console today, on me to send a sandbox login tmrw",
            "us",
            "sandbox",
        ),
    ],
)
def test_a_trailing_who_holds_it_clause_keeps_the_action_as_the_step(
    parse, text: str, owner: str, word: str
) -> None:
    parsed = parse(text)
    assert parsed.owner == owner
    assert parsed.next_step is not None and word in parsed.next_step.lower()


@pytest.mark.parametrize(
    "text",
    [
        "ooo thursday, text me if anything's on fire",
        "wfh tomorrow, dm me",
        "out sick today, call me if urgent",
    ],
)
def test_the_writers_whereabouts_are_chit_chat(parse, text: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.due) == ("other", None)


def test_silence_since_a_weekday_is_the_past_not_a_due_date(parse) -> None:
    parsed = parse("raviga: nothing from their champion since thurs")
    assert (parsed.owner, parsed.due) == ("prospect", None)


def test_what_we_are_still_waiting_on_asks_about_the_prospects(parse) -> None:
    parsed = parse("what r we still waiting for")
    assert (parsed.intent, parsed.query) == ("question", "waiting_on_prospect")


@pytest.mark.parametrize("text", ["hooli: pricing's out, $45k", "aviato - proposal went out this am"])
def test_a_quote_that_is_out_is_the_proposal_stage(parse, text: str) -> None:
    assert parse(text).stage == "proposal"


@pytest.mark.parametrize(
    ("text", "named", "not_named"),
    [
        (
            "raviga sent their security answers, our infosec needs to check them by weds",
            "security answers",
            "them",
        ),
        ("aviato sent over the signed sow, i need to countersign it tmrw", "signed sow", " it"),
        ("hooli: we sent the deck, need to chase them friday", "chase them", "deck"),
    ],
)
def test_them_after_a_thing_sent_names_that_thing(parse, text: str, named: str, not_named: str) -> None:
    step = parse(text).next_step
    assert step is not None and named in step.lower() and not_named not in step.lower()


def test_a_deal_added_after_a_typo_lookup_is_found_by_its_typo(parser) -> None:
    from datetime import datetime

    from nlp import DealIndex

    index = DealIndex(["Quorum Freight"])
    now = datetime(2026, 11, 24, 10, 0)
    assert parser.parse("zephyrr?", now=now, tz="UTC", deals=index).deal is None
    index.add("Zephyr Mobility")
    assert parser.parse("zephyrr?", now=now, tz="UTC", deals=index).deal == "Zephyr Mobility"
    index.remove("Zephyr Mobility")
    assert parser.parse("zephyrr?", now=now, tz="UTC", deals=index).deal is None
