"""Recording work, as use cases: time entries, expenses and parts are recorded, edited (each
edit is the item's next version) and deleted only while unbilled; what other services hear of
it is left to the unit of work (:mod:`.effects`). Each returns the item as saved."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID, uuid4

from ledgerline_contracts import Actor
from ledgerline_contracts.commands import timetracking as commands
from ledgerline_contracts.commands.invoicing import CatalogItem
from ledgerline_servicekit import inputs
from ledgerline_servicekit.files import FileShelf, content_key
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_timetracking.domain import access, events, locks
from ledgerline_timetracking.domain.receipts import checked_receipt
from ledgerline_timetracking.domain import work as rules
from ledgerline_timetracking.domain.locks import EntryStatus, ItemKind
from ledgerline_timetracking.storage import work as storage
from ledgerline_timetracking.storage.setup import activity_code_named
from ledgerline_timetracking.storage.visibility import visible_item
from ledgerline_timetracking.use_cases.common import assignment

TIME, EXPENSE, PART = ItemKind.TIME, ItemKind.EXPENSE, ItemKind.PART


# --- time entries -------------------------------------------------------------

def record_time_entry(uow: SqlUnitOfWork, actor: Actor, command: commands.NewTimeEntry):
    with uow:
        session = uow.session
        where = assignment(session, actor.org_id, command.account_id, command.matter_id)
        code = activity_code_named(session, actor.org_id, command.activity_code)
        if command.started_at is not None:
            storage.lock_person(session, actor.org_id, actor.user_id)
            rules.require_no_overlap(command.started_at, command.ended_at, storage.periods_near(
                session, actor.org_id, actor.user_id, command.started_at, command.ended_at))
        return new_entry(uow, actor, {
            "account_id": where.account_id, "matter_id": where.matter_id, "work_date": command.work_date,
            "started_at": command.started_at, "ended_at": command.ended_at,
            "duration_minutes": command.duration_minutes, "activity_code": command.activity_code,
            "billable": rules.resolve_billable(command.billable, code.billable if code else None),
            "narrative": command.narrative,
        })


def new_entry(uow: SqlUnitOfWork, actor: Actor, values: dict):
    """Insert a time entry by ``actor`` (checked by the caller), recorded as theirs; returns its row."""
    entry_id = uuid4()
    storage.insert_item(uow.session, TIME, {
        "id": entry_id, "org_id": actor.org_id, "user_id": actor.user_id, "user_name": actor.name,
        "version": 1, "status": EntryStatus.UNBILLED, **values})
    row = storage.get_item(uow.session, TIME, actor.org_id, entry_id)
    uow.record(events.TimeEntryRecorded(actor, row))
    return row


def edit_time_entry(uow: SqlUnitOfWork, actor: Actor, entry_id, command: commands.EditTimeEntry):
    with uow:
        session = uow.session
        row = own_item(uow, actor, TIME, entry_id, "entry_id", "time")
        locks.require_editable(row.status, row.invoice_number)
        current = {name: getattr(row, name) for name in rules.ENTRY_FIELDS}
        edited = commands.NewTimeEntry.model_validate(
            rules.merged_entry(current, command.model_dump(exclude_unset=True)))
        after = edited.model_dump(include=set(rules.ENTRY_FIELDS))
        # Only what changes is checked again: an entry on a matter closed (or a code retired)
        # since it was recorded may still have its narrative corrected.
        if edited.activity_code != row.activity_code or edited.billable is None:
            code = activity_code_named(session, actor.org_id, edited.activity_code)
            after["billable"] = rules.resolve_billable(edited.billable, code.billable if code else None)
        if (after["account_id"], after["matter_id"]) != (row.account_id, row.matter_id):
            where = assignment(session, actor.org_id, edited.account_id, edited.matter_id)
            after["account_id"], after["matter_id"] = where.account_id, where.matter_id
        changed = rules.changed_fields(current, after)
        if not changed:
            return row
        if edited.started_at is not None and changed & {"started_at", "ended_at"}:
            storage.lock_person(session, actor.org_id, actor.user_id)
            rules.require_no_overlap(edited.started_at, edited.ended_at, storage.periods_near(
                session, actor.org_id, actor.user_id, edited.started_at, edited.ended_at, exclude=row.id))
        saved = _save(uow, actor, TIME, row, after)
        uow.record(events.TimeEntryEdited(actor, saved))
        return saved


def delete_time_entry(uow: SqlUnitOfWork, actor: Actor, entry_id) -> None:
    with uow:
        row = own_item(uow, actor, TIME, entry_id, "entry_id", "time")
        _delete(uow, TIME, row)
        uow.record(events.TimeEntryDeleted(actor, row))


# --- expenses -------------------------------------------------------------------

def record_expense(uow: SqlUnitOfWork, actor: Actor, command: commands.NewExpense, receipts: FileShelf):
    with uow:
        session = uow.session
        where = assignment(session, actor.org_id, command.account_id, command.matter_id)
        amount = rules.expense_amount(command.amount, command.currency, where.account.currency)
        expense_id = uuid4()
        storage.insert_item(session, EXPENSE, {
            "id": expense_id, "org_id": actor.org_id, "user_id": actor.user_id, "user_name": actor.name,
            "version": 1, "status": EntryStatus.UNBILLED, "account_id": where.account_id,
            "matter_id": where.matter_id, "work_date": command.work_date, "category": command.category,
            "description": command.description, "amount": amount.amount, "currency": amount.currency,
            "billable": command.billable,
            **_store(_receipt_columns(actor, command.receipt, receipts), receipts)})
        row = storage.get_item(session, EXPENSE, actor.org_id, expense_id)
        uow.record(events.ExpenseRecorded(actor, row))
        return row


def _receipt_columns(actor: Actor, upload: commands.ReceiptUpload | None, receipts: FileShelf) -> dict:
    """Check an uploaded receipt (not stored yet: see ``_store``); the columns that will point
    at it, or clear it."""
    if upload is None:
        return {"receipt_key": None, "receipt_filename": None, "receipt_content_type": None, "receipt_size": None}
    receipt = checked_receipt(upload, receipts.max_bytes)
    return {"receipt_key": content_key(actor.org_id, receipt.digest), "receipt_filename": receipt.filename,
            "receipt_content_type": receipt.content_type, "receipt_size": receipt.size,
            "receipt": receipt}


def _store(columns: dict, receipts: FileShelf) -> dict:
    """Write the checked receipt's file (once the change is allowed); the columns to save."""
    receipt = columns.pop("receipt", None)
    if receipt is not None:
        receipts.store.save(columns["receipt_key"], receipt.content)
    return columns


def edit_expense(uow: SqlUnitOfWork, actor: Actor, expense_id, command: commands.EditExpense,
                 receipts: FileShelf):
    with uow:
        row = own_item(uow, actor, EXPENSE, expense_id, "expense_id", "expenses")
        locks.require_editable(row.status, row.invoice_number, "expense")
        wanted = command.model_dump(exclude_unset=True, exclude={"receipt"})
        if "amount" in wanted:
            wanted["amount"] = rules.expense_amount(wanted["amount"], None, row.currency).amount
        after = {name: value for name, value in wanted.items() if getattr(row, name) != value}
        if "receipt" in command.model_fields_set:
            after |= _receipt_columns(actor, command.receipt, receipts)
        if not after:
            return row
        saved = _save(uow, actor, EXPENSE, row, _store(after, receipts))
        uow.record(events.ExpenseEdited(actor, saved))
        return saved


def delete_expense(uow: SqlUnitOfWork, actor: Actor, expense_id) -> None:
    with uow:
        row = own_item(uow, actor, EXPENSE, expense_id, "expense_id", "expenses")
        _delete(uow, EXPENSE, row, "expense")
        uow.record(events.ExpenseDeleted(actor, row))


# --- parts -----------------------------------------------------------------------------

def add_part(uow: SqlUnitOfWork, actor: Actor, command: commands.NewPart,
             catalog_item: Callable[[UUID], CatalogItem]) -> tuple[object, CatalogItem]:
    """A part used on the work, its price as the catalog (``catalog_item``) has it now; returns
    the part and the catalog entry."""
    with uow:
        session = uow.session
        where = assignment(session, actor.org_id, command.account_id, command.matter_id)
        item = catalog_item(command.catalog_item_id)
        rules.require_part(item)
        part_id = uuid4()
        storage.insert_item(session, PART, {
            "id": part_id, "org_id": actor.org_id, "user_id": actor.user_id, "user_name": actor.name,
            "version": 1, "status": EntryStatus.UNBILLED, "account_id": where.account_id,
            "matter_id": where.matter_id, "work_date": command.work_date, "catalog_item_id": item.id, "sku": item.sku,
            "name": item.name, "quantity": command.quantity, "unit_price": item.unit_price.amount,
            "currency": item.unit_price.currency, "serial_number": command.serial_number,
            "billable": command.billable})
        row = storage.get_item(session, PART, actor.org_id, part_id)
        uow.record(events.PartRecorded(actor, row))
        return row, item


def edit_part(uow: SqlUnitOfWork, actor: Actor, part_id, command: commands.EditPart):
    with uow:
        row = own_item(uow, actor, PART, part_id, "part_id", "parts")
        locks.require_editable(row.status, row.invoice_number, "part")
        after = {name: value for name, value in command.model_dump(exclude_unset=True).items()
                 if getattr(row, name) != value}
        if not after:
            return row
        saved = _save(uow, actor, PART, row, after)
        uow.record(events.PartEdited(actor, saved))
        return saved


def delete_part(uow: SqlUnitOfWork, actor: Actor, part_id) -> None:
    with uow:
        row = own_item(uow, actor, PART, part_id, "part_id", "parts")
        _delete(uow, PART, row, "part")
        uow.record(events.PartDeleted(actor, row))


# --- shared -------------------------------------------------------------------------------

def own_item(uow: SqlUnitOfWork, actor: Actor, kind: ItemKind, item_id, field: str, what: str):
    """An item the actor is about to change: visible, their own, and locked against concurrent locking."""
    row = visible_item(uow.session, kind, actor, inputs.parse_id(item_id, field), for_update=True)
    access.require_own(actor, row.user_id, what)
    return row


def _save(uow: SqlUnitOfWork, actor: Actor, kind: ItemKind, row, changes: dict):
    """Write an edit as the next version; returns the whole new version."""
    storage.update_item(uow.session, kind, row.id, {**changes, "version": row.version + 1})
    return storage.get_item(uow.session, kind, actor.org_id, row.id)


def _delete(uow: SqlUnitOfWork, kind: ItemKind, row, what: str = "entry") -> None:
    locks.require_deletable(row.status, row.invoice_number, what)
    storage.delete_item(uow.session, kind, row.id)
