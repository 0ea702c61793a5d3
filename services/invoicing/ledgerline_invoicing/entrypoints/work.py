"""Work in progress: timetracking's time entries, expenses, parts and matters, replicated
from their events (newest version wins, deletions are tombstones), and what is unbilled."""

from __future__ import annotations

from ledgerline_contracts import Actor, Envelope, Role
from ledgerline_contracts.events import timetracking as tt
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import handle_event, rpc

from ledgerline_invoicing import domain, storage
from ledgerline_invoicing.domain.pricing import stock_units
from ledgerline_invoicing.use_cases.pricing import price_book_for_work, price_work
from ledgerline_invoicing.views.invoices import quantity_text, shown_quantity

UNBILLED_READERS = {Role.ASSOCIATE_PARTNER, Role.PARTNER, Role.BILLING}


class WorkEndpoints:
    @handle_event("time_entry.recorded", "time_entry.updated")
    def on_time_entry(self, envelope: Envelope) -> None:
        entry = envelope.payload_as(tt.TimeEntry)
        self._apply(envelope, {
            "id": entry.entry_id, "org_id": envelope.org_id, "kind": "time", "version": entry.version,
            "user_id": entry.user_id, "user_name": entry.user_name, "account_id": entry.account_id,
            "matter_id": entry.matter_id, "activity_code": entry.activity_code, "work_date": entry.work_date,
            "minutes": entry.duration_minutes, "narrative": entry.narrative, "billable": entry.billable,
            "deleted": False,
        })

    @handle_event("time_entry.deleted")
    def on_time_entry_deleted(self, envelope: Envelope) -> None:
        gone = envelope.payload_as(tt.TimeEntryDeleted)
        self._tombstone(envelope, "time", gone.entry_id, gone.version, gone.user_id, gone.account_id)

    @handle_event("expense.recorded", "expense.updated")
    def on_expense(self, envelope: Envelope) -> None:
        expense = envelope.payload_as(tt.Expense)
        self._apply(envelope, {
            "id": expense.expense_id, "org_id": envelope.org_id, "kind": "expense", "version": expense.version,
            "user_id": expense.user_id, "account_id": expense.account_id, "matter_id": expense.matter_id,
            "work_date": expense.work_date, "minutes": 0, "narrative": expense.description,
            "quantity": 1, "unit_price": expense.amount.amount, "currency": expense.amount.currency,
            "billable": expense.billable, "deleted": False,
        })

    @handle_event("expense.deleted")
    def on_expense_deleted(self, envelope: Envelope) -> None:
        gone = envelope.payload_as(tt.ExpenseDeleted)
        self._tombstone(envelope, "expense", gone.expense_id, gone.version, gone.user_id, gone.account_id)

    # material.* are the names part.* had before 0.2.0, read until 0.3.0 for events already queued.
    @handle_event("part.recorded", "part.updated", "material.recorded", "material.updated")
    def on_part(self, envelope: Envelope) -> None:
        """A part used on a ticket: it is billable work, and it takes stock (whole units) from its
        catalog item; a later version moves the stock by the difference."""
        part = envelope.payload_as(tt.Part)
        session = self.db.session
        held = storage.work.current_item(session, part.part_id)
        if held is not None and held.version >= part.version:
            return
        units = stock_units(part.quantity) if part.catalog_item_id else 0
        self._move_stock(envelope, held, part.catalog_item_id, units)
        self._apply(envelope, {
            "id": part.part_id, "org_id": envelope.org_id, "kind": "part", "version": part.version,
            "user_id": part.user_id, "account_id": part.account_id, "matter_id": part.matter_id,
            "work_date": part.work_date, "minutes": 0, "narrative": part.name, "quantity": part.quantity,
            "unit_price": part.unit_price.amount, "currency": part.unit_price.currency,
            "catalog_item_id": part.catalog_item_id, "sku": part.sku, "billable": part.billable,
            "deleted": False, "stock_item_id": part.catalog_item_id, "stock_units": units,
        })

    @handle_event("part.deleted", "material.deleted")
    def on_part_deleted(self, envelope: Envelope) -> None:
        gone = envelope.payload_as(tt.PartDeleted)
        held = storage.work.current_item(self.db.session, gone.part_id)
        if held is not None and held.version >= gone.version:
            return
        self._move_stock(envelope, held, None, 0)  # the part goes back on the shelf
        self._tombstone(envelope, "part", gone.part_id, gone.version, gone.user_id, gone.account_id)

    def _move_stock(self, envelope: Envelope, held, item_id, units: int) -> None:
        session = self.db.session
        if held is not None and held.stock_item_id is not None and held.stock_units:
            storage.catalog.move_stock(session, envelope.org_id, held.stock_item_id, held.stock_units)
        if item_id is not None and units:
            storage.catalog.move_stock(session, envelope.org_id, item_id, -units)

    def _apply(self, envelope: Envelope, values: dict) -> None:
        """Keep the newest version. Work on a draft that changes makes its line out of date
        (reconciling deals with it); work on a posted invoice cannot change any more: it was
        locked at the version its line bills before the invoice could be approved."""
        storage.work.apply_item(self.db.session, values)

    @handle_event("work.locked")
    def on_work_locked(self, envelope: Envelope) -> None:
        """Timetracking locked items for a draft, each at the version it keeps: the lines billing
        them may be approved and posted once they bill that version."""
        locked = envelope.payload_as(tt.WorkLocked)
        storage.invoices.record_locks(self.db.session, envelope.org_id, locked.invoice_id,
                                      {item.item_id: item.version for item in locked.items})

    def _tombstone(self, envelope: Envelope, kind: str, item_id, version: int, user_id, account_id) -> None:
        # A tombstone, so a late "updated" with an older version cannot bring the entry back.
        self._apply(envelope, {
            "id": item_id, "org_id": envelope.org_id, "kind": kind, "version": version, "user_id": user_id,
            "account_id": account_id, "work_date": envelope.occurred_at.date(), "minutes": 0, "narrative": "",
            "billable": False, "deleted": True, "stock_item_id": None, "stock_units": 0,
        })

    @handle_event("matter.opened", "matter.updated")
    def on_matter(self, envelope: Envelope) -> None:
        matter = envelope.payload_as(tt.Matter)
        storage.work.apply_matter(self.db.session, {
            "id": matter.matter_id, "org_id": envelope.org_id, "account_id": matter.account_id,
            "kind": matter.kind, "reference": matter.reference, "title": matter.title, "status": matter.status,
            "version": matter.version,
        })

    @rpc(allow=UNBILLED_READERS)
    def list_unbilled(self, actor: Actor, account_id: str, matter_id: str | None = None) -> dict:
        """An account's unbilled billable work as a draft would price it (partners: self and delegates)."""
        session = self.db.session
        account = storage.accounts.get_account(session, actor.org_id, inputs.parse_id(account_id, "account_id"))
        rows = storage.work.unbilled(session, actor.org_id, account.id,
                                     matter_id=inputs.parse_id(matter_id, "matter_id") if matter_id else None)
        if not actor.sees_whole_org:
            rows = [r for r in rows if r.user_id in actor.overseen_user_ids]
        book = price_book_for_work(session, account, rows)
        items, billable = [], []
        for row in rows:
            line, problem = price_work(book, row)
            item = {
                "entry_id": str(row.id), "kind": row.kind, "work_date": row.work_date.isoformat(),
                "user_id": str(row.user_id), "user_name": row.user_name,
                "matter_id": str(row.matter_id) if row.matter_id else None,
                "narrative": row.narrative, "problem": problem,
            }
            if line is not None:
                billable.append(line)
                item |= {"quantity": quantity_text(row.kind, line.quantity),
                         "duration_minutes": row.minutes if row.kind == "time" else None,
                         "shown_quantity": shown_quantity(row.kind, line.quantity, row.minutes),
                         "amount": line.priced.line.amount.model_dump(mode="json"),
                         "rate_source": line.priced.rate_source}
            items.append(item)
        sums = domain.pricing.totals([(l.priced.line.amount, l.priced.line.tax) for l in billable],
                                     account.currency)
        return {"account_id": str(account.id), "currency": account.currency, "items": items,
                "total": sums.subtotal.model_dump(mode="json")}

