"""Requests to the timetracking service."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import Field

from ledgerline_contracts.commands.base import Command, Page

MAX_MINUTES_PER_ENTRY = 24 * 60
NARRATIVE_MAX = 2000


class NewTimeEntry(Command):
    account_id: UUID
    matter_id: UUID | None = None
    work_date: date
    duration_minutes: int = Field(gt=0, le=MAX_MINUTES_PER_ENTRY)
    billable: bool = True
    narrative: str = Field(min_length=1, max_length=NARRATIVE_MAX)


class TimeEntryFilters(Page):
    account_id: UUID | None = None
    status: Literal["unbilled", "drafted", "billed"] | None = None
