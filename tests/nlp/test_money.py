"""Deal amounts in whole currency units, and numbers that are no money."""

from __future__ import annotations

import pytest

from nlp.money import find_amount, find_amounts
from tests.nlp.conftest import TUESDAY


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("$40k", 40_000),
        ("40K", 40_000),
        ("$1.2M", 1_200_000),
        ("120,000", 120_000),
        ("€75k", 75_000),
        ("£30k", 30_000),
        ("40 grand", 40_000),
        ("$95,000", 95_000),
        ("2.5M potential", 2_500_000),
        ("USD 75k", 75_000),
        ("75,000 EUR", 75_000),
        ("$250k :rocket:", 250_000),
        ("worth 80000", 80_000),
        ("50k ARR", 50_000),
        ("1.5 million", 1_500_000),
        ("around 85.000 EUR", 85_000),  # dots between thousands, with a currency
        ("quote for 22.500 € sent", 22_500),
        ("1.250.000 EUR", 1_250_000),
        ("amount is 1,40,000 EUR", 140_000),  # lakh grouping
        ("value 2.5 Mio EUR", 2_500_000),
    ],
)
def test_amounts(text: str, amount: int) -> None:
    assert find_amount(text) == amount


@pytest.mark.parametrize(
    "text",
    [
        "40 seats",
        "Dec 9",
        "in 3 weeks",
        "Q4 2027",
        "50% discount",
        "2 calls",
        "budget for 2027",
        "at 10am",
        "the 15th",
        "went from 3.500 to 4.000 seats",  # dotted, but no currency: no amount
    ],
)
def test_numbers_that_are_no_money(text: str) -> None:
    assert find_amount(text) is None


def test_amount_in_an_update(parse) -> None:
    assert parse("Intersite needs 40 seats, sending the quote tomorrow").amount is None
    assert parse("Hooli sized at $60K, qualified after discovery").amount == 60_000


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Acme Globex 250000 signed!", None),
        ("Acme Globex 250000 signed! $797k", 797_000),
        ("Acme Globex 250000: two million budget confirmed", 2_000_000),
        ("Acme Globex 250000 at 40 seats, 90000 a year", 90_000),
    ],
)
def test_a_number_in_a_deals_name_is_no_amount(parser, text: str, amount: int | None) -> None:
    parsed = parser.parse(text, now=TUESDAY, tz="UTC", deals=["Acme Globex 250000", "Acme Globex 250001"])
    assert (parsed.deal, parsed.amount) == ("Acme Globex 250000", amount)


@pytest.mark.parametrize("text", ["$40/user/month", "$12 per seat", "$9 a month"])
def test_unit_prices_are_no_deal_amount(text: str) -> None:
    assert find_amount(text) is None


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("deal size $1.2MM", 1_200_000, "USD"),
        ("1.2m", 1_200_000, None),
        ("18 lakh", 1_800_000, "INR"),
        ("2 crore", 20_000_000, "INR"),
        ("Rs. 5,00,000", 500_000, "INR"),
        ("₹40 lakh", 4_000_000, "INR"),
        ("R 250 000", 250_000, "ZAR"),
        ("250 000 €", 250_000, "EUR"),
        ("88.000 €", 88_000, "EUR"),
        ("A$120k", 120_000, "AUD"),
        ("C$75k", 75_000, "CAD"),
        ("NZ$ 50k", 50_000, "NZD"),
        ("S$90k", 90_000, "SGD"),
        ("R$ 300k", 300_000, "BRL"),
        ("HK$2m", 2_000_000, "HKD"),
        ("£1.2M", 1_200_000, "GBP"),
        ("¥5m", 5_000_000, "JPY"),
        ("₦ 20m", 20_000_000, "NGN"),
        ("KSh 3m", 3_000_000, "KES"),
        ("CHF 80k", 80_000, "CHF"),
        ("SEK 200 000", 200_000, "SEK"),
        ("50k kr", 50_000, None),  # krona or krone: which one is not written
        ("50-60k", 50_000, None),  # a range: its lower end
        ("$40 to 50k", 40_000, "USD"),
        ("$999k", 999_000, "USD"),
    ],
)
def test_amounts_and_their_currency(text: str, amount: int, currency: str | None) -> None:
    found = find_amounts(text)
    assert [(a.value, a.currency) for a in found][:1] == [(amount, currency)]


@pytest.mark.parametrize("text", ["$30 per seat", "2 300 users", "R2 rollout"])
def test_more_numbers_that_are_no_money(text: str) -> None:
    assert find_amount(text) is None


def test_an_update_with_only_an_amount(parse) -> None:
    parsed = parse("Initech: $999k")
    assert (parsed.intent, parsed.deal, parsed.amount, parsed.currency) == (
        "update",
        "Initech",
        999_000,
        "USD",
    )


def test_currency_in_an_update(parse) -> None:
    parsed = parse("Hooli: sent the proposal, 18 lakh")
    assert (parsed.amount, parsed.currency, parsed.stage, parsed.owner) == (
        1_800_000,
        "INR",
        "proposal",
        "prospect",
    )
    assert parse("Hooli: 40 seats, sending the quote").currency is None
