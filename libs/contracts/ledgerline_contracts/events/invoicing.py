"""Events produced by the invoicing service."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import AliasChoices, Field

from ledgerline_contracts.events.base import Payload
from ledgerline_contracts.money import DecimalStr, Money


class Account(Payload):
    """``account.created`` and ``account.updated`` (deactivation is an update with active=false)."""

    account_id: UUID
    version: int
    name: str
    billing_email: str
    currency: str
    payment_terms_days: int
    tax_rate: DecimalStr
    tax_id: str | None = None
    address: str = ""
    active: bool = True


class InvoiceItems(Payload):
    """The work entries an invoice claims (or releases)."""

    time_entry_ids: list[UUID] = Field(default_factory=list)
    expense_ids: list[UUID] = Field(default_factory=list)
    # v1 of the events carrying these said material_ids; still read from events already queued.
    part_ids: list[UUID] = Field(default_factory=list, validation_alias=AliasChoices("part_ids", "material_ids"))

    def is_empty(self) -> bool:
        return not (self.time_entry_ids or self.expense_ids or self.part_ids)


class InvoiceDrafted(Payload):
    invoice_id: UUID
    account_id: UUID
    matter_id: UUID | None = None
    drafted_by: UUID
    items: InvoiceItems
    work_order_id: UUID | None = None  # a draft made from a completed work order


class InvoiceItemsReleased(Payload):
    """``invoice.items_released`` (``invoice.deleted`` before): a draft was deleted, or lines were
    removed from it."""

    invoice_id: UUID
    account_id: UUID
    released: InvoiceItems
    whole_invoice: bool = True


class InvoiceApproved(Payload):
    invoice_id: UUID
    account_id: UUID
    approved_by: UUID


class InvoicePosted(Payload):
    invoice_id: UUID
    number: str
    account_id: UUID
    account_name: str
    billing_email: str
    issue_date: date
    due_date: date
    subtotal: Money
    tax: Money
    total: Money
    items: InvoiceItems
    matter_id: UUID | None = None
    cost: Money | None = None  # what the invoiced work cost the firm, where known (margins)
    work_order_id: UUID | None = None  # the work order it bills, if it was drafted from one


class InvoiceVoided(Payload):
    invoice_id: UUID
    number: str
    account_id: UUID
    credit_note_id: UUID
    credit_note_number: str
    reason: str
    released: InvoiceItems
    balance: Money | None = None  # after voiding: zero


class InvoicePaid(Payload):
    invoice_id: UUID
    number: str
    account_id: UUID
    paid_on: date
    total: Money


class PaymentRecorded(Payload):
    payment_id: UUID
    invoice_id: UUID
    invoice_number: str
    account_id: UUID
    amount: Money
    received_on: date
    method: Literal["check", "bank_transfer", "card", "cash"]
    reference: str = ""
    balance: Money  # what is still owed after this payment


class CreditNoteIssued(Payload):
    credit_note_id: UUID
    number: str
    invoice_id: UUID
    invoice_number: str
    account_id: UUID
    amount: Money
    reason: str
    balance: Money


class InvoiceDisputed(Payload):
    invoice_id: UUID
    number: str
    account_id: UUID
    reason: str
    balance: Money | None = None  # still owed (a dispute does not change it)


class InvoiceDisputeResolved(Payload):
    invoice_id: UUID
    number: str
    account_id: UUID
    resolution: str
    balance: Money | None = None



class AgreementLine(Payload):
    line_id: UUID
    description: str
    catalog_item_id: UUID | None = None
    quantity: DecimalStr
    unit_price: Money
    cycle: str
    timing: str
    start_date: date
    end_date: date | None = None


class Agreement(Payload):
    """``agreement.created``, ``agreement.updated`` and ``agreement.ended``: the whole agreement."""

    agreement_id: UUID
    account_id: UUID
    version: int
    name: str
    status: Literal["active", "ended"]
    lines: list[AgreementLine]


class BillingRunAccountDue(Payload):
    """One account of a billing run, for whichever invoicing replica takes it (competing consumers)."""

    run_id: UUID
    account_id: UUID
    period: str
    started_by: UUID
    started_by_name: str = ""


class BillingRunCompleted(Payload):
    run_id: UUID
    period: str
    accounts: int
    drafted: int
    nothing_due: int
    set_aside: int
