"""Matters and tickets, and their live totals (owned by timetracking)."""

from __future__ import annotations

from ledgerline_contracts.commands.timetracking import EditMatter, MatterFilters, NewMatter
from ledgerline_contracts.views.timetracking import MatterTotal, MatterView
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.api.responses import page_of
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api
from ledgerline_gateway.routes.time import filters_of


@api.endpoint("POST", "/matters", capability=Capability.RECORD_TIME, tag="matters", status=201, body=NewMatter,
              response=MatterView,
              summary="Open a matter or ticket under an account")
def open_matter(req: ApiRequest):
    return req.call("timetracking", "open_matter", req.body.model_dump(mode="json", exclude_unset=True))


@api.endpoint("GET", "/matters", capability=Capability.VIEW_TIME, tag="matters", query=MatterFilters,
              response=page_of(MatterView),
              summary="List matters and tickets (by account, kind, status, reference or title)")
def list_matters(req: ApiRequest):
    return req.call("timetracking", "list_matters", **filters_of(req))


@api.endpoint("GET", "/matters/<uuid:matter_id>", capability=Capability.VIEW_TIME, tag="matters",
              response=MatterView,
              summary="Show a matter or ticket")
def get_matter(req: ApiRequest):
    return req.call("timetracking", "get_matter", str(req.path["matter_id"]))


@api.endpoint("PATCH", "/matters/<uuid:matter_id>", capability=Capability.RECORD_TIME, tag="matters",
              body=EditMatter, response=MatterView,
              summary="Rename, close or reopen a matter or ticket")
def update_matter(req: ApiRequest):
    return req.call("timetracking", "update_matter", str(req.path["matter_id"]),
                    req.body.model_dump(mode="json", exclude_unset=True))


@api.endpoint("GET", "/matters/<uuid:matter_id>/total", capability=Capability.VIEW_PRICES, tag="matters",
              response=MatterTotal,
              summary="Live total of a matter's or ticket's billable work not yet billed (priced by invoicing)")
def matter_total(req: ApiRequest):
    return req.call("timetracking", "matter_total", str(req.path["matter_id"]))
