"""What dunning answers: an invoice's reminder schedule and the reminders sent."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from ledgerline_contracts.money import Money


class ReminderView(BaseModel):
    stage: str = Field(examples=["first"])
    label: str
    due_on: date
    status: Literal["scheduled", "sent", "skipped", "cancelled"]
    sent_at: datetime | None
    recipient: str | None = Field(description="the billing email it went to, once sent")


class ReminderTimeline(BaseModel):
    invoice_id: UUID
    number: str = Field(examples=["INV-2026-000007"])
    collection_status: Literal["open", "paid", "voided"]
    disputed: bool
    paused: bool = Field(description="reminders wait while the invoice is disputed")
    balance: Money
    reminders: list[ReminderView]
