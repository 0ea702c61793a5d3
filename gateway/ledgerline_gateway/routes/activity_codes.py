"""Activity codes (owned by timetracking)."""

from __future__ import annotations

from ledgerline_contracts.commands.timetracking import ActivityCodeQuery, EditActivityCode, NewActivityCode
from ledgerline_contracts.views.timetracking import ActivityCodeView
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.api.responses import list_of
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


@api.endpoint("POST", "/activity-codes", capability=Capability.MANAGE_BILLING, tag="activity codes", status=201,
              body=NewActivityCode, response=ActivityCodeView, summary="Create an activity code (billable by default or not)")
def create_activity_code(req: ApiRequest):
    return req.call("timetracking", "create_activity_code", req.body.model_dump(mode="json"))


@api.endpoint("GET", "/activity-codes", capability=Capability.VIEW_TEAM_WORK, tag="activity codes",
              query=ActivityCodeQuery, response=list_of(ActivityCodeView), summary="List activity codes")
def list_activity_codes(req: ApiRequest):
    return req.call("timetracking", "list_activity_codes", include_inactive=req.query.include_inactive)


@api.endpoint("PATCH", "/activity-codes/<uuid:code_id>", capability=Capability.MANAGE_BILLING,
              tag="activity codes", body=EditActivityCode, response=ActivityCodeView,
              summary="Rename an activity code, change its billable default, or retire it")
def update_activity_code(req: ApiRequest):
    return req.call("timetracking", "update_activity_code", str(req.path["code_id"]),
                    req.body.model_dump(mode="json", exclude_unset=True))
