"""Time entries, expenses and parts as callers see them, and as their events carry them."""

from __future__ import annotations

from ledgerline_contracts import Actor, Money
from ledgerline_contracts.events import timetracking as events

from ledgerline_timetracking.domain.locks import EntryStatus
from ledgerline_timetracking.views.common import assignment, id_or_none, moment, money


def _billing(row, actor: Actor) -> dict:
    """The lock, and what the viewer may do with the item (the UI shows or hides its buttons)."""
    view = {"status": row.status, "invoice_number": row.invoice_number}
    if actor.is_customer:
        return view
    own = row.user_id == actor.user_id
    return view | {
        "user_id": str(row.user_id), "invoice_id": id_or_none(row.invoice_id), "version": row.version,
        "created_at": moment(row.created_at), "updated_at": moment(row.updated_at),
        "can_edit": own and row.status == EntryStatus.UNBILLED,
        "can_delete": own and row.status == EntryStatus.UNBILLED,
    }


def entry_view(row, actor: Actor) -> dict:
    view = assignment(row) | {
        "id": str(row.id), "user_name": row.user_name, "work_date": row.work_date.isoformat(),
        "started_at": moment(row.started_at), "ended_at": moment(row.ended_at),
        "duration_minutes": row.duration_minutes, "billable": row.billable, "narrative": row.narrative,
    } | _billing(row, actor)
    if not actor.is_customer:
        view |= {"activity_code": row.activity_code, "raw_duration_seconds": row.raw_duration_seconds,
                 "timer_id": id_or_none(row.timer_id)}
    return view


def entry_event(row) -> events.TimeEntry:
    return events.TimeEntry(
        entry_id=row.id, version=row.version, user_id=row.user_id, user_name=row.user_name,
        account_id=row.account_id, matter_id=row.matter_id, activity_code=row.activity_code,
        work_date=row.work_date, started_at=row.started_at, ended_at=row.ended_at,
        duration_minutes=row.duration_minutes, raw_duration_seconds=row.raw_duration_seconds,
        billable=row.billable, narrative=row.narrative, timer_id=row.timer_id)


def expense_view(row, actor: Actor) -> dict:
    view = assignment(row) | {
        "id": str(row.id), "user_name": row.user_name, "work_date": row.work_date.isoformat(),
        "category": row.category, "description": row.description, "amount": money(row.amount, row.currency),
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
    view = assignment(row) | {
        "id": str(row.id), "user_name": row.user_name, "work_date": row.work_date.isoformat(),
        "sku": row.sku, "name": row.name, "quantity": format(row.quantity.normalize(), "f"),
        "unit_price": money(row.unit_price, row.currency), "serial_number": row.serial_number,
        "billable": row.billable,
    } | _billing(row, actor)
    if not actor.is_customer:
        view["catalog_item_id"] = id_or_none(row.catalog_item_id)
    return view


def part_event(row) -> events.Part:
    return events.Part(
        part_id=row.id, version=row.version, user_id=row.user_id, user_name=row.user_name,
        account_id=row.account_id, matter_id=row.matter_id, work_date=row.work_date,
        catalog_item_id=row.catalog_item_id, sku=row.sku, name=row.name, quantity=row.quantity.normalize(),
        unit_price=Money.stored(row.unit_price, row.currency), serial_number=row.serial_number,
        billable=row.billable)
