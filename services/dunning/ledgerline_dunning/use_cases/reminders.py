"""Keeping each posted invoice's receivable and its reminder schedule, and sending what is due."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from ledgerline_contracts import Envelope
from ledgerline_servicekit.receivables import storage as receivables
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_dunning import storage
from ledgerline_dunning.domain import reminders
from ledgerline_dunning.domain.events import ReminderSent
from ledgerline_dunning.domain.reminders import ReminderStatus


def keep_receivable(uow: SqlUnitOfWork, envelope: Envelope) -> None:
    """Kept whatever order the events arrive in (:mod:`ledgerline_servicekit.receivables`): the
    reminders are scheduled when the posting arrives, and cancelled once nothing is owed, even if
    that was known before the posting."""
    with uow:
        session = uow.session
        before, after = receivables.record(session, storage.tables.receivables, envelope)
        if after.posted and not before.posted:
            storage.reminders.add_reminders(session, [
                {"id": uuid4(), "invoice_id": after.invoice_id, "position": i, "stage": stage.key,
                 "label": stage.label, "due_on": due_on, "status": ReminderStatus.SCHEDULED}
                for i, (stage, due_on) in enumerate(reminders.schedule(after.due_date))
            ])
        if after.settled:
            storage.reminders.cancel_scheduled(session, after.invoice_id)


def send_reminders_due_on(uow: SqlUnitOfWork, day: date) -> int:
    """Send each open invoice's latest due stage (skipping the ones it overtook); how many were sent."""
    with uow:
        session = uow.session
        sent = 0
        for invoice in storage.reminders.invoices_with_due_reminders(session, day):
            if not reminders.may_remind(receivables.receivable_of(invoice), invoice.paused):
                continue
            pending = storage.reminders.scheduled_reminders(session, invoice.invoice_id)
            decision = reminders.decide([(r.stage, r.due_on) for r in pending], day)
            storage.reminders.mark(session, invoice.invoice_id, list(decision.skip), ReminderStatus.SKIPPED)
            if decision.send is None:
                continue
            now = datetime.now(UTC)
            storage.reminders.mark(session, invoice.invoice_id, [decision.send], ReminderStatus.SENT, sent_at=now,
                                   recipient=invoice.billing_email)
            reminder = next(r for r in pending if r.stage == decision.send)
            uow.record(ReminderSent(
                org_id=invoice.org_id, reminder_id=reminder.id, invoice_id=invoice.invoice_id,
                invoice_number=invoice.number, account_id=invoice.account_id, stage=decision.send,
                due_on=reminder.due_on, sent_at=now, recipient=invoice.billing_email))
            sent += 1
        return sent
