"""Handlers of invoicing's events: the account replica, the locks invoices put on work and
their confirmation to invoicing (:mod:`ledgerline_timetracking.domain.locks` says why they are
safe in any order of arrival), and what accounts still owe (the kit's receivables, for the past-due
warning, :mod:`..domain.past_due`).
"""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from ledgerline_contracts import Envelope
from ledgerline_contracts.events import invoicing as billing
from ledgerline_contracts.events import timetracking as tt
from ledgerline_servicekit import replicas
from ledgerline_servicekit.entrypoints import handle_event
from ledgerline_servicekit.receivables import storage as receivables

from ledgerline_timetracking.domain.locks import InvoiceStage, ItemKind, lock_from_claims, newly_locked
from ledgerline_timetracking.storage import locks as storage
from ledgerline_timetracking.storage import tables


def _items(listed: billing.InvoiceItems) -> dict[ItemKind, list[UUID]]:
    return {ItemKind.TIME: listed.time_entry_ids, ItemKind.EXPENSE: listed.expense_ids,
            ItemKind.PART: listed.part_ids}


class InvoicingEventHandlers:
    @handle_event("account.created", "account.updated")
    def on_account(self, envelope: Envelope) -> None:
        replicas.apply_account_event(self.db.session, tables.accounts, envelope)

    @handle_event("invoice.drafted")
    def on_invoice_drafted(self, envelope: Envelope) -> None:
        drafted = envelope.payload_as(billing.InvoiceDrafted)
        session = self.db.session
        storage.advance_invoice(session, envelope.org_id, drafted.invoice_id, InvoiceStage.DRAFTED, None)
        storage.set_claims(session, envelope.org_id, drafted.invoice_id, _items(drafted.items), released=False,
                           at=envelope.occurred_at)
        self._relock(envelope.org_id, drafted.invoice_id)

    # invoice.deleted is the name invoice.items_released had before 0.2.0, read until 0.3.0.
    @handle_event("invoice.items_released", "invoice.deleted")
    def on_items_released(self, envelope: Envelope) -> None:
        release = envelope.payload_as(billing.InvoiceItemsReleased)
        session = self.db.session
        if release.whole_invoice:
            storage.advance_invoice(session, envelope.org_id, release.invoice_id, InvoiceStage.RELEASED, None)
        # Remembered per item, so a draft event that arrives later cannot lock them again.
        storage.set_claims(session, envelope.org_id, release.invoice_id, _items(release.released), released=True,
                           at=envelope.occurred_at)
        self._relock(envelope.org_id, release.invoice_id)

    @handle_event("invoice.posted")
    def on_invoice_posted(self, envelope: Envelope) -> None:
        posted = envelope.payload_as(billing.InvoicePosted)
        session = self.db.session
        storage.advance_invoice(session, envelope.org_id, posted.invoice_id, InvoiceStage.POSTED, posted.number)
        # The posting lists the invoice's final items: lines removed from the draft are released.
        final = _items(posted.items)
        storage.set_claims(session, envelope.org_id, posted.invoice_id, final, released=False, at=envelope.occurred_at)
        storage.release_claims_except(session, posted.invoice_id, final, at=envelope.occurred_at)
        self._relock(envelope.org_id, posted.invoice_id)
        receivables.record(session, tables.receivables, envelope)

    @handle_event("invoice.voided")
    def on_invoice_voided(self, envelope: Envelope) -> None:
        voided = envelope.payload_as(billing.InvoiceVoided)
        session = self.db.session
        storage.advance_invoice(session, envelope.org_id, voided.invoice_id, InvoiceStage.RELEASED, voided.number)
        storage.set_claims(session, envelope.org_id, voided.invoice_id, _items(voided.released), released=True,
                           at=envelope.occurred_at)
        self._relock(envelope.org_id, voided.invoice_id)
        receivables.record(session, tables.receivables, envelope)

    @handle_event("invoice.paid", "payment.recorded", "credit_note.issued")
    def on_balance_reduced(self, envelope: Envelope) -> None:
        receivables.record(self.db.session, tables.receivables, envelope)

    def _relock(self, org_id: UUID, invoice_id: UUID) -> None:
        """Derive again the lock of every item the invoice ever claimed, and confirm to each invoice
        the items now locked for it, at the version they keep (``work.locked``)."""
        session = self.db.session
        confirmed: dict[UUID, list[tt.LockedItem]] = defaultdict(list)
        for kind, item_ids in storage.items_claimed_by(session, invoice_id).items():
            held = storage.hold_items(session, kind, item_ids)
            claims = storage.claims_on(session, kind, held)
            locks = {item_id: lock_from_claims(claims.get(item_id, [])) for item_id in held}
            storage.apply_locks(session, kind, locks)
            for item_id, lock in locks.items():
                before, version = held[item_id]
                if newly_locked(before, lock):
                    confirmed[lock.invoice_id].append(tt.LockedItem(kind=str(kind), item_id=item_id, version=version))
        for locked_for, items in confirmed.items():
            self.db.record_event("work.locked", org_id, tt.WorkLocked(invoice_id=locked_for, items=items))
