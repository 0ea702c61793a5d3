"""Time entries (owned by timetracking)."""

from __future__ import annotations

from ledgerline_contracts.commands.timetracking import NewTimeEntry, TimeEntryFilters
from ledgerline_gateway.api import ApiRequest
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


@api.endpoint("POST", "/time-entries", capability=Capability.RECORD_TIME, tag="time", status=201,
              summary="Record a time entry", body=NewTimeEntry)
def record_time_entry(req: ApiRequest):
    return req.call("timetracking", "record_time_entry", req.body.model_dump(mode="json"))


@api.endpoint("GET", "/time-entries", capability=Capability.VIEW_TIME, tag="time",
              summary="List time entries", query=TimeEntryFilters)
def list_time_entries(req: ApiRequest):
    q = req.query
    return req.call("timetracking", "list_time_entries",
                    account_id=str(q.account_id) if q.account_id else None, status=q.status,
                    limit=q.limit, offset=q.offset)


@api.endpoint("GET", "/time-entries/<uuid:entry_id>", capability=Capability.VIEW_TIME, tag="time",
              summary="Show a time entry")
def get_time_entry(req: ApiRequest):
    return req.call("timetracking", "get_time_entry", str(req.path["entry_id"]))
