"""Agreements: an account's recurring lines, billed by the monthly billing run (owned by invoicing)."""

from __future__ import annotations

from ledgerline_contracts.commands.invoicing import AgreementChanges, AgreementFilters, EndAgreement, NewAgreement
from ledgerline_contracts.views.invoicing import AgreementView
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.api.responses import page_of
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


@api.endpoint("POST", "/agreements", capability=Capability.MANAGE_BILLING, tag="agreements", status=201,
              body=NewAgreement, response=AgreementView,
              summary="Make an agreement for an account: recurring lines billed monthly, quarterly or yearly")
def create_agreement(req: ApiRequest):
    return req.call("invoicing", "create_agreement", req.body.model_dump(mode="json"))


@api.endpoint("GET", "/agreements", capability=Capability.MANAGE_BILLING, tag="agreements",
              query=AgreementFilters, response=page_of(AgreementView),
              summary="List agreements (active ones unless include_ended), optionally of one account")
def list_agreements(req: ApiRequest):
    q = req.query
    return req.call("invoicing", "list_agreements", account_id=str(q.account_id) if q.account_id else None,
                    include_ended=q.include_ended, limit=q.limit, offset=q.offset)


@api.endpoint("GET", "/agreements/<uuid:agreement_id>", capability=Capability.MANAGE_BILLING, tag="agreements",
              response=AgreementView, summary="Show an agreement")
def get_agreement(req: ApiRequest):
    return req.call("invoicing", "get_agreement", str(req.path["agreement_id"]))


@api.endpoint("PATCH", "/agreements/<uuid:agreement_id>", capability=Capability.MANAGE_BILLING, tag="agreements",
              body=AgreementChanges, response=AgreementView,
              summary="Rename an agreement or replace its lines (a line given with its id keeps its billed periods)")
def update_agreement(req: ApiRequest):
    return req.call("invoicing", "update_agreement", str(req.path["agreement_id"]),
                    req.body.model_dump(mode="json", exclude_unset=True))


@api.endpoint("POST", "/agreements/<uuid:agreement_id>/end", capability=Capability.MANAGE_BILLING,
              tag="agreements", body=EndAgreement, response=AgreementView,
              summary="End an agreement: no line bills past the end date")
def end_agreement(req: ApiRequest):
    return req.call("invoicing", "end_agreement", str(req.path["agreement_id"]), req.body.model_dump(mode="json"))
