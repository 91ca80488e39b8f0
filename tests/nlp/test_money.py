"""Deal amounts in whole currency units, and numbers that are no money."""

from __future__ import annotations

import pytest

from nlp.money import find_amount


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


@pytest.mark.parametrize("text", ["$40/user/month", "$12 per seat", "$9 a month"])
def test_unit_prices_are_no_deal_amount(text: str) -> None:
    assert find_amount(text) is None
