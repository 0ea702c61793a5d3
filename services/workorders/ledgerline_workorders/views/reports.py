"""A completed job's performance and the estimate-accuracy report, as the gateway shows them."""

from __future__ import annotations

from decimal import Decimal

from ledgerline_workorders.domain.costing import AccuracyReport

MONEY = ("estimated_cost", "actual_cost", "contract_price")


def performance_view(row, currency: str) -> dict:
    figures = dict(row.figures)
    for name in MONEY:
        figures[name] = {"amount": figures[name], "currency": currency}
    return {"work_order_id": str(row.work_order_id), "completed_on": row.completed_on.isoformat(), **figures,
            "site_factors": row.site_factors}


def figures_of(row) -> dict:
    """Stored figures back as decimals, for the report's arithmetic."""
    def number(value):
        return None if value is None else Decimal(value)

    figures = {name: number(value) if name != "by_service_type" else value for name, value in row.figures.items()}
    figures["by_service_type"] = {kind: {k: Decimal(v) for k, v in totals.items()}
                                  for kind, totals in row.figures["by_service_type"].items()}
    return figures


def accuracy_view(report: AccuracyReport, date_from, date_to) -> dict:
    def d(value):
        return None if value is None else format(value, "f")

    return {
        "date_from": date_from.isoformat() if date_from else None, "date_to": date_to.isoformat() if date_to else None,
        "jobs": report.jobs, "within_estimate": report.within_estimate,
        "within_estimate_percent": d(report.within_estimate_percent),
        "average_margin_percent": d(report.average_margin_percent),
        "average_target_margin_percent": d(report.average_target_margin_percent),
        "efficiency_by_service_type": [
            {"service_type": kind, "jobs": row["jobs"], "estimated_hours": d(row["estimated_hours"]),
             "actual_hours": d(row["actual_hours"]), "crew_hours": d(row["crew_hours"]),
             "efficiency_percent": d(row["efficiency_percent"])}
            for kind, row in sorted(report.efficiency_by_service_type.items())],
    }
