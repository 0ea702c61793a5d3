"""What dunning's domain events become: the events other tools receive through the outbox (dunning
keeps no audit trail of its own; its reminders are the billing log)."""

from __future__ import annotations

from ledgerline_contracts.events.dunning import ReminderSent
from ledgerline_servicekit.unit_of_work import EventMap, Outgoing

from ledgerline_dunning.domain import events


def reminder_sent(e: events.ReminderSent):
    yield Outgoing("reminder.sent", e.org_id, ReminderSent(
        reminder_id=e.reminder_id, invoice_id=e.invoice_id, invoice_number=e.invoice_number,
        account_id=e.account_id, stage=e.stage, due_on=e.due_on, sent_at=e.sent_at, recipient=e.recipient))


DUNNING_EVENTS = EventMap()
DUNNING_EVENTS.register(events.ReminderSent, reminder_sent)
