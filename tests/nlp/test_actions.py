"""Actions in words (PARSING.md): what a message asks the assistant to do to a deal, and what it returns."""

from __future__ import annotations

from datetime import date

import pytest

# TUESDAY (conftest) is 2026-11-24: Friday is 11-27, Monday 11-30.
FRIDAY, MONDAY = date(2026, 11, 27), date(2026, 11, 30)


@pytest.mark.parametrize(
    "text",
    [
        "Hooli: done",
        "Hooli - all done",
        "Raviga: did the demo, nothing next yet",
        "mark Hooli done",
        "Hooli: call done",
        "Aviato: follow-up done",
    ],
)
def test_done_completes_the_step_and_names_none(parse, text: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.action, parsed.next_step, parsed.owner) == ("update", "done", None, None)


def test_sent_it_is_done_and_leaves_the_ball_with_them(parse) -> None:
    parsed = parse("Hooli: sent it")
    assert (parsed.action, parsed.next_step, parsed.owner) == ("done", None, "prospect")


def test_done_with_a_new_step_is_a_plain_update(parse) -> None:
    parsed = parse("Hooli: done, next step is the pricing call on Friday")
    assert (parsed.action, parsed.owner, parsed.due) == (None, "us", FRIDAY)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("snooze Hooli a week", None),  # a week from the stored date: the assistant's
        ("push Hooli's follow-up to Monday", MONDAY),
        ("Hooli: snooze till Monday", MONDAY),
        ("bump Raviga to Friday", FRIDAY),
        ("Aviato: push to Friday", FRIDAY),
    ],
)
def test_snooze(parse, text: str, due: date | None) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.action, parsed.due, parsed.next_step) == ("update", "snooze", due, None)


@pytest.mark.parametrize(
    ("text", "words", "due"),
    [
        ("remind me to call Hooli on Friday", ["call", "Hooli"], FRIDAY),
        ("remind me to send Aviato the security questionnaire by COB", ["questionnaire"], date(2026, 11, 24)),
        ("Raviga: remind me on Friday to send the deck", ["deck"], FRIDAY),
        ("remind me about Initech on Monday", ["Initech"], MONDAY),
    ],
)
def test_remind(parse, text: str, words: list[str], due: date) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.action, parsed.owner, parsed.due) == ("update", "remind", "us", due)
    assert parsed.next_step is not None and all(word in parsed.next_step for word in words)


@pytest.mark.parametrize(
    ("text", "deal", "new_name"),
    [
        ("rename Hooli to Hooli Inc", "Hooli", "Hooli Inc"),
        ("Hooli is now called Hooli Inc", "Hooli", "Hooli Inc"),
        ("Raviga rebranded as Raviga Capital", "Raviga", "Raviga Capital"),
        ("rename Aviato to Initech", "Aviato", "Initech"),  # the new name is no deal of its own
    ],
)
def test_rename(parse, text: str, deal: str, new_name: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.deal, parsed.action, parsed.new_name) == (
        "update",
        deal,
        "rename",
        new_name,
    )


@pytest.mark.parametrize(
    ("text", "deal", "rep"),
    [
        ("reassign Pied Piper to Lee", "Pied Piper", "Lee"),
        ("Lee owns Pied Piper now", "Pied Piper", "Lee"),
        ("hand Hooli over to @maria", "Hooli", "maria"),
        ("transfer Raviga to dana's team", "Raviga", "dana"),
        ("Priya is taking over Aviato", "Aviato", "Priya"),
        ("give Initech to dana's team", "Initech", "dana"),
    ],
)
def test_reassign(parse, text: str, deal: str, rep: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.deal, parsed.action, parsed.rep) == ("update", deal, "reassign", rep)


def test_reopen_with_its_new_step_and_stage(parse) -> None:
    assert parse("reopen Raviga").action == "reopen"
    assert parse("Raviga is back on").action == "reopen"
    parsed = parse("reopen Raviga, they want a demo next week")
    assert (parsed.action, parsed.stage, parsed.owner, parsed.due) == ("reopen", "demo", "us", MONDAY)


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("close Hooli as lost", "lost"),
        ("Hooli closed won", "won"),
        ("mark Raviga as lost", "lost"),
        ("Aviato - marked lost", "lost"),
        ("Closed Initech, $120k!", "won"),
    ],
)
def test_close(parse, text: str, stage: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.action, parsed.stage, parsed.owner, parsed.next_step) == (
        "update",
        "close",
        stage,
        None,
        None,
    )


def test_a_closing_date_is_no_close_action(parse) -> None:
    parsed = parse("Hooli: we need to close the deal by Friday")
    assert parsed.action is None


def test_close_with_an_amount_in_rand(parse) -> None:
    parsed = parse("Raviga closed won, R 250 000")
    assert (parsed.action, parsed.stage, parsed.amount, parsed.currency) == ("close", "won", 250_000, "ZAR")


def test_remind_me_is_no_question(parse) -> None:
    assert parse("remind me to chase Hooli tomorrow").intent == "update"
    assert parse("remind me where we are with Hooli").intent == "question"


@pytest.mark.parametrize(
    "text",
    [
        "Hooli: need to get it done by Friday",
        "Raviga: need to get the demo done by Friday",
        "Aviato: we'll have the call done by Friday",
    ],
)
def test_done_later_is_a_step(parse, text: str) -> None:
    parsed = parse(text)
    assert (parsed.action, parsed.owner, parsed.due) == (None, "us", FRIDAY)


def test_a_bare_close_leaves_won_or_lost_to_ask(parse) -> None:
    """ "close Hooli" alone closes it, won or lost unsaid; in a longer message it is a step of ours."""
    bare = parse("close Hooli")
    assert (bare.intent, bare.deal, bare.action, bare.stage) == ("update", "Hooli", "close", None)
    assert parse("close Hooli as lost").stage == "lost"
    step = parse("we need to close Hooli by Friday")
    assert (step.action, step.owner) == (None, "us")
