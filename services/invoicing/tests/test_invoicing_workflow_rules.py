"""Invoice workflow rules: numbering, due dates, balances."""

from datetime import date

import pytest

from ledgerline_contracts import Conflict, Money, ValidationFailed
from ledgerline_invoicing.domain import invoices as domain


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
