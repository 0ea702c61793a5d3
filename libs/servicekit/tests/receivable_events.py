"""One invoice's life as invoicing tells it, for the receivable tests."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

from ledgerline_contracts import Money
from ledgerline_contracts.events import invoicing as billing
from ledgerline_servicekit.testing.fixtures import envelope_for

from kit_helpers import ORG

MADE = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
DUE = date(2026, 12, 21)


class Invoice:
    """Builds the events of one posted invoice of 100.00 EUR, each made a minute after the last."""

    def __init__(self, total: str = "100.00"):
        self.invoice_id, self.account_id, self.number = uuid4(), uuid4(), "INV-2026-000042"
        self.total = Money.of(total, "EUR")
        self.minute = 0

    def _event(self, event_type, payload):
        self.minute += 1
        return envelope_for(event_type, ORG, payload, occurred_at=MADE + timedelta(minutes=self.minute))

    def posted(self):
        return self._event("invoice.posted", billing.InvoicePosted(
            invoice_id=self.invoice_id, number=self.number, account_id=self.account_id, account_name="Acme",
            billing_email="ap@acme.example", issue_date=DUE - timedelta(days=30), due_date=DUE,
            subtotal=self.total, tax=Money.zero("EUR"), total=self.total, items=billing.InvoiceItems()))

    def payment(self, balance: str):
        return self._event("payment.recorded", billing.PaymentRecorded(
            payment_id=uuid4(), invoice_id=self.invoice_id, invoice_number=self.number, account_id=self.account_id,
            amount=Money.of("1", "EUR"), received_on=DUE, method="card", balance=Money.of(balance, "EUR")))

    def credit_note(self, balance: str):
        return self._event("credit_note.issued", billing.CreditNoteIssued(
            credit_note_id=uuid4(), number="CN-2026-000001", invoice_id=self.invoice_id,
            invoice_number=self.number, account_id=self.account_id, amount=Money.of("1", "EUR"),
            reason="goodwill", balance=Money.of(balance, "EUR")))

    def paid(self):
        return self._event("invoice.paid", billing.InvoicePaid(
            invoice_id=self.invoice_id, number=self.number, account_id=self.account_id, paid_on=DUE,
            total=self.total))

    def voided(self):
        return self._event("invoice.voided", billing.InvoiceVoided(
            invoice_id=self.invoice_id, number=self.number, account_id=self.account_id, credit_note_id=uuid4(),
            credit_note_number="CN-2026-000002", reason="wrong account", released=billing.InvoiceItems(),
            balance=Money.zero("EUR")))

    def disputed(self):
        return self._event("invoice.disputed", billing.InvoiceDisputed(
            invoice_id=self.invoice_id, number=self.number, account_id=self.account_id, reason="hours look wrong"))

    def dispute_resolved(self):
        return self._event("invoice.dispute_resolved", billing.InvoiceDisputeResolved(
            invoice_id=self.invoice_id, number=self.number, account_id=self.account_id, resolution="explained"))
