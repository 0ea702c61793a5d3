"""The invoice workflow: states, numbering, due dates, balances."""

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
