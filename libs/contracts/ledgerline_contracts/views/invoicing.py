"""What invoicing answers: accounts, invoices, payments, credit notes, rates, the catalog, work in
progress, the billing profile and the audit trail.

The catalog's items and quotes are :class:`~ledgerline_contracts.commands.invoicing.CatalogItem` and
:class:`~ledgerline_contracts.commands.invoicing.Quote`: timetracking reads them over RPC too.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from ledgerline_contracts.money import Money
from ledgerline_contracts.views import staff_only


class AccountView(BaseModel):
    """A customer account, as invoicing shows it (its rates live apart: ``/rates``)."""

    id: UUID
    name: str
    billing_email: str
    currency: str = Field(description="ISO 4217 code")
    payment_terms_days: int
    tax_rate: str = Field(description="a decimal string: 0.20 for 20 %", examples=["0.0800"])
    tax_id: str | None
    address: str
    active: bool
    version: int = Field(description="goes up by one with every change")


# --- rates ---------------------------------------------------------------------------------


class RateView(BaseModel):
    """An hourly rate at one place in the resolution order (matter, account, standard)."""

    id: UUID
    scope: Literal["standard", "account", "matter"]
    account_id: UUID | None
    matter_id: UUID | None
    user_id: UUID | None = Field(description="null: everyone's time")
    activity_code: str | None = Field(description="null: every activity")
    rate: Money = Field(description="per hour")
    updated_at: datetime


class CostRateView(BaseModel):
    """What an hour of a user's time costs the firm."""

    user_id: UUID
    rate: Money
    updated_at: datetime


# --- work in progress -------------------------------------------------------------------------


class UnbilledItem(BaseModel):
    """A piece of unbilled work, priced as a draft would price it (unless ``problem`` says why not)."""

    entry_id: UUID = Field(description="the time entry, expense or part")
    kind: Literal["time", "expense", "part"]
    work_date: date
    user_id: UUID
    user_name: str | None
    matter_id: UUID | None
    narrative: str
    problem: str | None = Field(description="why it cannot be billed as it is; null when it can")
    quantity: str | None = Field(default=None, examples=["1.50"],
                                 description="hours to two places, or units; absent when it cannot be priced")
    duration_minutes: int | None = Field(default=None, description="time only; absent when it cannot be priced")
    shown_quantity: str | None = Field(default=None, examples=["1:30 h"],
                                       description="as the invoice will show it; absent when it cannot be priced")
    amount: Money | None = Field(default=None, description="before tax; absent when it cannot be priced")
    rate_source: str | None = Field(default=None, description="time: the rule that set the rate")


class UnbilledWork(BaseModel):
    account_id: UUID
    currency: str
    items: list[UnbilledItem]
    total: Money = Field(description="what the priced items come to, before tax")


# --- invoices --------------------------------------------------------------------------------

InvoiceStatus = Literal["draft", "approved", "posted", "paid", "credited", "voided", "deleted"]

InvoiceAction = Literal["edit_line", "remove_line", "add_line", "reconcile_invoice", "approve_invoice",
                        "post_invoice", "delete_invoice", "record_payment", "mark_paid", "issue_credit_note",
                        "dispute_invoice", "resolve_dispute", "void_invoice", "add_note"]


class InvoiceSummary(BaseModel):
    """One row of the invoice list."""

    id: UUID
    number: str | None = Field(description="assigned when posted", examples=["INV-2026-000007"])
    status: InvoiceStatus
    account_id: UUID
    account_name: str | None
    issue_date: date | None = Field(description="set when posted")
    due_date: date | None = Field(description="set when posted, from the account's payment terms")
    currency: str
    total: Money
    balance: Money = Field(description="what is still owed: total - paid - credited")
    disputed: bool
    matter_id: UUID | None = staff_only()
    created_by: UUID | None = staff_only()
    created_at: datetime | None = staff_only()


class MatterRef(BaseModel):
    id: UUID
    reference: str
    title: str


class WorkOrderRef(BaseModel):
    """The work order an invoice was drafted from."""

    id: UUID
    number: str = Field(examples=["WO-20261129-001"])


class InvoiceLine(BaseModel):
    id: UUID
    position: int
    kind: Literal["time", "expense", "part", "manual", "work_order", "recurring"]
    description: str = Field(description="the words the invoice shows (the drafter's, else the entry's)")
    work_date: date | None
    quantity: str = Field(examples=["1.50"], description="hours to two places; units without trailing zeros")
    unit: str | None = Field(description="h for time")
    duration_minutes: int | None = Field(description="time lines only")
    shown_quantity: str = Field(examples=["1:30 h"], description="as documents show it")
    unit_price: Money
    amount: Money = Field(description="rounded, before tax")
    tax_rate: str | None = Field(examples=["0.08"], description="a decimal string")
    tax: Money
    credited: bool = Field(description="a credit note credited this line")
    source_id: UUID | None = staff_only("the time entry, expense or part billed; null for manual lines")
    source_version: int | None = staff_only("the version of the work billed")
    user_id: UUID | None = staff_only("who did the work")
    entry_description: str | None = staff_only("the entry's own words")
    narrative_override: str | None = staff_only("the drafter's words, when reworded")
    rate_source: str | None = staff_only("time lines: the rule that set the rate; none: no rate matched")
    stale: bool | None = staff_only("the work changed since drafting: reconcile the draft")
    awaiting_lock: bool | None = staff_only("timetracking has not locked the work yet")
    unpriced: bool | None = staff_only("time no rate matched, billed at 0.00 unless confirmed")


class PaymentView(BaseModel):
    id: UUID
    amount: Money
    received_on: date
    method: Literal["check", "bank_transfer", "card", "cash"]
    reference: str


class CreditNoteView(BaseModel):
    id: UUID
    number: str = Field(examples=["CN-2026-000002"])
    amount: Money = Field(description="subtotal + tax: what the balance falls by")
    subtotal: Money
    tax: Money
    issue_date: date
    kind: Literal["amount", "lines", "void"]
    reason: str | None = staff_only()
    issued_by: UUID | None = staff_only()


class DisputeView(BaseModel):
    id: UUID
    reason: str
    opened_by: UUID
    opened_at: datetime
    resolution: str | None
    resolved_by: UUID | None
    resolved_at: datetime | None


class NoteView(BaseModel):
    """An internal note: never shown to customers."""

    id: UUID
    body: str
    author_id: UUID
    author_name: str
    created_at: datetime


class InvoiceView(InvoiceSummary):
    """A whole invoice as the caller may see it: customers get neither internal notes, nor who did
    what, nor costs."""

    allowed_actions: list[InvoiceAction] = Field(
        description="what the caller may do next, named as the endpoints' actions: read it instead of "
                    "comparing statuses", examples=[["record_payment", "mark_paid", "issue_credit_note"]])
    matter: MatterRef | None
    work_order: WorkOrderRef | None = Field(description="the work order it bills, if drafted from one")
    subtotal: Money
    tax: Money
    amount_paid: Money
    credited: Money
    paid_on: date | None
    lines: list[InvoiceLine]
    payments: list[PaymentView]
    credit_notes: list[CreditNoteView]
    date_from: date | None = staff_only("the period drafted, when one was asked for")
    date_to: date | None = staff_only()
    action_notes: list[str] | None = staff_only("what the caller cannot do next and why, in words")
    needs_reconciling: bool | None = staff_only("some line's work changed since drafting")
    lines_awaiting_lock: int | None = staff_only()
    unpriced_lines: int | None = staff_only()
    approved_by: UUID | None = staff_only()
    posted_by: UUID | None = staff_only()
    dispute: DisputeView | None = staff_only("the open or last dispute")
    notes: list[NoteView] | None = staff_only()
    cost: Money | None = Field(default=None, description="partners and billing only: what the work cost the "
                                                         "firm, where known")


class AuditEntry(BaseModel):
    at: datetime
    actor_id: UUID
    actor_name: str
    action: str = Field(examples=["post"])
    entity: str = Field(examples=["invoice"])
    entity_id: UUID
    details: dict[str, Any] = Field(description="what changed, as the action records it")
    reason: str | None


class AuditTrail(BaseModel):
    entity_id: UUID
    items: list[AuditEntry] = Field(description="oldest first")


# --- the billing profile ----------------------------------------------------------------------


class BillingProfileView(BaseModel):
    """The organization as its invoices present it, and how they are numbered."""

    name: str
    address: str
    email: str
    phone: str
    tax_id: str
    website: str
    invoice_prefix: str = Field(examples=["INV"])
    credit_note_prefix: str = Field(examples=["CN"])
    payment_instructions: str
    footer: str


# --- agreements and billing runs -------------------------------------------------------------


class AgreementLineView(BaseModel):
    id: UUID
    position: int
    description: str
    catalog_item_id: UUID | None
    quantity: str = Field(examples=["1"])
    unit_price: Money = Field(description="per cycle")
    cycle: Literal["monthly", "quarterly", "yearly"]
    timing: Literal["advance", "arrears"]
    start_date: date
    end_date: date | None


class AgreementView(BaseModel):
    """An account's agreement: its recurring lines, billed by the monthly billing run."""

    id: UUID
    account_id: UUID
    account_name: str
    name: str
    status: Literal["active", "ended"]
    currency: str
    lines: list[AgreementLineView]
    version: int
    created_at: datetime


class BillingRunAccountView(BaseModel):
    account_id: UUID
    account_name: str
    status: Literal["pending", "drafted", "nothing_due", "set_aside"]
    invoice_id: UUID | None
    reason: str | None = Field(description="set aside: why")


class BillingRunView(BaseModel):
    """A billing run's progress: each account is pending, drafted, had nothing due, or was set aside."""

    id: UUID
    period: str = Field(examples=["2026-11"])
    status: Literal["running", "completed"]
    started_by: UUID
    started_at: datetime
    completed_at: datetime | None
    accounts: int
    done: int = Field(description="drafted or nothing due")
    drafted: int
    set_aside: int
    remaining: int
    set_aside_accounts: list[BillingRunAccountView]


class Anomaly(BaseModel):
    check: str = Field(examples=["zero_priced_line"])
    weight: int
    reason: str


class ReviewedDraft(BaseModel):
    invoice_id: UUID
    account_id: UUID
    account_name: str
    status: str
    total: Money
    lines: int
    score: int = Field(description="the sum of the anomalies' weights; 0: clean")
    anomalies: list[Anomaly]


class BillingRunReview(BaseModel):
    run_id: UUID
    period: str
    jump_percent: str
    items: list[ReviewedDraft] = Field(description="highest score first")


class BulkOutcome(BaseModel):
    invoice_id: UUID
    done: bool
    reason: str | None = Field(description="refused: why")


class BulkResult(BaseModel):
    done: int
    refused: int
    items: list[BulkOutcome]
