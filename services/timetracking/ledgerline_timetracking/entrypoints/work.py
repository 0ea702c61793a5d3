"""Entrypoints for recording work: time entries, expenses and parts. Changes are use cases
(:mod:`ledgerline_timetracking.use_cases.work`); reads are queries on storage."""

from __future__ import annotations

import base64

from ledgerline_contracts import Actor
from ledgerline_contracts.commands import timetracking as commands
from ledgerline_contracts.commands.invoicing import CatalogItem
from ledgerline_contracts.errors import NotFound
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_timetracking.domain import access
from ledgerline_timetracking.domain.locks import ItemKind
from ledgerline_timetracking.storage import work as storage
from ledgerline_timetracking.storage.visibility import require_visible_filters, visible_item
from ledgerline_timetracking.use_cases import work
from ledgerline_timetracking.views import work as views

TIME, EXPENSE, PART = ItemKind.TIME, ItemKind.EXPENSE, ItemKind.PART


class WorkEntrypoints:
    # --- time entries -------------------------------------------------------------

    @rpc(allow=access.TIME_RECORDERS)
    def record_time_entry(self, actor: Actor, entry: dict) -> dict:
        command = commands.NewTimeEntry.model_validate(entry)
        return views.entry_view(work.record_time_entry(self._unit_of_work(), actor, command), actor)

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
        return views.entry_view(work.edit_time_entry(self._unit_of_work(), actor, entry_id, command), actor)

    @rpc(allow=access.TIME_RECORDERS)
    def delete_time_entry(self, actor: Actor, entry_id: str) -> None:
        work.delete_time_entry(self._unit_of_work(), actor, entry_id)

    # --- expenses ---------------------------------------------------------------------

    @rpc(allow=access.TIME_RECORDERS)
    def record_expense(self, actor: Actor, expense: dict) -> dict:
        command = commands.NewExpense.model_validate(expense)
        return views.expense_view(work.record_expense(self._unit_of_work(), actor, command, self.receipts), actor)

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
        saved = work.edit_expense(self._unit_of_work(), actor, expense_id, command, self.receipts)
        return views.expense_view(saved, actor)

    @rpc(allow=access.TIME_RECORDERS)
    def delete_expense(self, actor: Actor, expense_id: str) -> None:
        work.delete_expense(self._unit_of_work(), actor, expense_id)

    # --- parts ---------------------------------------------------------------------------

    @rpc(allow=access.TIME_RECORDERS)
    def add_part(self, actor: Actor, part: dict) -> dict:
        command = commands.NewPart.model_validate(part)
        row, item = work.add_part(self._unit_of_work(), actor, command, self._catalog_item)
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
        return views.part_view(work.edit_part(self._unit_of_work(), actor, part_id, command), actor)

    @rpc(allow=access.TIME_RECORDERS)
    def delete_part(self, actor: Actor, part_id: str) -> None:
        work.delete_part(self._unit_of_work(), actor, part_id)

    # --- shared ---------------------------------------------------------------------------

    def _list(self, actor: Actor, kind: ItemKind, filters: dict, view) -> dict:
        query = commands.WorkFilters.model_validate(filters)
        require_visible_filters(self.db.session, actor, query.account_id, query.matter_id)
        rows, total = storage.list_items(self.db.session, kind, actor.org_id, access.scope_for(actor), query)
        return inputs.paged([view(r, actor) for r in rows], total, query.limit, query.offset)
