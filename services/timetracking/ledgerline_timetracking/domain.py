"""Time tracking rules, free of nameko and SQLAlchemy."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from uuid import UUID

from ledgerline_contracts import Actor, Locked, PermissionDenied, Role

# Who records their own time (DESIGN.md permission matrix).
TIME_RECORDERS = frozenset({Role.FEE_EARNER, Role.ASSOCIATE_PARTNER, Role.PARTNER})
TIME_READERS = frozenset(Role)


class EntryStatus(StrEnum):
    UNBILLED = "unbilled"
    DRAFTED = "drafted"  # on a draft invoice: may not be deleted
    BILLED = "billed"  # on a posted invoice: immutable


class InvoiceStage(IntEnum):
    """How far an invoice has gone, as told by invoicing's events.

    Events about one invoice arrive on different queues and so in any order; a
    stage only ever moves forward, so a late ``invoice.drafted`` cannot undo a
    posting and a late ``invoice.posted`` cannot undo a void.
    """

    DRAFTED = 1
    POSTED = 2
    RELEASED = 3  # draft deleted, or posted invoice voided: the work is billable again


ENTRY_STATUS_AT = {
    InvoiceStage.DRAFTED: EntryStatus.DRAFTED,
    InvoiceStage.POSTED: EntryStatus.BILLED,
    InvoiceStage.RELEASED: EntryStatus.UNBILLED,
}


def require_unlocked(status: str, invoice_number: str | None, action: str) -> None:
    """Billed work never changes; drafted work may not be removed from under its draft."""
    if status == EntryStatus.BILLED:
        raise Locked(f"locked – entry linked to posted invoice {invoice_number}; cannot {action}")
    if status == EntryStatus.DRAFTED:
        raise Locked(f"locked – entry linked to a draft invoice; cannot {action}")


def visible_user_ids(actor: Actor) -> frozenset[UUID] | None:
    """Whose entries the actor may read; None means the whole organization."""
    if actor.sees_whole_org:
        return None
    if actor.is_customer:
        raise PermissionDenied("customers see entries through their account")
    return actor.overseen_user_ids
