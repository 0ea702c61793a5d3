"""Invoices, work in progress and payments (owned by invoicing), and their reminders (dunning)."""

from __future__ import annotations

from ledgerline_contracts.commands.invoicing import (
    MEDIA_TYPES, Confirmation, CreditNoteRequest, DisputeResolution, DraftRequest, ExportQuery, InternalNote,
    InvoiceExportFilters, InvoiceFilters, LineChanges, ManualLine, MarkPaidRequest, PaymentRequest, Reason,
)
from ledgerline_contracts.views.dunning import ReminderTimeline
from ledgerline_contracts.views.invoicing import AuditTrail, InvoiceSummary, InvoiceView, UnbilledWork
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.api.responses import page_of
from ledgerline_gateway.files import file_response
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


def _invoice(req: ApiRequest) -> str:
    return str(req.path["invoice_id"])


# --- work in progress and drafting -------------------------------------------------------------

@api.endpoint("GET", "/accounts/<uuid:account_id>/unbilled", capability=Capability.DRAFT_INVOICE, tag="invoices",
              response=UnbilledWork,
              summary="Show an account's unbilled work (self and delegates), priced as a draft would be")
def list_unbilled(req: ApiRequest):
    return req.call("invoicing", "list_unbilled", str(req.path["account_id"]))


@api.endpoint("POST", "/invoices", capability=Capability.DRAFT_INVOICE, tag="invoices", status=201,
              response=InvoiceView,
              summary="Draft an invoice from unbilled work", body=DraftRequest)
def draft_invoice(req: ApiRequest):
    return req.call("invoicing", "draft_invoice", req.body.model_dump(mode="json"))


@api.endpoint("POST", "/invoices/<uuid:invoice_id>/lines", capability=Capability.DRAFT_INVOICE, tag="invoices",
              status=201, body=ManualLine, response=InvoiceView,
              summary="Add a manual line (a fixed fee, a discount) to a draft")
def add_line(req: ApiRequest):
    return req.call("invoicing", "add_line", _invoice(req), req.body.model_dump(mode="json"))


@api.endpoint("PATCH", "/invoices/<uuid:invoice_id>/lines/<uuid:line_id>", capability=Capability.DRAFT_INVOICE,
              tag="invoices", body=LineChanges,
              response=InvoiceView,
              summary="Reword a draft line (kept apart from its entry; null reverts to the entry's narrative)")
def edit_line(req: ApiRequest):
    return req.call("invoicing", "edit_line", _invoice(req), str(req.path["line_id"]),
                    req.body.model_dump(mode="json"))


@api.endpoint("DELETE", "/invoices/<uuid:invoice_id>/lines/<uuid:line_id>", capability=Capability.DRAFT_INVOICE,
              tag="invoices", response=InvoiceView,
              summary="Remove a line from a draft (its entry becomes unbilled again)")
def remove_line(req: ApiRequest):
    return req.call("invoicing", "remove_line", _invoice(req), str(req.path["line_id"]))


@api.endpoint("POST", "/invoices/<uuid:invoice_id>/reconcile", capability=Capability.DRAFT_INVOICE,
              tag="invoices", response=InvoiceView,
              summary="Bring a draft up to date with entries changed since it was drafted")
def reconcile_invoice(req: ApiRequest):
    return req.call("invoicing", "reconcile_invoice", _invoice(req))


# --- reading -----------------------------------------------------------------------------------

@api.endpoint("GET", "/invoices", capability=Capability.VIEW_INVOICE, tag="invoices",
              response=page_of(InvoiceSummary),
              summary="List invoices", query=InvoiceFilters)
def list_invoices(req: ApiRequest):
    q = req.query
    return req.call("invoicing", "list_invoices", account_id=str(q.account_id) if q.account_id else None,
                    status=q.status, limit=q.limit, offset=q.offset)


@api.endpoint("GET", "/invoices/export", capability=Capability.VIEW_INVOICE, tag="invoices",
              summary="Download the invoice list as Excel (.xlsx) or CSV", query=InvoiceExportFilters,
              produces=(MEDIA_TYPES["xlsx"], MEDIA_TYPES["csv"]))
def export_invoices(req: ApiRequest):
    q = req.query
    return file_response(req.call("invoicing", "export_invoices", q.format,
                                  account_id=str(q.account_id) if q.account_id else None, status=q.status))


@api.endpoint("GET", "/invoices/<uuid:invoice_id>", capability=Capability.VIEW_INVOICE, tag="invoices",
              response=InvoiceView,
              summary="Show an invoice")
def get_invoice(req: ApiRequest):
    return req.call("invoicing", "get_invoice", _invoice(req))


@api.endpoint("GET", "/invoices/<uuid:invoice_id>/pdf", capability=Capability.VIEW_INVOICE, tag="invoices",
              summary="Download an invoice as PDF", produces=(MEDIA_TYPES["pdf"],))
def invoice_pdf(req: ApiRequest):
    return file_response(req.call("invoicing", "invoice_pdf", _invoice(req)))


@api.endpoint("GET", "/invoices/<uuid:invoice_id>/export", capability=Capability.VIEW_INVOICE, tag="invoices",
              query=ExportQuery, summary="Download an invoice's lines and totals (a draft's review) as .xlsx or CSV",
              produces=(MEDIA_TYPES["xlsx"], MEDIA_TYPES["csv"]))
def export_invoice(req: ApiRequest):
    return file_response(req.call("invoicing", "export_invoice", _invoice(req), req.query.format))


@api.endpoint("GET", "/invoices/<uuid:invoice_id>/audit-trail", capability=Capability.MANAGE_BILLING,
              tag="invoices", response=AuditTrail,
              summary="Show who changed what on an invoice, when and why")
def invoice_audit_trail(req: ApiRequest):
    return req.call("invoicing", "audit_trail", _invoice(req))


@api.endpoint("GET", "/audit-trail/<uuid:entity_id>", capability=Capability.MANAGE_BILLING, tag="invoices",
              response=AuditTrail,
              summary="Show who changed an account, rate, catalog item, cost rate (user id) or the billing profile "
                      "(organization id), when and why")
def audit_trail(req: ApiRequest):
    return req.call("invoicing", "audit_trail", str(req.path["entity_id"]))


# --- the workflow ------------------------------------------------------------------------------

@api.endpoint("POST", "/invoices/<uuid:invoice_id>/approve", capability=Capability.APPROVE_INVOICE,
              tag="invoices", query=Confirmation,
              response=InvoiceView,
              summary="Approve a draft invoice (time without a rate needs ?confirm_unpriced=true)")
def approve_invoice(req: ApiRequest):
    return req.call("invoicing", "approve_invoice", _invoice(req), confirm_unpriced=req.query.confirm_unpriced)


@api.endpoint("POST", "/invoices/<uuid:invoice_id>/post", capability=Capability.POST_INVOICE, tag="invoices",
              query=Confirmation, response=InvoiceView,
              summary="Post an approved invoice (assigns its number and due date, freezes it; "
                                          "time without a rate needs ?confirm_unpriced=true)")
def post_invoice(req: ApiRequest):
    return req.call("invoicing", "post_invoice", _invoice(req), confirm_unpriced=req.query.confirm_unpriced)


@api.endpoint("DELETE", "/invoices/<uuid:invoice_id>", capability=Capability.POST_INVOICE, tag="invoices", status=204,
              summary="Delete a draft invoice (its entries become unbilled again)")
def delete_invoice(req: ApiRequest):
    return req.call("invoicing", "delete_invoice", _invoice(req))


# --- settlement ----------------------------------------------------------------------------------

@api.endpoint("POST", "/invoices/<uuid:invoice_id>/payments", capability=Capability.MANAGE_BILLING,
              tag="invoices", status=201, body=PaymentRequest,
              response=InvoiceView,
              summary="Record a payment (send an Idempotency-Key header to make retries safe)")
def record_payment(req: ApiRequest):
    payment = req.body.model_dump(mode="json")
    payment["idempotency_key"] = req.idempotency_key or payment.get("idempotency_key")
    return req.call("invoicing", "record_payment", _invoice(req), payment)


@api.endpoint("POST", "/invoices/<uuid:invoice_id>/mark-paid", capability=Capability.MANAGE_BILLING,
              tag="invoices", body=MarkPaidRequest,
              response=InvoiceView,
              summary="Mark as paid: record a payment of the remaining balance, once")
def mark_paid(req: ApiRequest):
    return req.call("invoicing", "mark_paid", _invoice(req), req.body.model_dump(mode="json"))


@api.endpoint("POST", "/invoices/<uuid:invoice_id>/credit-notes", capability=Capability.MANAGE_BILLING,
              tag="invoices", status=201, body=CreditNoteRequest,
              response=InvoiceView,
              summary="Issue a credit note for an amount or chosen lines (a reason is required; send an "
                      "Idempotency-Key header to make retries safe)")
def issue_credit_note(req: ApiRequest):
    note = req.body.model_dump(mode="json")
    note["idempotency_key"] = req.idempotency_key or note.get("idempotency_key")
    return req.call("invoicing", "issue_credit_note", _invoice(req), note)


@api.endpoint("POST", "/invoices/<uuid:invoice_id>/void", capability=Capability.MANAGE_BILLING, tag="invoices",
              body=Reason, response=InvoiceView,
              summary="Void a posted invoice: a full credit note, and its entries become rebillable")
def void_invoice(req: ApiRequest):
    return req.call("invoicing", "void_invoice", _invoice(req), req.body.model_dump(mode="json"))


@api.endpoint("POST", "/invoices/<uuid:invoice_id>/dispute", capability=Capability.MANAGE_BILLING,
              tag="invoices", body=Reason, response=InvoiceView,
              summary="Mark an invoice disputed (reminders pause)")
def dispute_invoice(req: ApiRequest):
    return req.call("invoicing", "dispute_invoice", _invoice(req), req.body.model_dump(mode="json"))


@api.endpoint("POST", "/invoices/<uuid:invoice_id>/dispute/resolve", capability=Capability.MANAGE_BILLING,
              tag="invoices", body=DisputeResolution, response=InvoiceView,
              summary="Resolve an invoice's dispute")
def resolve_dispute(req: ApiRequest):
    return req.call("invoicing", "resolve_dispute", _invoice(req), req.body.model_dump(mode="json"))


@api.endpoint("POST", "/invoices/<uuid:invoice_id>/notes", capability=Capability.MANAGE_BILLING,
              tag="invoices", status=201, body=InternalNote,
              response=InvoiceView,
              summary="Add an internal note (never shown to customers)")
def add_note(req: ApiRequest):
    return req.call("invoicing", "add_note", _invoice(req), req.body.model_dump(mode="json"))


@api.endpoint("GET", "/invoices/<uuid:invoice_id>/reminders", capability=Capability.MANAGE_BILLING,
              tag="invoices", response=ReminderTimeline,
              summary="Show an invoice's reminder schedule and sent reminders")
def reminder_timeline(req: ApiRequest):
    return req.call("dunning", "reminder_timeline", _invoice(req))
