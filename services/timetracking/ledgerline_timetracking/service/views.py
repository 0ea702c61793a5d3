"""What callers see of each record, and what events carry.

Customers see work on their own account without the firm's internal fields
(who exactly, which invoice row, versions, measured time, activity codes).
"""

from __future__ import annotations

from datetime import UTC, datetime

from ledgerline_contracts import Actor, Money
from ledgerline_contracts.events import timetracking as events

from ledgerline_timetracking.domain.locks import EntryStatus
from ledgerline_timetracking.domain.past_due import PastDueWarning
from ledgerline_timetracking.domain.timers import TimerClock, TimerStatus


def _id(value) -> str | None:
    return str(value) if value is not None else None


def _time(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def _money(amount, currency: str) -> dict:
    return Money.stored(amount, currency).model_dump(mode="json")


def _assignment(row) -> dict:
    return {
        "account_id": _id(row.account_id), "account_name": row.account_name,
        "matter_id": _id(row.matter_id), "matter_reference": row.matter_reference, "matter_title": row.matter_title,
    }


def _billing(row, actor: Actor) -> dict:
    """The lock, and what the viewer may do with the item (the UI shows or hides its buttons)."""
    view = {"status": row.status, "invoice_number": row.invoice_number}
    if actor.is_customer:
        return view
    own = row.user_id == actor.user_id
    return view | {
        "user_id": str(row.user_id), "invoice_id": _id(row.invoice_id), "version": row.version,
        "created_at": _time(row.created_at), "updated_at": _time(row.updated_at),
        "can_edit": own and row.status == EntryStatus.UNBILLED,
        "can_delete": own and row.status == EntryStatus.UNBILLED,
    }


def entry_view(row, actor: Actor) -> dict:
    view = _assignment(row) | {
        "id": str(row.id), "user_name": row.user_name, "work_date": row.work_date.isoformat(),
        "started_at": _time(row.started_at), "ended_at": _time(row.ended_at),
        "duration_minutes": row.duration_minutes, "billable": row.billable, "narrative": row.narrative,
    } | _billing(row, actor)
    if not actor.is_customer:
        view |= {"activity_code": row.activity_code, "raw_duration_seconds": row.raw_duration_seconds,
                 "timer_id": _id(row.timer_id)}
    return view


def entry_event(row) -> events.TimeEntry:
    return events.TimeEntry(
        entry_id=row.id, version=row.version, user_id=row.user_id, user_name=row.user_name,
        account_id=row.account_id, matter_id=row.matter_id, activity_code=row.activity_code,
        work_date=row.work_date, started_at=row.started_at, ended_at=row.ended_at,
        duration_minutes=row.duration_minutes, raw_duration_seconds=row.raw_duration_seconds,
        billable=row.billable, narrative=row.narrative, timer_id=row.timer_id)


def expense_view(row, actor: Actor) -> dict:
    view = _assignment(row) | {
        "id": str(row.id), "user_name": row.user_name, "work_date": row.work_date.isoformat(),
        "category": row.category, "description": row.description, "amount": _money(row.amount, row.currency),
        "billable": row.billable, "has_receipt": row.receipt_key is not None,
    } | _billing(row, actor)
    if not actor.is_customer and row.receipt_key is not None:
        view["receipt"] = {"filename": row.receipt_filename, "content_type": row.receipt_content_type,
                           "size": row.receipt_size}
    return view


def expense_event(row) -> events.Expense:
    return events.Expense(
        expense_id=row.id, version=row.version, user_id=row.user_id, user_name=row.user_name,
        account_id=row.account_id, matter_id=row.matter_id, work_date=row.work_date, category=row.category,
        description=row.description, amount=Money.stored(row.amount, row.currency),
        billable=row.billable, has_receipt=row.receipt_key is not None)


def part_view(row, actor: Actor) -> dict:
    view = _assignment(row) | {
        "id": str(row.id), "user_name": row.user_name, "work_date": row.work_date.isoformat(),
        "sku": row.sku, "name": row.name, "quantity": format(row.quantity.normalize(), "f"),
        "unit_price": _money(row.unit_price, row.currency), "serial_number": row.serial_number,
        "billable": row.billable,
    } | _billing(row, actor)
    if not actor.is_customer:
        view["catalog_item_id"] = _id(row.catalog_item_id)
    return view


def part_event(row) -> events.Part:
    return events.Part(
        part_id=row.id, version=row.version, user_id=row.user_id, user_name=row.user_name,
        account_id=row.account_id, matter_id=row.matter_id, work_date=row.work_date,
        catalog_item_id=row.catalog_item_id, sku=row.sku, name=row.name, quantity=row.quantity.normalize(),
        unit_price=Money.stored(row.unit_price, row.currency), serial_number=row.serial_number,
        billable=row.billable)


def past_due_view(warning: PastDueWarning | None) -> dict | None:
    """The past-due warning: whether the account owes on invoices after their due date."""
    if warning is None:
        return None
    if not warning.past_due:
        return {"past_due": False}
    return {"past_due": True, "overdue_invoices": warning.overdue_invoices,
            "overdue_amount": _money(warning.overdue_amount, warning.currency),
            "oldest_due_date": warning.oldest_due_date.isoformat(), "days_overdue": warning.days_overdue}


def matter_view(row, actor: Actor, warning: PastDueWarning | None = None) -> dict:
    view = {
        "id": str(row.id), "account_id": str(row.account_id), "account_name": row.account_name,
        "kind": row.kind, "reference": row.reference, "title": row.title, "status": row.status,
    }
    if not actor.is_customer:
        view |= {"version": row.version, "opened_by": str(row.opened_by), "created_at": _time(row.created_at),
                 "updated_at": _time(row.updated_at), "past_due_warning": past_due_view(warning)}
    return view


def matter_event(row) -> events.Matter:
    return events.Matter(matter_id=row.id, version=row.version, account_id=row.account_id, kind=row.kind,
                         reference=row.reference, title=row.title, status=row.status)


def activity_code_view(row) -> dict:
    return {"id": str(row.id), "code": row.code, "name": row.name, "billable": row.billable, "active": row.active}


def clock_of(row) -> TimerClock:
    return TimerClock(TimerStatus(row.status), row.accumulated_seconds, row.running_since)


def timer_view(row, now: datetime, billed_minutes: int | None = None, warning: PastDueWarning | None = None) -> dict:
    """``billed_minutes``: what committing now would record, under the account's rounding rule."""
    return _assignment(row) | {"past_due_warning": past_due_view(warning)} | {
        "id": str(row.id), "status": row.status, "description": row.description,
        "activity_code": row.activity_code, "billable": row.billable,
        "started_at": _time(row.started_at), "running_since": _time(row.running_since),
        "ended_at": _time(row.ended_at), "elapsed_seconds": clock_of(row).elapsed(now),
        "assigned": row.account_id is not None, "billed_minutes_if_committed": billed_minutes,
        "entry_id": _id(row.entry_id), "updated_at": _time(row.updated_at),
    }
