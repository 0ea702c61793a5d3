"""Effective-dated rates and what an hour of work costs.

A wage, burden or equipment rate applies from its ``effective_from`` date; the rate in force
when a crew member clocks in is copied onto the time entry, so a later change never rewrites
costs already incurred.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ledgerline_contracts import ValidationFailed
from ledgerline_contracts.money import round_half_up

MINUTES_PER_HOUR = Decimal(60)
HOURS = Decimal("0.01")


@dataclass(frozen=True)
class WageRate:
    effective_from: date
    hourly_wage: Decimal
    burden_multiplier: Decimal

    @property
    def hourly_cost(self) -> Decimal:
        """Labour cost per hour = wage × burden (taxes, insurance, benefits)."""
        return self.hourly_wage * self.burden_multiplier


@dataclass(frozen=True)
class EquipmentRate:
    effective_from: date
    hourly_rate: Decimal


def latest_rate(rates: Iterable, on: date):
    """The latest rate effective on or before ``on``; None before the first."""
    in_force = [r for r in rates if r.effective_from <= on]
    return max(in_force, key=lambda r: r.effective_from) if in_force else None


def rate_in_force(rates: Iterable, on: date, what: str, field: str):
    """The rate that prices work done on ``on``: without one, the work cannot be costed."""
    rate = latest_rate(rates, on)
    if rate is None:
        raise ValidationFailed(f"{what} has no rate in force on {on.isoformat()}", field)
    return rate


def hours(minutes: int) -> Decimal:
    """Whole minutes as hours people read, to two places (1014 minutes → 16.90)."""
    return (Decimal(minutes) / MINUTES_PER_HOUR).quantize(HOURS, rounding=ROUND_HALF_UP)


def cost_of(minutes: int, hourly: Decimal, currency: str) -> Decimal:
    """What ``minutes`` cost at ``hourly``, rounded half-up to the currency's minor unit once,
    per time entry (16.9 h × $35 × 1.7 = $1,005.55)."""
    return round_half_up(Decimal(minutes) * hourly / MINUTES_PER_HOUR, currency)


def check_wage(hourly_wage: Decimal, burden_multiplier: Decimal) -> None:
    if hourly_wage <= 0:
        raise ValidationFailed("hourly_wage must be more than zero", "hourly_wage")
    if burden_multiplier < 1:
        raise ValidationFailed("burden_multiplier must be at least 1 (wage alone)", "burden_multiplier")
