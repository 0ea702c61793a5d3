"""Job costing as pure functions: each line item's actuals, the live projection, the alert
crossing and the performance kept after completion (docs/workorders.md states each rule)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from ledgerline_contracts.money import round_half_up

from ledgerline_workorders.domain.rates import HOURS, cost_of, hours

PERCENT = Decimal("0.01")
HUNDRED = Decimal(100)
# A job within this share of its estimated hours counts as accurately estimated.
ACCURATE_WITHIN_PERCENT = Decimal(10)


def minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes, rounded half-up (rule 10: durations are whole minutes)."""
    return int((Decimal((end - start).total_seconds()) / 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if not whole else (part / whole * HUNDRED).quantize(PERCENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class EntryCost:
    minutes: int
    labour: Decimal
    equipment: Decimal


def entry_cost(entry, now: datetime, currency: str) -> EntryCost:
    """A closed entry's stored figures; an open one's so far, at the rates copied at clock-in."""
    if entry.clock_out is not None:
        return EntryCost(entry.duration_minutes, entry.labour_cost, entry.equipment_cost)
    minutes = max(0, minutes_between(entry.clock_in, now))
    return EntryCost(minutes, cost_of(minutes, entry.hourly_wage * entry.burden_multiplier, currency),
                     sum((cost_of(minutes, use.hourly_rate, currency) for use in entry.equipment), Decimal(0)))


@dataclass(frozen=True)
class LineActuals:
    minutes: int  # the line's working time: started/resumed → paused/completed
    crew_minutes: int
    minutes_by_activity: dict
    labour_cost: Decimal
    equipment_cost: Decimal
    estimated_hours: Decimal
    price: Decimal | None

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)

    @property
    def variance_hours(self) -> Decimal:
        return self.hours - self.estimated_hours

    @property
    def total_cost(self) -> Decimal:
        return self.labour_cost + self.equipment_cost

    @property
    def profit(self) -> Decimal | None:
        return None if self.price is None else self.price - self.total_cost

    @property
    def margin_percent(self) -> Decimal | None:
        return None if self.price is None else percent(self.profit, self.price)


def line_actuals(line, entries: Iterable, now: datetime, currency: str) -> LineActuals:
    minutes = line.worked_minutes + (max(0, minutes_between(line.running_since, now)) if line.running_since else 0)
    crew_minutes, labour, equipment, by_activity = 0, Decimal(0), Decimal(0), {}
    for entry in entries:
        if entry.line_item_id != line.id:
            continue
        cost = entry_cost(entry, now, currency)
        crew_minutes += cost.minutes
        labour += cost.labour
        equipment += cost.equipment
        by_activity[entry.activity] = by_activity.get(entry.activity, 0) + cost.minutes
    return LineActuals(minutes, crew_minutes, by_activity, labour, equipment, line.estimated_hours, line.price)


@dataclass(frozen=True)
class Projection:
    """Where the job is heading: actuals so far and the projected final hours, cost and margin."""

    actual_hours: Decimal
    actual_cost: Decimal
    estimated_hours: Decimal
    estimated_cost: Decimal
    projected_hours: Decimal
    projected_cost: Decimal
    contract_price: Decimal
    target_margin_percent: Decimal
    projected_margin_percent: Decimal | None
    overrun_factor: Decimal


def project(lines: Sequence, actuals: dict, contract_price: Decimal, target_margin_percent: Decimal,
            estimated_cost: Decimal, currency: str) -> Projection:
    """Completed lines count at their actuals. Every other line is projected at its estimated hours
    scaled by the job's overrun so far (actual ÷ estimated hours of the completed lines; 1 before
    any is completed), and never below the hours it has already taken; its remaining hours cost
    what its hours have cost so far (else the job's hours so far, else its estimated cost per
    hour)."""
    done = [line for line in lines if line.completed]
    done_estimate = sum((line.estimated_hours for line in done), Decimal(0))
    overrun = (sum((actuals[line.id].hours for line in done), Decimal(0)) / done_estimate
               if done_estimate else Decimal(1))
    actual_hours = sum((a.hours for a in actuals.values()), Decimal(0))
    actual_cost = sum((a.total_cost for a in actuals.values()), Decimal(0))
    job_rate = actual_cost / actual_hours if actual_hours else None
    projected_hours, projected_cost = Decimal(0), Decimal(0)
    for line in lines:
        so_far = actuals[line.id]
        if line.completed:
            projected_hours += so_far.hours
            projected_cost += so_far.total_cost
            continue
        expected = max(so_far.hours, line.estimated_hours * overrun)
        if so_far.hours:
            rate = so_far.total_cost / so_far.hours
        elif job_rate is not None:
            rate = job_rate
        else:
            rate = line.cost / line.estimated_hours if line.estimated_hours else Decimal(0)
        projected_hours += expected
        projected_cost += so_far.total_cost + (expected - so_far.hours) * rate
    projected_cost = round_half_up(projected_cost, currency)
    margin = percent(contract_price - projected_cost, contract_price)
    return Projection(
        actual_hours=actual_hours.quantize(HOURS), actual_cost=round_half_up(actual_cost, currency),
        estimated_hours=sum((line.estimated_hours for line in lines), Decimal(0)).quantize(HOURS),
        estimated_cost=round_half_up(estimated_cost, currency),
        projected_hours=projected_hours.quantize(HOURS, rounding=ROUND_HALF_UP), projected_cost=projected_cost,
        contract_price=contract_price, target_margin_percent=target_margin_percent,
        projected_margin_percent=margin, overrun_factor=overrun.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class AlertThresholds:
    margin_points: Decimal = Decimal(5)
    hours_percent: Decimal = Decimal(10)


def alert_reasons(projection: Projection, thresholds: AlertThresholds) -> set[str]:
    """Which thresholds the projection is past: the margin more than ``margin_points`` below target,
    the hours more than ``hours_percent`` over the estimate."""
    reasons = set()
    margin = projection.projected_margin_percent
    if margin is not None and margin < projection.target_margin_percent - thresholds.margin_points:
        reasons.add("margin")
    if projection.projected_hours > projection.estimated_hours * (1 + thresholds.hours_percent / HUNDRED):
        reasons.add("hours")
    return reasons


def new_crossings(past: set[str], now: set[str]) -> set[str]:
    """An alert is raised when a threshold is crossed, not while it stays crossed; once the
    projection is back inside, a later crossing alerts again."""
    return now - past


def performance(lines: Sequence, actuals: dict, projection: Projection) -> dict:
    """What a completed job teaches: estimated against actual hours (production, transport,
    total), variance percentages, cost, margin and an accuracy score (100 − |total variance %|,
    never below 0). A line's working time is split among activities in proportion to the crew
    minutes logged under each."""
    estimated = {"production": Decimal(0), "transport": Decimal(0)}
    actual = {"production": Decimal(0), "transport": Decimal(0)}
    for line in lines:
        estimated["production"] += line.production_hours
        estimated["transport"] += line.transport_hours
        done = actuals[line.id]
        for activity in actual:
            share = Decimal(done.minutes_by_activity.get(activity, 0)) / done.crew_minutes if done.crew_minutes else 0
            actual[activity] += done.hours * share
    total_est, total_act = projection.estimated_hours, projection.actual_hours
    variance = percent(total_act - total_est, total_est)
    return {
        "estimated_production_hours": estimated["production"].quantize(HOURS),
        "estimated_transport_hours": estimated["transport"].quantize(HOURS),
        "estimated_total_hours": total_est,
        "actual_production_hours": actual["production"].quantize(HOURS, rounding=ROUND_HALF_UP),
        "actual_transport_hours": actual["transport"].quantize(HOURS, rounding=ROUND_HALF_UP),
        "actual_total_hours": total_act,
        "production_variance_percent": percent(actual["production"] - estimated["production"],
                                               estimated["production"]),
        "total_variance_percent": variance,
        "estimated_cost": projection.estimated_cost,
        "actual_cost": projection.actual_cost,
        "contract_price": projection.contract_price,
        "target_margin_percent": projection.target_margin_percent,
        "actual_margin_percent": projection.projected_margin_percent,
        "accuracy_score": None if variance is None else max(Decimal(0), HUNDRED - abs(variance)),
        "by_service_type": _by_service_type(lines, actuals),
    }


def _by_service_type(lines: Sequence, actuals: dict) -> dict:
    out: dict[str, dict] = {}
    for line in lines:
        row = out.setdefault(line.service_type, {"estimated_hours": Decimal(0), "actual_hours": Decimal(0),
                                                 "crew_hours": Decimal(0)})
        row["estimated_hours"] += line.estimated_hours
        row["actual_hours"] += actuals[line.id].hours
        row["crew_hours"] += hours(actuals[line.id].crew_minutes)
    return out


@dataclass(frozen=True)
class AccuracyReport:
    jobs: int
    within_estimate: int
    within_estimate_percent: Decimal | None
    average_margin_percent: Decimal | None
    average_target_margin_percent: Decimal | None
    efficiency_by_service_type: dict


def estimate_accuracy(performances: Sequence[dict]) -> AccuracyReport:
    """The share of jobs within 10 % of their estimated hours, the average margin against the
    average target, and crew efficiency per service type (estimated ÷ actual hours, as a percent:
    above 100 the crews beat the estimates)."""
    within = sum(1 for p in performances if p["total_variance_percent"] is not None
                 and abs(p["total_variance_percent"]) <= ACCURATE_WITHIN_PERCENT)
    margins = [p["actual_margin_percent"] for p in performances if p["actual_margin_percent"] is not None]
    targets = [p["target_margin_percent"] for p in performances]
    by_type: dict[str, dict] = {}
    for p in performances:
        for service_type, row in p["by_service_type"].items():
            total = by_type.setdefault(service_type, {"jobs": 0, "estimated_hours": Decimal(0),
                                                      "actual_hours": Decimal(0), "crew_hours": Decimal(0)})
            total["jobs"] += 1
            for name in ("estimated_hours", "actual_hours", "crew_hours"):
                total[name] += row[name]
    for row in by_type.values():
        row["efficiency_percent"] = percent(row["estimated_hours"], row["actual_hours"])

    def mean(values):
        return (sum(values, Decimal(0)) / len(values)).quantize(PERCENT, rounding=ROUND_HALF_UP) if values else None

    return AccuracyReport(jobs=len(performances), within_estimate=within,
                          within_estimate_percent=percent(Decimal(within), Decimal(len(performances))),
                          average_margin_percent=mean(margins), average_target_margin_percent=mean(targets),
                          efficiency_by_service_type=by_type)
