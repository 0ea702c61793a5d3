"""Proposals: what was sold; signing one makes its work order (owned by workorders)."""

from __future__ import annotations

from ledgerline_contracts.commands.workorders import NewProposal, ProposalQuery, SignProposal
from ledgerline_contracts.views.workorders import ProposalView, WorkOrderView
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.api.responses import page_of
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


@api.endpoint("GET", "/proposals", capability=Capability.VIEW_PROPOSALS, tag="proposals", query=ProposalQuery,
              response=page_of(ProposalView), summary="List proposals (a customer: their account's)")
def list_proposals(req: ApiRequest):
    return req.call("workorders", "list_proposals", **req.query.model_dump(mode="json", exclude_none=True))


@api.endpoint("POST", "/proposals", capability=Capability.SCHEDULE_WORK, tag="proposals", status=201,
              body=NewProposal, response=ProposalView,
              summary="Make a proposal: line items with estimates and prices, and the scope")
def make_proposal(req: ApiRequest):
    return req.call("workorders", "make_proposal", req.body.model_dump(mode="json"))


@api.endpoint("GET", "/proposals/<uuid:proposal_id>", capability=Capability.VIEW_PROPOSALS, tag="proposals",
              response=ProposalView, summary="Show a proposal")
def get_proposal(req: ApiRequest):
    return req.call("workorders", "get_proposal", str(req.path["proposal_id"]))


@api.endpoint("POST", "/proposals/<uuid:proposal_id>/sign", capability=Capability.SIGN_PROPOSAL, tag="proposals",
              status=201, body=SignProposal, response=WorkOrderView,
              summary="Sign a proposal (name and signature image): its work order is made, Scheduled")
def sign_proposal(req: ApiRequest):
    return req.call("workorders", "sign_proposal", str(req.path["proposal_id"]), req.body.model_dump(mode="json"))
