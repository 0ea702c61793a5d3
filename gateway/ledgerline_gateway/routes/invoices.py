"""Invoices, work in progress and payments (owned by invoicing), and their reminders (dunning)."""

from __future__ import annotations

from flask import request

from ledgerline_contracts.commands.invoicing import DraftRequest, InvoiceFilters, PaymentRequest
from ledgerline_gateway.api import ApiRequest
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


@api.endpoint("GET", "/accounts/<uuid:account_id>/unbilled", capability=Capability.DRAFT_INVOICE, tag="invoices",
              summary="Show an account's unbilled work (self and delegates)")
def list_unbilled(req: ApiRequest):
    return req.call("invoicing", "list_unbilled", str(req.path["account_id"]))


@api.endpoint("POST", "/invoices", capability=Capability.DRAFT_INVOICE, tag="invoices", status=201,
              summary="Draft an invoice from unbilled work", body=DraftRequest)
def draft_invoice(req: ApiRequest):
    return req.call("invoicing", "draft_invoice", req.body.model_dump(mode="json"))


@api.endpoint("GET", "/invoices", capability=Capability.VIEW_INVOICE, tag="invoices",
              summary="List invoices", query=InvoiceFilters)
def list_invoices(req: ApiRequest):
    q = req.query
    return req.call("invoicing", "list_invoices", account_id=str(q.account_id) if q.account_id else None,
                    status=q.status, limit=q.limit, offset=q.offset)


@api.endpoint("GET", "/invoices/<uuid:invoice_id>", capability=Capability.VIEW_INVOICE, tag="invoices",
              summary="Show an invoice")
def get_invoice(req: ApiRequest):
    return req.call("invoicing", "get_invoice", str(req.path["invoice_id"]))


@api.endpoint("POST", "/invoices/<uuid:invoice_id>/approve", capability=Capability.APPROVE_INVOICE,
              tag="invoices", summary="Approve a draft invoice")
def approve_invoice(req: ApiRequest):
    return req.call("invoicing", "approve_invoice", str(req.path["invoice_id"]))


@api.endpoint("POST", "/invoices/<uuid:invoice_id>/post", capability=Capability.POST_INVOICE, tag="invoices",
              summary="Post an approved invoice (assigns its number)")
def post_invoice(req: ApiRequest):
    return req.call("invoicing", "post_invoice", str(req.path["invoice_id"]))


@api.endpoint("POST", "/invoices/<uuid:invoice_id>/payments", capability=Capability.MANAGE_BILLING,
              tag="invoices", status=201, body=PaymentRequest,
              summary="Record a payment (send an Idempotency-Key header to make retries safe)")
def record_payment(req: ApiRequest):
    payment = req.body.model_dump(mode="json")
    payment["idempotency_key"] = request.headers.get("Idempotency-Key") or payment.get("idempotency_key")
    return req.call("invoicing", "record_payment", str(req.path["invoice_id"]), payment)


@api.endpoint("GET", "/invoices/<uuid:invoice_id>/reminders", capability=Capability.MANAGE_BILLING,
              tag="invoices", summary="Show an invoice's reminder schedule and sent reminders")
def reminder_timeline(req: ApiRequest):
    return req.call("dunning", "reminder_timeline", str(req.path["invoice_id"]))
