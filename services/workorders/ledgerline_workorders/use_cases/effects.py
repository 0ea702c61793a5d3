"""What each domain event of proposals and work orders becomes: the entry in the service's audit
trail and the event other services receive through the outbox. The unit of work applies these
rules when a use case ends; no use case writes either by hand."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ledgerline_contracts import Actor, Money
from ledgerline_contracts.events import workorders as contract
from ledgerline_servicekit.unit_of_work import AuditEntry, EventMap, Outgoing

from ledgerline_workorders import storage
from ledgerline_workorders.domain import events
from ledgerline_workorders.domain.rates import HOURS
from ledgerline_workorders.storage.common import jsonable


def audit(by: Actor, action: str, entity: str, entity_id, details: dict | None = None) -> AuditEntry:
    return AuditEntry(org_id=by.org_id, user_id=by.user_id, user_name=by.name, action=action, entity=entity,
                      entity_id=entity_id, details=jsonable(details or {}))


def on_order(e, action: str, details: dict | None = None) -> AuditEntry:
    return audit(e.by, action, "work_order", e.work_order.id, details)


def outgoing(order, event_type: str, payload) -> Outgoing:
    return Outgoing(event_type=event_type, org_id=order.org_id, payload=payload)


def money(order, amount: Decimal) -> Money:
    return Money(amount=amount, currency=order.currency).rounded()


def proposal_made(e: events.ProposalMade):
    yield audit(e.by, "propose", "proposal", e.proposal.id, {"title": e.proposal.title,
                                                             "total_price": e.proposal.total_price})


def proposal_signed(e: events.ProposalSigned):
    proposal, order = e.proposal, e.work_order
    yield audit(e.by, "sign", "proposal", proposal.id, {"signed_by": proposal.signed_by,
                                                        "work_order": order.number})
    yield audit(e.by, "create_from_proposal", "work_order", order.id, {"proposal_id": proposal.id})
    yield outgoing(order, "proposal.signed", contract.ProposalSigned(
        proposal_id=proposal.id, account_id=proposal.account_id, work_order_id=order.id,
        work_order_number=order.number, signed_by=proposal.signed_by, signed_at=proposal.signed_at,
        total_price=money(order, proposal.total_price)))


def work_order_created(e: events.WorkOrderCreated):
    yield on_order(e, "create_direct", {"number": e.work_order.number,
                                        "contract_amount": e.work_order.contract_amount})


def work_order_scheduled(e: events.WorkOrderScheduled):
    order = e.work_order
    yield on_order(e, "schedule", {"scheduled_on": order.scheduled_on, "start_time": order.start_time,
                                   "crew": [m.name for m in order.crew]})
    yield outgoing(order, "workorder.scheduled", contract.WorkOrderScheduled(
        work_order_id=order.id, number=order.number, account_id=order.account_id, scheduled_on=order.scheduled_on,
        start_time=order.start_time, loadout_id=order.loadout_id,
        crew_employee_ids=[m.employee_id for m in order.crew],
        equipment_ids=[m.equipment_id for m in order.equipment]))


def work_order_started(e: events.WorkOrderStarted):
    order = e.work_order
    yield on_order(e, "start", order.safety)
    yield outgoing(order, "workorder.started", contract.WorkOrderStarted(
        work_order_id=order.id, number=order.number, account_id=order.account_id, started_at=order.started_at))


def line_item_added(e: events.LineItemAdded):
    yield on_order(e, "change_order" if e.line.change_order else "add_line_item", {
        "line_number": e.line.line_number, "description": e.line.description,
        "estimated_hours": e.line.estimated_hours, "price": e.line.price})


def line_item_changed(e: events.LineItemChanged):
    yield on_order(e, e.action, {"line_number": e.line.line_number})


def line_item_completed(e: events.LineItemCompleted):
    order, line, actuals = e.work_order, e.line, e.actuals
    yield on_order(e, "complete_line", {"line_number": line.line_number, "actual_hours": actuals.hours})
    yield outgoing(order, "workorder.line_item_completed", contract.LineItemCompleted(
        work_order_id=order.id, number=order.number, account_id=order.account_id, line_item_id=line.id,
        line_number=line.line_number, estimated_hours=line.estimated_hours.quantize(HOURS),
        actual_hours=actuals.hours, labour_cost=money(order, actuals.labour_cost),
        equipment_cost=money(order, actuals.equipment_cost), completed_at=line.completed_at))


def crew_clocked(e: events.CrewClocked):
    yield on_order(e, e.action, {"line_number": e.line.line_number, "entries": [
        {"employee": entry.employee_name, "at": entry.clock_in if e.action == "clock_in" else entry.clock_out,
         **({"minutes": entry.duration_minutes, "labour_cost": entry.labour_cost,
             "equipment_cost": entry.equipment_cost} if e.action == "clock_out" else {})}
        for entry in e.entries]})


def documented(e: events.Documented):
    yield on_order(e, e.action, e.details)


def margin_alert_raised(e: events.MarginAlertRaised):
    order, alert = e.work_order, e.alert
    yield outgoing(order, "workorder.margin_alert", contract.MarginAlert(
        work_order_id=order.id, number=order.number, account_id=order.account_id, reason=alert["reason"],
        projected_margin_percent=alert["projected_margin_percent"] or "0",
        target_margin_percent=alert["target_margin_percent"], projected_hours=alert["projected_hours"],
        estimated_hours=alert["estimated_hours"], raised_at=datetime.fromisoformat(alert["raised_at"])))


def work_order_completed(e: events.WorkOrderCompleted):
    order = e.work_order
    labour = sum((a.labour_cost for a in e.actuals.values()), Decimal(0))
    equipment = sum((a.equipment_cost for a in e.actuals.values()), Decimal(0))
    yield on_order(e, "complete", {"signed_by": order.signoff.printed_name, "labour_cost": labour,
                                   "equipment_cost": equipment})
    yield outgoing(order, "workorder.completed", contract.WorkOrderCompleted(
        work_order_id=order.id, number=order.number, account_id=order.account_id, title=order.title,
        completed_on=order.completed_at.date(), completed_at=order.completed_at, po_number=order.po_number,
        contract_amount=money(order, order.contract_amount) if order.contract_amount is not None else None,
        lines=[contract.CompletedLineItem(
            line_item_id=line.id, line_number=line.line_number, service_type=line.service_type,
            description=line.description, pricing_method=line.pricing_method.value,
            estimated_hours=line.estimated_hours.quantize(HOURS), actual_hours=e.actuals[line.id].hours,
            price=money(order, line.price) if line.pricing_method.value == "fixed" else None,
            labour_cost=money(order, e.actuals[line.id].labour_cost),
            equipment_cost=money(order, e.actuals[line.id].equipment_cost), change_order=line.change_order)
            for line in order.lines],
        labour_cost=money(order, labour), equipment_cost=money(order, equipment),
        total_cost=money(order, labour + equipment)))


def work_order_invoiced(e: events.WorkOrderInvoiced):
    order = e.work_order
    yield outgoing(order, "workorder.invoiced", contract.WorkOrderInvoiced(
        work_order_id=order.id, number=order.number, account_id=order.account_id, invoice_id=order.invoice_id,
        invoice_number=order.invoice_number))


def resource_changed(e: events.ResourceChanged):
    yield audit(e.by, e.action, e.entity, e.entity_id, e.details)


WORKORDERS_EVENTS = EventMap(write_audit=storage.audit.write)
for _event, _rule in {
    events.ProposalMade: proposal_made, events.ProposalSigned: proposal_signed,
    events.WorkOrderCreated: work_order_created, events.WorkOrderScheduled: work_order_scheduled,
    events.WorkOrderStarted: work_order_started, events.LineItemAdded: line_item_added,
    events.LineItemChanged: line_item_changed, events.LineItemCompleted: line_item_completed,
    events.CrewClocked: crew_clocked, events.Documented: documented,
    events.MarginAlertRaised: margin_alert_raised, events.WorkOrderCompleted: work_order_completed,
    events.WorkOrderInvoiced: work_order_invoiced, events.ResourceChanged: resource_changed,
}.items():
    WORKORDERS_EVENTS.register(_event, _rule)
