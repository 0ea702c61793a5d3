"""Work orders: their lifecycle, time per line item, documentation, costing and performance
(owned by workorders). docs/workorders.md describes the rules behind each."""

from __future__ import annotations

from ledgerline_contracts.commands.workorders import (
    Checklist, ClockIn, ClockOut, CompleteWorkOrder, LineItemTime, NewDirectWorkOrder, NewIncident, NewLineItem,
    NewNote, NewPhoto, ReportQuery, ScheduleWorkOrder, SiteConditions, StartWorkOrder, WorkOrderQuery,
)
from ledgerline_contracts.views.workorders import (
    CostingView, EstimateAccuracyReport, PerformanceView, PhotoFile, WorkOrderSummary, WorkOrderView,
)
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.api.responses import page_of
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api

TAG = "work orders"
ORDER = "/work-orders/<uuid:work_order_id>"
LINE = ORDER + "/line-items/<uuid:line_id>"


def _order(req: ApiRequest) -> str:
    return str(req.path["work_order_id"])


@api.endpoint("GET", "/work-orders", capability=Capability.VIEW_WORK_ORDERS, tag=TAG, query=WorkOrderQuery,
              response=page_of(WorkOrderSummary),
              summary="List work orders: by status, account, proposal, direct only, dates, or mine (my crew's)")
def list_work_orders(req: ApiRequest):
    return req.call("workorders", "list_work_orders", **req.query.model_dump(mode="json", exclude_none=True))


@api.endpoint("POST", "/work-orders", capability=Capability.SCHEDULE_WORK, tag=TAG, status=201,
              body=NewDirectWorkOrder, response=WorkOrderView,
              summary="Create a direct work order (no proposal: insurance, emergency, fixed price)")
def create_work_order(req: ApiRequest):
    return req.call("workorders", "create_work_order", req.body.model_dump(mode="json"))


@api.endpoint("GET", ORDER, capability=Capability.VIEW_WORK_ORDERS, tag=TAG, response=WorkOrderView,
              summary="Show a work order with its line items, crew, time, documents and (for money roles) costs")
def get_work_order(req: ApiRequest):
    return req.call("workorders", "get_work_order", _order(req))


@api.endpoint("POST", ORDER + "/schedule", capability=Capability.SCHEDULE_WORK, tag=TAG, body=ScheduleWorkOrder,
              response=WorkOrderView, summary="Schedule: date, start time, loadout, crew and equipment")
def schedule_work_order(req: ApiRequest):
    return req.call("workorders", "schedule_work_order", _order(req), req.body.model_dump(mode="json"))


@api.endpoint("POST", ORDER + "/start", capability=Capability.WORK_IN_THE_FIELD, tag=TAG, body=StartWorkOrder,
              response=WorkOrderView, summary="Start work: weather, safety briefing and PPE verified")
def start_work_order(req: ApiRequest):
    return req.call("workorders", "start_work_order", _order(req), req.body.model_dump(mode="json"))


@api.endpoint("POST", ORDER + "/line-items", capability=Capability.SCHEDULE_WORK, tag=TAG, status=201,
              body=NewLineItem, response=WorkOrderView,
              summary="Add a line item (on a started job: a change order, counted with its hours)")
def add_line_item(req: ApiRequest):
    return req.call("workorders", "add_line_item", _order(req), req.body.model_dump(mode="json"))


def _line_action(action: str, summary: str) -> None:
    """Start, pause or complete: the same call on a line item, one endpoint each."""
    def line_action(req: ApiRequest):
        return req.call("workorders", f"{action}_line_item", _order(req), str(req.path["line_id"]),
                        req.body.model_dump(mode="json", exclude_none=True))

    line_action.__name__ = f"{action}_line_item"  # the endpoint's name
    api.endpoint("POST", f"{LINE}/{action}", capability=Capability.WORK_IN_THE_FIELD, tag=TAG, body=LineItemTime,
                 response=WorkOrderView, summary=summary + "; send {} for now, or the time it happened")(line_action)


_line_action("start", "Start a line item (or resume a paused one)")
_line_action("pause", "Pause a line item (its crew are clocked out)")
_line_action("complete", "Complete a line item (its crew are clocked out)")


@api.endpoint("POST", LINE + "/clock-in", capability=Capability.WORK_IN_THE_FIELD, tag=TAG, body=ClockIn,
              response=WorkOrderView,
              summary="Clock crew members in on a line item, with their equipment and activity")
def clock_in(req: ApiRequest):
    return req.call("workorders", "clock_in", _order(req), str(req.path["line_id"]),
                    req.body.model_dump(mode="json", exclude_none=True))


@api.endpoint("POST", LINE + "/clock-out", capability=Capability.WORK_IN_THE_FIELD, tag=TAG, body=ClockOut,
              response=WorkOrderView, summary="Clock crew members out of a line item")
def clock_out(req: ApiRequest):
    return req.call("workorders", "clock_out", _order(req), str(req.path["line_id"]),
                    req.body.model_dump(mode="json", exclude_none=True))


@api.endpoint("GET", ORDER + "/costing", capability=Capability.VIEW_JOB_COSTS, tag=TAG, response=CostingView,
              summary="Live job costing: actuals so far, the projected final cost, hours and margin, alerts")
def get_costing(req: ApiRequest):
    return req.call("workorders", "get_costing", _order(req))


@api.endpoint("POST", ORDER + "/photos", capability=Capability.WORK_IN_THE_FIELD, tag=TAG, status=201,
              body=NewPhoto, response=WorkOrderView, summary="Upload a before, during or after photo (base64)")
def add_job_photo(req: ApiRequest):
    return req.call("workorders", "add_photo", _order(req), req.body.model_dump(mode="json"))


@api.endpoint("GET", ORDER + "/photos/<uuid:photo_id>", capability=Capability.VIEW_WORK_ORDERS, tag=TAG,
              response=PhotoFile, summary="Download a photo (base64)")
def get_job_photo(req: ApiRequest):
    return req.call("workorders", "get_photo", _order(req), str(req.path["photo_id"]))


@api.endpoint("POST", ORDER + "/notes", capability=Capability.WORK_IN_THE_FIELD, tag=TAG, status=201, body=NewNote,
              response=WorkOrderView, summary="Add a crew note, customer communication or issue encountered")
def add_job_note(req: ApiRequest):
    return req.call("workorders", "add_note", _order(req), req.body.model_dump(mode="json"))


@api.endpoint("POST", ORDER + "/incidents", capability=Capability.WORK_IN_THE_FIELD, tag=TAG, status=201,
              body=NewIncident, response=WorkOrderView, summary="Report a safety incident or near miss")
def report_incident(req: ApiRequest):
    return req.call("workorders", "report_incident", _order(req), req.body.model_dump(mode="json", exclude_none=True))


@api.endpoint("PATCH", ORDER + "/site-conditions", capability=Capability.WORK_IN_THE_FIELD, tag=TAG,
              body=SiteConditions, response=WorkOrderView,
              summary="Record site conditions: weather, access, hazards, terrain, soil, vegetation, difficulty")
def record_site_conditions(req: ApiRequest):
    return req.call("workorders", "record_site_conditions", _order(req),
                    req.body.model_dump(mode="json", exclude_none=True))


@api.endpoint("PATCH", ORDER + "/checklist", capability=Capability.WORK_IN_THE_FIELD, tag=TAG, body=Checklist,
              response=WorkOrderView, summary="Tick the completion checklist's items and add completion notes")
def update_checklist(req: ApiRequest):
    return req.call("workorders", "update_checklist", _order(req), req.body.model_dump(mode="json", exclude_none=True))


@api.endpoint("POST", ORDER + "/complete", capability=Capability.WORK_IN_THE_FIELD, tag=TAG,
              body=CompleteWorkOrder, response=WorkOrderView,
              summary="Complete with the customer's signature (the checklist must be met)")
def complete_work_order(req: ApiRequest):
    return req.call("workorders", "complete_work_order", _order(req), req.body.model_dump(mode="json",
                                                                                          exclude_none=True))


@api.endpoint("GET", ORDER + "/performance", capability=Capability.VIEW_JOB_COSTS, tag=TAG,
              response=PerformanceView, summary="A completed job's estimated against actual hours, cost and margin")
def get_performance(req: ApiRequest):
    return req.call("workorders", "get_performance", _order(req))


@api.endpoint("GET", "/reports/estimate-accuracy", capability=Capability.VIEW_JOB_COSTS, tag=TAG,
              query=ReportQuery, response=EstimateAccuracyReport,
              summary="Share of jobs within 10 % of estimate, average margin against target, crew efficiency")
def estimate_accuracy(req: ApiRequest):
    return req.call("workorders", "estimate_accuracy", **req.query.model_dump(mode="json", exclude_none=True))
