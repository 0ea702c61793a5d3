from datetime import date, timedelta
from decimal import Decimal
from uuid import uuid4

from ledgerline_analytics.domain import aging
from ledgerline_servicekit.receivables.rules import Receivable


def receivable(number, days_overdue, amount="100.00", currency="EUR"):
    return Receivable(invoice_id=uuid4(), org_id=uuid4(), account_id=uuid4(), number=number, account_name="Acme",
                      due_date=date(2026, 11, 21) - timedelta(days=days_overdue), balance=Decimal(amount),
                      currency=currency)


def test_buckets_edges():
    assert [aging.bucket(d) for d in (-5, 0, 1, 30, 31, 60, 61, 90, 91)] == [
        "current", "current", "1-30", "1-30", "31-60", "31-60", "61-90", "61-90", "90+"]


def test_aging_totals_per_currency_and_overdue_list_oldest_first():
    totals, overdue = aging.aging([
        receivable("A", -3), receivable("B", 45, "50.00"), receivable("C", 120, "10.00"),
        receivable("D", 45, "7.00", "USD"), receivable("E", 200, "0.00"),
    ], date(2026, 11, 21))
    assert totals["EUR"]["current"] == Decimal("100.00")
    assert totals["EUR"]["31-60"] == Decimal("50.00") and totals["EUR"]["90+"] == Decimal("10.00")
    assert totals["USD"]["31-60"] == Decimal("7.00")
    assert [(o.receivable.number, o.days_overdue) for o in overdue] == [("C", 120), ("B", 45), ("D", 45)]
