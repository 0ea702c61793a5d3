"""Agreements: an account's recurring lines, and what each line bills for a month (docs/billing-runs.md).

A line's cycle is a calendar month, quarter (January, April, July, October) or year. The periods it
bills are those cycle periods cut to its start and end dates. A line billed in advance bills a
period in the month that period begins; in arrears, in the month it ends. A period cut short (the
line starts or ends inside it) is prorated by days: the line's price × days covered / days in the
cycle period. Nothing here touches storage: the billing run's ledger is the database's.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from uuid import UUID, uuid4

from ledgerline_contracts import Actor, Conflict, ValidationFailed

CYCLE_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
TIMINGS = ("advance", "arrears")
# A prorated unit price keeps the four decimals money columns hold; the line amount is then
# rounded half-up to the currency, like every line (rules.md, rule 1).
PRICE_PLACES = Decimal("0.0001")


class AgreementStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


@dataclass(frozen=True)
class Period:
    """Days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def label(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def month(year: int, number: int) -> Period:
    return Period(date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1]))


def parse_month(text: str, field_name: str = "period") -> Period:
    """A billing run's period, "2026-11"; anything else is refused naming the field."""
    try:
        year, number = (int(part) for part in text.split("-"))
        if len(text) != 7:
            raise ValueError
        return month(year, number)
    except (ValueError, TypeError):
        raise ValidationFailed("a period is a calendar month written YYYY-MM, e.g. 2026-11", field_name) from None


def cycle_period(cycle: str, day: date) -> Period:
    """The calendar cycle period (month, quarter, year) that holds ``day``."""
    months = CYCLE_MONTHS[cycle]
    first = ((day.month - 1) // months) * months + 1
    start = date(day.year, first, 1)
    last_month = month(day.year, first + months - 1)
    return Period(start, last_month.end)


@dataclass(frozen=True)
class Charge:
    """What one line bills for one period: the ledger's key is (line, ``period.start``)."""

    line_id: UUID
    period: Period  # the whole cycle period
    covered: Period  # the days billed (the period cut to the line's dates)
    description: str
    quantity: Decimal
    unit_price: Decimal  # prorated where the period is cut short
    catalog_item_id: UUID | None

    @property
    def prorated(self) -> bool:
        return self.covered != self.period


def prorate(price: Decimal, covered_days: int, period_days: int) -> Decimal:
    """A price for part of a period, by days; a whole period is the whole price."""
    if covered_days >= period_days:
        return price
    return (price * covered_days / period_days).quantize(PRICE_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class AgreementLine:
    id: UUID
    description: str
    quantity: Decimal
    unit_price: Decimal
    cycle: str
    timing: str
    start_date: date
    end_date: date | None = None
    catalog_item_id: UUID | None = None
    position: int = 0

    def charge_for(self, run_month: Period) -> Charge | None:
        """The period this line bills in the run for ``run_month``, if any (at most one: the cycle
        period that holds the month, cut to the line's dates)."""
        period = cycle_period(self.cycle, run_month.start)
        start = max(period.start, self.start_date)
        end = min(period.end, self.end_date) if self.end_date else period.end
        if start > end:
            return None
        covered = Period(start, end)
        due_on = covered.start if self.timing == "advance" else covered.end
        if due_on not in run_month:
            return None
        price = prorate(self.unit_price, covered.days, period.days)
        words = self.description if covered == period else (
            f"{self.description} (prorated: {covered.days} of {period.days} days)")
        return Charge(line_id=self.id, period=period, covered=covered, description=f"{words}, {covered.label()}",
                      quantity=self.quantity, unit_price=price, catalog_item_id=self.catalog_item_id)


def check_line(line: AgreementLine, index: int) -> None:
    where = f"lines.{index}"
    if line.cycle not in CYCLE_MONTHS:
        raise ValidationFailed(f"cycle must be one of {', '.join(CYCLE_MONTHS)}", f"{where}.cycle")
    if line.timing not in TIMINGS:
        raise ValidationFailed(f"timing must be one of {', '.join(TIMINGS)}", f"{where}.timing")
    if line.end_date is not None and line.end_date < line.start_date:
        raise ValidationFailed("end_date is before start_date", f"{where}.end_date")
    if line.quantity <= 0:
        raise ValidationFailed("quantity must be more than zero", f"{where}.quantity")
    if line.unit_price < 0:
        raise ValidationFailed("unit_price must not be negative", f"{where}.unit_price")


# --- domain events ------------------------------------------------------------------------------

@dataclass(frozen=True)
class AgreementCreated:
    agreement: Agreement
    by: Actor


@dataclass(frozen=True)
class AgreementUpdated:
    agreement: Agreement
    by: Actor
    changes: dict


@dataclass(frozen=True)
class AgreementEnded:
    agreement: Agreement
    by: Actor
    end_date: date


@dataclass
class Agreement:
    id: UUID
    org_id: UUID
    account_id: UUID
    name: str
    status: AgreementStatus
    currency: str
    lines: list[AgreementLine]
    version: int = 1
    created_at: datetime | None = None
    removed_lines: list[UUID] = field(default_factory=list)
    _events: list = field(default_factory=list)

    @classmethod
    def create(cls, by: Actor, *, account_id: UUID, account_active: bool, currency: str, name: str,
               lines: list[AgreementLine]) -> Agreement:
        if not account_active:
            raise ValidationFailed("the account is inactive", "account_id")
        agreement = cls(id=uuid4(), org_id=by.org_id, account_id=account_id, name=name,
                        status=AgreementStatus.ACTIVE, currency=currency, lines=[])
        agreement._set_lines(lines)
        agreement._events.append(AgreementCreated(agreement=agreement, by=by))
        return agreement

    def _set_lines(self, lines: list[AgreementLine]) -> None:
        for index, line in enumerate(lines):
            check_line(line, index)
            line.position = index + 1
        self.lines = lines

    def _require_active(self) -> None:
        if self.status is AgreementStatus.ENDED:
            raise Conflict("the agreement has ended; make a new one")

    def change(self, by: Actor, *, name: str | None, lines: list[AgreementLine] | None,
               billed_line_ids: set[UUID]) -> None:
        """Rename it or replace its lines (``billed_line_ids``: the lines with billed periods,
        which cannot be removed — ending them keeps what was billed true)."""
        self._require_active()
        changes: dict = {}
        if name is not None and name != self.name:
            changes["name"] = {"from": self.name, "to": name}
            self.name = name
        if lines is not None:
            known = {line.id for line in self.lines}
            for index, line in enumerate(lines):
                if line.id not in known and line.id in {l.id for l in lines[:index]}:
                    raise ValidationFailed("a line is listed twice", f"lines.{index}.id")
            kept = {line.id for line in lines}
            removed = [line_id for line_id in known if line_id not in kept]
            billed = [line_id for line_id in removed if line_id in billed_line_ids]
            if billed:
                raise Conflict("a line that has been billed cannot be removed; give it an end_date instead", "lines")
            self._set_lines(lines)
            self.removed_lines = removed
            changes["lines"] = len(lines)
        if not changes:
            return
        self.version += 1
        self._events.append(AgreementUpdated(agreement=self, by=by, changes=changes))

    def end(self, by: Actor, end_date: date) -> None:
        """No line bills past ``end_date`` (a line already ending earlier keeps its end)."""
        self._require_active()
        first = min(line.start_date for line in self.lines)
        if end_date < first:
            raise ValidationFailed("end_date is before the agreement starts", "end_date")
        for line in self.lines:
            if line.end_date is None or line.end_date > end_date:
                # A line that would only start after the end bills nothing: it ends the day before.
                line.end_date = max(end_date, line.start_date - timedelta(days=1))
        self.status = AgreementStatus.ENDED
        self.version += 1
        self._events.append(AgreementEnded(agreement=self, by=by, end_date=end_date))

    def pull_events(self) -> list:
        recorded, self._events = self._events, []
        return recorded
