"""A work order as the caller may see it: its line items, crew, time, documents, checklist and
(for the roles that see money) its costs, projection and alerts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ledgerline_contracts import Actor

from ledgerline_workorders.domain import access, costing
from ledgerline_workorders.domain.work_order import Settings, Status, WorkOrder


def _d(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _t(value) -> str | None:
    return None if value is None else value.isoformat()


def _money(order: WorkOrder, value: Decimal | None) -> dict | None:
    return None if value is None else {"amount": format(value.quantize(Decimal("0.01")), "f"),
                                       "currency": order.currency}


def line_view(order: WorkOrder, line, actuals: costing.LineActuals, costs: bool, actions: list[str]) -> dict:
    view = {
        "allowed_actions": actions,
        "id": str(line.id), "line_number": line.line_number, "service_type": line.service_type,
        "description": line.description, "pricing_method": line.pricing_method.value,
        "status": line.status.value, "change_order": line.change_order,
        "production_hours": _d(line.production_hours), "transport_hours": _d(line.transport_hours),
        "buffer_hours": _d(line.buffer_hours), "estimated_hours": _d(line.estimated_hours),
        "actual_hours": _d(actuals.hours), "variance_hours": _d(actuals.variance_hours),
        "started_at": _t(line.started_at), "completed_at": _t(line.completed_at),
        "running": line.running_since is not None,
        "clocked_in": [e.employee_name for e in order.entries if e.line_item_id == line.id and e.clock_out is None],
        "costs": None,
    }
    if costs:
        view["costs"] = {
            "estimated_cost": _money(order, line.cost), "price": _money(order, line.price),
            "target_margin_percent": _d(line.target_margin_percent),
            "labour_cost": _money(order, actuals.labour_cost), "equipment_cost": _money(order, actuals.equipment_cost),
            "total_cost": _money(order, actuals.total_cost), "profit": _money(order, actuals.profit),
            "margin_percent": _d(actuals.margin_percent)}
    return view


def entry_view(order: WorkOrder, entry, now: datetime, costs: bool) -> dict:
    so_far = costing.entry_cost(entry, now, order.currency)
    view = {"id": str(entry.id), "line_item_id": str(entry.line_item_id), "employee_id": str(entry.employee_id),
            "employee_name": entry.employee_name, "activity": entry.activity.value,
            "clock_in": _t(entry.clock_in), "clock_out": _t(entry.clock_out),
            "duration_minutes": so_far.minutes, "equipment": [u.name for u in entry.equipment], "costs": None}
    if costs:
        view["costs"] = {"hourly_wage": _money(order, entry.hourly_wage),
                         "burden_multiplier": _d(entry.burden_multiplier),
                         "labour_cost": _money(order, so_far.labour), "equipment_cost": _money(order, so_far.equipment)}
    return view


def projection_view(order: WorkOrder, projection: costing.Projection) -> dict:
    return {
        "actual_hours": _d(projection.actual_hours), "estimated_hours": _d(projection.estimated_hours),
        "projected_hours": _d(projection.projected_hours), "actual_cost": _money(order, projection.actual_cost),
        "estimated_cost": _money(order, projection.estimated_cost),
        "projected_cost": _money(order, projection.projected_cost),
        "contract_price": _money(order, projection.contract_price),
        "target_margin_percent": _d(projection.target_margin_percent),
        "projected_margin_percent": _d(projection.projected_margin_percent),
        "overrun_factor": _d(projection.overrun_factor),
    }


def summary_view(order: WorkOrder, actor: Actor, my_employee_ids=(), settings: Settings | None = None) -> dict:
    """A row of a list: what a dashboard or the crew's day shows."""
    return {
        "id": str(order.id), "number": order.number, "status": order.status.value, "direct": order.direct,
        "account_id": str(order.account_id), "account_name": order.account_name, "title": order.title,
        "site_address": order.site_address, "proposal_id": str(order.proposal_id) if order.proposal_id else None,
        "scheduled_on": _t(order.scheduled_on), "start_time": order.start_time,
        "crew": [{"employee_id": str(m.employee_id), "name": m.name, "role": m.role} for m in order.crew],
        "line_items": len(order.lines), "line_items_completed": sum(1 for line in order.lines if line.completed),
        "alert_count": len(order.alerts) if access.sees_costs(actor) else 0,
        "allowed_actions": order.allowed_actions(actor, my_employee_ids, settings),
    }


def work_order_view(order: WorkOrder, actor: Actor, settings: Settings, now: datetime,
                    my_employee_ids=()) -> dict:
    """Everything on one job. Costs, rates, the projection and alerts only for those who see money;
    customers see the job's progress and documents' tags, not the crew's notes."""
    costs = access.sees_costs(actor)
    actuals = order.line_actuals(now)
    staff = not actor.is_customer
    view = {
        **summary_view(order, actor, my_employee_ids, settings),
        "po_number": order.po_number, "special_instructions": order.special_instructions,
        "scope_included": order.scope_included, "scope_excluded": order.scope_excluded,
        "loadout_id": str(order.loadout_id) if order.loadout_id else None,
        "equipment": [{"equipment_id": str(m.equipment_id), "name": m.name} for m in order.equipment],
        "started_at": _t(order.started_at), "completed_at": _t(order.completed_at),
        "safety": order.safety if staff else {},
        "site_conditions": order.site_conditions if staff else {},
        "lines": [line_view(order, line, actuals[line.id], costs, order.line_actions(line, actor, my_employee_ids))
                  for line in order.lines],
        "time_entries": [entry_view(order, e, now, costs) for e in order.entries] if staff else [],
        "change_orders": {"count": sum(1 for line in order.lines if line.change_order),
                          "impact_hours": _d(sum((line.estimated_hours for line in order.lines if line.change_order),
                                                 Decimal(0)))},
        "photos": [{"id": str(p.id), "tag": p.tag.value, "filename": p.filename, "content_type": p.content_type,
                    "size": p.size, "caption": p.caption,
                    "line_item_id": str(p.line_item_id) if p.line_item_id else None,
                    "taken_by_name": p.taken_by_name, "uploaded_at": _t(p.uploaded_at)} for p in order.photos]
        if staff or order.status in (Status.COMPLETED, Status.INVOICED) else [],  # customers: the finished job
        "notes": [{"id": str(n.id), "kind": n.kind.value, "text": n.text, "at": _t(n.at),
                   "author_name": n.author_name} for n in order.notes] if staff else [],
        "safety_incidents": sum(1 for n in order.notes if n.kind.value == "safety_incident"),
        "near_misses": sum(1 for n in order.notes if n.kind.value == "near_miss"),
        "checklist": order.checklist_view(settings),
        "signoff": ({"printed_name": order.signoff.printed_name, "signed_at": _t(order.signoff.signed_at)}
                    if order.signoff else None),
        "invoice_id": str(order.invoice_id) if order.invoice_id else None, "invoice_number": order.invoice_number,
        "costing": None, "alerts": [],
    }
    if costs:
        view["costing"] = costing_view(order, now, actor, my_employee_ids)
        view["alerts"] = order.alerts
    return view


def costing_view(order: WorkOrder, now: datetime, actor: Actor, my_employee_ids=()) -> dict:
    """The live job costing: per line item and for the whole job, with the projection."""
    actuals = order.line_actuals(now)
    labour = sum((a.labour_cost for a in actuals.values()), Decimal(0))
    equipment = sum((a.equipment_cost for a in actuals.values()), Decimal(0))
    return {
        "work_order_id": str(order.id), "number": order.number, "status": order.status.value, "as_of": _t(now),
        "labour_cost": _money(order, labour), "equipment_cost": _money(order, equipment),
        "total_cost": _money(order, labour + equipment),
        "projection": projection_view(order, order.projection(now)),
        "lines": [line_view(order, line, actuals[line.id], True, order.line_actions(line, actor, my_employee_ids))
                  for line in order.lines],
        "alerts": order.alerts,
    }
