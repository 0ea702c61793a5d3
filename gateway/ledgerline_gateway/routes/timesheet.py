"""The daily timesheet (owned by timetracking)."""

from __future__ import annotations

from ledgerline_contracts.commands.timetracking import DayQuery
from ledgerline_contracts.views.timetracking import Timesheet
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api
from ledgerline_gateway.routes.time import filters_of


@api.endpoint("GET", "/timesheet", capability=Capability.VIEW_TEAM_WORK, tag="time", query=DayQuery,
              response=Timesheet,
              summary="One person's day across all tickets and matters (yours unless user_id is given)")
def timesheet(req: ApiRequest):
    return req.call("timetracking", "timesheet", **filters_of(req))
