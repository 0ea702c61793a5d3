"""Money: a Decimal amount with an ISO 4217 currency.

On the wire it is ``{"amount": "12.50", "currency": "EUR"}``: the amount is a
decimal string so no consumer ever parses it as a binary float.  Rounding is
half-up to the currency's minor unit and happens only in :meth:`Money.rounded`
(docs/rules.md, rule 1: per line, at one documented place).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Annotated, Any

from babel.numbers import get_currency_precision, list_currencies
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema, field_validator


@lru_cache(maxsize=1)
def _known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def is_currency(code: str) -> bool:
    return code in _known_currencies()


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of ``currency``: 0.01 for EUR, 1 for JPY."""
    return Decimal(1).scaleb(-get_currency_precision(currency))


# How amounts are written on the wire: digits, optionally a minus sign and a fraction ("-12.50").
# No exponent ("1e2"), NaN or Infinity: what a person reads is what is stored.
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
_PLAIN_DECIMAL = re.compile(DECIMAL_PATTERN)


def to_decimal(value: Any) -> Decimal:
    """Accept a plain decimal string, an int or a Decimal; refuse float, whose value is already inexact."""
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError("amounts must be given as decimal strings, not floating-point numbers")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        if not _PLAIN_DECIMAL.match(value.strip()):
            raise ValueError(f"{value[:50]!r} is not a plain decimal number such as \"12.50\"")
        result = Decimal(value.strip())
    else:
        raise ValueError(f"{value!r} is not a decimal number")
    if not result.is_finite():
        raise ValueError("amounts must be finite")
    return result


# A Decimal field that refuses floats and serializes as a string.
DecimalStr = Annotated[
    Decimal,
    BeforeValidator(to_decimal),
    PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": DECIMAL_PATTERN}, mode="validation"),
]


# Inputs no larger or finer than what the database keeps (money NUMERIC(18, 4), quantities
# NUMERIC(14, 3), rates NUMERIC(6, 4)): anything else is refused, never rounded away or overflowed.
Amount = Annotated[DecimalStr, Field(max_digits=18, decimal_places=4)]
Quantity = Annotated[DecimalStr, Field(max_digits=14, decimal_places=3)]
Rate = Annotated[DecimalStr, Field(max_digits=6, decimal_places=4)]


def round_half_up(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


class Money(BaseModel):
    model_config = ConfigDict(frozen=True)

    amount: DecimalStr
    currency: str

    @field_validator("currency")
    @classmethod
    def _iso_4217(cls, value: str) -> str:
        code = value.strip().upper()
        if not is_currency(code):
            raise ValueError(f"{value!r} is not an ISO 4217 currency code")
        return code

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(amount=Decimal(0), currency=currency)

    @classmethod
    def of(cls, amount: Any, currency: str) -> Money:
        return cls(amount=amount, currency=currency)

    @classmethod
    def stored(cls, amount: Decimal, currency: str) -> Money:
        """An amount read from a database column, as people write it: to the currency's minor
        unit (150.0000 → 150.00), or to the digits a finer price really has (0.0125 stays)."""
        value = cls(amount=amount, currency=currency)
        rounded = value.rounded()
        return rounded if rounded.amount == value.amount else cls(amount=amount.normalize(), currency=currency)

    def rounded(self) -> Money:
        """Half-up to the currency's minor unit: the one place money is rounded."""
        return Money(amount=round_half_up(self.amount, self.currency), currency=self.currency)

    def _same_currency(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(amount=self.amount + other.amount, currency=self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(amount=self.amount - other.amount, currency=self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, float):
            raise TypeError("multiply Money by a Decimal, not a float")
        return Money(amount=self.amount * Decimal(factor), currency=self.currency)

    def __neg__(self) -> Money:
        return Money(amount=-self.amount, currency=self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount >= other.amount

    def is_zero(self) -> bool:
        return self.amount == 0

    def __str__(self) -> str:
        return f"{format(self.amount, 'f')} {self.currency}"


class MoneyInput(Money):
    """Money as a request gives it: no larger or finer than the database keeps, so pricing it
    (times a quantity, rounded) stays within exact decimal arithmetic."""

    # Callers building a request in Python hand over the Money they hold.
    model_config = ConfigDict(frozen=True, from_attributes=True)

    amount: Amount
