"""Whether a customer is past due: so a technician can hold back non-critical work.

An account is past due when one of its posted invoices is still owed after its
due date. The receivables are the kit's read model of invoicing's events
(:mod:`ledgerline_servicekit.receivables`), kept right whatever order they arrive in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledgerline_servicekit.receivables.rules import Receivable


@dataclass(frozen=True)
class PastDueWarning:
    past_due: bool
    overdue_invoices: int = 0
    overdue_amount: Decimal = Decimal(0)
    currency: str | None = None
    oldest_due_date: date | None = None
    days_overdue: int = 0


NOT_PAST_DUE = PastDueWarning(past_due=False)


def warning_for(receivables: Iterable[Receivable], today: date) -> PastDueWarning:
    overdue = [r for r in receivables if r.due_date is not None and r.due_date < today and r.balance > 0]
    if not overdue:
        return NOT_PAST_DUE
    oldest = min(r.due_date for r in overdue)
    return PastDueWarning(past_due=True, overdue_invoices=len(overdue), overdue_amount=sum(r.balance for r in overdue),
                    currency=overdue[0].currency, oldest_due_date=oldest, days_overdue=(today - oldest).days)
