"""Employees, equipment and loadouts with their effective-dated rates; the organization's job settings."""

from __future__ import annotations

from ledgerline_contracts import Actor
from ledgerline_contracts.commands import workorders as commands
from ledgerline_servicekit import clock, inputs
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_workorders import storage
from ledgerline_workorders.domain import access
from ledgerline_workorders.use_cases import resources
from ledgerline_workorders.views.resources import employee_view, equipment_view, loadout_view, settings_view

SHOWN = {"employee": employee_view, "equipment": equipment_view}


class ResourceEntrypoints:
    def _resource(self, actor: Actor, kind: str, resource_id) -> dict:
        row = storage.resources.get_resource(self.db.session, kind, actor.org_id,
                                             inputs.parse_id(resource_id, f"{kind}_id"), f"{kind}_id")
        rates = storage.resources.rates_of(self.db.session, kind, [row.id])[row.id]
        return SHOWN[kind](row, rates, actor, clock.today())

    def _resources(self, actor: Actor, kind: str, query: dict) -> dict:
        command = commands.ResourceQuery.model_validate(query)
        rows, total = storage.resources.list_resources(self.db.session, kind, actor.org_id, limit=command.limit,
                                                       offset=command.offset, active=command.active)
        rates = storage.resources.rates_of(self.db.session, kind, [row.id for row in rows])
        return inputs.paged([SHOWN[kind](row, rates[row.id], actor, clock.today()) for row in rows], total,
                            command.limit, command.offset)

    @rpc(allow=access.RESOURCE_MANAGERS)
    def add_employee(self, actor: Actor, employee: dict) -> dict:
        command = commands.NewEmployee.model_validate(employee)
        return self._resource(actor, "employee", resources.add_employee(self._unit_of_work(), actor, command))

    @rpc(allow=access.RESOURCE_MANAGERS)
    def update_employee(self, actor: Actor, employee_id: str, changes: dict) -> dict:
        command = commands.EditEmployee.model_validate(changes)
        return self._resource(actor, "employee",
                              resources.edit_resource(self._unit_of_work(), actor, "employee", employee_id, command))

    @rpc(allow=access.RESOURCE_MANAGERS)
    def set_employee_wage(self, actor: Actor, employee_id: str, rate: dict) -> dict:
        command = commands.WageRateRequest.model_validate(rate)
        return self._resource(actor, "employee", resources.set_wage(self._unit_of_work(), actor, employee_id, command))

    @rpc(allow=access.STAFF)
    def list_employees(self, actor: Actor, **query) -> dict:
        return self._resources(actor, "employee", query)

    @rpc(allow=access.STAFF)
    def get_employee(self, actor: Actor, employee_id: str) -> dict:
        return self._resource(actor, "employee", employee_id)

    @rpc(allow=access.RESOURCE_MANAGERS)
    def add_equipment(self, actor: Actor, equipment: dict) -> dict:
        command = commands.NewEquipment.model_validate(equipment)
        return self._resource(actor, "equipment", resources.add_equipment(self._unit_of_work(), actor, command))

    @rpc(allow=access.RESOURCE_MANAGERS)
    def update_equipment(self, actor: Actor, equipment_id: str, changes: dict) -> dict:
        command = commands.EditEquipment.model_validate(changes)
        return self._resource(actor, "equipment", resources.edit_resource(self._unit_of_work(), actor, "equipment",
                                                                          equipment_id, command))

    @rpc(allow=access.RESOURCE_MANAGERS)
    def set_equipment_rate(self, actor: Actor, equipment_id: str, rate: dict) -> dict:
        command = commands.EquipmentRateRequest.model_validate(rate)
        return self._resource(actor, "equipment",
                              resources.set_equipment_rate(self._unit_of_work(), actor, equipment_id, command))

    @rpc(allow=access.STAFF)
    def list_equipment(self, actor: Actor, **query) -> dict:
        return self._resources(actor, "equipment", query)

    @rpc(allow=access.RESOURCE_MANAGERS)
    def add_loadout(self, actor: Actor, loadout: dict) -> dict:
        command = commands.NewLoadout.model_validate(loadout)
        loadout_id = resources.add_loadout(self._unit_of_work(), actor, command)
        return loadout_view(storage.resources.get_loadout(self.db.session, actor.org_id, loadout_id))

    @rpc(allow=access.STAFF)
    def list_loadouts(self, actor: Actor, **query) -> dict:
        command = commands.ResourceQuery.model_validate(query)
        rows, total = storage.resources.list_loadouts(self.db.session, actor.org_id, limit=command.limit,
                                                      offset=command.offset)
        return inputs.paged([loadout_view(row) for row in rows], total, command.limit, command.offset)

    @rpc(allow=access.STAFF)
    def get_job_settings(self, actor: Actor) -> dict:
        return settings_view(storage.resources.settings(self.db.session, actor.org_id))

    @rpc(allow=access.SCHEDULERS)
    def save_job_settings(self, actor: Actor, settings: dict) -> dict:
        resources.save_settings(self._unit_of_work(), actor, commands.JobSettingsRequest.model_validate(settings))
        return settings_view(storage.resources.settings(self.db.session, actor.org_id))
