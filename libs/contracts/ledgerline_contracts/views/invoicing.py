"""What invoicing answers: accounts, invoices, payments, credit notes, rates and the catalog."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field


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
