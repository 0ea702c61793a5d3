"""The dunning service's entrypoints: thin, the rules live in ``domain``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from ledgerline_contracts import Actor, Envelope, Money, NotFound, Role
from ledgerline_contracts.events import invoicing as billing
from ledgerline_contracts.events.dunning import ReminderSent
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import handle_event, periodic, rpc
from ledgerline_servicekit.clock import today
from ledgerline_servicekit.errors import NotKnownYet
from ledgerline_servicekit.service import LedgerlineService

from ledgerline_dunning import domain, storage
from ledgerline_dunning.domain import CollectionStatus, ReminderStatus

class DunningService(LedgerlineService):
    name = "dunning"

    def _known(self, org_id: UUID, invoice_id: UUID):
        try:
            return storage.get_invoice(self.db.session, org_id, invoice_id, for_update=True)
        except NotFound as missing:
            # Events travel on separate queues: this one overtook invoice.posted. Try again later.
            raise NotKnownYet(f"invoice {invoice_id} is not known yet") from missing

    @handle_event("invoice.posted")
    def on_invoice_posted(self, envelope: Envelope) -> None:
        posted = envelope.payload_as(billing.InvoicePosted)
        session = self.db.session
        if not storage.add_invoice(session, {
            "id": posted.invoice_id, "org_id": envelope.org_id, "number": posted.number,
            "account_id": posted.account_id, "account_name": posted.account_name,
            "billing_email": posted.billing_email, "due_date": posted.due_date,
            "currency": posted.total.currency, "total": posted.total.amount, "balance": posted.total.amount,
            "collection_status": CollectionStatus.OPEN,
        }):
            return
        storage.add_reminders(session, [
            {"id": uuid4(), "invoice_id": posted.invoice_id, "position": i, "stage": stage.key,
             "label": stage.label, "due_on": due_on, "status": ReminderStatus.SCHEDULED}
            for i, (stage, due_on) in enumerate(domain.schedule(posted.due_date))
        ])

    @handle_event("payment.recorded")
    def on_payment_recorded(self, envelope: Envelope) -> None:
        payment = envelope.payload_as(billing.PaymentRecorded)
        self._balance_fell(envelope.org_id, payment.invoice_id, payment.balance)

    @handle_event("credit_note.issued")
    def on_credit_note_issued(self, envelope: Envelope) -> None:
        credit = envelope.payload_as(billing.CreditNoteIssued)
        self._balance_fell(envelope.org_id, credit.invoice_id, credit.balance)

    def _balance_fell(self, org_id: UUID, invoice_id: UUID, balance: Money) -> None:
        self._known(org_id, invoice_id)
        storage.lower_balance(self.db.session, invoice_id, balance.amount)
        if balance.is_zero():
            storage.cancel_scheduled(self.db.session, invoice_id)

    @handle_event("invoice.paid")
    def on_invoice_paid(self, envelope: Envelope) -> None:
        paid = envelope.payload_as(billing.InvoicePaid)
        self._close(envelope.org_id, paid.invoice_id, CollectionStatus.PAID)

    @handle_event("invoice.voided")
    def on_invoice_voided(self, envelope: Envelope) -> None:
        voided = envelope.payload_as(billing.InvoiceVoided)
        self._close(envelope.org_id, voided.invoice_id, CollectionStatus.VOIDED)

    def _close(self, org_id: UUID, invoice_id: UUID, status: CollectionStatus) -> None:
        self._known(org_id, invoice_id)
        storage.set_invoice(self.db.session, invoice_id, collection_status=status, balance=0)
        storage.cancel_scheduled(self.db.session, invoice_id)

    @handle_event("invoice.disputed")
    def on_invoice_disputed(self, envelope: Envelope) -> None:
        disputed = envelope.payload_as(billing.InvoiceDisputed)
        self._dispute_changed(envelope, disputed.invoice_id, disputed=True)

    @handle_event("invoice.dispute_resolved")
    def on_invoice_dispute_resolved(self, envelope: Envelope) -> None:
        resolved = envelope.payload_as(billing.InvoiceDisputeResolved)
        self._dispute_changed(envelope, resolved.invoice_id, disputed=False)

    def _dispute_changed(self, envelope: Envelope, invoice_id: UUID, *, disputed: bool) -> None:
        """Disputes and resolutions travel on separate queues (and may be retried): the latest
        one invoicing made wins, whatever order they arrive in."""
        invoice = self._known(envelope.org_id, invoice_id)
        if invoice.dispute_changed_at is None or envelope.occurred_at > invoice.dispute_changed_at:
            storage.set_invoice(self.db.session, invoice_id, disputed=disputed,
                                dispute_changed_at=envelope.occurred_at)

    # --- sending ------------------------------------------------------------------

    @periodic("reminder_check_seconds")
    def send_due_reminders(self) -> None:
        self.send_reminders_due_on(today())

    def send_reminders_due_on(self, day: date) -> int:
        session = self.db.session
        sent = 0
        for invoice in storage.invoices_with_due_reminders(session, day):
            if not domain.may_remind(invoice.collection_status, invoice.disputed, invoice.paused,
                                     invoice.balance == 0):
                continue
            pending = storage.scheduled_reminders(session, invoice.id)
            decision = domain.decide([(r.stage, r.due_on) for r in pending], day)
            storage.mark(session, invoice.id, list(decision.skip), ReminderStatus.SKIPPED)
            if decision.send is None:
                continue
            now = datetime.now(UTC)
            storage.mark(session, invoice.id, [decision.send], ReminderStatus.SENT, sent_at=now,
                         recipient=invoice.billing_email)
            reminder = next(r for r in pending if r.stage == decision.send)
            self.db.record_event("reminder.sent", invoice.org_id, ReminderSent(
                reminder_id=reminder.id, invoice_id=invoice.id, invoice_number=invoice.number,
                account_id=invoice.account_id, stage=decision.send, due_on=reminder.due_on, sent_at=now,
                recipient=invoice.billing_email))
            sent += 1
        return sent

    @rpc(allow={Role.BILLING})
    def reminder_timeline(self, actor: Actor, invoice_id: str) -> dict:
        invoice = storage.get_invoice(self.db.session, actor.org_id, inputs.parse_id(invoice_id, "invoice_id"))
        return {
            "invoice_id": str(invoice.id), "number": invoice.number, "collection_status": invoice.collection_status,
            "disputed": invoice.disputed, "paused": invoice.paused,
            "balance": Money(amount=invoice.balance, currency=invoice.currency).rounded().model_dump(mode="json"),
            "reminders": [{
                "stage": r.stage, "label": r.label, "due_on": r.due_on.isoformat(), "status": r.status,
                "sent_at": r.sent_at.isoformat() if r.sent_at else None, "recipient": r.recipient,
            } for r in storage.timeline(self.db.session, invoice.id)],
        }
