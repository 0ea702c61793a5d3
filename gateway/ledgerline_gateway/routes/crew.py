"""Employees, equipment and loadouts with their effective-dated rates, and the organization's job
settings (owned by workorders)."""

from __future__ import annotations

from ledgerline_contracts.commands.workorders import (
    EditEmployee, EditEquipment, EquipmentRateRequest, JobSettingsRequest, NewEmployee, NewEquipment, NewLoadout,
    ResourceQuery, WageRateRequest,
)
from ledgerline_contracts.views.workorders import EmployeeView, EquipmentView, JobSettingsView, LoadoutView
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.api.responses import page_of
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api

TAG = "crew and equipment"


def _body(req: ApiRequest) -> dict:
    return req.body.model_dump(mode="json", exclude_unset=True)


@api.endpoint("GET", "/employees", capability=Capability.VIEW_CREW, tag=TAG, query=ResourceQuery,
              response=page_of(EmployeeView), summary="List employees (wages only for those who see money)")
def list_employees(req: ApiRequest):
    return req.call("workorders", "list_employees", **req.query.model_dump(mode="json", exclude_none=True))


@api.endpoint("POST", "/employees", capability=Capability.MANAGE_CREW, tag=TAG, status=201, body=NewEmployee,
              response=EmployeeView, summary="Add an employee with the wage and burden in force from a date")
def add_employee(req: ApiRequest):
    return req.call("workorders", "add_employee", _body(req))


@api.endpoint("GET", "/employees/<uuid:employee_id>", capability=Capability.VIEW_CREW, tag=TAG,
              response=EmployeeView, summary="Show an employee")
def get_employee(req: ApiRequest):
    return req.call("workorders", "get_employee", str(req.path["employee_id"]))


@api.endpoint("PATCH", "/employees/<uuid:employee_id>", capability=Capability.MANAGE_CREW, tag=TAG,
              body=EditEmployee, response=EmployeeView, summary="Change an employee's name, login, role or tier")
def update_employee(req: ApiRequest):
    return req.call("workorders", "update_employee", str(req.path["employee_id"]), _body(req))


@api.endpoint("POST", "/employees/<uuid:employee_id>/rates", capability=Capability.MANAGE_CREW, tag=TAG,
              status=201, body=WageRateRequest, response=EmployeeView,
              summary="A new wage and burden from a date on (costs already incurred keep theirs)")
def set_employee_wage(req: ApiRequest):
    return req.call("workorders", "set_employee_wage", str(req.path["employee_id"]), _body(req))


@api.endpoint("GET", "/equipment", capability=Capability.VIEW_CREW, tag=TAG, query=ResourceQuery,
              response=page_of(EquipmentView), summary="List equipment (rates only for those who see money)")
def list_equipment(req: ApiRequest):
    return req.call("workorders", "list_equipment", **req.query.model_dump(mode="json", exclude_none=True))


@api.endpoint("POST", "/equipment", capability=Capability.MANAGE_CREW, tag=TAG, status=201, body=NewEquipment,
              response=EquipmentView, summary="Add a machine with its hourly cost rate from a date")
def add_equipment(req: ApiRequest):
    return req.call("workorders", "add_equipment", _body(req))


@api.endpoint("PATCH", "/equipment/<uuid:equipment_id>", capability=Capability.MANAGE_CREW, tag=TAG,
              body=EditEquipment, response=EquipmentView, summary="Rename or retire a machine")
def update_equipment(req: ApiRequest):
    return req.call("workorders", "update_equipment", str(req.path["equipment_id"]), _body(req))


@api.endpoint("POST", "/equipment/<uuid:equipment_id>/rates", capability=Capability.MANAGE_CREW, tag=TAG,
              status=201, body=EquipmentRateRequest, response=EquipmentView,
              summary="A new hourly rate from a date on")
def set_equipment_rate(req: ApiRequest):
    return req.call("workorders", "set_equipment_rate", str(req.path["equipment_id"]), _body(req))


@api.endpoint("GET", "/loadouts", capability=Capability.VIEW_CREW, tag=TAG, query=ResourceQuery,
              response=page_of(LoadoutView), summary="List loadouts")
def list_loadouts(req: ApiRequest):
    return req.call("workorders", "list_loadouts", limit=req.query.limit, offset=req.query.offset)


@api.endpoint("POST", "/loadouts", capability=Capability.MANAGE_CREW, tag=TAG, status=201, body=NewLoadout,
              response=LoadoutView, summary="A named set of equipment with its default crew")
def add_loadout(req: ApiRequest):
    return req.call("workorders", "add_loadout", _body(req))


@api.endpoint("GET", "/work-order-settings", capability=Capability.VIEW_CREW, tag=TAG,
              response=JobSettingsView, summary="Photo minimums and alert thresholds for jobs")
def get_job_settings(req: ApiRequest):
    return req.call("workorders", "get_job_settings")


@api.endpoint("PUT", "/work-order-settings", capability=Capability.SCHEDULE_WORK, tag=TAG, body=JobSettingsRequest,
              response=JobSettingsView, summary="Set the photo minimums and alert thresholds")
def save_job_settings(req: ApiRequest):
    return req.call("workorders", "save_job_settings", req.body.model_dump(mode="json"))
