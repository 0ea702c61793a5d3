"""Parts used on tickets (owned by timetracking), picked from invoicing's catalog
(searched with ``GET /catalog-items``, in :mod:`.pricing`)."""

from __future__ import annotations

from ledgerline_contracts.commands.timetracking import EditPart, NewPart, WorkFilters
from ledgerline_contracts.views.timetracking import AddedPart, PartView
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.api.responses import page_of
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api
from ledgerline_gateway.routes.time import filters_of


@api.endpoint("POST", "/parts", capability=Capability.RECORD_TIME, tag="parts", status=201, body=NewPart,
              response=AddedPart,
              summary="Add a part from the catalog to a ticket (its price is snapshotted)")
def add_part(req: ApiRequest):
    return req.call("timetracking", "add_part", req.body.model_dump(mode="json", exclude_unset=True))


@api.endpoint("GET", "/parts", capability=Capability.VIEW_TIME, tag="parts", query=WorkFilters,
              response=page_of(PartView),
              summary="List parts used")
def list_parts(req: ApiRequest):
    return req.call("timetracking", "list_parts", **filters_of(req))


@api.endpoint("GET", "/parts/<uuid:part_id>", capability=Capability.VIEW_TIME, tag="parts",
              response=PartView,
              summary="Show a part used")
def get_part(req: ApiRequest):
    return req.call("timetracking", "get_part", str(req.path["part_id"]))


@api.endpoint("PATCH", "/parts/<uuid:part_id>", capability=Capability.RECORD_TIME, tag="parts", body=EditPart,
              response=PartView,
              summary="Change your own part entry (quantity, serial number, date, billable; not once billed)")
def update_part(req: ApiRequest):
    return req.call("timetracking", "update_part", str(req.path["part_id"]),
                    req.body.model_dump(mode="json", exclude_unset=True))


@api.endpoint("DELETE", "/parts/<uuid:part_id>", capability=Capability.RECORD_TIME, tag="parts", status=204,
              summary="Remove your own unbilled part entry")
def delete_part(req: ApiRequest):
    return req.call("timetracking", "delete_part", str(req.path["part_id"]))
