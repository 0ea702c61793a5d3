"""Employees, equipment and loadouts; wages and rates only for the roles that may see money."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledgerline_contracts import Actor

from ledgerline_workorders.domain import access
from ledgerline_workorders.domain.rates import latest_rate


def _plain(value: Decimal) -> str:
    """As people write it: to cents where that loses nothing (35.0000 → 35.00), else every digit."""
    cents = value.quantize(Decimal("0.01"))
    return format(cents if cents == value else value.normalize(), "f")


def _rate(rate, names: tuple[str, ...]) -> dict:
    return {"effective_from": rate.effective_from.isoformat(), **{n: _plain(getattr(rate, n)) for n in names}}


def _rates(rates: list, today: date, *names: str) -> dict:
    current = latest_rate(rates, today)
    return {"current": None if current is None else _rate(current, names),
            "history": [_rate(r, names) for r in rates]}


def employee_view(row, rates: list, actor: Actor, today: date) -> dict:
    view = {"id": str(row.id), "name": row.name, "user_id": str(row.user_id) if row.user_id else None,
            "role": row.role, "tier": row.tier, "certifications": list(row.certifications), "active": row.active,
            "rates": None}
    if access.sees_costs(actor):
        view["rates"] = _rates(rates, today, "hourly_wage", "burden_multiplier", "hourly_cost")
    return view


def equipment_view(row, rates: list, actor: Actor, today: date) -> dict:
    view = {"id": str(row.id), "name": row.name, "kind": row.kind, "active": row.active, "rates": None}
    if access.sees_costs(actor):
        view["rates"] = _rates(rates, today, "hourly_rate")
    return view


def loadout_view(row) -> dict:
    return {"id": str(row.id), "name": row.name, "equipment_ids": [str(i) for i in row.equipment_ids],
            "crew_employee_ids": [str(i) for i in row.crew_employee_ids]}


def settings_view(settings) -> dict:
    return {**{f"minimum_{tag.value}_photos": minimum for tag, minimum in settings.minimum_photos.items()},
            "margin_alert_points": format(settings.thresholds.margin_points, "f"),
            "hours_alert_percent": format(settings.thresholds.hours_percent, "f")}
