"""Employees, equipment and loadouts; wages and rates only for the roles that may see money."""

from __future__ import annotations

from datetime import date

from ledgerline_contracts import Actor

from ledgerline_workorders.domain import access
from ledgerline_workorders.domain.rates import latest_rate


def _rates(rates: list, today: date, *names: str) -> dict:
    current = latest_rate(rates, today)
    return {
        "current": None if current is None else {"effective_from": current.effective_from.isoformat(),
                                                 **{n: format(getattr(current, n), "f") for n in names}},
        "history": [{"effective_from": r.effective_from.isoformat(), **{n: format(getattr(r, n), "f") for n in names}}
                    for r in rates],
    }


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
