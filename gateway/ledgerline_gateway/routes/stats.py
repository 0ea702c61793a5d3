"""A person's time stats and capacity (owned by timetracking)."""

from __future__ import annotations

from ledgerline_contracts.commands.timetracking import Capacity, DayQuery
from ledgerline_contracts.views.timetracking import CapacityView, TimeStats
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api
from ledgerline_gateway.routes.time import filters_of


@api.endpoint("GET", "/stats/time", capability=Capability.VIEW_TEAM_WORK, tag="stats", query=DayQuery,
              response=TimeStats,
              summary="Billable and non-billable hours today and this week, and utilization against the target")
def time_stats(req: ApiRequest):
    return req.call("timetracking", "time_stats", **filters_of(req))


@api.endpoint("PUT", "/capacities/<uuid:user_id>", capability=Capability.MANAGE_USERS, tag="stats", body=Capacity,
              response=CapacityView,
              summary="Set a person's weekly hours and utilization target (default 40 h, 75 %)")
def set_capacity(req: ApiRequest):
    return req.call("timetracking", "set_capacity", str(req.path["user_id"]), req.body.model_dump(mode="json"))
