from datetime import date, timedelta
from uuid import uuid4

import pytest
from nameko.testing.services import entrypoint_hook

from ledgerline_contracts import Money, NotFound, PermissionDenied, Role
from ledgerline_contracts.events import invoicing as billing
from ledgerline_servicekit.testing.fixtures import call_as, deliver, envelope_for, make_actor, recorded_events

ORG = uuid4()
billing_user = make_actor(Role.BILLING, ORG)


def post(dunning, due: date, total="100.00"):
    invoice_id = uuid4()
    posted = billing.InvoicePosted(
        invoice_id=invoice_id, number="INV-2026-000001", account_id=uuid4(), account_name="Acme",
        billing_email="ap@acme.example", issue_date=due - timedelta(days=30), due_date=due,
        subtotal=Money.of(total, "EUR"), tax=Money.zero("EUR"), total=Money.of(total, "EUR"),
        items=billing.InvoiceItems())
    deliver(dunning, "on_receivable_event", envelope_for("invoice.posted", ORG, posted))
    return posted


def timeline(dunning, invoice_id):
    return call_as(dunning, billing_user, "reminder_timeline", str(invoice_id))


def run_reminders(dunning):
    with entrypoint_hook(dunning, "send_due_reminders") as hook:
        hook()


def test_posting_schedules_five_reminders(dunning):
    posted = post(dunning, date(2026, 12, 1))
    seen = timeline(dunning, posted.invoice_id)
    assert [(r["stage"], r["due_on"], r["status"]) for r in seen["reminders"]][:2] == [
        ("before_due", "2026-11-28", "scheduled"), ("due", "2026-12-01", "scheduled")]
    assert len(seen["reminders"]) == 5 and seen["balance"] == {"amount": "100.00", "currency": "EUR"}
    assert seen["collection_status"] == "open"


def test_only_the_latest_due_stage_is_sent_and_never_twice(dunning, database_url):
    posted = post(dunning, date.today() - timedelta(days=8))
    run_reminders(dunning)
    run_reminders(dunning)
    statuses = [(r["stage"], r["status"]) for r in timeline(dunning, posted.invoice_id)["reminders"]]
    assert statuses == [("before_due", "skipped"), ("due", "skipped"), ("overdue_7", "sent"),
                        ("overdue_14", "scheduled"), ("overdue_30", "scheduled")]
    (sent,) = recorded_events(database_url, "reminder.sent")
    assert sent.payload["stage"] == "overdue_7" and sent.payload["recipient"] == "ap@acme.example"


def test_payment_in_full_cancels_the_schedule(dunning, database_url):
    posted = post(dunning, date.today() - timedelta(days=8))
    paid = billing.InvoicePaid(invoice_id=posted.invoice_id, number=posted.number, account_id=posted.account_id,
                               paid_on=date.today(), total=posted.total)
    deliver(dunning, "on_receivable_event", envelope_for("invoice.paid", ORG, paid))
    run_reminders(dunning)
    seen = timeline(dunning, posted.invoice_id)
    assert {r["status"] for r in seen["reminders"]} == {"cancelled"} and seen["collection_status"] == "paid"
    assert recorded_events(database_url, "reminder.sent") == []


def test_a_disputed_invoice_gets_no_reminder(dunning, database_url):
    posted = post(dunning, date.today())
    dispute = billing.InvoiceDisputed(invoice_id=posted.invoice_id, number=posted.number,
                                      account_id=posted.account_id, reason="hours look wrong")
    deliver(dunning, "on_receivable_event", envelope_for("invoice.disputed", ORG, dispute))
    run_reminders(dunning)
    assert recorded_events(database_url, "reminder.sent") == []
    assert timeline(dunning, posted.invoice_id)["disputed"] is True


def test_a_payment_in_full_that_overtakes_the_posting_cancels_the_schedule_when_it_arrives(dunning, database_url):
    invoice_id, account_id = uuid4(), uuid4()
    payment = billing.PaymentRecorded(
        payment_id=uuid4(), invoice_id=invoice_id, invoice_number="INV-2026-000009", account_id=account_id,
        amount=Money.of("100", "EUR"), received_on=date.today(), method="cash", balance=Money.of("0", "EUR"))
    deliver(dunning, "on_receivable_event", envelope_for("payment.recorded", ORG, payment))
    with pytest.raises(NotFound):  # not posted yet, as far as dunning knows
        timeline(dunning, invoice_id)
    due = date.today() - timedelta(days=8)
    posted = billing.InvoicePosted(
        invoice_id=invoice_id, number="INV-2026-000009", account_id=account_id, account_name="Acme",
        billing_email="ap@acme.example", issue_date=due - timedelta(days=30), due_date=due,
        subtotal=Money.of("100", "EUR"), tax=Money.zero("EUR"), total=Money.of("100", "EUR"),
        items=billing.InvoiceItems())
    deliver(dunning, "on_receivable_event", envelope_for("invoice.posted", ORG, posted))
    run_reminders(dunning)
    seen = timeline(dunning, invoice_id)
    assert {r["status"] for r in seen["reminders"]} == {"cancelled"} and len(seen["reminders"]) == 5
    assert seen["balance"] == {"amount": "0.00", "currency": "EUR"}
    assert recorded_events(database_url, "reminder.sent") == []


def test_only_billing_of_the_same_organization_sees_the_timeline(dunning):
    posted = post(dunning, date(2026, 12, 1))
    with pytest.raises(PermissionDenied):
        call_as(dunning, make_actor(Role.PARTNER, ORG), "reminder_timeline", str(posted.invoice_id))
    with pytest.raises(NotFound):
        call_as(dunning, make_actor(Role.BILLING), "reminder_timeline", str(posted.invoice_id))


def test_dispute_changes_apply_in_the_order_invoicing_made_them_whatever_order_they_arrive(dunning):
    from datetime import UTC, datetime

    posted = post(dunning, date.today() + timedelta(days=10))
    at = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    disputed = billing.InvoiceDisputed(invoice_id=posted.invoice_id, number=posted.number,
                                       account_id=posted.account_id, reason="hours look wrong")
    resolved = billing.InvoiceDisputeResolved(invoice_id=posted.invoice_id, number=posted.number,
                                              account_id=posted.account_id, resolution="explained")
    # Made: dispute (9:00), resolve (9:05), dispute again (9:10). Arrive: 9:00, 9:10, then the late 9:05.
    deliver(dunning, "on_receivable_event", envelope_for("invoice.disputed", ORG, disputed, occurred_at=at))
    deliver(dunning, "on_receivable_event", envelope_for("invoice.disputed", ORG, disputed,
                                                         occurred_at=at + timedelta(minutes=10)))
    deliver(dunning, "on_receivable_event", envelope_for("invoice.dispute_resolved", ORG, resolved,
                                                                 occurred_at=at + timedelta(minutes=5)))
    assert timeline(dunning, posted.invoice_id)["disputed"] is True
