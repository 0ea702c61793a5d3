"""Work in the field: a line item's clock, crew clocked in and out, and the job's documentation.
Every change to the job's time reviews its projection, raising an alert once per crossing."""

from __future__ import annotations

from datetime import UTC
from uuid import UUID, uuid4

from ledgerline_contracts import Actor
from ledgerline_contracts.commands import workorders as commands
from ledgerline_servicekit import clock, inputs
from ledgerline_servicekit.files import FileShelf, content_key
from ledgerline_servicekit.unit_of_work import UnitOfWork

from ledgerline_workorders import storage
from ledgerline_workorders.domain.photos import checked_image
from ledgerline_workorders.domain.rates import rate_in_force
from ledgerline_workorders.domain.work_order import (
    Activity, CrewMember, EquipmentUse, FieldNote, NoteKind, Photo, PhotoTag, WorkOrder, require_active,
)
from ledgerline_workorders.use_cases.common import save, workable_order

LINE_ACTIONS = {"start": WorkOrder.start_line, "pause": WorkOrder.pause_line, "complete": WorkOrder.complete_line}


def _reviewed(uow: UnitOfWork, actor: Actor, order: WorkOrder) -> UUID:
    order.review_projection(clock.now(), storage.resources.settings(uow.session, actor.org_id).thresholds)
    return save(uow, order)


def line_action(uow: UnitOfWork, actor: Actor, work_order_id, line_id, action: str,
                command: commands.LineItemTime) -> UUID:
    """Start (or resume), pause or complete a line item; pausing and completing clock its crew out."""
    with uow:
        order = workable_order(uow, actor, work_order_id)
        now = clock.now()
        LINE_ACTIONS[action](order, actor, inputs.parse_id(line_id, "line_id"), command.at or now, now)
        return _reviewed(uow, actor, order)


def clock_in(uow: UnitOfWork, actor: Actor, work_order_id, line_id, command: commands.ClockIn) -> UUID:
    """Clock crew members in on a line item, each at the wage and burden in force at clock-in, with the
    equipment they use at each machine's rate in force then."""
    with uow:
        order = workable_order(uow, actor, work_order_id)
        now = clock.now()
        at = command.at or now
        employee_ids = list(dict.fromkeys(command.employee_ids))
        equipment_ids = list(dict.fromkeys(command.equipment_ids))
        people = storage.resources.resources(uow.session, "employee", actor.org_id, employee_ids, "employee_ids")
        wages = storage.resources.rates_of(uow.session, "employee", employee_ids)
        machines = storage.resources.resources(uow.session, "equipment", actor.org_id, equipment_ids,
                                               "equipment_ids")
        rates = storage.resources.rates_of(uow.session, "equipment", equipment_ids)
        require_active(people, "employee_ids")
        require_active(machines, "equipment_ids")
        day = at.astimezone(UTC).date()  # rates are dated by the UTC day (rule 10)
        crew = [(CrewMember(p.id, p.name, p.role, p.user_id),
                 rate_in_force(wages[p.id], day, p.name, "employee_ids")) for p in people]
        equipment = [EquipmentUse(m.id, m.name, rate_in_force(rates[m.id], day, m.name, "equipment_ids").hourly_rate)
                     for m in machines]
        order.clock_in(actor, inputs.parse_id(line_id, "line_id"), crew, equipment, Activity(command.activity),
                       at=at, now=now)
        return _reviewed(uow, actor, order)


def clock_out(uow: UnitOfWork, actor: Actor, work_order_id, line_id, command: commands.ClockOut) -> UUID:
    with uow:
        order = workable_order(uow, actor, work_order_id)
        now = clock.now()
        order.clock_out(actor, inputs.parse_id(line_id, "line_id"), list(dict.fromkeys(command.employee_ids)),
                        at=command.at or now, now=now)
        return _reviewed(uow, actor, order)


def add_photo(uow: UnitOfWork, actor: Actor, shelf: FileShelf, work_order_id, command: commands.NewPhoto) -> UUID:
    """A before, during or after photo, stored in the file store (the record keeps its key)."""
    with uow:
        order = workable_order(uow, actor, work_order_id)
        image = checked_image(command.content_base64, command.content_type, shelf.max_bytes, "photo")
        key = content_key(actor.org_id, image.digest)
        photo = Photo(id=uuid4(), tag=PhotoTag(command.tag), filename=command.filename,
                      content_type=image.content_type, size=image.size, file_key=key, caption=command.caption,
                      line_item_id=command.line_item_id, taken_by=actor.user_id, taken_by_name=actor.name,
                      uploaded_at=clock.now())
        order.add_photo(actor, photo)
        shelf.store.save(key, image.content)
        save(uow, order)
        return photo.id


def add_note(uow: UnitOfWork, actor: Actor, work_order_id, kind: str, text: str, at=None) -> UUID:
    """A crew note, customer communication, issue encountered, safety incident or near miss."""
    with uow:
        order = workable_order(uow, actor, work_order_id)
        order.add_note(actor, FieldNote(id=uuid4(), kind=NoteKind(kind), text=text, at=at or clock.now(),
                                        author_id=actor.user_id, author_name=actor.name))
        return save(uow, order)


def record_site_conditions(uow: UnitOfWork, actor: Actor, work_order_id, command: commands.SiteConditions) -> UUID:
    with uow:
        order = workable_order(uow, actor, work_order_id)
        order.record_site_conditions(actor, command.model_dump(exclude_none=True))
        return save(uow, order)
