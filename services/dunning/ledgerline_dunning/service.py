"""The dunning service's entrypoints: thin, the rules live in ``domain``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from ledgerline_contracts import Actor, Envelope, Money, Role
from ledgerline_contracts.events.dunning import ReminderSent
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import handle_event, periodic, rpc
from ledgerline_servicekit.clock import today
from ledgerline_servicekit.receivables import storage as receivables
from ledgerline_servicekit.service import LedgerlineService

from ledgerline_dunning import domain, storage
from ledgerline_dunning.domain import ReminderStatus

class DunningService(LedgerlineService):
    name = "dunning"

    @handle_event("invoice.posted", "payment.recorded", "credit_note.issued", "invoice.paid", "invoice.voided",
                  "invoice.disputed", "invoice.dispute_resolved")
    def on_receivable_event(self, envelope: Envelope) -> None:
        """Kept whatever order the events arrive in (:mod:`ledgerline_servicekit.receivables`): the
        reminders are scheduled when the posting arrives, and cancelled once nothing is owed, even if
        that was known before the posting."""
        session = self.db.session
        before, after = receivables.record(session, storage.receivables, envelope)
        if after.posted and not before.posted:
            storage.add_reminders(session, [
                {"id": uuid4(), "invoice_id": after.invoice_id, "position": i, "stage": stage.key,
                 "label": stage.label, "due_on": due_on, "status": ReminderStatus.SCHEDULED}
                for i, (stage, due_on) in enumerate(domain.schedule(after.due_date))
            ])
        if after.settled:
            storage.cancel_scheduled(session, after.invoice_id)

    # --- sending ------------------------------------------------------------------

    @periodic("reminder_check_seconds")
    def send_due_reminders(self) -> None:
        self.send_reminders_due_on(today())

    def send_reminders_due_on(self, day: date) -> int:
        session = self.db.session
        sent = 0
        for invoice in storage.invoices_with_due_reminders(session, day):
            if not domain.may_remind(receivables.receivable_of(invoice), invoice.paused):
                continue
            pending = storage.scheduled_reminders(session, invoice.invoice_id)
            decision = domain.decide([(r.stage, r.due_on) for r in pending], day)
            storage.mark(session, invoice.invoice_id, list(decision.skip), ReminderStatus.SKIPPED)
            if decision.send is None:
                continue
            now = datetime.now(UTC)
            storage.mark(session, invoice.invoice_id, [decision.send], ReminderStatus.SENT, sent_at=now,
                         recipient=invoice.billing_email)
            reminder = next(r for r in pending if r.stage == decision.send)
            self.db.record_event("reminder.sent", invoice.org_id, ReminderSent(
                reminder_id=reminder.id, invoice_id=invoice.invoice_id, invoice_number=invoice.number,
                account_id=invoice.account_id, stage=decision.send, due_on=reminder.due_on, sent_at=now,
                recipient=invoice.billing_email))
            sent += 1
        return sent

    @rpc(allow={Role.BILLING})
    def reminder_timeline(self, actor: Actor, invoice_id: str) -> dict:
        invoice = receivables.posted_receivable(self.db.session, storage.receivables, actor.org_id,
                                                inputs.parse_id(invoice_id, "invoice_id"))
        return {
            "invoice_id": str(invoice.invoice_id), "number": invoice.number, "collection_status": invoice.status,
            "disputed": invoice.disputed, "paused": invoice.paused,
            "balance": Money(amount=invoice.balance, currency=invoice.currency).rounded().model_dump(mode="json"),
            "reminders": [{
                "stage": r.stage, "label": r.label, "due_on": r.due_on.isoformat(), "status": r.status,
                "sent_at": r.sent_at.isoformat() if r.sent_at else None, "recipient": r.recipient,
            } for r in storage.timeline(self.db.session, invoice.invoice_id)],
        }
