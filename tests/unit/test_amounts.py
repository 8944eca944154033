"""Money amounts: written as editors write them (`800B`), shown as readers say them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sitegen.model.amounts import format_money, format_range, parse_amount


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("800B", Decimal("800000000000")),
        ("1.75T", Decimal("1750000000000")),
        ("38M", Decimal("38000000")),
        ("250K", Decimal("250000")),
        ("38m", Decimal("38000000")),
        ("10,000,000", Decimal("10000000")),
        ("1234.5", Decimal("1234.5")),
        (" 5 B ", Decimal("5000000000")),
    ],
)
def test_amounts_are_read_with_their_scale_letter(written, value):
    assert parse_amount(written) == value


@pytest.mark.parametrize("written", ["", "$800B", "800 billion", "1.2.3", "8X", "-5M", "1" * 41])
def test_anything_else_is_not_an_amount(written):
    assert parse_amount(written) is None


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("1.75T", "$1.75 trillion"),
        ("800B", "$800 billion"),
        ("1T", "$1 trillion"),
        ("38M", "$38 million"),
        ("12.5M", "$12.5 million"),
        ("1.234T", "$1.23 trillion"),
        ("995B", "$995 billion"),
        ("2500T", "$2,500 trillion"),
        ("250000", "$250,000"),
        ("1.5K", "$1,500"),
        ("0.5", "$0.50"),
    ],
)
def test_dollars_are_said_as_a_reader_says_them(written, said):
    assert format_money(parse_amount(written)) == said


def test_a_figure_that_rounds_up_to_a_thousand_is_said_in_the_next_scale():
    assert format_money(parse_amount("999999999")) == "$1 billion"
    assert format_money(parse_amount("999.999B")) == "$1 trillion"


@pytest.mark.parametrize(
    ("currency", "said"),
    [("EUR", "€38 million"), ("GBP", "£38 million"), ("JPY", "¥38 million"),
     ("CHF", "CHF 38 million"), ("cad", "CAD 38 million")],
)  # fmt: skip
def test_other_currencies_have_their_symbol_or_their_code(currency, said):
    assert format_money(Decimal("38000000"), currency) == said


def test_a_range_names_both_ends_and_one_figure_when_they_agree():
    low, high = parse_amount("800B"), parse_amount("1T")
    assert format_range(low, high) == "$800 billion–$1 trillion"
    assert format_range(high, high) == "$1 trillion"
    assert format_range(low, high, "EUR") == "€800 billion–€1 trillion"
