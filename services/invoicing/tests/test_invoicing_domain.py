from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from ledgerline_contracts import Conflict, Money, ValidationFailed
from ledgerline_contracts.commands.invoicing import NewAccount
from ledgerline_invoicing import domain


def entry(minutes: int) -> domain.UnbilledTime:
    return domain.UnbilledTime(entry_id=uuid4(), version=1, user_id=uuid4(), work_date=date(2026, 11, 2),
                               minutes=minutes, narrative="Server patching")


def test_a_time_line_is_minutes_times_rate_rounded_once_on_the_line():
    line = domain.time_line(entry(50), Money.of("100.00", "EUR"), Decimal("0.20"))
    assert line.quantity == Decimal("0.83")  # shown to two places
    assert line.amount == Money.of("83.33", "EUR")  # 50/60 × 100 = 83.333…, not 0.83 × 100
    assert line.tax == Money.of("16.67", "EUR")  # 16.666… half-up


def test_totals_are_sums_of_rounded_lines():
    lines = [domain.time_line(entry(m), Money.of("95.00", "USD"), Decimal("0.0825")) for m in (7, 13, 50)]
    sums = domain.totals([(l.amount, l.tax) for l in lines], "USD")
    assert sums.subtotal.amount == sum(l.amount.amount for l in lines)
    assert sums.tax.amount == sum(l.tax.amount for l in lines)
    assert sums.total == sums.subtotal + sums.tax


def test_numbers_and_due_dates():
    assert domain.invoice_number("INV", 2026, 123) == "INV-2026-000123"
    assert domain.due_date(date(2026, 12, 15), 30) == date(2027, 1, 14)


def test_a_payment_cannot_exceed_the_balance():
    balance = Money.of("100.00", "EUR")
    assert domain.balance_after_payment(balance, Money.of("40.00", "EUR")) == Money.of("60.00", "EUR")
    assert domain.balance_after_payment(balance, balance).is_zero()
    with pytest.raises(ValidationFailed, match="more than the balance") as refused:
        domain.balance_after_payment(balance, Money.of("100.01", "EUR"))
    assert refused.value.field == "amount"


def test_workflow_states():
    domain.require_status("draft", {domain.InvoiceStatus.DRAFT}, "approve")
    with pytest.raises(Conflict, match="cannot post an invoice that is draft"):
        domain.require_status("draft", {domain.InvoiceStatus.APPROVED}, "post")


def test_account_input_is_validated_and_trimmed():
    account = NewAccount(name="  Acme  ", billing_email="ap@acme.example", currency="eur")
    assert (account.name, account.currency, account.payment_terms_days) == ("Acme", "EUR", 30)
    with pytest.raises(ValueError, match="ISO 4217"):
        NewAccount(name="Acme", billing_email="ap@acme.example", currency="EURO")
    with pytest.raises(ValueError, match="Extra inputs"):
        NewAccount(name="Acme", billing_email="ap@acme.example", org_id=str(uuid4()))
