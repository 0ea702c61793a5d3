"""Invoicing's events locking and releasing work, as use cases: each records what the event
said about the invoice (its stage, its claims), derives again the lock of every item the invoice
ever claimed (:mod:`ledgerline_timetracking.domain.locks` says why that is safe in any order of
arrival), and confirms to each invoice the items newly locked for it (``work.locked``, through
the unit of work). Repeats are the handlers' business (``handle_event`` skips them)."""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from ledgerline_contracts import Envelope
from ledgerline_contracts.events import invoicing as billing
from ledgerline_servicekit.receivables import storage as receivables
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_timetracking.domain.events import LockedItem, WorkLocked
from ledgerline_timetracking.domain.locks import InvoiceStage, ItemKind, lock_from_claims, newly_locked
from ledgerline_timetracking.storage import locks as storage
from ledgerline_timetracking.storage import tables


def _items(listed: billing.InvoiceItems) -> dict[ItemKind, list[UUID]]:
    return {ItemKind.TIME: listed.time_entry_ids, ItemKind.EXPENSE: listed.expense_ids,
            ItemKind.PART: listed.part_ids}


def invoice_drafted(uow: SqlUnitOfWork, envelope: Envelope) -> None:
    drafted = envelope.payload_as(billing.InvoiceDrafted)
    with uow:
        session = uow.session
        storage.advance_invoice(session, envelope.org_id, drafted.invoice_id, InvoiceStage.DRAFTED, None)
        storage.set_claims(session, envelope.org_id, drafted.invoice_id, _items(drafted.items), released=False,
                           at=envelope.occurred_at)
        _relock(uow, envelope.org_id, drafted.invoice_id)


def items_released(uow: SqlUnitOfWork, envelope: Envelope) -> None:
    release = envelope.payload_as(billing.InvoiceItemsReleased)
    with uow:
        session = uow.session
        if release.whole_invoice:
            storage.advance_invoice(session, envelope.org_id, release.invoice_id, InvoiceStage.RELEASED, None)
        # Remembered per item, so a draft event that arrives later cannot lock them again.
        storage.set_claims(session, envelope.org_id, release.invoice_id, _items(release.released), released=True,
                           at=envelope.occurred_at)
        _relock(uow, envelope.org_id, release.invoice_id)


def invoice_posted(uow: SqlUnitOfWork, envelope: Envelope) -> None:
    posted = envelope.payload_as(billing.InvoicePosted)
    with uow:
        session = uow.session
        storage.advance_invoice(session, envelope.org_id, posted.invoice_id, InvoiceStage.POSTED, posted.number)
        # The posting lists the invoice's final items: lines removed from the draft are released.
        final = _items(posted.items)
        storage.set_claims(session, envelope.org_id, posted.invoice_id, final, released=False, at=envelope.occurred_at)
        storage.release_claims_except(session, posted.invoice_id, final, at=envelope.occurred_at)
        _relock(uow, envelope.org_id, posted.invoice_id)
        receivables.record(session, tables.receivables, envelope)


def invoice_voided(uow: SqlUnitOfWork, envelope: Envelope) -> None:
    voided = envelope.payload_as(billing.InvoiceVoided)
    with uow:
        session = uow.session
        storage.advance_invoice(session, envelope.org_id, voided.invoice_id, InvoiceStage.RELEASED, voided.number)
        storage.set_claims(session, envelope.org_id, voided.invoice_id, _items(voided.released), released=True,
                           at=envelope.occurred_at)
        _relock(uow, envelope.org_id, voided.invoice_id)
        receivables.record(session, tables.receivables, envelope)


def _relock(uow: SqlUnitOfWork, org_id: UUID, invoice_id: UUID) -> None:
    """Derive again the lock of every item the invoice ever claimed, and confirm to each invoice
    the items now locked for it, at the version they keep."""
    session = uow.session
    confirmed: dict[UUID, list[LockedItem]] = defaultdict(list)
    for kind, item_ids in storage.items_claimed_by(session, invoice_id).items():
        held = storage.hold_items(session, kind, item_ids)
        claims = storage.claims_on(session, kind, held)
        locks = {item_id: lock_from_claims(claims.get(item_id, [])) for item_id in held}
        storage.apply_locks(session, kind, locks)
        for item_id, lock in locks.items():
            before, version = held[item_id]
            if newly_locked(before, lock):
                confirmed[lock.invoice_id].append(LockedItem(kind, item_id, version))
    uow.record(*(WorkLocked(org_id, locked_for, tuple(items)) for locked_for, items in confirmed.items()))
