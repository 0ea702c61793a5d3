"""Work orders (owned by workorders)."""

from __future__ import annotations

from ledgerline_contracts.commands.base import Page
from ledgerline_contracts.commands.workorders import NewWorkOrder
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


@api.endpoint("POST", "/work-orders", capability=Capability.SCHEDULE_WORK, tag="work orders", status=201,
              summary="Schedule a work order", body=NewWorkOrder)
def schedule_work_order(req: ApiRequest):
    return req.call("workorders", "schedule_work_order", req.body.model_dump(mode="json"))


@api.endpoint("GET", "/work-orders", capability=Capability.VIEW_WORK_ORDERS, tag="work orders",
              summary="List work orders", query=Page)
def list_work_orders(req: ApiRequest):
    return req.call("workorders", "list_work_orders", limit=req.query.limit, offset=req.query.offset)
