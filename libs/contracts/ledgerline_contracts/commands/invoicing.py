"""Requests to the invoicing service."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import AliasChoices, ConfigDict, EmailStr, Field, field_validator, model_validator

from ledgerline_contracts.commands.base import Command, Day, Page
from ledgerline_contracts.money import Amount, DecimalStr, Money, MoneyInput, Quantity, Rate, is_currency

# The gateway's Idempotency-Key header allows as much.
IDEMPOTENCY_KEY_MAX = 255
# Stock counts and moves stay far inside the database's integers.
STOCK_MAX = 1_000_000_000
# A quote's time line sums a person's unbilled time on a matter: 100 million minutes is
# two centuries around the clock, and keeps every priced amount inside what money columns hold.
QUOTED_MINUTES_MAX = 100_000_000

PaymentMethod = Literal["check", "bank_transfer", "card", "cash"]


def _currency_code(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.upper()
    if not is_currency(code):
        raise ValueError(f"{value!r} is not an ISO 4217 currency code")
    return code


class NewAccount(Command):
    name: str = Field(min_length=1, max_length=200)
    billing_email: EmailStr
    currency: str = Field(default="USD", description="ISO 4217 code")
    payment_terms_days: int = Field(default=30, ge=0, le=365)
    tax_rate: Rate = Field(default=Decimal("0"), ge=0, le=1, description="0.20 for 20 %")
    tax_id: str | None = Field(default=None, max_length=50)
    address: str = Field(default="", max_length=500)
    hourly_rate: Amount | None = Field(
        default=None, ge=0,
        description="shortcut: the account's rate for everyone's time (an account-wide rate override)")

    normalize_currency = field_validator("currency")(_currency_code)


class AccountChanges(Command):
    """The fields to change on an account; the currency only while it has no invoices."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    billing_email: EmailStr | None = None
    currency: str | None = Field(default=None, description="ISO 4217 code")
    payment_terms_days: int | None = Field(default=None, ge=0, le=365)
    tax_rate: Rate | None = Field(default=None, ge=0, le=1)
    tax_id: str | None = Field(default=None, max_length=50)
    address: str | None = Field(default=None, max_length=500)
    active: bool | None = None

    normalize_currency = field_validator("currency")(_currency_code)


# --- rates ---------------------------------------------------------------------------
# Where a rate applies: neither account_id nor matter_id → a standard rate; account_id →
# an account override; matter_id → a matter override. user_id and activity_code narrow it
# (both, either or neither). Setting a rate for the same place replaces it.


class RateRequest(Command):
    rate: Amount = Field(ge=0, description="per hour")
    currency: str | None = Field(default=None, description="standard rates: required; overrides: the account's")
    account_id: UUID | None = None
    matter_id: UUID | None = None
    user_id: UUID | None = None
    activity_code: str | None = Field(default=None, min_length=1, max_length=50)

    normalize_currency = field_validator("currency")(_currency_code)


class RateFilters(Page):
    account_id: UUID | None = None
    matter_id: UUID | None = None
    user_id: UUID | None = None


class CostRateRequest(Command):
    rate: Amount = Field(ge=0, description="what an hour of this user's time costs the firm")
    currency: str

    normalize_currency = field_validator("currency")(_currency_code)


# --- catalog ---------------------------------------------------------------------------


class NewCatalogItem(Command):
    sku: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["part", "service"] = "part"
    unit_price: Amount = Field(ge=0)
    unit_cost: Amount = Field(default=Decimal("0"), ge=0)
    currency: str = Field(description="ISO 4217 code")
    tax_rate: Rate = Field(default=Decimal("0"), ge=0, le=1)
    stock_on_hand: int | None = Field(default=None, ge=0, le=STOCK_MAX, description="None: not stocked")

    normalize_currency = field_validator("currency")(_currency_code)


class CatalogItemChanges(Command):
    sku: str | None = Field(default=None, min_length=1, max_length=64)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: Literal["part", "service"] | None = None
    unit_price: Amount | None = Field(default=None, ge=0)
    unit_cost: Amount | None = Field(default=None, ge=0)
    tax_rate: Rate | None = Field(default=None, ge=0, le=1)
    active: bool | None = None


class CatalogFilters(Page):
    search: str | None = Field(default=None, max_length=100)
    include_inactive: bool = False


class StockAdjustment(Command):
    change: int = Field(ge=-STOCK_MAX, le=STOCK_MAX,
                        description="units received (positive) or written off (negative)")
    reason: str = Field(min_length=1, max_length=500)

    @field_validator("change")
    @classmethod
    def _not_zero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("a stock adjustment must change the stock")
        return value


class DraftRequest(Command):
    account_id: UUID
    matter_id: UUID | None = None
    date_from: Day | None = None
    date_to: Day | None = None


class LineChanges(Command):
    """A draft line's narrative, stored apart from the entry it came from; null reverts to the entry's."""

    narrative: str | None = Field(min_length=1, max_length=2000)


class ManualLine(Command):
    description: str = Field(min_length=1, max_length=2000)
    quantity: Quantity = Field(default=Decimal("1"), gt=0)
    unit_price: Amount = Field(description="in the account's currency; negative for a discount")
    tax_rate: Rate | None = Field(default=None, ge=0, le=1, description="default: the account's")
    work_date: Day | None = None


class PaymentRequest(Command):
    amount: Amount = Field(gt=0)
    received_on: Day
    method: PaymentMethod
    reference: str = Field(default="", max_length=100)
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=IDEMPOTENCY_KEY_MAX)


InvoiceStatusName = Literal["draft", "approved", "posted", "paid", "credited", "voided", "deleted"]


class Confirmation(Command):
    """Approving or posting a draft with time no rate matched (billed at 0.00) is a choice made on
    purpose: ``?confirm_unpriced=true``."""

    confirm_unpriced: bool = Field(default=False, description="bill the time lines without a rate at 0.00")


class MarkPaidRequest(Command):
    """Pay whatever is still owed, once: repeating it records nothing more."""

    received_on: Day | None = Field(default=None, description="default: today")
    method: PaymentMethod = "bank_transfer"
    reference: str = Field(default="", max_length=100)


class CreditNoteRequest(Command):
    """Credit an amount (tax included) or chosen lines of a posted invoice; a reason is required.
    With an ``idempotency_key`` a repeat returns the first result instead of crediting twice."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "goodwill after the outage",
                                                               "amount": "50.00"}]})

    reason: str = Field(min_length=1, max_length=500)
    amount: Amount | None = Field(default=None, gt=0)
    line_ids: list[UUID] | None = Field(default=None, min_length=1)
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=IDEMPOTENCY_KEY_MAX)

    @model_validator(mode="after")
    def _amount_or_lines(self):
        if (self.amount is None) == (self.line_ids is None):
            raise ValueError("give either an amount or the lines to credit (line_ids), not both")
        return self


class Reason(Command):
    """Voiding and disputing need a reason."""

    reason: str = Field(min_length=1, max_length=500)


class DisputeResolution(Command):
    resolution: str = Field(min_length=1, max_length=500)


class InternalNote(Command):
    """A note for the firm's eyes only: never shown to customers or printed."""

    body: str = Field(min_length=1, max_length=5000)


class BillingProfile(Command):
    """The organization as its invoices present it, and how invoices are numbered."""

    name: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=500)
    email: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=50)
    tax_id: str = Field(default="", max_length=50)
    website: str = Field(default="", max_length=200)
    invoice_prefix: str = Field(default="INV", pattern=r"^[A-Za-z0-9]{1,10}$")
    credit_note_prefix: str = Field(default="CN", pattern=r"^[A-Za-z0-9]{1,10}$")
    payment_instructions: str = Field(default="", max_length=1000,
                                      description="bank details and how to pay; printed on every invoice")
    footer: str = Field(default="", max_length=500)


class InvoiceFilters(Page):
    account_id: UUID | None = None
    status: InvoiceStatusName | None = None


ExportFormat = Literal["xlsx", "csv"]
# The files invoicing makes, by format, as the API documents and sends them.
MEDIA_TYPES = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "csv": "text/csv"}


class ExportQuery(Command):
    format: ExportFormat = "xlsx"


class InvoiceExportFilters(Command):
    format: ExportFormat = "xlsx"
    account_id: UUID | None = None
    status: InvoiceStatusName | None = None


# --- pricing, asked for by timetracking's live totals -------------------------------
# invoicing.quote(request: QuoteRequest) -> Quote, open to every staff role (the
# fee earner's context travels with timetracking's call).


class QuoteTime(Command):
    user_id: UUID
    activity_code: str | None = None
    # Called minutes before 0.2.0; the old name is accepted until 0.3.0 (docs/api.md).
    duration_minutes: int = Field(ge=0, le=QUOTED_MINUTES_MAX,
                                  validation_alias=AliasChoices("duration_minutes", "minutes"))


class QuotePart(Command):
    catalog_item_id: UUID | None = None
    quantity: Quantity = Field(gt=0)
    unit_price: MoneyInput  # the price snapshotted when the part was added


class QuoteRequest(Command):
    account_id: UUID
    matter_id: UUID | None = None
    time: list[QuoteTime] = Field(default_factory=list)
    expenses: list[MoneyInput] = Field(default_factory=list)
    parts: list[QuotePart] = Field(default_factory=list)


class QuotedLine(Command):
    kind: Literal["time", "expense", "part"]
    description: str
    amount: Money  # rounded, before tax
    hourly_rate: Money | None = None  # time lines: the rate the resolution order chose


class Quote(Command):
    currency: str
    lines: list[QuotedLine]
    subtotal: Money
    tax: Money
    total: Money


# --- the parts catalog, read by timetracking when a part is added to a ticket ------
# invoicing.list_catalog_items(search: str | None, limit, offset) -> paged CatalogItem
# invoicing.get_catalog_item(item_id: str) -> CatalogItem      (both open to every staff role)


class CatalogItem(Command):
    id: UUID
    sku: str
    name: str
    kind: Literal["part", "service"] = "part"
    unit_price: Money
    tax_rate: DecimalStr
    stock_on_hand: int | None = None  # None: not stocked / unknown
    active: bool = True
    unit_cost: Money | None = None  # shown to billing users only


# --- agreements and billing runs -------------------------------------------------------------

Cycle = Literal["monthly", "quarterly", "yearly"]
Timing = Literal["advance", "arrears"]
# A billing run's period: one calendar month, "2026-11".
PERIOD_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


class AgreementLineInput(Command):
    """A recurring line: billed every cycle from its start date until its end date (if any)."""

    id: UUID | None = Field(default=None, description="changes only: keep this existing line (its billed periods)")
    description: str = Field(min_length=1, max_length=500)
    catalog_item_id: UUID | None = Field(default=None, description="the catalog item it sells, if any")
    quantity: Quantity = Field(default=Decimal("1"), gt=0, le=Decimal("1000000"))
    unit_price: Amount = Field(ge=0, le=Decimal("100000000"), description="per cycle, in the account's currency")
    cycle: Cycle = "monthly"
    timing: Timing = Field(default="advance", description="advance: billed as the period begins; "
                                                           "arrears: billed as it ends")
    start_date: Day
    end_date: Day | None = Field(default=None, description="the last day billed; none: open-ended")


class NewAgreement(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "account_id": "5f0c2a4e-8a43-4bb1-9b59-5f7f4d1b0c2e", "name": "Managed IT", "lines": [{
            "description": "Managed services", "unit_price": "500.00", "start_date": "2026-01-01"}]}]})

    account_id: UUID
    name: str = Field(min_length=1, max_length=200)
    lines: list[AgreementLineInput] = Field(min_length=1, max_length=100)


class AgreementChanges(Command):
    """Rename an agreement or replace its lines: a line given with its ``id`` keeps its identity
    (and the periods already billed for it); an existing line left out is removed, which is refused
    once it has been billed (give it an end date instead)."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    lines: list[AgreementLineInput] | None = Field(default=None, min_length=1, max_length=100)


class EndAgreement(Command):
    end_date: Day = Field(description="the last day billed, for every line")


class AgreementFilters(Page):
    account_id: UUID | None = None
    include_ended: bool = False


class NewBillingRun(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [{"period": "2026-11"}]})

    period: str = Field(pattern=PERIOD_PATTERN, description="the calendar month billed", examples=["2026-11"])


class BillingRunFilters(Page):
    pass


class ReviewFilters(Command):
    jump_percent: Decimal = Field(default=Decimal("50"), gt=0, le=Decimal("10000"),
                                  description="flag a total that departs from the account's last three posted "
                                              "invoices' average by more than this percentage")


class DraftSelection(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "invoice_ids": ["0b6a3f7e-2c1d-4e5f-9a8b-7c6d5e4f3a2b"]}]})

    invoice_ids: list[UUID] = Field(min_length=1, max_length=500)
    confirm_unpriced: bool = False
