"""Tickets and matters: the list with an open-a-matter form, and one matter's work panel (its time,
parts from the catalog with stock on hand, expenses with receipts, and the running total)."""

from __future__ import annotations

import base64

from flask import request
from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from ledgerline_contracts import ValidationFailed
from ledgerline_contracts.commands.timetracking import EXPENSE_CATEGORIES, NewExpense, NewMatter, NewPart, ReceiptUpload
from ledgerline_gateway.files import Binary
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import (
    REFUSALS, Form, act, call, can, done, every, page_args, read_form, refused, render,
)
from ledgerline_servicekit.clock import today

MATTER_STATUSES = ("open", "closed")


@web.page("GET", "/matters", capability=Capability.VIEW_TIME, title="See tickets and matters",
          nav="Tickets & matters", order=18)
def matters_page(form: Form | None = None, status: int = 200):
    wanted = request.args.get("status", "open")  # "any" for every status (kept across pages)
    filters = {"status": wanted if wanted in MATTER_STATUSES else None, "search": request.args.get("search") or None}
    limit, offset = page_args()
    matters = call("timetracking", "list_matters", limit=limit, offset=offset, **filters)
    opening = can(Capability.RECORD_TIME)
    accounts = [(a["id"], a["name"]) for a in every("invoicing", "list_accounts")] if opening else []
    return render("matters/list.html", status, matters=matters, filters=filters, wanted=wanted, limit=limit,
                  offset=offset,
                  statuses=MATTER_STATUSES, opening=opening, account_options=accounts,
                  form=form or Form(values={"kind": "ticket"}))


@web.page("POST", "/matters", capability=Capability.RECORD_TIME, title="Open a ticket or matter")
def open_matter():
    command, form = read_form(NewMatter, request.form)
    if command is not None:
        try:
            matter = call("timetracking", "open_matter", command.model_dump(mode="json", exclude_unset=True))
        except REFUSALS as error:
            form.fail(error)
        else:
            return done(f"{matter['kind'].title()} {matter['reference']} opened.", "web.matter_page",
                        matter_id=matter["id"])
    return matters_page(form, 422)


def _catalog_options() -> list[tuple[str, str]]:
    """Parts people can add, with what is in stock, so nobody promises what is not there."""
    def label(item: dict) -> str:
        price = f"{item['unit_price']['amount']} {item['unit_price']['currency']}"
        stock = "not stocked" if item["stock_on_hand"] is None else f"{item['stock_on_hand']} in stock"
        return f"{item['sku']} – {item['name']} ({price}, {stock})"

    return [(i["id"], label(i)) for i in every("invoicing", "list_catalog_items") if i["kind"] == "part"]


@web.page("GET", "/matters/<uuid:matter_id>", capability=Capability.VIEW_TIME, title="See a ticket or matter")
def matter_page(matter_id, part_form: Form | None = None, expense_form: Form | None = None, status: int = 200):
    matter = call("timetracking", "get_matter", str(matter_id))
    work = {"matter_id": str(matter_id), "limit": 100}
    recording = can(Capability.RECORD_TIME) and matter["status"] == "open"
    on = today().isoformat()
    return render(
        "matters/detail.html", status, matter=matter, recording=recording,
        entries=call("timetracking", "list_time_entries", **work),
        parts=call("timetracking", "list_parts", **work),
        expenses=call("timetracking", "list_expenses", **work),
        total=call("timetracking", "matter_total", str(matter_id)) if can(Capability.VIEW_PRICES) else None,
        catalog_options=_catalog_options() if recording and can(Capability.VIEW_PRICES) else [],
        categories=[(c, c.title()) for c in EXPENSE_CATEGORIES],
        part_form=part_form or Form(values={"quantity": "1", "work_date": on, "billable": True}),
        expense_form=expense_form or Form(values={"work_date": on, "category": "travel", "billable": True}))


def _on(matter_id) -> MultiDict:
    """The posted form, on the matter in the address (whatever the form says)."""
    data = request.form.copy()
    data["matter_id"] = str(matter_id)
    return data


@web.page("POST", "/matters/<uuid:matter_id>/parts", capability=Capability.RECORD_TIME, title="Add a part to a ticket")
def add_part(matter_id):
    command, form = read_form(NewPart, _on(matter_id))
    if command is not None:
        try:
            part = call("timetracking", "add_part", command.model_dump(mode="json", exclude_unset=True))
        except REFUSALS as error:
            if error.field == "matter_id":  # closed meanwhile: the panel no longer shows the form
                return refused(error, "web.matter_page", matter_id=matter_id)
            form.fail(error)
        else:
            return done(f"Part added: {part['quantity']} × {part['name']}.", "web.matter_page", matter_id=matter_id)
    return matter_page(matter_id, part_form=form, status=422)


def _receipt() -> dict | None:
    """The uploaded receipt as the API takes it (base64); the service checks its type and size."""
    upload = request.files.get("receipt")
    if upload is None or not upload.filename:
        return None
    content = upload.read()
    if not content:
        raise ValidationFailed("the receipt file is empty", "receipt")
    try:
        return ReceiptUpload(filename=upload.filename, content_type=upload.mimetype or "application/octet-stream",
                             content_base64=base64.b64encode(content).decode("ascii")).model_dump(mode="json")
    except ValidationError as error:  # e.g. a file name longer than the service keeps
        problem = error.errors()[0]
        raise ValidationFailed(f"receipt {problem['loc'][0]}: {problem['msg']}", "receipt") from None


@web.page("GET", "/expenses/<uuid:expense_id>/receipt", capability=Capability.VIEW_TEAM_WORK,
          title="Open an expense's receipt")
def expense_receipt(expense_id):
    receipt = call("timetracking", "get_receipt", str(expense_id))
    return Binary.from_base64(receipt["content_base64"], receipt["content_type"], receipt["filename"]).response(200)


@web.page("POST", "/matters/<uuid:matter_id>/expenses", capability=Capability.RECORD_TIME,
          title="Add an expense to a ticket")
def add_expense(matter_id):
    command, form = read_form(NewExpense, _on(matter_id))
    form.values["receipt"] = ""
    if command is not None:
        try:
            receipt = _receipt()
            body = command.model_dump(mode="json", exclude_unset=True) | ({"receipt": receipt} if receipt else {})
            expense = call("timetracking", "record_expense", body)
        except REFUSALS as error:
            if error.field == "matter_id":  # closed meanwhile: the panel no longer shows the form
                return refused(error, "web.matter_page", matter_id=matter_id)
            # The service names the receipt's part that is wrong (receipt.content_type); the form has one field.
            form.fail(type(error)(error.message, "receipt") if (error.field or "").startswith("receipt") else error)
        else:
            amount = expense["amount"]
            return done(f"Expense recorded: {amount['amount']} {amount['currency']}.", "web.matter_page",
                        matter_id=matter_id)
    return matter_page(matter_id, expense_form=form, status=422)


# Added by mistake: your own unbilled parts and expenses come off the ticket (the service re-checks).

@web.page("POST", "/matters/<uuid:matter_id>/parts/<uuid:part_id>/remove", capability=Capability.RECORD_TIME,
          title="Remove a part from a ticket")
def remove_part(matter_id, part_id):
    return act(lambda: call("timetracking", "delete_part", str(part_id)), "Part removed; its stock goes back to the catalog.",
               "web.matter_page", matter_id=matter_id)


@web.page("POST", "/matters/<uuid:matter_id>/expenses/<uuid:expense_id>/remove", capability=Capability.RECORD_TIME,
          title="Remove an expense from a ticket")
def remove_expense(matter_id, expense_id):
    return act(lambda: call("timetracking", "delete_expense", str(expense_id)), "Expense removed.",
               "web.matter_page", matter_id=matter_id)
