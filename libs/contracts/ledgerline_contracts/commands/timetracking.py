"""Requests to the timetracking service.

Rules that involve several fields (start and end, an assignment) raise
``ValidationFailed`` naming the field, so the gateway and the service refuse
bad input with the same message.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, AliasChoices, ConfigDict, Field, field_validator, model_validator

from ledgerline_contracts.commands.base import Command, Day, Moment, Page
from ledgerline_contracts.errors import ValidationFailed
from ledgerline_contracts.money import Amount, DecimalStr, is_currency

MAX_MINUTES_PER_ENTRY = 24 * 60
NARRATIVE_MAX = 2000
DESCRIPTION_MAX = 500
ACTIVITY_CODE_MAX = 20
ROUNDING_INCREMENTS = (1, 5, 6, 10, 15, 30)
EXPENSE_CATEGORIES = ("travel", "mileage", "parking", "meals", "lodging", "supplies", "other")

# Activity codes are compared in capitals: "l110" is "L110".
ActivityCode = Annotated[str, Field(min_length=1, max_length=ACTIVITY_CODE_MAX), AfterValidator(str.upper)]


def require_assignment(account_id: UUID | None, matter_id: UUID | None) -> None:
    """Billable work belongs to an account, directly or through its matter/ticket."""
    if account_id is None and matter_id is None:
        raise ValidationFailed("give a matter/ticket or an account (account_id or matter_id)", "account_id")


def check_period(date_from: date | None, date_to: date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed("date_from is after date_to", "date_from")


def _not_ahead(day: date) -> date:
    """Work is recorded once done: a day after tomorrow (UTC, so every time zone's today passes)
    is a typo, not a plan."""
    if day > datetime.now(UTC).date() + timedelta(days=1):
        raise ValueError(f"{day.isoformat()} is in the future; record work on the day it was done")
    return day


WorkDay = Annotated[Day, AfterValidator(_not_ahead)]

# Expenses said incurred_on and parts used_on before 0.2.0; the old names are accepted until 0.3.0 (docs/api.md).
EXPENSE_WORK_DATE = AliasChoices("work_date", "incurred_on")
PART_WORK_DATE = AliasChoices("work_date", "used_on")


# --- time entries -------------------------------------------------------------------


class NewTimeEntry(Command):
    """Either ``started_at``/``ended_at`` (the duration follows; seconds are dropped)
    or ``duration_minutes`` with a ``work_date``."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "account_id": "5f0c2a4e-8a43-4bb1-9b59-5f7f4d1b0c2e", "work_date": "2026-11-20", "duration_minutes": 45,
        "narrative": "Replaced the failing RAID disk"}]})

    account_id: UUID | None = Field(default=None, description="resolved from the matter when omitted")
    matter_id: UUID | None = None
    work_date: WorkDay | None = Field(default=None, description="defaults to the date of started_at")
    started_at: Moment | None = None
    ended_at: Moment | None = None
    duration_minutes: int | None = Field(default=None, gt=0, le=MAX_MINUTES_PER_ENTRY)
    billable: bool | None = Field(default=None, description="defaults to the activity code's default, else true")
    activity_code: ActivityCode | None = None
    narrative: str = Field(min_length=1, max_length=NARRATIVE_MAX)

    @field_validator("started_at", "ended_at")
    @classmethod
    def _to_the_minute(cls, value: datetime | None) -> datetime | None:
        return value.replace(second=0, microsecond=0) if value else value

    @model_validator(mode="after")
    def _consistent(self) -> NewTimeEntry:
        require_assignment(self.account_id, self.matter_id)
        if (self.started_at is None) != (self.ended_at is None):
            missing = "ended_at" if self.ended_at is None else "started_at"
            raise ValidationFailed(f"{missing} is required when the other end of the period is given", missing)
        if self.started_at is None:
            if self.duration_minutes is None:
                raise ValidationFailed("give a duration in minutes, or a start and an end (duration_minutes, or started_at and ended_at)", "duration_minutes")
            if self.work_date is None:
                raise ValidationFailed("work_date is required with a duration", "work_date")
            return self
        span = self.ended_at - self.started_at
        if span <= timedelta(0):
            raise ValidationFailed("ended_at must be after started_at", "ended_at")
        minutes = int(span.total_seconds()) // 60
        if minutes > MAX_MINUTES_PER_ENTRY:
            raise ValidationFailed("an entry may not be longer than 24 hours", "ended_at")
        if self.duration_minutes is not None and self.duration_minutes != minutes:
            raise ValidationFailed(f"duration_minutes ({self.duration_minutes}) does not match started_at–ended_at "
                                   f"({minutes})", "duration_minutes")
        self.duration_minutes = minutes
        if self.work_date is None:
            self.work_date = self.started_at.date()  # the date where the person was, from the given offset
        return self


class EditTimeEntry(Command):
    """The fields to change. Sending start/end switches to a period; sending only
    ``duration_minutes`` switches to a plain duration. ``null`` clears a matter or code."""

    account_id: UUID | None = None
    matter_id: UUID | None = None
    work_date: WorkDay | None = None
    started_at: Moment | None = None
    ended_at: Moment | None = None
    duration_minutes: int | None = Field(default=None, gt=0, le=MAX_MINUTES_PER_ENTRY)
    billable: bool | None = None
    activity_code: ActivityCode | None = None
    narrative: str | None = Field(default=None, min_length=1, max_length=NARRATIVE_MAX)


class WorkFilters(Page):
    """Filters shared by the lists of time entries, expenses and parts."""

    account_id: UUID | None = None
    matter_id: UUID | None = None
    user_id: UUID | None = Field(default=None, description="whose work (within what you may see)")
    date_from: Day | None = None
    date_to: Day | None = None
    billable: bool | None = None
    status: Literal["unbilled", "drafted", "billed"] | None = None

    @model_validator(mode="after")
    def _period(self) -> WorkFilters:
        check_period(self.date_from, self.date_to)
        return self


class TimeEntryFilters(WorkFilters):
    pass


# --- timers -------------------------------------------------------------------------


class StartTimer(Command):
    """A general timer (no assignment), a ticket/matter timer (account from the
    matter) or an account timer. Starting it pauses your running timer."""

    description: str = Field(default="", max_length=NARRATIVE_MAX)
    account_id: UUID | None = None
    matter_id: UUID | None = None
    activity_code: ActivityCode | None = None
    billable: bool | None = None


class EditTimer(Command):
    """Change a timer's description or assignment before committing it (``null`` clears)."""

    description: str | None = Field(default=None, max_length=NARRATIVE_MAX)
    account_id: UUID | None = None
    matter_id: UUID | None = None
    activity_code: ActivityCode | None = None
    billable: bool | None = None


class CommitTimer(Command):
    """Turn a timer into a time entry; the account's rounding rule applies."""

    narrative: str | None = Field(default=None, min_length=1, max_length=NARRATIVE_MAX,
                                  description="defaults to the timer's description")
    work_date: WorkDay | None = Field(default=None, description="defaults to the (UTC) date the timer started")
    billable: bool | None = None
    activity_code: ActivityCode | None = None


class RoundingRule(Command):
    """How a committed timer's measured time becomes billed minutes."""

    mode: Literal["up", "nearest"] = "up"
    increment_minutes: Literal[1, 5, 6, 10, 15, 30] = 1


# --- matters / tickets and activity codes -----------------------------------------------


class NewMatter(Command):
    account_id: UUID
    kind: Literal["matter", "ticket"] = "matter"
    reference: str | None = Field(default=None, min_length=1, max_length=40,
                                  description="e.g. the helpdesk ticket number; numbered M-/T-000001 when omitted")
    title: str = Field(min_length=1, max_length=200)


class EditMatter(Command):
    reference: str | None = Field(default=None, min_length=1, max_length=40)
    title: str | None = Field(default=None, min_length=1, max_length=200)
    status: Literal["open", "closed"] | None = None


class MatterFilters(Page):
    account_id: UUID | None = None
    kind: Literal["matter", "ticket"] | None = None
    status: Literal["open", "closed"] | None = None
    search: str | None = Field(default=None, min_length=1, max_length=100, description="reference or title")


class NewActivityCode(Command):
    code: Annotated[ActivityCode, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    name: str = Field(min_length=1, max_length=100)
    billable: bool = Field(default=True, description="whether time with this code is billable by default")


class EditActivityCode(Command):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    billable: bool | None = None
    active: bool | None = None


# --- expenses and parts -------------------------------------------------------------


class ReceiptUpload(Command):
    """A receipt photo or PDF, base64-encoded; its type is checked against its bytes."""

    filename: str = Field(min_length=1, max_length=200)
    content_type: str = Field(min_length=1, max_length=100, description="image/jpeg, image/png, ... or application/pdf")
    content_base64: str = Field(min_length=1)


class NewExpense(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "account_id": "5f0c2a4e-8a43-4bb1-9b59-5f7f4d1b0c2e", "work_date": "2026-11-20", "category": "parking",
        "description": "Parking at the client's office", "amount": "12.50"}]})

    account_id: UUID | None = None
    matter_id: UUID | None = None
    work_date: WorkDay = Field(validation_alias=EXPENSE_WORK_DATE)
    category: Literal[EXPENSE_CATEGORIES] = "other"  # type: ignore[valid-type]
    description: str = Field(min_length=1, max_length=DESCRIPTION_MAX)
    amount: Amount = Field(gt=0)
    currency: str | None = Field(default=None, description="ISO 4217; must be the account's currency (the default)")
    billable: bool = True
    receipt: ReceiptUpload | None = None

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        if value is None:
            return value
        code = value.upper()
        if not is_currency(code):
            raise ValueError(f"{value!r} is not an ISO 4217 currency code")
        return code

    @model_validator(mode="after")
    def _assigned(self) -> NewExpense:
        require_assignment(self.account_id, self.matter_id)
        return self


class EditExpense(Command):
    """The fields to change; ``"receipt": null`` removes the receipt."""

    work_date: WorkDay | None = Field(default=None, validation_alias=EXPENSE_WORK_DATE)
    category: Literal[EXPENSE_CATEGORIES] | None = None  # type: ignore[valid-type]
    description: str | None = Field(default=None, min_length=1, max_length=DESCRIPTION_MAX)
    amount: Amount | None = Field(default=None, gt=0)
    billable: bool | None = None
    receipt: ReceiptUpload | None = None


class NewPart(Command):
    """A part from invoicing's catalog used on a ticket; its price is snapshotted now."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "account_id": "5f0c2a4e-8a43-4bb1-9b59-5f7f4d1b0c2e", "catalog_item_id": "0b7f6f0e-2f4b-4c7e-9d1a-3c2b1a0f9e8d",
        "quantity": "1", "work_date": "2026-11-20"}]})

    account_id: UUID | None = None
    matter_id: UUID | None = None
    catalog_item_id: UUID
    quantity: DecimalStr = Field(default=Decimal(1), gt=0, le=Decimal(100000), decimal_places=3)
    work_date: WorkDay = Field(validation_alias=PART_WORK_DATE)
    serial_number: str | None = Field(default=None, min_length=1, max_length=100)
    billable: bool = True

    @model_validator(mode="after")
    def _assigned(self) -> NewPart:
        require_assignment(self.account_id, self.matter_id)
        return self


class EditPart(Command):
    quantity: DecimalStr | None = Field(default=None, gt=0, le=Decimal(100000), decimal_places=3)
    work_date: WorkDay | None = Field(default=None, validation_alias=PART_WORK_DATE)
    serial_number: str | None = Field(default=None, min_length=1, max_length=100)
    billable: bool | None = None


# --- timesheet and stats ----------------------------------------------------------------


class DayQuery(Command):
    date: Day | None = Field(default=None, description="your local date; today (UTC) when omitted")
    user_id: UUID | None = Field(default=None, description="a delegate's (partners) or anyone's (billing, admin)")


class Capacity(Command):
    weekly_hours: DecimalStr = Field(ge=0, le=168, decimal_places=2)
    target_percent: int = Field(default=75, ge=0, le=100)


class ActivityCodeQuery(Command):
    include_inactive: bool = False
