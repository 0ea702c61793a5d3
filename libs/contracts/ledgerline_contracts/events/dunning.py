"""Events produced by the dunning service."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import AwareDatetime

from ledgerline_contracts.events.base import Payload


class ReminderSent(Payload):
    reminder_id: UUID
    invoice_id: UUID
    invoice_number: str
    account_id: UUID
    stage: str
    due_on: date
    sent_at: AwareDatetime
    recipient: str
