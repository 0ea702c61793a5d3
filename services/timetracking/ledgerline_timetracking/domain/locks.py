"""How invoicing's events lock and release work (time entries, expenses, parts).

Each invoice's *claims* on work items are kept as invoicing announces them
(``invoice.drafted`` adds, ``invoice.items_released`` with ``whole_invoice=false``
releases single items, ``invoice.posted`` states the final list), together
with the invoice's furthest stage. An item's lock is derived from all claims on
it, so the events may arrive in any order:

- a claim changes only for an event newer (``occurred_at``) than the last one
  that changed it: a late ``invoice.drafted`` cannot re-lock items released
  from the draft after it was drafted;
- an invoice's stage only moves forward (drafted < posted < released), so a
  late ``invoice.drafted`` cannot undo a posting, nor a late ``invoice.posted``
  a void.

Locked work never changes in place: on a draft (drafted) or a posted invoice (billed)
it can be neither edited nor deleted until invoicing releases it (the draft deleted,
the line removed, the invoice voided). When an item becomes locked for an invoice,
timetracking tells invoicing so in ``work.locked``, with the version it was locked
at (:func:`newly_locked`): invoicing approves and posts a line only once its item is
locked for that invoice at the version the line bills. An edit made before the lock
arrived simply made a newer version, which that confirmation reveals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum
from uuid import UUID

from ledgerline_contracts import Locked


class EntryStatus(StrEnum):
    UNBILLED = "unbilled"
    DRAFTED = "drafted"  # on a draft invoice: may not be deleted or reassigned
    BILLED = "billed"  # on a posted invoice: immutable


class InvoiceStage(IntEnum):
    """How far an invoice has gone, as told by invoicing's events; only ever moves forward."""

    DRAFTED = 1
    POSTED = 2
    RELEASED = 3  # draft deleted, or posted invoice voided: its work is billable again


class ItemKind(StrEnum):
    TIME = "time"
    EXPENSE = "expense"
    PART = "part"


@dataclass(frozen=True)
class Claim:
    """One invoice's claim on one item, with what is known of that invoice."""

    invoice_id: UUID
    released: bool
    stage: InvoiceStage | None  # None: no drafted/posted event for the invoice has arrived yet
    number: str | None = None
    changed_at: datetime | None = None  # when invoicing last changed the claim


@dataclass(frozen=True)
class Lock:
    status: EntryStatus
    invoice_id: UUID | None = None
    invoice_number: str | None = None


UNLOCKED = Lock(EntryStatus.UNBILLED)


def lock_from_claims(claims: Iterable[Claim]) -> Lock:
    """The item's lock: the furthest live claim wins (posted over drafted); between two drafts, the
    newer claim (the older one's release is still on its way)."""
    live = [c for c in claims if not c.released and c.stage in (InvoiceStage.DRAFTED, InvoiceStage.POSTED)]
    if not live:
        return UNLOCKED
    best = max(live, key=lambda c: (c.stage, c.changed_at or datetime.min))
    if best.stage is InvoiceStage.POSTED:
        return Lock(EntryStatus.BILLED, best.invoice_id, best.number)
    return Lock(EntryStatus.DRAFTED, best.invoice_id, None)


def newly_locked(before: Lock, after: Lock) -> bool:
    """Whether the item is now locked for an invoice it was not locked for before: that invoice
    must be told (``work.locked``) at which version."""
    return after.status is not EntryStatus.UNBILLED and (
        before.status is EntryStatus.UNBILLED or before.invoice_id != after.invoice_id)


def require_deletable(status: str, invoice_number: str | None, what: str = "entry") -> None:
    if status == EntryStatus.BILLED:
        raise Locked(f"locked – {what} linked to posted invoice {invoice_number}; it cannot be deleted")
    if status == EntryStatus.DRAFTED:
        raise Locked(f"locked – {what} linked to a draft invoice; it cannot be deleted until the draft "
                     "is deleted or the line removed")


def require_editable(status: str, invoice_number: str | None, what: str = "entry") -> None:
    if status == EntryStatus.BILLED:
        raise Locked(f"locked – {what} linked to posted invoice {invoice_number}; corrections after posting "
                     "are credit notes")
    if status == EntryStatus.DRAFTED:
        raise Locked(f"locked – {what} linked to a draft invoice; it cannot change until its line is removed "
                     "from the draft or the draft is deleted")
