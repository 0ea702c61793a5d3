"""What each of timetracking's domain events becomes: the event other services receive through
the outbox (payloads from :mod:`ledgerline_contracts.events.timetracking`). The unit of work
applies these rules when a use case ends; no use case writes an event by hand. Timetracking
keeps no audit trail (:mod:`..domain.events`), so its map has no ``write_audit``."""

from __future__ import annotations

from ledgerline_contracts.events import timetracking as contract
from ledgerline_servicekit.unit_of_work import EventMap, Outgoing

from ledgerline_timetracking.domain import events, rounding
from ledgerline_timetracking.views.setup import matter_event
from ledgerline_timetracking.views.work import entry_event, expense_event, part_event


def outgoing(e, event_type: str, payload) -> Outgoing:
    return Outgoing(event_type=event_type, org_id=e.by.org_id, payload=payload)


def time_entry_recorded(e: events.TimeEntryRecorded):
    yield outgoing(e, "time_entry.recorded", entry_event(e.entry))


def time_entry_edited(e: events.TimeEntryEdited):
    yield outgoing(e, "time_entry.updated", entry_event(e.entry))


def time_entry_deleted(e: events.TimeEntryDeleted):
    yield outgoing(e, "time_entry.deleted", contract.TimeEntryDeleted(
        entry_id=e.item.id, version=e.version, user_id=e.item.user_id, account_id=e.item.account_id))


def expense_recorded(e: events.ExpenseRecorded):
    yield outgoing(e, "expense.recorded", expense_event(e.expense))


def expense_edited(e: events.ExpenseEdited):
    yield outgoing(e, "expense.updated", expense_event(e.expense))


def expense_deleted(e: events.ExpenseDeleted):
    yield outgoing(e, "expense.deleted", contract.ExpenseDeleted(
        expense_id=e.item.id, version=e.version, user_id=e.item.user_id, account_id=e.item.account_id))


def part_recorded(e: events.PartRecorded):
    yield outgoing(e, "part.recorded", part_event(e.part))


def part_edited(e: events.PartEdited):
    yield outgoing(e, "part.updated", part_event(e.part))


def part_deleted(e: events.PartDeleted):
    yield outgoing(e, "part.deleted", contract.PartDeleted(
        part_id=e.item.id, version=e.version, user_id=e.item.user_id, account_id=e.item.account_id))


def matter_opened(e: events.MatterOpened):
    yield outgoing(e, "matter.opened", matter_event(e.matter))


def matter_edited(e: events.MatterEdited):
    yield outgoing(e, "matter.updated", matter_event(e.matter))


def timer_committed(e: events.TimerCommitted):
    yield outgoing(e, "timer.committed", contract.TimerCommitted(
        timer_id=e.timer_id, user_id=e.by.user_id, entry_id=e.entry_id, account_id=e.account_id,
        matter_id=e.matter_id, raw_seconds=e.raw_seconds, rounded_minutes=e.rounded_minutes,
        rounding_rule=rounding.describe(e.rule)))


def work_locked(e: events.WorkLocked):
    yield Outgoing(event_type="work.locked", org_id=e.org_id, payload=contract.WorkLocked(
        invoice_id=e.invoice_id, items=[contract.LockedItem(kind=str(i.kind), item_id=i.item_id, version=i.version)
                                        for i in e.items]))


TIMETRACKING_EVENTS = EventMap()
for _event, _rule in {
    events.TimeEntryRecorded: time_entry_recorded, events.TimeEntryEdited: time_entry_edited,
    events.TimeEntryDeleted: time_entry_deleted,
    events.ExpenseRecorded: expense_recorded, events.ExpenseEdited: expense_edited,
    events.ExpenseDeleted: expense_deleted,
    events.PartRecorded: part_recorded, events.PartEdited: part_edited, events.PartDeleted: part_deleted,
    events.MatterOpened: matter_opened, events.MatterEdited: matter_edited,
    events.TimerCommitted: timer_committed, events.WorkLocked: work_locked,
}.items():
    TIMETRACKING_EVENTS.register(_event, _rule)
