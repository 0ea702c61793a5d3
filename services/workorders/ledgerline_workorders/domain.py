"""Work order rules, free of nameko and SQLAlchemy."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ledgerline_contracts import Role

# DESIGN.md: associate partners and partners schedule work and assign crews.
SCHEDULERS = frozenset({Role.ASSOCIATE_PARTNER, Role.PARTNER})


class WorkOrderStatus(StrEnum):
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class NewWorkOrder(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    account_id: UUID
    title: str = Field(min_length=1, max_length=200)
    scheduled_on: date
    site_address: str = Field(default="", max_length=500)
