"""Expenses and their receipts (owned by timetracking)."""

from __future__ import annotations

from ledgerline_contracts.commands.timetracking import EditExpense, NewExpense, WorkFilters
from ledgerline_contracts.views.timetracking import ExpenseView, Receipt
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.api.responses import page_of
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api
from ledgerline_gateway.routes.time import filters_of


@api.endpoint("POST", "/expenses", capability=Capability.RECORD_TIME, tag="expenses", status=201, body=NewExpense,
              response=ExpenseView,
              summary="Record an expense, optionally with a receipt (photo or PDF, base64)")
def record_expense(req: ApiRequest):
    return req.call("timetracking", "record_expense", req.body.model_dump(mode="json", exclude_unset=True))


@api.endpoint("GET", "/expenses", capability=Capability.VIEW_TIME, tag="expenses", query=WorkFilters,
              response=page_of(ExpenseView),
              summary="List expenses")
def list_expenses(req: ApiRequest):
    return req.call("timetracking", "list_expenses", **filters_of(req))


@api.endpoint("GET", "/expenses/<uuid:expense_id>", capability=Capability.VIEW_TIME, tag="expenses",
              response=ExpenseView,
              summary="Show an expense")
def get_expense(req: ApiRequest):
    return req.call("timetracking", "get_expense", str(req.path["expense_id"]))


@api.endpoint("GET", "/expenses/<uuid:expense_id>/receipt", capability=Capability.VIEW_TEAM_WORK, tag="expenses",
              response=Receipt,
              summary="Download an expense's receipt (base64)")
def get_receipt(req: ApiRequest):
    return req.call("timetracking", "get_receipt", str(req.path["expense_id"]))


@api.endpoint("PATCH", "/expenses/<uuid:expense_id>", capability=Capability.RECORD_TIME, tag="expenses",
              body=EditExpense, response=ExpenseView,
              summary="Change your own expense (not once billed); \"receipt\": null removes it")
def update_expense(req: ApiRequest):
    return req.call("timetracking", "update_expense", str(req.path["expense_id"]),
                    req.body.model_dump(mode="json", exclude_unset=True))


@api.endpoint("DELETE", "/expenses/<uuid:expense_id>", capability=Capability.RECORD_TIME, tag="expenses",
              status=204, summary="Delete your own unbilled expense")
def delete_expense(req: ApiRequest):
    return req.call("timetracking", "delete_expense", str(req.path["expense_id"]))
