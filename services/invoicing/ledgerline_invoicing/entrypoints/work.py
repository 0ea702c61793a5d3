"""Work in progress: timetracking's time entries, expenses, parts and matters, replicated
from their events (:mod:`ledgerline_invoicing.use_cases.work`), and what is unbilled."""

from __future__ import annotations

from ledgerline_contracts import Actor, Envelope, Role
from ledgerline_contracts.events import timetracking as tt
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import handle_event, rpc

from ledgerline_invoicing import domain, storage
from ledgerline_invoicing.use_cases import work
from ledgerline_invoicing.use_cases.pricing import price_book_for_work, price_work
from ledgerline_invoicing.views.invoices import quantity_text, shown_quantity

UNBILLED_READERS = {Role.ASSOCIATE_PARTNER, Role.PARTNER, Role.BILLING}


class WorkEntrypoints:
    @handle_event("time_entry.recorded", "time_entry.updated")
    def on_time_entry(self, envelope: Envelope) -> None:
        entry = envelope.payload_as(tt.TimeEntry)
        work.keep_work(self._unit_of_work(), {
            "id": entry.entry_id, "org_id": envelope.org_id, "kind": "time", "version": entry.version,
            "user_id": entry.user_id, "user_name": entry.user_name, "account_id": entry.account_id,
            "matter_id": entry.matter_id, "activity_code": entry.activity_code, "work_date": entry.work_date,
            "minutes": entry.duration_minutes, "narrative": entry.narrative, "billable": entry.billable,
            "deleted": False,
        })

    @handle_event("time_entry.deleted")
    def on_time_entry_deleted(self, envelope: Envelope) -> None:
        gone = envelope.payload_as(tt.TimeEntryDeleted)
        work.forget_work(self._unit_of_work(), envelope.org_id, "time", gone.entry_id, gone.version, gone.user_id,
                         gone.account_id, envelope.occurred_at.date())

    @handle_event("expense.recorded", "expense.updated")
    def on_expense(self, envelope: Envelope) -> None:
        expense = envelope.payload_as(tt.Expense)
        work.keep_work(self._unit_of_work(), {
            "id": expense.expense_id, "org_id": envelope.org_id, "kind": "expense", "version": expense.version,
            "user_id": expense.user_id, "account_id": expense.account_id, "matter_id": expense.matter_id,
            "work_date": expense.work_date, "minutes": 0, "narrative": expense.description,
            "quantity": 1, "unit_price": expense.amount.amount, "currency": expense.amount.currency,
            "billable": expense.billable, "deleted": False,
        })

    @handle_event("expense.deleted")
    def on_expense_deleted(self, envelope: Envelope) -> None:
        gone = envelope.payload_as(tt.ExpenseDeleted)
        work.forget_work(self._unit_of_work(), envelope.org_id, "expense", gone.expense_id, gone.version,
                         gone.user_id, gone.account_id, envelope.occurred_at.date())

    # material.* are the names part.* had before 0.2.0, read until 0.3.0 for events already queued.
    @handle_event("part.recorded", "part.updated", "material.recorded", "material.updated")
    def on_part(self, envelope: Envelope) -> None:
        part = envelope.payload_as(tt.Part)
        work.keep_part(self._unit_of_work(), {
            "id": part.part_id, "org_id": envelope.org_id, "kind": "part", "version": part.version,
            "user_id": part.user_id, "account_id": part.account_id, "matter_id": part.matter_id,
            "work_date": part.work_date, "minutes": 0, "narrative": part.name, "quantity": part.quantity,
            "unit_price": part.unit_price.amount, "currency": part.unit_price.currency,
            "catalog_item_id": part.catalog_item_id, "sku": part.sku, "billable": part.billable,
            "deleted": False,
        })

    @handle_event("part.deleted", "material.deleted")
    def on_part_deleted(self, envelope: Envelope) -> None:
        gone = envelope.payload_as(tt.PartDeleted)
        work.forget_part(self._unit_of_work(), envelope.org_id, gone.part_id, gone.version, gone.user_id,
                         gone.account_id, envelope.occurred_at.date())

    @handle_event("work.locked")
    def on_work_locked(self, envelope: Envelope) -> None:
        locked = envelope.payload_as(tt.WorkLocked)
        work.confirm_locks(self._unit_of_work(), envelope.org_id, locked.invoice_id,
                           {item.item_id: item.version for item in locked.items})

    @handle_event("matter.opened", "matter.updated")
    def on_matter(self, envelope: Envelope) -> None:
        matter = envelope.payload_as(tt.Matter)
        work.keep_matter(self._unit_of_work(), {
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

