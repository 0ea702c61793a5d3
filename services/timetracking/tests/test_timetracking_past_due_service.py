"""The past-due warning: invoicing's events tell timetracking what accounts still owe."""

from datetime import date, timedelta
from uuid import uuid4

from ledgerline_contracts import Money
from ledgerline_contracts.events import invoicing as billing
from ledgerline_servicekit.testing.fixtures import call_as, deliver, envelope_for

from timetracking_helpers import ORG, alice, customer_of, known_account, open_ticket


def posted(account, invoice_id, due_date, total="100.00"):
    amount = Money.of(total, "EUR")
    return envelope_for("invoice.posted", ORG, billing.InvoicePosted(
        invoice_id=invoice_id, number="INV-2026-000001", account_id=account.account_id, account_name="Acme",
        billing_email="ap@acme.example", issue_date=due_date - timedelta(days=30), due_date=due_date,
        subtotal=amount, tax=Money.zero("EUR"), total=amount, items=billing.InvoiceItems()))


def payment(account, invoice_id, balance):
    return envelope_for("payment.recorded", ORG, billing.PaymentRecorded(
        payment_id=uuid4(), invoice_id=invoice_id, invoice_number="INV-2026-000001", account_id=account.account_id,
        amount=Money.of("1", "EUR"), received_on=date.today(), method="card", balance=Money.of(balance, "EUR")))


def test_a_ticket_shows_when_its_account_is_past_due(timetracking):
    account = known_account(timetracking)
    ticket = open_ticket(timetracking, account)
    assert call_as(timetracking, alice, "get_matter", ticket["id"])["past_due_warning"] == {"past_due": False}

    late, later = uuid4(), uuid4()
    due = date.today() - timedelta(days=10)
    deliver(timetracking, "on_balance_reduced", payment(account, late, "60.00"))  # overtook the posting
    deliver(timetracking, "on_invoice_posted", posted(account, late, due))
    deliver(timetracking, "on_invoice_posted", posted(account, later, date.today() + timedelta(days=20)))
    warning = call_as(timetracking, alice, "get_matter", ticket["id"])["past_due_warning"]
    assert warning == {"past_due": True, "overdue_invoices": 1, "overdue_amount": {"amount": "60.00", "currency": "EUR"},
                       "oldest_due_date": due.isoformat(), "days_overdue": 10}
    listed = call_as(timetracking, alice, "list_matters")["items"][0]
    assert listed["past_due_warning"]["past_due"] is True
    timer = call_as(timetracking, alice, "start_timer", {"matter_id": ticket["id"]})
    assert timer["past_due_warning"]["past_due"] is True
    assert "past_due_warning" not in call_as(timetracking, customer_of(account), "get_matter", ticket["id"])

    deliver(timetracking, "on_balance_reduced", envelope_for("invoice.paid", ORG, billing.InvoicePaid(
        invoice_id=late, number="INV-2026-000001", account_id=account.account_id, paid_on=date.today(),
        total=Money.of("100.00", "EUR"))))
    deliver(timetracking, "on_balance_reduced", payment(account, late, "30.00"))  # late: the lowest balance wins
    assert call_as(timetracking, alice, "get_matter", ticket["id"])["past_due_warning"] == {"past_due": False}
