"""Time entries (owned by timetracking)."""

from __future__ import annotations

from ledgerline_contracts.commands.timetracking import EditTimeEntry, NewTimeEntry, TimeEntryFilters
from ledgerline_contracts.views.timetracking import TimeEntryView
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.api.responses import list_of, page_of
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


def filters_of(req: ApiRequest) -> dict:
    """A list's query string as the service validates it again (unset filters left out)."""
    return req.query.model_dump(mode="json", exclude_none=True)


@api.endpoint("POST", "/time-entries", capability=Capability.RECORD_TIME, tag="time", status=201,
              response=TimeEntryView,
              summary="Record a time entry (start and end, or a duration and date)", body=NewTimeEntry)
def record_time_entry(req: ApiRequest):
    return req.call("timetracking", "record_time_entry", req.body.model_dump(mode="json", exclude_unset=True))


@api.endpoint("GET", "/time-entries", capability=Capability.VIEW_TIME, tag="time",
              response=page_of(TimeEntryView),
              summary="List time entries (by period, matter, account, person, billable, status)",
              query=TimeEntryFilters)
def list_time_entries(req: ApiRequest):
    return req.call("timetracking", "list_time_entries", **filters_of(req))


@api.endpoint("GET", "/time-entries/recent", capability=Capability.RECORD_TIME, tag="time",
              response=list_of(TimeEntryView),
              summary="Show your last 10 time entries")
def recent_time_entries(req: ApiRequest):
    return req.call("timetracking", "recent_time_entries")


@api.endpoint("GET", "/time-entries/<uuid:entry_id>", capability=Capability.VIEW_TIME, tag="time",
              response=TimeEntryView,
              summary="Show a time entry")
def get_time_entry(req: ApiRequest):
    return req.call("timetracking", "get_time_entry", str(req.path["entry_id"]))


@api.endpoint("PATCH", "/time-entries/<uuid:entry_id>", capability=Capability.RECORD_TIME, tag="time",
              response=TimeEntryView,
              summary="Change your own time entry (not once billed)", body=EditTimeEntry)
def update_time_entry(req: ApiRequest):
    return req.call("timetracking", "update_time_entry", str(req.path["entry_id"]),
                    req.body.model_dump(mode="json", exclude_unset=True))


@api.endpoint("DELETE", "/time-entries/<uuid:entry_id>", capability=Capability.RECORD_TIME, tag="time",
              status=204, summary="Delete your own unbilled time entry")
def delete_time_entry(req: ApiRequest):
    return req.call("timetracking", "delete_time_entry", str(req.path["entry_id"]))
