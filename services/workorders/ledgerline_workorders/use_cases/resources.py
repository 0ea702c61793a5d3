"""Employees, equipment, loadouts, their effective-dated rates, and the organization's job settings."""

from __future__ import annotations

from uuid import UUID, uuid4

from ledgerline_contracts import Actor
from ledgerline_contracts.commands import workorders as commands
from ledgerline_servicekit import clock, inputs
from ledgerline_servicekit.unit_of_work import UnitOfWork

from ledgerline_workorders import storage
from ledgerline_workorders.domain.events import ResourceChanged
from ledgerline_workorders.domain.rates import check_wage
from ledgerline_workorders.storage.common import jsonable


def _changed(uow: UnitOfWork, actor: Actor, entity: str, entity_id: UUID, action: str, details: dict) -> None:
    uow.record(ResourceChanged(actor.org_id, entity, entity_id, action, jsonable(details), actor))


def add_employee(uow: UnitOfWork, actor: Actor, command: commands.NewEmployee) -> UUID:
    with uow:
        check_wage(command.hourly_wage, command.burden_multiplier)
        employee_id = uuid4()
        details = command.model_dump(exclude={"hourly_wage", "burden_multiplier", "effective_from"})
        storage.resources.insert_resource(uow.session, "employee", {"id": employee_id, "org_id": actor.org_id,
                                                                    **details})
        _changed(uow, actor, "employee", employee_id, "add_employee", details)
        _set_wage(uow, actor, employee_id, command)
        return employee_id


def _set_wage(uow: UnitOfWork, actor: Actor, employee_id: UUID, command: commands.WageRateRequest) -> None:
    rate = {"effective_from": command.effective_from or clock.today(), "hourly_wage": command.hourly_wage,
            "burden_multiplier": command.burden_multiplier}
    storage.resources.set_rate(uow.session, "employee", employee_id, {**rate, "set_by": actor.user_id})
    _changed(uow, actor, "employee", employee_id, "set_wage", rate)


def set_wage(uow: UnitOfWork, actor: Actor, employee_id, command: commands.WageRateRequest) -> UUID:
    """A wage and burden from a date on; costs already incurred keep the rate they were costed at."""
    with uow:
        check_wage(command.hourly_wage, command.burden_multiplier)
        row = storage.resources.get_resource(uow.session, "employee", actor.org_id,
                                             inputs.parse_id(employee_id, "employee_id"), "employee_id")
        _set_wage(uow, actor, row.id, command)
        return row.id


def edit_resource(uow: UnitOfWork, actor: Actor, kind: str, resource_id, command) -> UUID:
    with uow:
        field = f"{kind}_id"
        row = storage.resources.get_resource(uow.session, kind, actor.org_id, inputs.parse_id(resource_id, field),
                                             field)
        changes = command.model_dump(exclude_unset=True)
        if changes:
            storage.resources.update_resource(uow.session, kind, actor.org_id, row.id, changes)
            _changed(uow, actor, kind, row.id, f"edit_{kind}", changes)
        return row.id


def add_equipment(uow: UnitOfWork, actor: Actor, command: commands.NewEquipment) -> UUID:
    with uow:
        equipment_id = uuid4()
        details = {"name": command.name, "kind": command.kind}
        storage.resources.insert_resource(uow.session, "equipment", {"id": equipment_id, "org_id": actor.org_id,
                                                                     **details})
        _changed(uow, actor, "equipment", equipment_id, "add_equipment", details)
        _set_equipment_rate(uow, actor, equipment_id, command)
        return equipment_id


def _set_equipment_rate(uow: UnitOfWork, actor: Actor, equipment_id: UUID,
                        command: commands.EquipmentRateRequest) -> None:
    rate = {"effective_from": command.effective_from or clock.today(), "hourly_rate": command.hourly_rate}
    storage.resources.set_rate(uow.session, "equipment", equipment_id, {**rate, "set_by": actor.user_id})
    _changed(uow, actor, "equipment", equipment_id, "set_equipment_rate", rate)


def set_equipment_rate(uow: UnitOfWork, actor: Actor, equipment_id, command: commands.EquipmentRateRequest) -> UUID:
    with uow:
        row = storage.resources.get_resource(uow.session, "equipment", actor.org_id,
                                             inputs.parse_id(equipment_id, "equipment_id"), "equipment_id")
        _set_equipment_rate(uow, actor, row.id, command)
        return row.id


def add_loadout(uow: UnitOfWork, actor: Actor, command: commands.NewLoadout) -> UUID:
    """A named set of equipment with its default crew: every id must be the organization's."""
    with uow:
        storage.resources.resources(uow.session, "equipment", actor.org_id, command.equipment_ids, "equipment_ids")
        storage.resources.resources(uow.session, "employee", actor.org_id, command.crew_employee_ids,
                                    "crew_employee_ids")
        loadout_id = uuid4()
        storage.resources.insert_loadout(uow.session, {"id": loadout_id, "org_id": actor.org_id,
                                                       **command.model_dump()})
        _changed(uow, actor, "loadout", loadout_id, "add_loadout", command.model_dump())
        return loadout_id


def save_settings(uow: UnitOfWork, actor: Actor, command: commands.JobSettingsRequest) -> None:
    with uow:
        storage.resources.save_settings(uow.session, actor.org_id, command.model_dump())
        _changed(uow, actor, "job_settings", actor.org_id, "job_settings", command.model_dump())
