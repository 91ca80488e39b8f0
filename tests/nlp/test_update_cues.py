"""Keeping the step, moving its date, retries, unpark and refused parking, and the close date (PARSING.md)."""

from __future__ import annotations

from datetime import date

import pytest

# TUESDAY (conftest) is 2026-11-24.
THURSDAY, FRIDAY = date(2026, 11, 26), date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Pied Piper: still nothing from engineering", "us"),
        ("Hooli: still waiting", "prospect"),
        ("Hooli: no word yet", "prospect"),
        ("Raviga: chased them again", "prospect"),
        ("Aviato - still no reply from their CFO", "prospect"),
        ("Initech: nothing from their legal yet", "prospect"),
    ],
)
def test_a_step_still_pending_names_no_new_step(parse, text: str, owner: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.next_step, parsed.owner) == ("update", None, owner)


def test_still_waiting_for_a_thing_names_it(parse) -> None:
    parsed = parse("Hooli: still waiting on their legal for the DPA")
    assert parsed.owner == "prospect" and parsed.next_step is not None and "DPA" in parsed.next_step


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("aviato - pushed to end of Q1", date(2027, 3, 31)),
        ("Hooli: wait, they actually said 3 weeks", date(2026, 12, 15)),
        ("Raviga: slipped a week", date(2026, 12, 1)),
        ("Initech: moved to Friday", FRIDAY),
    ],
)
def test_a_message_that_only_moves_the_date(parse, text: str, due: date) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.next_step, parsed.owner, parsed.due) == ("update", None, None, due)


def test_a_retry_after_no_answer(parse) -> None:
    parsed = parse("Hooli: first call today, no answer. try again thursday")
    assert (parsed.owner, parsed.next_step, parsed.due) == ("us", "try again", THURSDAY)


@pytest.mark.parametrize(
    "text",
    [
        "Hooli is back from the parking lot",
        "Hooli: they came back, want a demo Thursday",
        "unpark Hooli",
        "Hooli: actually don't park it, they want a proposal by the 18th",
        "take Hooli off ice",
    ],
)
def test_unpark(parse, text: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.unpark, parsed.park_until, parsed.park_asked) == (
        "update",
        True,
        None,
        False,
    )


def test_unpark_keeps_the_step(parse) -> None:
    parsed = parse("Take Raviga off ice, they want a call on Thursday")
    assert (parsed.unpark, parsed.owner, parsed.due) == (True, "us", THURSDAY)


def test_coming_back_with_questions_is_no_unpark(parse) -> None:
    assert parse("Aviato: they came back with questions on pricing").unpark is False


@pytest.mark.parametrize(
    "text", ["Hooli: no need to park, they replied", "not parking Raviga until March, they replied"]
)
def test_a_negated_park_never_parks(parse, text: str) -> None:
    parsed = parse(text)
    assert (parsed.park_until, parsed.park_asked) == (None, False)


@pytest.mark.parametrize("text", ["park Hooli", "put Raviga on ice", "Aviato: let's park this one"])
def test_park_without_a_date_asks(parse, text: str) -> None:
    parsed = parse(text)
    assert (parsed.intent, parsed.park_until, parsed.park_asked) == ("update", None, True)


def test_not_until_next_year_parks(parse) -> None:
    assert parse("Hooli: not until next year, circle back then").park_until == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("text", "close_by", "owner", "due"),
    [
        ("Hooli: expected close end of March", date(2027, 3, 31), None, None),
        ("Hooli: they should sign by Q1", date(2027, 1, 1), "prospect", date(2027, 1, 1)),
        ("Hooli: should sign by Q1", date(2027, 1, 1), "prospect", date(2027, 1, 1)),
        ("Raviga: close date pushed to July", date(2027, 7, 1), None, None),
        ("Raviga: decision by the 15th", date(2026, 12, 15), "prospect", date(2026, 12, 15)),
        ("Aviato: PO lands Friday", FRIDAY, "prospect", FRIDAY),
        ("Initech: their CFO will decide by the 20th", date(2026, 12, 20), "prospect", date(2026, 12, 20)),
        (
            "Hooli: sending the order form Friday, expected close end of March",
            date(2027, 3, 31),
            "us",
            FRIDAY,
        ),
    ],
)
def test_close_by(parse, text: str, close_by: date, owner: str | None, due: date | None) -> None:
    parsed = parse(text)
    assert (parsed.close_by, parsed.owner, parsed.due) == (close_by, owner, due)


def test_chasing_their_po_is_ours(parse) -> None:
    parsed = parse("Wayne Enterprises: need to chase their procurement for the PO next week")
    assert (parsed.owner, parsed.close_by) == ("us", None)


@pytest.mark.parametrize(
    ("text", "park_until"),
    [
        ("Hooli: follow up in 3 months", date(2027, 2, 24)),
        ("Raviga: touch base in March", date(2027, 3, 1)),
        ("Aviato: call them in 6 weeks", date(2027, 1, 5)),
        ("Initech: chase in two months", date(2027, 1, 24)),
        ("Hooli: reach out after the new year", date(2027, 1, 1)),
    ],
)
def test_contact_verbs_defer_a_month_or_more_away(parse, text: str, park_until: date) -> None:
    parsed = parse(text)
    assert (parsed.park_until, parsed.due) == (park_until, None)


@pytest.mark.parametrize(
    ("text", "owner", "due"),
    [
        ("Hooli: follow up next week", "us", date(2026, 11, 30)),
        ("Raviga: they will follow up in 2 months", "prospect", date(2027, 1, 24)),  # their own deferral
    ],
)
def test_closer_deferrals_and_theirs_are_due_dates(parse, text: str, owner: str, due: date) -> None:
    parsed = parse(text)
    assert (parsed.park_until, parsed.owner, parsed.due) == (None, owner, due)


def test_their_call_back_is_theirs(parse) -> None:
    parsed = parse("Hooli: no answer, they'll call back Thursday")
    assert (parsed.owner, parsed.due) == ("prospect", THURSDAY)


def test_a_call_back_that_names_its_subject_keeps_it(parse) -> None:
    parsed = parse("Hooli: call back Thursday re pricing")
    assert parsed.owner == "us" and parsed.next_step is not None and "pricing" in parsed.next_step


def test_their_contact_is_no_deferral_of_ours(parse) -> None:
    parsed = parse("Hooli: their CFO called back, demo in March")
    assert (parsed.park_until, parsed.owner, parsed.due) == (None, "us", date(2027, 3, 1))
