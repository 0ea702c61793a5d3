"""What timetracking answers: time entries, expenses, parts, matters, timers, activity codes,
rounding rules, timesheets and time stats.

Customers see work on their own account without the firm's internal fields (who exactly, which
invoice, versions, measured time, activity codes): those fields are optional here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from ledgerline_contracts.commands.invoicing import Quote
from ledgerline_contracts.money import Money
from ledgerline_contracts.views import staff_only

HOURS = Field(examples=["1.50"], description="hours, a decimal string")


class Assignment(BaseModel):
    """The account and matter or ticket a piece of work is for."""

    account_id: UUID | None
    account_name: str | None
    matter_id: UUID | None
    matter_reference: str | None
    matter_title: str | None


class Billing(BaseModel):
    """Where the work stands with invoicing, and what the viewer may do with it."""

    status: Literal["unbilled", "drafted", "billed"] = Field(
        description="drafted: on a draft invoice (locked); billed: on a posted invoice (never changes)")
    invoice_number: str | None
    user_id: UUID | None = staff_only("who did the work")
    invoice_id: UUID | None = staff_only()
    version: int | None = staff_only("goes up by one with every change")
    created_at: datetime | None = staff_only()
    updated_at: datetime | None = staff_only()
    can_edit: bool | None = staff_only("the viewer may change it")
    can_delete: bool | None = staff_only("the viewer may delete it")


class TimeEntryView(Assignment, Billing):
    id: UUID
    user_name: str
    work_date: date
    started_at: datetime | None
    ended_at: datetime | None
    duration_minutes: int
    billable: bool
    narrative: str = Field(description="customers read billed time in their invoice's words")
    activity_code: str | None = staff_only()
    raw_duration_seconds: int | None = staff_only("committed timers: as measured, before rounding")
    timer_id: UUID | None = staff_only("the timer committed into this entry")


class ReceiptInfo(BaseModel):
    filename: str
    content_type: str = Field(examples=["image/jpeg"])
    size: int = Field(description="bytes")


class ExpenseView(Assignment, Billing):
    id: UUID
    user_name: str
    work_date: date
    category: str
    description: str
    amount: Money
    billable: bool
    has_receipt: bool
    receipt: ReceiptInfo | None = Field(default=None, description="staff only, when it has one")


class PartView(Assignment, Billing):
    id: UUID
    user_name: str
    work_date: date
    sku: str
    name: str
    quantity: str = Field(examples=["2.5"], description="units, a decimal string without trailing zeros")
    unit_price: Money = Field(description="snapshotted from the catalog when added")
    serial_number: str | None
    billable: bool
    catalog_item_id: UUID | None = staff_only()


class AddedPart(PartView):
    stock_on_hand: int | None = Field(description="the catalog item's stock after this part; null: not stocked")


class PastDueWarning(BaseModel):
    """Whether the account owes on invoices after their due date (the details only when it does)."""

    past_due: bool
    overdue_invoices: int | None = None
    overdue_amount: Money | None = None
    oldest_due_date: date | None = None
    days_overdue: int | None = None


class MatterView(BaseModel):
    id: UUID
    account_id: UUID
    account_name: str
    kind: Literal["matter", "ticket"]
    reference: str
    title: str
    status: Literal["open", "closed"]
    version: int | None = staff_only()
    opened_by: UUID | None = staff_only()
    created_at: datetime | None = staff_only()
    updated_at: datetime | None = staff_only()
    past_due_warning: PastDueWarning | None = staff_only()


class MatterCounts(BaseModel):
    time_entries: int
    expenses: int
    parts: int


class MatterTotal(BaseModel):
    """A matter's or ticket's billable work not yet billed (that you may see), priced by invoicing."""

    matter: MatterView
    duration_minutes: int
    counts: MatterCounts
    quote: Quote


class ActivityCodeView(BaseModel):
    id: UUID
    code: str
    name: str
    billable: bool = Field(description="whether time under it is billable by default")
    active: bool


class TimerView(Assignment):
    id: UUID
    status: Literal["running", "paused", "stopped", "committed", "discarded"]
    description: str
    activity_code: str | None
    billable: bool | None = Field(description="null: the activity code's default")
    started_at: datetime
    running_since: datetime | None = Field(description="set while running")
    ended_at: datetime | None
    elapsed_seconds: int
    assigned: bool = Field(description="it names an account, so it can be committed")
    billed_minutes_if_committed: int | None = Field(description="what committing now would record, rounded "
                                                                "by the account's rule")
    entry_id: UUID | None = Field(description="the time entry committing made")
    updated_at: datetime
    past_due_warning: PastDueWarning | None


class CommittedTimer(BaseModel):
    timer: TimerView
    entry: TimeEntryView


class DefaultRoundingRule(BaseModel):
    mode: Literal["up", "nearest"]
    increment_minutes: int
    description: str = Field(examples=["up to the next 6 minutes"])
    set: bool = Field(description="false: the built-in default, never set")


class AccountRoundingRule(BaseModel):
    account_id: UUID
    account_name: str
    mode: Literal["up", "nearest"]
    increment_minutes: int
    description: str


class RoundingRules(BaseModel):
    default: DefaultRoundingRule
    accounts: list[AccountRoundingRule] = Field(description="the accounts with a rule of their own")


class CapacityView(BaseModel):
    user_id: UUID
    weekly_hours: str = HOURS
    target_percent: int


class DayTotals(BaseModel):
    billable_minutes: int
    non_billable_minutes: int
    total_minutes: int


class Timesheet(BaseModel):
    """One person's day across every ticket and matter, with the matters to add time to."""

    date: date
    user_id: UUID
    entries: list[TimeEntryView]
    expenses: list[ExpenseView]
    parts: list[PartView]
    timers: list[TimerView] = Field(description="your own day only: your active timers")
    totals: DayTotals
    recent_matters: list[MatterView] = Field(description="open matters worked on in the last two weeks")


class Hours(BaseModel):
    billable_hours: str = HOURS
    non_billable_hours: str = HOURS
    total_hours: str = HOURS


class WeekHours(Hours):
    from_: date = Field(alias="from")
    to: date


class WeeklyCapacity(BaseModel):
    weekly_hours: str = HOURS
    target_percent: int


class TimeStats(BaseModel):
    user_id: UUID
    date: date
    today: Hours
    week: WeekHours
    capacity: WeeklyCapacity
    utilization_percent: str | None = Field(examples=["3.8"], description="billable hours against weekly "
                                                                          "capacity; null without capacity")
    target_hours: str = HOURS
    hours_to_target: str = HOURS
    on_target: bool


class Receipt(BaseModel):
    filename: str
    content_type: str
    size: int = Field(description="bytes")
    content_base64: str
