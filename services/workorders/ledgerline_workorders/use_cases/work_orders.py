"""A work order's lifecycle: made directly or from a proposal, scheduled, started, line items
added (change orders once started), completed with the customer's sign-off, invoiced."""

from __future__ import annotations

from uuid import UUID

from ledgerline_contracts import Actor
from ledgerline_contracts.commands import workorders as commands
from ledgerline_servicekit import clock, replicas
from ledgerline_servicekit.files import FileShelf, content_key
from ledgerline_servicekit.unit_of_work import UnitOfWork

from ledgerline_workorders import storage
from ledgerline_workorders.domain import costing
from ledgerline_workorders.domain.photos import checked_image
from ledgerline_workorders.domain.work_order import CrewMember, Machine, Signoff, WorkOrder, require_active
from ledgerline_workorders.use_cases.common import save, visible_order, workable_order
from ledgerline_workorders.use_cases.proposals import line_item, next_number


def create_direct(uow: UnitOfWork, actor: Actor, command: commands.NewDirectWorkOrder) -> UUID:
    with uow:
        account = replicas.active_account(uow.session, storage.accounts, actor.org_id, command.account_id)
        order = WorkOrder.direct_order(
            actor, number=next_number(uow, actor), account_id=account.id, account_name=account.name,
            currency=account.currency, now=clock.now(), title=command.title, site_address=command.site_address,
            contract_amount=command.contract_amount, estimated_cost=command.estimated_cost,
            target_margin_percent=command.target_margin_percent, po_number=command.po_number,
            special_instructions=command.special_instructions, lines=[])
        for line in command.line_items:
            order.add_line(actor, line_item(line))
        return save(uow, order)


def _crew(session, actor: Actor, employee_ids: list[UUID]) -> list[CrewMember]:
    rows = storage.resources.resources(session, "employee", actor.org_id, list(dict.fromkeys(employee_ids)),
                                       "crew_employee_ids")
    require_active(rows, "crew_employee_ids")
    return [CrewMember(row.id, row.name, row.role, row.user_id) for row in rows]


def schedule(uow: UnitOfWork, actor: Actor, work_order_id, command: commands.ScheduleWorkOrder) -> UUID:
    """Date, start time, loadout, crew and equipment; a loadout's crew and equipment are the defaults."""
    with uow:
        order, _ = visible_order(uow.session, actor, work_order_id, for_update=True)
        crew_ids, equipment_ids = command.crew_employee_ids, command.equipment_ids
        if command.loadout_id is not None:
            loadout = storage.resources.get_loadout(uow.session, actor.org_id, command.loadout_id)
            crew_ids = loadout.crew_employee_ids if crew_ids is None else crew_ids
            equipment_ids = loadout.equipment_ids if equipment_ids is None else equipment_ids
        machines = storage.resources.resources(uow.session, "equipment", actor.org_id,
                                               list(dict.fromkeys(equipment_ids or [])), "equipment_ids")
        require_active(machines, "equipment_ids")
        order.schedule(actor, today=clock.today(), scheduled_on=command.scheduled_on, start_time=command.start_time,
                       loadout_id=command.loadout_id, crew=_crew(uow.session, actor, crew_ids or []),
                       equipment=[Machine(row.id, row.name) for row in machines])
        return save(uow, order)


def start(uow: UnitOfWork, actor: Actor, work_order_id, command: commands.StartWorkOrder) -> UUID:
    with uow:
        order = workable_order(uow, actor, work_order_id)
        conditions = command.site_conditions.model_dump(exclude_none=True) if command.site_conditions else {}
        order.start(actor, now=clock.now(), weather=command.weather, briefing_at=command.safety_briefing_at,
                    attendees=command.safety_attendees, ppe_verified=command.ppe_verified,
                    site_conditions=conditions, at=command.started_at)
        return save(uow, order)


def add_line_item(uow: UnitOfWork, actor: Actor, work_order_id, command: commands.NewLineItem) -> UUID:
    """A line item; on a started job, a change order (its hours join the estimate and the projection)."""
    with uow:
        order, _ = visible_order(uow.session, actor, work_order_id, for_update=True)
        order.add_line(actor, line_item(command))
        order.review_projection(clock.now(), storage.resources.settings(uow.session, actor.org_id).thresholds)
        return save(uow, order)


def tick_checklist(uow: UnitOfWork, actor: Actor, work_order_id, command: commands.Checklist) -> UUID:
    with uow:
        order = workable_order(uow, actor, work_order_id)
        order.tick_checklist(actor, command.model_dump(exclude_none=True))
        return save(uow, order)


def complete(uow: UnitOfWork, actor: Actor, shelf: FileShelf, work_order_id,
             command: commands.CompleteWorkOrder) -> UUID:
    """The customer signed off and the checklist is met: Completed, and its performance is kept."""
    with uow:
        order = workable_order(uow, actor, work_order_id)
        image = checked_image(command.signature.content_base64, command.signature.content_type, shelf.max_bytes,
                              "signature")
        now = clock.now()
        key = content_key(actor.org_id, image.digest)
        order.complete(actor, now=now, settings=storage.resources.settings(uow.session, actor.org_id),
                       signoff=Signoff(command.printed_name, command.signed_at or now, key))
        shelf.store.save(key, image.content)
        actuals = order.line_actuals(now)
        figures = costing.performance(order.lines, actuals, order.projection(now))
        storage.work_orders.keep_performance(uow.session, order, figures, order.site_conditions)
        return save(uow, order)


def mark_invoiced(uow: UnitOfWork, org_id: UUID, work_order_id: UUID, invoice_id: UUID, invoice_number: str) -> bool:
    """The invoice drafted from the job was posted: a completed job becomes Invoiced (anything else
    is refused, and the event dead-lettered for someone to look at); a repeat changes nothing."""
    with uow:
        order = storage.work_orders.load(uow.session, org_id, work_order_id, for_update=True)
        changed = order.mark_invoiced(invoice_id, invoice_number, clock.now())
        save(uow, order)
        return changed
