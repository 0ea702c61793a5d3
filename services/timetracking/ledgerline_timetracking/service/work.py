"""Entrypoints for recording work: time entries, expenses and parts."""

from __future__ import annotations

import base64
from uuid import uuid4

from ledgerline_contracts import Actor
from ledgerline_contracts.commands import timetracking as commands
from ledgerline_contracts.commands.invoicing import CatalogItem
from ledgerline_contracts.errors import NotFound
from ledgerline_contracts.events import timetracking as events
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_timetracking.domain import access, locks, receipts
from ledgerline_timetracking.domain import work as rules
from ledgerline_timetracking.domain.locks import EntryStatus, ItemKind
from ledgerline_timetracking.receipts import receipt_key
from ledgerline_timetracking.service import views
from ledgerline_timetracking.service.common import (
    activity_code, assignment, record_entry, require_visible_filters, visible_item,
)
from ledgerline_timetracking.storage import work as storage

TIME, EXPENSE, PART = ItemKind.TIME, ItemKind.EXPENSE, ItemKind.PART


class WorkEntrypoints:
    # --- time entries -------------------------------------------------------------

    @rpc(allow=access.TIME_RECORDERS)
    def record_time_entry(self, actor: Actor, entry: dict) -> dict:
        command = commands.NewTimeEntry.model_validate(entry)
        session = self.db.session
        where = assignment(session, actor.org_id, command.account_id, command.matter_id)
        code = activity_code(session, actor.org_id, command.activity_code)
        if command.started_at is not None:
            storage.lock_person(session, actor.org_id, actor.user_id)
            rules.require_no_overlap(command.started_at, command.ended_at, storage.periods_near(
                session, actor.org_id, actor.user_id, command.started_at, command.ended_at))
        return views.entry_view(record_entry(self.db, actor, {
            "account_id": where.account_id, "matter_id": where.matter_id, "work_date": command.work_date,
            "started_at": command.started_at, "ended_at": command.ended_at,
            "duration_minutes": command.duration_minutes, "activity_code": command.activity_code,
            "billable": rules.resolve_billable(command.billable, code.billable if code else None),
            "narrative": command.narrative,
        }), actor)

    @rpc(allow=access.EVERYONE)
    def list_time_entries(self, actor: Actor, **filters) -> dict:
        listed = self._list(actor, TIME, filters, views.entry_view)
        self._as_invoiced(actor, listed["items"])
        return listed

    @rpc(allow=access.TIME_RECORDERS)
    def recent_time_entries(self, actor: Actor) -> dict:
        """Your last 10 submissions."""
        rows = storage.recent_entries(self.db.session, actor.org_id, actor.user_id)
        return {"items": [views.entry_view(r, actor) for r in rows]}

    @rpc(allow=access.EVERYONE)
    def get_time_entry(self, actor: Actor, entry_id: str) -> dict:
        row = visible_item(self.db.session, TIME, actor, inputs.parse_id(entry_id, "entry_id"))
        (entry,) = self._as_invoiced(actor, [views.entry_view(row, actor)])
        return entry

    def _as_invoiced(self, actor: Actor, entries: list[dict]) -> list[dict]:
        """A customer reads billed time in their invoice's words: a partner may have reworded
        the line, and the technician's own narrative is the firm's."""
        billed = [entry["id"] for entry in entries if entry["invoice_number"]]
        if actor.is_customer and billed:
            words = self.invoicing.invoiced_wording(billed)
            for entry in entries:
                entry["narrative"] = words.get(entry["id"], entry["narrative"])
        return entries

    @rpc(allow=access.TIME_RECORDERS)
    def update_time_entry(self, actor: Actor, entry_id: str, changes: dict) -> dict:
        command = commands.EditTimeEntry.model_validate(changes)
        session = self.db.session
        row = self._own_item(actor, TIME, entry_id, "entry_id", "time")
        locks.require_editable(row.status, row.invoice_number)
        current = {name: getattr(row, name) for name in rules.ENTRY_FIELDS}
        edited = commands.NewTimeEntry.model_validate(
            rules.merged_entry(current, command.model_dump(exclude_unset=True)))
        after = edited.model_dump(include=set(rules.ENTRY_FIELDS))
        # Only what changes is checked again: an entry on a matter closed (or a code retired)
        # since it was recorded may still have its narrative corrected.
        if edited.activity_code != row.activity_code or edited.billable is None:
            code = activity_code(session, actor.org_id, edited.activity_code)
            after["billable"] = rules.resolve_billable(edited.billable, code.billable if code else None)
        if (after["account_id"], after["matter_id"]) != (row.account_id, row.matter_id):
            where = assignment(session, actor.org_id, edited.account_id, edited.matter_id)
            after["account_id"], after["matter_id"] = where.account_id, where.matter_id
        changed = rules.changed_fields(current, after)
        if not changed:
            return views.entry_view(row, actor)
        if edited.started_at is not None and changed & {"started_at", "ended_at"}:
            storage.lock_person(session, actor.org_id, actor.user_id)
            rules.require_no_overlap(edited.started_at, edited.ended_at, storage.periods_near(
                session, actor.org_id, actor.user_id, edited.started_at, edited.ended_at, exclude=row.id))
        return views.entry_view(self._save(actor, TIME, row, after, "time_entry.updated", views.entry_event), actor)

    @rpc(allow=access.TIME_RECORDERS)
    def delete_time_entry(self, actor: Actor, entry_id: str) -> None:
        row = self._own_item(actor, TIME, entry_id, "entry_id", "time")
        self._delete(actor, TIME, row, "time_entry.deleted", events.TimeEntryDeleted(
            entry_id=row.id, version=row.version + 1, user_id=row.user_id, account_id=row.account_id))

    # --- expenses ---------------------------------------------------------------------

    @rpc(allow=access.TIME_RECORDERS)
    def record_expense(self, actor: Actor, expense: dict) -> dict:
        command = commands.NewExpense.model_validate(expense)
        session = self.db.session
        where = assignment(session, actor.org_id, command.account_id, command.matter_id)
        amount = rules.expense_amount(command.amount, command.currency, where.account.currency)
        expense_id = uuid4()
        storage.insert_item(session, EXPENSE, {
            "id": expense_id, "org_id": actor.org_id, "user_id": actor.user_id, "user_name": actor.name,
            "version": 1, "status": EntryStatus.UNBILLED, "account_id": where.account_id,
            "matter_id": where.matter_id, "work_date": command.work_date, "category": command.category,
            "description": command.description, "amount": amount.amount, "currency": amount.currency,
            "billable": command.billable, **self._store(self._receipt_columns(actor, command.receipt))})
        row = storage.get_item(session, EXPENSE, actor.org_id, expense_id)
        self.db.record_event("expense.recorded", actor.org_id, views.expense_event(row))
        return views.expense_view(row, actor)

    def _receipt_columns(self, actor: Actor, upload: commands.ReceiptUpload | None) -> dict:
        """Check an uploaded receipt (not stored yet: see ``_store``); the columns that will point
        at it, or clear it."""
        if upload is None:
            return {"receipt_key": None, "receipt_filename": None, "receipt_content_type": None, "receipt_size": None}
        receipt = receipts.checked_receipt(upload, self.receipts.max_bytes)
        return {"receipt_key": receipt_key(actor.org_id, receipt), "receipt_filename": receipt.filename,
                "receipt_content_type": receipt.content_type, "receipt_size": receipt.size,
                "receipt": receipt}

    def _store(self, columns: dict) -> dict:
        """Write the checked receipt's file (once the change is allowed); the columns to save."""
        receipt = columns.pop("receipt", None)
        if receipt is not None:
            self.receipts.store.save(columns["receipt_key"], receipt.content)
        return columns

    @rpc(allow=access.EVERYONE)
    def list_expenses(self, actor: Actor, **filters) -> dict:
        return self._list(actor, EXPENSE, filters, views.expense_view)

    @rpc(allow=access.EVERYONE)
    def get_expense(self, actor: Actor, expense_id: str) -> dict:
        row = visible_item(self.db.session, EXPENSE, actor, inputs.parse_id(expense_id, "expense_id"))
        return views.expense_view(row, actor)

    @rpc(allow=access.STAFF)  # receipts are internal: customers see expenses without them
    def get_receipt(self, actor: Actor, expense_id: str) -> dict:
        row = visible_item(self.db.session, EXPENSE, actor, inputs.parse_id(expense_id, "expense_id"))
        if row.receipt_key is None:
            raise NotFound("this expense has no receipt", "receipt")
        content = self.receipts.store.load(row.receipt_key)
        return {"filename": row.receipt_filename, "content_type": row.receipt_content_type, "size": len(content),
                "content_base64": base64.b64encode(content).decode("ascii")}

    @rpc(allow=access.TIME_RECORDERS)
    def update_expense(self, actor: Actor, expense_id: str, changes: dict) -> dict:
        command = commands.EditExpense.model_validate(changes)
        row = self._own_item(actor, EXPENSE, expense_id, "expense_id", "expenses")
        locks.require_editable(row.status, row.invoice_number, "expense")
        wanted = command.model_dump(exclude_unset=True, exclude={"receipt"})
        if "amount" in wanted:
            wanted["amount"] = rules.expense_amount(wanted["amount"], None, row.currency).amount
        after = {name: value for name, value in wanted.items() if getattr(row, name) != value}
        if "receipt" in command.model_fields_set:
            after |= self._receipt_columns(actor, command.receipt)
        if not after:
            return views.expense_view(row, actor)
        return views.expense_view(self._save(actor, EXPENSE, row, self._store(after), "expense.updated",
                                             views.expense_event), actor)

    @rpc(allow=access.TIME_RECORDERS)
    def delete_expense(self, actor: Actor, expense_id: str) -> None:
        row = self._own_item(actor, EXPENSE, expense_id, "expense_id", "expenses")
        self._delete(actor, EXPENSE, row, "expense.deleted", events.ExpenseDeleted(
            expense_id=row.id, version=row.version + 1, user_id=row.user_id, account_id=row.account_id), "expense")

    # --- parts ---------------------------------------------------------------------------

    @rpc(allow=access.TIME_RECORDERS)
    def add_part(self, actor: Actor, part: dict) -> dict:
        command = commands.NewPart.model_validate(part)
        session = self.db.session
        where = assignment(session, actor.org_id, command.account_id, command.matter_id)
        item = self._catalog_item(command.catalog_item_id)
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
        self.db.record_event("part.recorded", actor.org_id, views.part_event(row))
        return views.part_view(row, actor) | {"stock_on_hand": item.stock_on_hand}

    def _catalog_item(self, item_id) -> CatalogItem:
        """The catalog entry, as invoicing prices it now (the price is snapshotted by the caller)."""
        try:
            return CatalogItem.model_validate(self.invoicing.get_catalog_item(str(item_id)))
        except NotFound:
            raise NotFound("no such part in the catalog", "catalog_item_id") from None

    @rpc(allow=access.EVERYONE)
    def list_parts(self, actor: Actor, **filters) -> dict:
        return self._list(actor, PART, filters, views.part_view)

    @rpc(allow=access.EVERYONE)
    def get_part(self, actor: Actor, part_id: str) -> dict:
        row = visible_item(self.db.session, PART, actor, inputs.parse_id(part_id, "part_id"))
        return views.part_view(row, actor)

    @rpc(allow=access.TIME_RECORDERS)
    def update_part(self, actor: Actor, part_id: str, changes: dict) -> dict:
        command = commands.EditPart.model_validate(changes)
        row = self._own_item(actor, PART, part_id, "part_id", "parts")
        locks.require_editable(row.status, row.invoice_number, "part")
        after = {name: value for name, value in command.model_dump(exclude_unset=True).items()
                 if getattr(row, name) != value}
        if not after:
            return views.part_view(row, actor)
        return views.part_view(self._save(actor, PART, row, after, "part.updated", views.part_event), actor)

    @rpc(allow=access.TIME_RECORDERS)
    def delete_part(self, actor: Actor, part_id: str) -> None:
        row = self._own_item(actor, PART, part_id, "part_id", "parts")
        self._delete(actor, PART, row, "part.deleted", events.PartDeleted(
            part_id=row.id, version=row.version + 1, user_id=row.user_id, account_id=row.account_id), "part")

    # --- shared ---------------------------------------------------------------------------

    def _list(self, actor: Actor, kind: ItemKind, filters: dict, view) -> dict:
        query = commands.WorkFilters.model_validate(filters)
        require_visible_filters(self.db.session, actor, query.account_id, query.matter_id)
        rows, total = storage.list_items(self.db.session, kind, actor.org_id, access.scope_for(actor), query)
        return inputs.paged([view(r, actor) for r in rows], total, query.limit, query.offset)

    def _own_item(self, actor: Actor, kind: ItemKind, item_id: str, field: str, what: str):
        """An item the actor is about to change: visible, their own, and locked against concurrent locking."""
        row = visible_item(self.db.session, kind, actor, inputs.parse_id(item_id, field), for_update=True)
        access.require_own(actor, row.user_id, what)
        return row

    def _save(self, actor: Actor, kind: ItemKind, row, changes: dict, event_type: str, event):
        """Write an edit as the next version and announce the whole new version."""
        storage.update_item(self.db.session, kind, row.id, {**changes, "version": row.version + 1})
        saved = storage.get_item(self.db.session, kind, actor.org_id, row.id)
        self.db.record_event(event_type, actor.org_id, event(saved))
        return saved

    def _delete(self, actor: Actor, kind: ItemKind, row, event_type: str, tombstone, what: str = "entry") -> None:
        locks.require_deletable(row.status, row.invoice_number, what)
        storage.delete_item(self.db.session, kind, row.id)
        self.db.record_event(event_type, actor.org_id, tombstone)
