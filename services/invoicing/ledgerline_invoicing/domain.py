"""Invoicing rules, free of nameko and SQLAlchemy.

Money rounding happens in one place: each line's amount and each line's tax
are rounded half-up to the currency's minor unit (:meth:`Money.rounded`);
invoice totals are sums of rounded lines, so they always add up on paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from ledgerline_contracts import Conflict, Money, ValidationFailed

MINUTES_PER_HOUR = Decimal(60)


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    POSTED = "posted"
    PAID = "paid"


@dataclass(frozen=True)
class UnbilledTime:
    """A billable time entry waiting to be invoiced (invoicing's copy of it)."""

    entry_id: UUID
    version: int
    user_id: UUID
    work_date: date
    minutes: int
    narrative: str


@dataclass(frozen=True)
class DraftLine:
    source_id: UUID
    source_version: int
    description: str
    work_date: date
    quantity: Decimal  # hours, shown to two places
    unit_price: Money
    amount: Money  # rounded
    tax: Money  # rounded


def time_line(entry: UnbilledTime, hourly_rate: Money, tax_rate: Decimal) -> DraftLine:
    """A line for one time entry: minutes × rate ÷ 60, rounded once, on the line."""
    amount = Money(amount=hourly_rate.amount * entry.minutes / MINUTES_PER_HOUR,
                   currency=hourly_rate.currency).rounded()
    return DraftLine(
        source_id=entry.entry_id,
        source_version=entry.version,
        description=entry.narrative,
        work_date=entry.work_date,
        quantity=(Decimal(entry.minutes) / MINUTES_PER_HOUR).quantize(Decimal("0.01")),
        unit_price=hourly_rate,
        amount=amount,
        tax=(amount * tax_rate).rounded(),
    )


@dataclass(frozen=True)
class Totals:
    subtotal: Money
    tax: Money
    total: Money


def totals(amounts: list[tuple[Money, Money]], currency: str) -> Totals:
    """Sum of rounded line amounts and of rounded line taxes."""
    subtotal, tax = Money.zero(currency), Money.zero(currency)
    for amount, line_tax in amounts:
        subtotal, tax = subtotal + amount, tax + line_tax
    return Totals(subtotal=subtotal, tax=tax, total=subtotal + tax)


def invoice_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:06d}"


def due_date(issued: date, payment_terms_days: int) -> date:
    return issued + timedelta(days=payment_terms_days)


def require_status(current: str, allowed: set[InvoiceStatus], action: str) -> None:
    if current not in allowed:
        raise Conflict(f"cannot {action} an invoice that is {current}")


def balance_after_payment(balance: Money, amount: Money) -> Money:
    """What is owed after a payment; a payment larger than the balance is refused."""
    if amount.amount <= 0:
        raise ValidationFailed("amount must be positive", "amount")
    if amount > balance:
        raise ValidationFailed(f"amount {amount} is more than the balance {balance}", "amount")
    return balance - amount
