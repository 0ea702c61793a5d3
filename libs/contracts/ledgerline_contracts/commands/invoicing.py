"""Requests to the invoicing service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import EmailStr, Field, field_validator

from ledgerline_contracts.commands.base import Command, Page
from ledgerline_contracts.money import DecimalStr, Money, is_currency

PaymentMethod = Literal["check", "bank_transfer", "card", "cash"]


class NewAccount(Command):
    name: str = Field(min_length=1, max_length=200)
    billing_email: EmailStr
    currency: str = Field(default="USD", description="ISO 4217 code")
    payment_terms_days: int = Field(default=30, ge=0, le=365)
    tax_rate: DecimalStr = Field(default=Decimal("0"), ge=0, le=1, description="0.20 for 20 %")
    tax_id: str | None = Field(default=None, max_length=50)
    address: str = Field(default="", max_length=500)
    hourly_rate: DecimalStr = Field(default=Decimal("0"), ge=0)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        code = value.upper()
        if not is_currency(code):
            raise ValueError(f"{value!r} is not an ISO 4217 currency code")
        return code


class DraftRequest(Command):
    account_id: UUID
    matter_id: UUID | None = None
    date_from: date | None = None
    date_to: date | None = None


class PaymentRequest(Command):
    amount: DecimalStr = Field(gt=0)
    received_on: date
    method: PaymentMethod
    reference: str = Field(default="", max_length=100)
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=100)


class InvoiceFilters(Page):
    account_id: UUID | None = None
    status: Literal["draft", "approved", "posted", "paid"] | None = None


# --- pricing, asked for by timetracking's live totals -------------------------------
# invoicing.quote(request: QuoteRequest) -> Quote, open to every staff role (the
# fee earner's context travels with timetracking's call).


class QuoteTime(Command):
    user_id: UUID
    activity_code: str | None = None
    minutes: int = Field(ge=0)


class QuotePart(Command):
    catalog_item_id: UUID | None = None
    quantity: DecimalStr = Field(gt=0)
    unit_price: Money  # the price snapshotted when the part was added


class QuoteRequest(Command):
    account_id: UUID
    matter_id: UUID | None = None
    time: list[QuoteTime] = Field(default_factory=list)
    expenses: list[Money] = Field(default_factory=list)
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
