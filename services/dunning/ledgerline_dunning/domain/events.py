"""What dunning did, as its use cases record it; ``use_cases.effects`` says what each becomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID


@dataclass(frozen=True)
class ReminderSent:
    org_id: UUID
    reminder_id: UUID
    invoice_id: UUID
    invoice_number: str
    account_id: UUID
    stage: str
    due_on: date
    sent_at: datetime
    recipient: str
