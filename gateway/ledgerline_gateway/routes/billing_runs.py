"""The monthly billing run, its progress, its pre-flight review, and approving and posting its
drafts in bulk (owned by invoicing; docs/billing-runs.md)."""

from __future__ import annotations

from ledgerline_contracts.commands.invoicing import BillingRunFilters, DraftSelection, NewBillingRun, ReviewFilters
from ledgerline_contracts.views.invoicing import BillingRunReview, BillingRunView, BulkResult
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.api.responses import page_of
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


@api.endpoint("POST", "/billing-runs", capability=Capability.MANAGE_BILLING, tag="billing runs", status=201,
              body=NewBillingRun, response=BillingRunView,
              summary="Start the billing run for a month: one draft per account with recurring lines or work due")
def start_billing_run(req: ApiRequest):
    return req.call("invoicing", "start_billing_run", req.body.model_dump(mode="json"))


@api.endpoint("GET", "/billing-runs", capability=Capability.MANAGE_BILLING, tag="billing runs",
              query=BillingRunFilters, response=page_of(BillingRunView),
              summary="List billing runs, newest month first")
def list_billing_runs(req: ApiRequest):
    return req.call("invoicing", "list_billing_runs", limit=req.query.limit, offset=req.query.offset)


@api.endpoint("GET", "/billing-runs/<uuid:run_id>", capability=Capability.MANAGE_BILLING, tag="billing runs",
              response=BillingRunView, summary="A billing run's progress: done, set aside (with reasons), remaining")
def get_billing_run(req: ApiRequest):
    return req.call("invoicing", "get_billing_run", str(req.path["run_id"]))


@api.endpoint("POST", "/billing-runs/<uuid:run_id>/resume", capability=Capability.MANAGE_BILLING,
              tag="billing runs", response=BillingRunView,
              summary="Resume a run: hand out again the accounts pending or set aside (nothing is billed twice)")
def resume_billing_run(req: ApiRequest):
    return req.call("invoicing", "resume_billing_run", str(req.path["run_id"]))


@api.endpoint("GET", "/billing-runs/<uuid:run_id>/review", capability=Capability.MANAGE_BILLING,
              tag="billing runs", query=ReviewFilters, response=BillingRunReview,
              summary="The pre-flight review: every unposted draft of the run with its anomaly score and reasons")
def review_billing_run(req: ApiRequest):
    return req.call("invoicing", "review_billing_run", str(req.path["run_id"]),
                    jump_percent=format(req.query.jump_percent, "f"))


@api.endpoint("POST", "/billing-runs/<uuid:run_id>/approve", capability=Capability.APPROVE_INVOICE,
              tag="billing runs", body=DraftSelection, response=BulkResult,
              summary="Approve drafts of the run in bulk (each refused one says why; the others are approved)")
def approve_run_drafts(req: ApiRequest):
    return req.call("invoicing", "approve_run_drafts", str(req.path["run_id"]), req.body.model_dump(mode="json"))


@api.endpoint("POST", "/billing-runs/<uuid:run_id>/post", capability=Capability.POST_INVOICE,
              tag="billing runs", body=DraftSelection, response=BulkResult,
              summary="Post approved drafts of the run in bulk (each refused one says why; the others are posted)")
def post_run_drafts(req: ApiRequest):
    return req.call("invoicing", "post_run_drafts", str(req.path["run_id"]), req.body.model_dump(mode="json"))
