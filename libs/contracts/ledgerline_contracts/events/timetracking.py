"""Events produced by the timetracking service.

Entity events carry the whole entity and a ``version`` that grows by one on
every change, so a consumer can ignore a version older than what it holds.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AliasChoices, AwareDatetime, BeforeValidator, Field

from ledgerline_contracts.events.base import Payload
from ledgerline_contracts.money import DecimalStr, Money


class TimeEntry(Payload):
    """``time_entry.recorded`` and ``time_entry.updated``."""

    entry_id: UUID
    version: int
    user_id: UUID
    user_name: str = ""
    account_id: UUID
    matter_id: UUID | None = None
    activity_code: str | None = None
    work_date: date
    started_at: AwareDatetime | None = None
    ended_at: AwareDatetime | None = None
    duration_minutes: int  # what is billed: the rounded duration for committed timers
    raw_duration_seconds: int | None = None  # as measured, before rounding
    billable: bool
    narrative: str
    timer_id: UUID | None = None


class TimeEntryDeleted(Payload):
    entry_id: UUID
    version: int
    user_id: UUID
    account_id: UUID


class Expense(Payload):
    """``expense.recorded`` and ``expense.updated``."""

    expense_id: UUID
    version: int
    user_id: UUID
    user_name: str = ""
    account_id: UUID
    matter_id: UUID | None = None
    work_date: date = Field(validation_alias=AliasChoices("work_date", "incurred_on"))  # v1: incurred_on
    category: str
    description: str
    amount: Money
    billable: bool
    has_receipt: bool = False


class ExpenseDeleted(Payload):
    expense_id: UUID
    version: int
    user_id: UUID
    account_id: UUID


class Part(Payload):
    """``part.recorded`` and ``part.updated``: a part used on a ticket. v2 renamed ``material_id``
    and ``used_on``; the old names are still read, from ``material.*`` events already queued."""

    part_id: UUID = Field(validation_alias=AliasChoices("part_id", "material_id"))
    version: int
    user_id: UUID
    user_name: str = ""
    account_id: UUID
    matter_id: UUID | None = None
    work_date: date = Field(validation_alias=AliasChoices("work_date", "used_on"))
    catalog_item_id: UUID | None = None
    sku: str
    name: str
    quantity: DecimalStr
    unit_price: Money  # snapshotted from the catalog when the part was added
    serial_number: str | None = None
    billable: bool = True


class PartDeleted(Payload):
    """``part.deleted`` (``material.deleted`` before v2)."""

    part_id: UUID = Field(validation_alias=AliasChoices("part_id", "material_id"))
    version: int
    user_id: UUID
    account_id: UUID


class Matter(Payload):
    """``matter.opened`` and ``matter.updated``: a matter (law) or ticket (MSP)."""

    matter_id: UUID
    version: int
    account_id: UUID
    kind: Literal["matter", "ticket"] = "matter"
    reference: str
    title: str
    status: Literal["open", "closed"]


class TimerCommitted(Payload):
    timer_id: UUID
    user_id: UUID
    entry_id: UUID
    account_id: UUID
    matter_id: UUID | None = None
    raw_seconds: int
    rounded_minutes: int
    rounding_rule: str


class LockedItem(Payload):
    """One work item as timetracking locked it: from then on it does not change."""

    # v1 said "material" for a part; still read from events already queued.
    kind: Annotated[Literal["time", "expense", "part"], BeforeValidator(lambda k: "part" if k == "material" else k)]
    item_id: UUID
    version: int  # the version it was locked at


class WorkLocked(Payload):
    """``work.locked``: timetracking's answer to ``invoice.drafted`` — the items it has locked for
    this invoice, each at the version it now keeps. Invoicing approves and posts a line only once
    its item is locked for that invoice at the version the line bills."""

    invoice_id: UUID
    items: list[LockedItem]
