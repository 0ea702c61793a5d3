"""The field manager's work-order pages: the list with its filters and a new direct work order,
one work order (costing against the estimate with its alerts, line items, crew time, documents,
checklist, and the invoice drafted from it once completed), scheduling with a week view of who is
where, proposals, and the estimate-accuracy report. The rules live in the workorders service
(docs/workorders.md); these pages show them and send its forms."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from flask import g, request
from pydantic import BaseModel

from ledgerline_contracts.commands.workorders import (
    NewDirectWorkOrder, NewLineItem, NewProposal, ReportQuery, ScheduleWorkOrder, WorkOrderQuery,
)
from ledgerline_gateway.files import Binary
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import (
    REFUSALS, Form, can, call, done, every, page_args, read_form, render, sentence,
)
from ledgerline_servicekit.clock import today

STATUSES = ("created", "scheduled", "in_progress", "completed", "invoiced")
PHASES = ("before", "during", "after")


def _filters() -> dict:
    """The list's filters as sent; anything the API's query would refuse is dropped, not an error page."""
    sent = {name: request.args.get(name) or None for name in ("status", "account_id", "date_from", "date_to")}
    try:
        WorkOrderQuery.model_validate({k: v for k, v in sent.items() if v})
    except (ValueError, *REFUSALS):
        return {"status": sent["status"] if sent["status"] in STATUSES else None}
    return sent


def _accounts() -> list[dict]:
    """The customers to filter by or make work for (a customer sees only their own work anyway)."""
    return [] if g.actor.is_customer else list(every("invoicing", "list_accounts"))


def _options(accounts: list[dict]) -> list[tuple[str, str]]:
    return [(a["id"], a["name"]) for a in accounts]


@web.page("GET", "/work-orders", capability=Capability.VIEW_WORK_ORDERS, title="See work orders", nav="Work orders",
          order=30)
def work_orders_page(form: Form | None = None, status: int = 200):
    filters = _filters()
    limit, offset = page_args()
    orders = call("workorders", "list_work_orders", limit=limit, offset=offset,
                  **{k: v for k, v in filters.items() if v})
    accounts = _accounts()
    return render("work_orders/list.html", status, orders=orders, filters=filters, statuses=STATUSES,
                  accounts=accounts, account_options=_options(accounts),
                  limit=limit, offset=offset, form=form or Form(values={"target_margin_percent": "50"}))


def _line_from(prefix: str) -> dict | None:
    """The one line item a form may carry (fields ``line_*``); none when its description is empty."""
    fields = {name: request.form.get(f"{prefix}{name}", "").strip() for name in NewLineItem.model_fields}
    return {k: v for k, v in fields.items() if v} if fields["description"] else None


@web.page("POST", "/work-orders", capability=Capability.SCHEDULE_WORK, title="Create a direct work order")
def create_work_order():
    command, form = read_form(NewDirectWorkOrder, request.form)
    if command is not None:
        try:
            order = call("workorders", "create_work_order", command.model_dump(mode="json"))
        except REFUSALS as error:
            form.fail(error)
        else:
            return done(f"Work order {order['number']} created: schedule it next.", "web.schedule_page",
                        work_order_id=order["id"])
    return work_orders_page(form=form, status=422)


# --- one work order ------------------------------------------------------------------------------


def _drafted_invoice(order: dict) -> dict | None:
    """The invoice invoicing drafted from this completed job: the work order learns its invoice only
    once it is posted, so until then it is found among the account's unposted invoices."""
    if order["invoice_id"]:
        return {"id": order["invoice_id"], "number": order["invoice_number"]}
    # A customer sees invoices once sent, so a draft is nothing to them yet.
    if order["status"] != "completed" or not can(Capability.VIEW_INVOICE) or g.actor.is_customer:
        return None
    for status in ("draft", "approved"):
        for summary in every("invoicing", "list_invoices", cap=200, account_id=order["account_id"], status=status):
            invoice = call("invoicing", "get_invoice", summary["id"])
            if (invoice.get("work_order") or {}).get("id") == order["id"]:
                return {"id": invoice["id"], "number": invoice.get("number")}
    return None


def _gallery(order: dict) -> dict[str, list[dict]]:
    return {phase: [p for p in order["photos"] if p["tag"] == phase] for phase in PHASES}


@web.page("GET", "/work-orders/<uuid:work_order_id>", capability=Capability.VIEW_WORK_ORDERS,
          title="See a work order")
def work_order_page(work_order_id):
    order = call("workorders", "get_work_order", str(work_order_id))
    notes = [n for n in order["notes"] if n["kind"] not in ("safety_incident", "near_miss")]
    incidents = [n for n in order["notes"] if n["kind"] in ("safety_incident", "near_miss")]
    return render("work_orders/detail.html", order=order, costing=order.get("costing"), gallery=_gallery(order),
                  notes=notes, incidents=incidents, invoice=_drafted_invoice(order),
                  running=[t for t in order["time_entries"] if t["clock_out"] is None])


@web.page("GET", "/work-orders/<uuid:work_order_id>/photos/<uuid:photo_id>", capability=Capability.VIEW_WORK_ORDERS,
          title="See a job photo")
def job_photo_image(work_order_id, photo_id):
    photo = call("workorders", "get_photo", str(work_order_id), str(photo_id))
    # No file name: the browser shows it in the gallery rather than downloading it.
    return Binary.from_base64(photo["content_base64"], photo["content_type"]).response(200)


# --- scheduling ----------------------------------------------------------------------------------


def _resources() -> dict:
    loadouts = list(every("workorders", "list_loadouts"))
    return {"employees": list(every("workorders", "list_employees", active=True)),
            "equipment": list(every("workorders", "list_equipment", active=True)),
            "loadout_options": [(lo["id"], lo["name"]) for lo in loadouts]}


@web.page("GET", "/work-orders/<uuid:work_order_id>/schedule", capability=Capability.SCHEDULE_WORK,
          title="Schedule a work order")
def schedule_page(work_order_id, form: Form | None = None, status: int = 200):
    order = call("workorders", "get_work_order", str(work_order_id))
    form = form or Form(values={
        "scheduled_on": order["scheduled_on"] or today().isoformat(), "start_time": order["start_time"] or "",
        "loadout_id": order["loadout_id"] or "", "crew_employee_ids": [c["employee_id"] for c in order["crew"]],
        "equipment_ids": [e["equipment_id"] for e in order["equipment"]]})
    return render("work_orders/schedule.html", status, order=order, form=form, **_resources())


@web.page("POST", "/work-orders/<uuid:work_order_id>/schedule", capability=Capability.SCHEDULE_WORK,
          title="Schedule a work order")
def schedule_work_order(work_order_id):
    command, form = read_form(ScheduleWorkOrder, request.form)
    form.values["crew_employee_ids"] = request.form.getlist("crew_employee_ids")
    form.values["equipment_ids"] = request.form.getlist("equipment_ids")
    if command is not None:
        try:
            order = call("workorders", "schedule_work_order", str(work_order_id),
                         command.model_dump(mode="json", exclude_none=True))
        except REFUSALS as error:
            form.fail(error)
        else:
            return done(f"{order['number']} scheduled for {order['scheduled_on']}.", "web.work_order_page",
                        work_order_id=work_order_id)
    return schedule_page(work_order_id, form=form, status=422)


def _week_start() -> date:
    try:
        chosen = date.fromisoformat(request.args.get("week", ""))
    except ValueError:
        chosen = today()
    return chosen - timedelta(days=chosen.weekday())


@web.page("GET", "/work-orders/week", capability=Capability.SCHEDULE_WORK, title="See the week's schedule",
          nav="Schedule", order=31)
def week_page():
    monday = _week_start()
    days = [monday + timedelta(days=n) for n in range(7)]
    orders = list(every("workorders", "list_work_orders", date_from=days[0].isoformat(),
                        date_to=days[-1].isoformat()))
    by_day = {day.isoformat(): sorted((o for o in orders if o["scheduled_on"] == day.isoformat()),
                                      key=lambda o: o["start_time"] or "") for day in days}
    # Who is where: each crew member's job per day (someone on two jobs a day shows both).
    people: dict[str, dict[str, list[dict]]] = {}
    for order in orders:
        for member in order["crew"]:
            people.setdefault(member["name"], {}).setdefault(order["scheduled_on"], []).append(order)
    return render("work_orders/week.html", days=days, by_day=by_day, people=dict(sorted(people.items())),
                  previous=(monday - timedelta(days=7)).isoformat(), next=(monday + timedelta(days=7)).isoformat())


# --- proposals -----------------------------------------------------------------------------------


def _proposal_form(data) -> tuple[BaseModel | None, Form]:
    """The proposal's own fields and its line items (``line-N-<field>``, as many as were filled in)."""
    values = {name: data.get(name, "") for name in ("account_id", "title", "site_address", "scope_included",
                                                     "scope_excluded", "scheduled_on")}
    lines = [line for n in range(LINE_ROWS) if (line := _line_from(f"line-{n}-"))]
    sent = {k: v.strip() for k, v in values.items() if v.strip()} | {"line_items": lines}
    form = Form(values={**values, **{k: v for k, v in data.items() if k.startswith("line-")}, "line_items": ""})
    try:
        return NewProposal.model_validate(sent), form
    except ValueError as error:
        for problem in error.errors():
            loc = problem["loc"]
            name = str(loc[0])
            if name == "line_items" and len(loc) >= 3:
                name = f"line-{loc[1]}-{loc[2]}"
            message = problem["msg"].removeprefix("Value error, ")
            form.errors.setdefault(name if name in form.values or name.startswith("line-") else "line_items",
                                   sentence(message))
        return None, form
    except REFUSALS as error:  # a rule across fields
        form.fail(error)
        return None, form


LINE_ROWS = 3  # line items a new proposal's form offers; more are added on the API


@web.page("GET", "/proposals", capability=Capability.VIEW_PROPOSALS, title="See proposals", nav="Proposals",
          order=32)
def proposals_page(form: Form | None = None, status: int = 200):
    limit, offset = page_args()
    proposals = call("workorders", "list_proposals", limit=limit, offset=offset)
    accounts = _accounts() if can(Capability.SCHEDULE_WORK) else []
    return render("work_orders/proposals.html", status, proposals=proposals, limit=limit, offset=offset,
                  account_options=_options(accounts), rows=range(LINE_ROWS),
                  form=form or Form(values={"scheduled_on": today().isoformat()}))


@web.page("POST", "/proposals", capability=Capability.SCHEDULE_WORK, title="Make a proposal")
def make_proposal():
    command, form = _proposal_form(request.form)
    if command is not None:
        try:
            proposal = call("workorders", "make_proposal", command.model_dump(mode="json"))
        except REFUSALS as error:
            form.fail(error)
        else:
            return done(f"Proposal made: {proposal['title']}. Send the customer its link to sign.",
                        "web.proposal_page", proposal_id=proposal["id"])
    return proposals_page(form=form, status=422)


@web.page("GET", "/proposals/<uuid:proposal_id>", capability=Capability.VIEW_PROPOSALS, title="See a proposal")
def proposal_page(proposal_id):
    proposal = call("workorders", "get_proposal", str(proposal_id))
    return render("work_orders/proposal.html", proposal=proposal,
                  sign_link=request.url_root.rstrip("/") + f"/proposals/{proposal['id']}")


# --- the estimate-accuracy report -------------------------------------------------------------------


@web.page("GET", "/reports/estimate-accuracy", capability=Capability.VIEW_JOB_COSTS,
          title="See the estimate-accuracy report", nav="Estimate accuracy", order=33)
def accuracy_page():
    sent = {name: request.args.get(name) or None for name in ("date_from", "date_to")}
    form = Form(values={k: v or "" for k, v in sent.items()})
    try:
        query = ReportQuery.model_validate({k: v for k, v in sent.items() if v})
    except (ValueError, *REFUSALS):
        form.message = "Enter the period as two dates (YYYY-MM-DD), the first not after the second."
        query = ReportQuery()
    report = call("workorders", "estimate_accuracy", **query.model_dump(mode="json", exclude_none=True))
    bars, hundred = _chart(report)
    return render("work_orders/accuracy.html", report=report, form=form, chart=bars, chart_hundred=hundred)


def _chart(report: dict) -> tuple[list[dict], Decimal]:
    """Bars for the inline SVG chart (crew efficiency per service type, as a share of the widest
    bar) and where 100 % falls on that scale."""
    rows = [r for r in report["efficiency_by_service_type"] if r["efficiency_percent"] is not None]
    widest = max([Decimal(r["efficiency_percent"]) for r in rows] + [Decimal(100)])
    bars = [{"label": r["service_type"], "value": r["efficiency_percent"],
             "width": round(Decimal(r["efficiency_percent"]) / widest * 100, 1)} for r in rows]
    return bars, round(100 / widest * 100, 1)
