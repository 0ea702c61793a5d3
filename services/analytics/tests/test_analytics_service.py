from datetime import date, timedelta
from uuid import uuid4

import pytest

from ledgerline_contracts import Money, PermissionDenied, Role, ValidationFailed
from ledgerline_contracts.events import invoicing as billing
from ledgerline_servicekit.testing.fixtures import call_as, deliver, envelope_for, make_actor

ORG = uuid4()
billing_user = make_actor(Role.BILLING, ORG)


def post(analytics, days_overdue, total="100.00"):
    due = date.today() - timedelta(days=days_overdue)
    posted = billing.InvoicePosted(
        invoice_id=uuid4(), number=f"INV-2026-{days_overdue:06d}", account_id=uuid4(), account_name="Acme",
        billing_email="ap@acme.example", issue_date=due - timedelta(days=30), due_date=due,
        subtotal=Money.of(total, "EUR"), tax=Money.zero("EUR"), total=Money.of(total, "EUR"),
        items=billing.InvoiceItems())
    deliver(analytics, "on_receivable_event", envelope_for("invoice.posted", ORG, posted))
    return posted


def test_ar_aging_follows_postings_and_payments(analytics):
    late = post(analytics, 45)
    post(analytics, -10, "20.00")
    payment = billing.PaymentRecorded(
        payment_id=uuid4(), invoice_id=late.invoice_id, invoice_number=late.number, account_id=late.account_id,
        amount=Money.of("40.00", "EUR"), received_on=date.today(), method="check",
        balance=Money.of("60.00", "EUR"))
    deliver(analytics, "on_receivable_event", envelope_for("payment.recorded", ORG, payment))
    aging = call_as(analytics, billing_user, "ar_aging")
    assert aging["buckets"]["EUR"]["31-60"] == "60.00"
    assert aging["buckets"]["EUR"]["current"] == "20.00"
    assert [(o["number"], o["days_overdue"]) for o in aging["overdue"]] == [(late.number, 45)]

    paid = billing.InvoicePaid(invoice_id=late.invoice_id, number=late.number, account_id=late.account_id,
                               paid_on=date.today(), total=late.total)
    deliver(analytics, "on_receivable_event", envelope_for("invoice.paid", ORG, paid))
    assert call_as(analytics, billing_user, "ar_aging")["overdue"] == []


def test_ar_aging_is_for_billing_and_partners_of_the_organization(analytics):
    post(analytics, 10)
    with pytest.raises(PermissionDenied):
        call_as(analytics, make_actor(Role.FEE_EARNER, ORG), "ar_aging")
    assert call_as(analytics, make_actor(Role.BILLING), "ar_aging")["buckets"] == {}
    with pytest.raises(ValidationFailed) as refused:
        call_as(analytics, billing_user, "ar_aging", "yesterday")
    assert refused.value.field == "as_of"


def test_a_payment_that_overtakes_its_posting_counts_once_the_posting_arrives(analytics):
    invoice_id, account_id = uuid4(), uuid4()
    payment = billing.PaymentRecorded(
        payment_id=uuid4(), invoice_id=invoice_id, invoice_number="INV-2026-000077", account_id=account_id,
        amount=Money.of("40.00", "EUR"), received_on=date.today(), method="check", balance=Money.of("60.00", "EUR"))
    deliver(analytics, "on_receivable_event", envelope_for("payment.recorded", ORG, payment))
    assert call_as(analytics, billing_user, "ar_aging")["buckets"] == {}  # nothing posted yet
    due = date.today() - timedelta(days=45)
    posted = billing.InvoicePosted(
        invoice_id=invoice_id, number="INV-2026-000077", account_id=account_id, account_name="Acme",
        billing_email="ap@acme.example", issue_date=due - timedelta(days=30), due_date=due,
        subtotal=Money.of("100.00", "EUR"), tax=Money.zero("EUR"), total=Money.of("100.00", "EUR"),
        items=billing.InvoiceItems())
    deliver(analytics, "on_receivable_event", envelope_for("invoice.posted", ORG, posted))
    assert call_as(analytics, billing_user, "ar_aging")["buckets"]["EUR"]["31-60"] == "60.00"
