"""The accounts-receivable aging dashboard: totals per currency and bucket, the overdue invoices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledgerline_contracts import Money

from ledgerline_analytics.domain.aging import Overdue, bucket


def aging_view(day: date, totals: dict[str, dict[str, Decimal]], overdue: list[Overdue]) -> dict:
    return {
        "as_of": day.isoformat(),
        "buckets": {currency: {name: format(Money(amount=amount, currency=currency).rounded().amount, "f")
                               for name, amount in per_bucket.items()}
                    for currency, per_bucket in totals.items()},
        "overdue": [{
            "invoice_id": str(o.receivable.invoice_id), "number": o.receivable.number,
            "account_name": o.receivable.account_name, "due_date": o.receivable.due_date.isoformat(),
            "days_overdue": o.days_overdue, "bucket": bucket(o.days_overdue),
            "balance": Money(amount=o.receivable.balance, currency=o.receivable.currency).rounded()
            .model_dump(mode="json"),
        } for o in overdue],
    }
