"""A person's hours: today, this week (Monday to Sunday) and utilization against a target.

Utilization is billable hours this week over weekly capacity (40 h unless set
for the person); the target is a share of capacity (75 % unless set).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_WEEKLY_HOURS = Decimal("40.00")
DEFAULT_TARGET_PERCENT = 75
_HOURS = Decimal("0.01")
_PERCENT = Decimal("0.1")


@dataclass(frozen=True)
class Capacity:
    weekly_hours: Decimal = DEFAULT_WEEKLY_HOURS
    target_percent: int = DEFAULT_TARGET_PERCENT


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(_HOURS, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Utilization:
    percent: Decimal | None  # None when the person has no capacity
    target_hours: Decimal
    hours_to_target: Decimal
    on_target: bool


def utilization(billable_minutes_this_week: int, capacity: Capacity) -> Utilization:
    billable = Decimal(billable_minutes_this_week) / 60
    target = capacity.weekly_hours * capacity.target_percent / 100
    percent = None
    if capacity.weekly_hours > 0:
        percent = (billable / capacity.weekly_hours * 100).quantize(_PERCENT, rounding=ROUND_HALF_UP)
    return Utilization(
        percent=percent,
        target_hours=target.quantize(_HOURS, rounding=ROUND_HALF_UP),
        hours_to_target=max(Decimal(0), target - billable).quantize(_HOURS, rounding=ROUND_HALF_UP),
        on_target=billable >= target,
    )
