"""The analytics service: read models kept from invoicing's events."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from ledgerline_contracts import Actor, Envelope, Money, Role, ValidationFailed
from ledgerline_contracts.events import invoicing as billing
from ledgerline_servicekit.entrypoints import handle_event, rpc
from ledgerline_servicekit.clock import today
from ledgerline_servicekit.errors import NotKnownYet
from ledgerline_servicekit.service import LedgerlineService

from ledgerline_analytics import domain, storage

DASHBOARD_READERS = {Role.PARTNER, Role.BILLING}


class AnalyticsService(LedgerlineService):
    name = "analytics"

    @handle_event("invoice.posted")
    def on_invoice_posted(self, envelope: Envelope) -> None:
        posted = envelope.payload_as(billing.InvoicePosted)
        storage.add_receivable(self.db.session, {
            "invoice_id": posted.invoice_id, "org_id": envelope.org_id, "account_id": posted.account_id,
            "account_name": posted.account_name, "number": posted.number, "issue_date": posted.issue_date,
            "due_date": posted.due_date, "currency": posted.total.currency, "total": posted.total.amount,
            "balance": posted.total.amount, "status": "open"})

    def _require(self, invoice_id: UUID) -> None:
        if not storage.exists(self.db.session, invoice_id):
            # This event overtook invoice.posted on another queue; try again later.
            raise NotKnownYet(f"invoice {invoice_id} is not known yet")

    @handle_event("payment.recorded")
    def on_payment_recorded(self, envelope: Envelope) -> None:
        payment = envelope.payload_as(billing.PaymentRecorded)
        self._require(payment.invoice_id)
        storage.lower_balance(self.db.session, payment.invoice_id, payment.balance.amount)

    @handle_event("credit_note.issued")
    def on_credit_note_issued(self, envelope: Envelope) -> None:
        credit = envelope.payload_as(billing.CreditNoteIssued)
        self._require(credit.invoice_id)
        storage.lower_balance(self.db.session, credit.invoice_id, credit.balance.amount)

    @handle_event("invoice.paid")
    def on_invoice_paid(self, envelope: Envelope) -> None:
        paid = envelope.payload_as(billing.InvoicePaid)
        self._require(paid.invoice_id)
        storage.close(self.db.session, paid.invoice_id, "paid")

    @handle_event("invoice.voided")
    def on_invoice_voided(self, envelope: Envelope) -> None:
        voided = envelope.payload_as(billing.InvoiceVoided)
        self._require(voided.invoice_id)
        storage.close(self.db.session, voided.invoice_id, "voided")

    @rpc(allow=DASHBOARD_READERS)
    def ar_aging(self, actor: Actor, as_of: str | None = None) -> dict:
        try:
            day = date.fromisoformat(as_of) if as_of else today()
        except ValueError:
            raise ValidationFailed("as_of must be a date (YYYY-MM-DD)", "as_of") from None
        rows = storage.open_receivables(self.db.session, actor.org_id)
        totals, overdue = domain.aging([
            domain.Receivable(invoice_id=str(r.invoice_id), number=r.number, account_name=r.account_name,
                              due_date=r.due_date, balance=Money(amount=r.balance, currency=r.currency))
            for r in rows], day)
        return {
            "as_of": day.isoformat(),
            "buckets": {currency: {name: format(Money(amount=amount, currency=currency).rounded().amount, "f")
                                   for name, amount in per_bucket.items()}
                        for currency, per_bucket in totals.items()},
            "overdue": [{
                "invoice_id": o.receivable.invoice_id, "number": o.receivable.number,
                "account_name": o.receivable.account_name, "due_date": o.receivable.due_date.isoformat(),
                "days_overdue": o.days_overdue, "bucket": domain.bucket(o.days_overdue),
                "balance": o.receivable.balance.rounded().model_dump(mode="json"),
            } for o in overdue],
        }
