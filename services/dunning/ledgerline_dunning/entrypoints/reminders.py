"""Dunning's entrypoints: invoicing's events keep the receivables and schedules, a periodic run
sends what is due, billing reads an invoice's timeline. Thin: the rules are in ``domain``, the
changes in ``use_cases``."""

from __future__ import annotations

from ledgerline_contracts import Actor, Envelope, Role
from ledgerline_servicekit import inputs
from ledgerline_servicekit.clock import today
from ledgerline_servicekit.entrypoints import handle_event, periodic, rpc
from ledgerline_servicekit.receivables import storage as receivables

from ledgerline_dunning import storage
from ledgerline_dunning.use_cases import reminders
from ledgerline_dunning.views.reminders import timeline_view


class ReminderEntrypoints:
    @handle_event("invoice.posted", "payment.recorded", "credit_note.issued", "invoice.paid", "invoice.voided",
                  "invoice.disputed", "invoice.dispute_resolved")
    def on_receivable_event(self, envelope: Envelope) -> None:
        reminders.keep_receivable(self._unit_of_work(), envelope)

    @periodic("reminder_check_seconds")
    def send_due_reminders(self) -> None:
        reminders.send_reminders_due_on(self._unit_of_work(), today())

    @rpc(allow={Role.BILLING})
    def reminder_timeline(self, actor: Actor, invoice_id: str) -> dict:
        session = self.db.session
        invoice = receivables.posted_receivable(session, storage.tables.receivables, actor.org_id,
                                                inputs.parse_id(invoice_id, "invoice_id"))
        return timeline_view(invoice, storage.reminders.timeline(session, invoice.invoice_id))
