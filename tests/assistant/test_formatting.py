"""How dates, ages and amounts read in chat."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from assistant.formatting import (
    Sums,
    due_phrase,
    format_age,
    format_amount,
    format_date,
    without_deal_label,
    zone,
)

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (date(2026, 11, 27), "Fri 27 Nov"),
        (date(2026, 12, 1), "Tue 1 Dec"),
        (date(2027, 3, 1), "Mon 1 Mar 2027"),  # the year only when it is not this year
    ],
)
def test_dates(day: date, shown: str) -> None:
    assert format_date(day, TODAY) == shown


@pytest.mark.parametrize(
    ("ago", "shown"),
    [
        (timedelta(seconds=5), "moments ago"),
        (timedelta(minutes=1), "a minute ago"),
        (timedelta(minutes=5), "5 minutes ago"),
        (timedelta(hours=3), "3 hours ago"),
        (timedelta(days=1), "yesterday"),
        (timedelta(days=3), "3 days ago"),
        (timedelta(days=15), "2 weeks ago"),
        (timedelta(days=90), "3 months ago"),
        (timedelta(seconds=-30), "moments ago"),  # a clock a little ahead never says "in the future"
    ],
)
def test_ages(ago: timedelta, shown: str) -> None:
    assert format_age(NOW - ago, NOW) == shown


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (950, "$950"),
        (1500, "$1.5k"),
        (40_000, "$40k"),
        (120_000, "$120k"),
        (1_200_000, "$1.2M"),
        (999_999, "$1M"),
    ],
)
def test_amounts(amount: int, shown: str) -> None:
    assert format_amount(amount) == shown


def test_due_and_overdue() -> None:
    assert due_phrase(TODAY, TODAY) == "due today"
    assert due_phrase(date(2026, 11, 24), TODAY) == "due tomorrow, Tue 24 Nov"
    assert due_phrase(date(2026, 11, 20), TODAY).startswith("overdue by 3 days")


def test_an_unknown_time_zone_falls_back_to_the_next_one_then_utc() -> None:
    assert str(zone("Mars/Olympus", "America/Chicago")) == "America/Chicago"
    assert zone(None, "not a zone") is UTC


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("Hooli: demo on Thursday", "demo on Thursday"),
        ("hooli — demo on Thursday", "demo on Thursday"),
        ("Hooli demo on   Thursday", "demo on Thursday"),
        ("Hooli's CFO is out until March", "Hooli's CFO is out until March"),  # the name runs on
        ("Hooli:", "Hooli:"),  # nothing else to keep
        ("Park Hooli until March", "Park Hooli until March"),
    ],
)
def test_a_deal_label_is_taken_off_the_words_kept_about_it(said: str, kept: str) -> None:
    assert without_deal_label(said, "Hooli") == kept


def test_amounts_add_up_per_currency_the_largest_first() -> None:
    sums = Sums()
    for amount, currency in ((20_000, "EUR"), (100_000, None), (None, "USD"), (20_000, "usd")):
        sums.add(amount, currency)
    assert sums.money() == "$120k + €20k"
    assert sums.text() == "4 deals · $120k + €20k"
    assert Sums().text() == "0 deals"
