"""What analytics answers: accounts receivable aging."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

from ledgerline_contracts.money import Money

AMOUNT = Field(examples=["1250.00"], description="a decimal string, in the currency it is listed under")


class AgingBuckets(BaseModel):
    """Open balances by how many days past their due date."""

    current: str = AMOUNT
    days_1_30: str = Field(alias="1-30", examples=["1250.00"])
    days_31_60: str = Field(alias="31-60", examples=["0.00"])
    days_61_90: str = Field(alias="61-90", examples=["0.00"])
    days_over_90: str = Field(alias="90+", examples=["0.00"])


class OverdueInvoice(BaseModel):
    invoice_id: UUID
    number: str
    account_name: str
    due_date: date
    days_overdue: int
    bucket: str = Field(examples=["1-30"])
    balance: Money


class ArAging(BaseModel):
    as_of: date
    buckets: dict[str, AgingBuckets] = Field(description="by ISO 4217 currency code")
    overdue: list[OverdueInvoice] = Field(description="most overdue first")
