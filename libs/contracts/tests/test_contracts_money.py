from decimal import Decimal

import pytest
from pydantic import ValidationError

from ledgerline_contracts import Money


def test_amount_travels_as_a_decimal_string():
    money = Money.of("12.50", "eur")
    assert money.currency == "EUR"
    assert money.model_dump(mode="json") == {"amount": "12.50", "currency": "EUR"}
    assert Money.model_validate_json('{"amount": "12.50", "currency": "EUR"}') == money


def test_floats_are_refused_because_they_are_already_inexact():
    with pytest.raises(ValidationError, match="decimal strings"):
        Money(amount=0.1, currency="EUR")


def test_unknown_currency_is_refused():
    with pytest.raises(ValidationError, match="ISO 4217"):
        Money.of("1", "XYZ")


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("2.345", "EUR", "2.35"),  # half-up, not banker's rounding
        ("2.344", "EUR", "2.34"),
        ("-2.345", "EUR", "-2.35"),
        ("1234.5", "JPY", "1235"),  # no minor unit
        ("1.2345", "BHD", "1.235"),  # three decimals
    ],
)
def test_rounding_is_half_up_to_the_minor_unit(amount, currency, expected):
    assert Money.of(amount, currency).rounded().amount == Decimal(expected)


def test_arithmetic_keeps_currency_and_refuses_mixing():
    total = Money.of("10.00", "USD") + Money.of("2.50", "USD")
    assert total == Money.of("12.50", "USD")
    assert (total * 2).amount == Decimal("25.00")
    assert total - Money.of("12.50", "USD") == Money.zero("USD")
    with pytest.raises(ValueError, match="cannot combine USD with EUR"):
        total + Money.of("1", "EUR")
    with pytest.raises(TypeError):
        total * 1.5


def test_a_stored_amount_reads_as_people_write_it():
    assert str(Money.stored(Decimal("150.0000"), "USD").amount) == "150.00"
    assert str(Money.stored(Decimal("0.012500"), "USD").amount) == "0.0125"
    assert str(Money.stored(Decimal("1200.0000"), "JPY").amount) == "1200"
