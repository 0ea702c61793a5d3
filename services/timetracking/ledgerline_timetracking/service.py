"""The timetracking service's entrypoints: thin, the rules live in ``domain``."""

from __future__ import annotations

from uuid import UUID, uuid4

from ledgerline_contracts import Actor, Envelope, NotFound
from ledgerline_contracts.commands.timetracking import NewTimeEntry
from ledgerline_contracts.events import invoicing as billing
from ledgerline_contracts.events.timetracking import TimeEntry
from ledgerline_servicekit import inputs, replicas
from ledgerline_servicekit.entrypoints import handle_event, rpc
from ledgerline_servicekit.service import LedgerlineService

from ledgerline_timetracking import domain, storage
from ledgerline_timetracking.domain import EntryStatus

def entry_event(row) -> TimeEntry:
    return TimeEntry(
        entry_id=row.id, version=row.version, user_id=row.user_id, user_name=row.user_name,
        account_id=row.account_id, matter_id=row.matter_id, work_date=row.work_date,
        duration_minutes=row.duration_minutes, billable=row.billable, narrative=row.narrative)


def entry_view(row, *, for_customer: bool = False) -> dict:
    view = {
        "id": str(row.id), "account_id": str(row.account_id),
        "matter_id": str(row.matter_id) if row.matter_id else None,
        "user_name": row.user_name, "work_date": row.work_date.isoformat(),
        "duration_minutes": row.duration_minutes, "billable": row.billable, "narrative": row.narrative,
        "status": row.status, "invoice_number": row.invoice_number,
    }
    if not for_customer:  # internal fields stay inside the firm
        view |= {"user_id": str(row.user_id), "invoice_id": str(row.invoice_id) if row.invoice_id else None,
                 "version": row.version}
    return view


class TimetrackingService(LedgerlineService):
    name = "timetracking"

    # --- accounts replica -------------------------------------------------------

    @handle_event("account.created", "account.updated")
    def on_account(self, envelope: Envelope) -> None:
        replicas.apply_account_event(self.db.session, storage.accounts, envelope)

    # --- time entries -------------------------------------------------------------

    @rpc(allow=domain.TIME_RECORDERS)
    def record_time_entry(self, actor: Actor, entry: dict) -> dict:
        command = NewTimeEntry.model_validate(entry)
        session = self.db.session
        replicas.active_account(session, storage.accounts, actor.org_id, command.account_id)
        entry_id = uuid4()
        storage.insert_entry(session, {
            "id": entry_id, "org_id": actor.org_id, "user_id": actor.user_id, "user_name": actor.name,
            "version": 1, "status": EntryStatus.UNBILLED, **command.model_dump()})
        row = storage.get_entry(session, actor.org_id, entry_id)
        self.db.record_event("time_entry.recorded", actor.org_id, entry_event(row))
        return entry_view(row)

    @rpc(allow=domain.TIME_READERS)
    def list_time_entries(self, actor: Actor, account_id: str | None = None, status: str | None = None,
                          limit: int = 50, offset: int = 0) -> dict:
        limit, offset = inputs.page(limit, offset)
        inputs.one_of(status, EntryStatus, "status")
        account = inputs.parse_id(account_id, "account_id") if account_id else None
        if actor.is_customer:
            user_ids, account = None, actor.account_id
        else:
            user_ids = domain.visible_user_ids(actor)
        rows, total = storage.list_entries(self.db.session, actor.org_id, user_ids=user_ids, account_id=account,
                                           status=status, limit=limit, offset=offset)
        return inputs.paged([entry_view(r, for_customer=actor.is_customer) for r in rows], total, limit, offset)

    @rpc(allow=domain.TIME_READERS)
    def get_time_entry(self, actor: Actor, entry_id: str) -> dict:
        row = storage.get_entry(self.db.session, actor.org_id, inputs.parse_id(entry_id, "entry_id"))
        if actor.is_customer:
            if row.account_id != actor.account_id:
                raise NotFound("no such time entry", "entry_id")
            return entry_view(row, for_customer=True)
        users = domain.visible_user_ids(actor)
        if users is not None and row.user_id not in users:
            raise NotFound("no such time entry", "entry_id")
        return entry_view(row)

    # --- locks from invoicing -------------------------------------------------------

    def _advance(self, org_id: UUID, invoice_id: UUID, stage: domain.InvoiceStage, entry_ids: list[UUID],
                 number: str | None = None) -> None:
        session = self.db.session
        if not storage.advance_invoice(session, org_id, invoice_id, stage, number):
            return  # a later stage of this invoice was already applied
        if stage is domain.InvoiceStage.RELEASED:
            storage.release_entries(session, org_id, invoice_id)
        else:
            storage.lock_entries(session, org_id, entry_ids, invoice_id, domain.ENTRY_STATUS_AT[stage], number)

    @handle_event("invoice.drafted")
    def on_invoice_drafted(self, envelope: Envelope) -> None:
        drafted = envelope.payload_as(billing.InvoiceDrafted)
        self._advance(envelope.org_id, drafted.invoice_id, domain.InvoiceStage.DRAFTED,
                      drafted.items.time_entry_ids)

    @handle_event("invoice.deleted")
    def on_invoice_deleted(self, envelope: Envelope) -> None:
        released = envelope.payload_as(billing.InvoiceItemsReleased)
        if released.whole_invoice:
            self._advance(envelope.org_id, released.invoice_id, domain.InvoiceStage.RELEASED, [])
        else:  # lines removed from a draft that stays
            storage.release_entries(self.db.session, envelope.org_id, released.invoice_id,
                                    released.released.time_entry_ids)

    @handle_event("invoice.posted")
    def on_invoice_posted(self, envelope: Envelope) -> None:
        posted = envelope.payload_as(billing.InvoicePosted)
        self._advance(envelope.org_id, posted.invoice_id, domain.InvoiceStage.POSTED,
                      posted.items.time_entry_ids, posted.number)

    @handle_event("invoice.voided")
    def on_invoice_voided(self, envelope: Envelope) -> None:
        voided = envelope.payload_as(billing.InvoiceVoided)
        self._advance(envelope.org_id, voided.invoice_id, domain.InvoiceStage.RELEASED, [])
