"""Crews and their gear for field work: employees with their effective-dated wage and burden,
equipment with its hourly rates, and loadouts. Wages and rates come only to the roles that may
see money (the service sends ``rates: null`` to the others)."""

from __future__ import annotations

from flask import request

from ledgerline_contracts import NotFound
from ledgerline_contracts.commands.workorders import EquipmentRateRequest, NewEmployee, NewEquipment, WageRateRequest
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import REFUSALS, Form, call, done, every, read_form, render
from ledgerline_servicekit.clock import today


def _everything() -> dict:
    employees = list(every("workorders", "list_employees"))
    equipment = list(every("workorders", "list_equipment"))
    names = {e["id"]: e["name"] for e in employees} | {m["id"]: m["name"] for m in equipment}
    loadouts = [{**lo, "crew": [names.get(i, "—") for i in lo["crew_employee_ids"]],
                 "gear": [names.get(i, "—") for i in lo["equipment_ids"]]}
                for lo in every("workorders", "list_loadouts")]
    return {"employees": employees, "equipment": equipment, "loadouts": loadouts}


def _fresh() -> Form:
    return Form(values={"effective_from": today().isoformat(), "burden_multiplier": "1.7"})


@web.page("GET", "/crew", capability=Capability.VIEW_CREW, title="See crews and equipment",
          nav="Crew & equipment", order=34)
def crew_page(status: int = 200, employee: Form | None = None, machine: Form | None = None):
    return render("work_orders/crew.html", status, employee=employee or _fresh(), machine=machine or _fresh(),
                  **_everything())


def _add(model, method: str, what: str, again_as: str):
    command, form = read_form(model, request.form)
    if command is not None:
        try:
            made = call("workorders", method, command.model_dump(mode="json", exclude_none=True))
        except REFUSALS as error:
            form.fail(error)
        else:
            return done(f"{what} added: {made['name']}.", "web.crew_page")
    return crew_page(422, **{again_as: form})


@web.page("POST", "/crew/employees", capability=Capability.MANAGE_CREW, title="Add an employee")
def add_employee():
    return _add(NewEmployee, "add_employee", "Employee", "employee")


@web.page("POST", "/crew/equipment", capability=Capability.MANAGE_CREW, title="Add equipment")
def add_equipment():
    return _add(NewEquipment, "add_equipment", "Equipment", "machine")


# --- one employee's or machine's rates, a new one from a date ------------------------------------------

KINDS = {"employees": ("set_employee_wage", WageRateRequest), "equipment": ("set_equipment_rate", EquipmentRateRequest)}


def _resource(kind: str, resource_id) -> dict:
    if kind == "employees":
        return call("workorders", "get_employee", str(resource_id))
    # Equipment has no read of its own: it is found in the list (a stranger's id is not there).
    found = next((m for m in every("workorders", "list_equipment") if m["id"] == str(resource_id)), None)
    if found is None:
        raise NotFound("no such equipment", "equipment_id")
    return found


@web.page("GET", "/crew/<any(employees, equipment):kind>/<uuid:resource_id>", capability=Capability.MANAGE_CREW,
          title="See the rates of an employee or machine")
def rates_page(kind, resource_id, form: Form | None = None, status: int = 200):
    return render("work_orders/rates.html", status, kind=kind, resource=_resource(kind, resource_id),
                  form=form or _fresh())


@web.page("POST", "/crew/<any(employees, equipment):kind>/<uuid:resource_id>/rates",
          capability=Capability.MANAGE_CREW, title="Set a new rate from a date")
def set_rate(kind, resource_id):
    method, model = KINDS[kind]
    command, form = read_form(model, request.form)
    if command is not None:
        try:
            made = call("workorders", method, str(resource_id), command.model_dump(mode="json", exclude_none=True))
        except REFUSALS as error:
            form.fail(error)
        else:
            return done(f"New rate for {made['name']} from {command.effective_from or today()}.", "web.rates_page",
                        kind=kind, resource_id=resource_id)
    return rates_page(kind, resource_id, form=form, status=422)
