"""Accounts-receivable aging of the kit's receivables, free of nameko and SQLAlchemy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledgerline_servicekit.receivables.rules import Receivable

BUCKETS = ("current", "1-30", "31-60", "61-90", "90+")


def bucket(days_overdue: int) -> str:
    if days_overdue <= 0:
        return "current"
    if days_overdue <= 30:
        return "1-30"
    if days_overdue <= 60:
        return "31-60"
    if days_overdue <= 90:
        return "61-90"
    return "90+"


@dataclass(frozen=True)
class Overdue:
    receivable: Receivable
    days_overdue: int


def aging(receivables: list[Receivable], as_of: date) -> tuple[dict[str, dict[str, Decimal]], list[Overdue]]:
    """Open balances per currency and bucket, and the overdue invoices oldest first."""
    totals: dict[str, dict[str, Decimal]] = {}
    overdue = []
    for item in receivables:
        if not item.balance:
            continue
        days = (as_of - item.due_date).days
        per_bucket = totals.setdefault(item.currency, {name: Decimal(0) for name in BUCKETS})
        per_bucket[bucket(days)] += item.balance
        if days > 0:
            overdue.append(Overdue(item, days))
    overdue.sort(key=lambda o: (-o.days_overdue, o.receivable.number))
    return totals, overdue
