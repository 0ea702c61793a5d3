"""What happened to an invoice, as the :class:`~ledgerline_invoicing.domain.invoice.Invoice`
aggregate records it: each event carries who did it (and why, where a reason is asked for), so
the audit trail and the events other services receive are both made from it, in one place
(``ledgerline_invoicing.use_cases.effects``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from ledgerline_contracts import Actor, Money


@dataclass(frozen=True)
class InvoiceRef:
    """Which invoice, as the events name it."""

    id: UUID
    org_id: UUID
    account_id: UUID
    number: str | None
    currency: str


@dataclass(frozen=True)
class PaymentRecorded:
    invoice: InvoiceRef
    by: Actor
    payment_id: UUID
    amount: Money
    received_on: date
    method: str
    reference: str
    balance: Money


@dataclass(frozen=True)
class InvoicePaid:
    invoice: InvoiceRef
    paid_on: date
    total: Money


@dataclass(frozen=True)
class CreditNoteIssued:
    invoice: InvoiceRef
    by: Actor
    credit_note_id: UUID
    number: str
    kind: str  # "amount", "lines" or "void"
    amount: Money
    reason: str
    balance: Money


@dataclass(frozen=True)
class InvoiceVoided:
    invoice: InvoiceRef
    by: Actor
    credit_note_id: UUID
    credit_note_number: str
    reason: str
    released: tuple  # the work items given back: rows with ``id`` and ``kind``
    balance: Money
    # Voiding an invoice already credited in full issues no credit note of its own; the
    # audit trail then records the voiding itself.
    new_credit_note: bool


@dataclass(frozen=True)
class InvoiceDisputed:
    invoice: InvoiceRef
    by: Actor
    reason: str
    balance: Money


@dataclass(frozen=True)
class DisputeResolved:
    invoice: InvoiceRef
    by: Actor
    dispute_reason: str
    resolution: str
    balance: Money


@dataclass(frozen=True)
class InvoiceApproved:
    invoice: InvoiceRef
    by: Actor
    total: Decimal  # as stored (the audit trail shows it so)
    unpriced_lines_confirmed: int


@dataclass(frozen=True)
class InvoicePosted:
    invoice: InvoiceRef
    by: Actor
    account_name: str
    billing_email: str
    issue_date: date
    due_date: date
    # As stored; rounded to the currency in the event other services receive.
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    items: tuple  # the work items it bills: rows with ``id`` and ``kind``
    matter_id: UUID | None
    cost: Decimal | None
    unpriced_lines_confirmed: int
    work_order_id: UUID | None = None


@dataclass(frozen=True)
class DraftDeleted:
    invoice: InvoiceRef
    by: Actor
    released: tuple  # the work items given back: rows with ``id`` and ``kind``
    total: Decimal  # as stored


@dataclass(frozen=True)
class InvoiceDrafted:
    invoice: InvoiceRef
    by: Actor
    matter_id: UUID | None
    lines: int
    items: tuple  # the work items it claimed: rows with ``id`` and ``kind``


@dataclass(frozen=True)
class DraftedFromWorkOrder:
    """Ledgerline drafted a completed work order's invoice (no person did)."""

    invoice: InvoiceRef
    work_order_id: UUID
    work_order_number: str
    lines: int
    unpriced_lines: int


@dataclass(frozen=True)
class LineReworded:
    invoice: InvoiceRef
    by: Actor
    line_id: UUID
    before: str
    after: str


@dataclass(frozen=True)
class LineRemoved:
    invoice: InvoiceRef
    by: Actor
    line_id: UUID
    wording: str
    amount: Decimal  # as stored
    released: tuple  # its work item, given back (none for a manual line)


@dataclass(frozen=True)
class LineAdded:
    invoice: InvoiceRef
    by: Actor
    line_id: UUID
    description: str
    amount: Decimal


@dataclass(frozen=True)
class DraftReconciled:
    invoice: InvoiceRef
    by: Actor
    repriced: int
    removed: int
    released: tuple  # work given back that still exists in timetracking
