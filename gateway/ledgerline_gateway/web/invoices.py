"""Invoices: the list with filters, one invoice with what the viewer may do next
(approve a draft, post it, record a payment), and drafting from unbilled work."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

from flask import g, request

from ledgerline_contracts import Conflict, ValidationFailed
from ledgerline_contracts.commands.invoicing import DraftRequest, PaymentRequest
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.accounts import account_page
from ledgerline_gateway.web.pages import Form, call, done, every, page_args, read_form, refused, render

STATUSES = ("draft", "approved", "posted", "paid")
PAYMENT_METHODS = {"bank_transfer": "Bank transfer", "check": "Check", "card": "Card", "cash": "Cash"}


@web.page("GET", "/invoices", capability=Capability.VIEW_INVOICE, title="See invoices", nav="Invoices", order=40)
def invoices_page():
    status = request.args.get("status")
    filters = {"status": status if status in STATUSES else None,
               "account_id": request.args.get("account_id") or None}
    limit, offset = page_args()
    invoices = call("invoicing", "list_invoices", limit=limit, offset=offset, **filters)
    accounts = [] if g.actor.is_customer else list(every("invoicing", "list_accounts"))
    return render("invoices/list.html", invoices=invoices, accounts=accounts, filters=filters, statuses=STATUSES,
                  limit=limit, offset=offset)


@web.page("POST", "/invoices", capability=Capability.DRAFT_INVOICE, title="Draft an invoice")
def draft_invoice():
    command, form = read_form(DraftRequest, request.form)
    if "account_id" in form.errors:
        return refused(ValidationFailed("choose the account to invoice"), "web.dashboard")
    if command is not None:
        try:
            invoice = call("invoicing", "draft_invoice", command.model_dump(mode="json"))
        except (ValidationFailed, Conflict) as error:
            form.fail(error)
        else:
            total = invoice["total"]
            return done(f"Draft invoice created: {total['amount']} {total['currency']}.", "web.invoice_page",
                        invoice_id=invoice["id"])
    return account_page(form.values["account_id"], draft_form=form, status=422)


def _payment_form(invoice: dict) -> Form:
    # A fresh idempotency key per rendered form: submitting it twice records one payment.
    return Form(values={"amount": invoice["balance"]["amount"], "received_on": date.today().isoformat(),
                        "method": "bank_transfer", "reference": "", "idempotency_key": uuid4().hex})


@web.page("GET", "/invoices/<uuid:invoice_id>", capability=Capability.VIEW_INVOICE, title="See an invoice")
def invoice_page(invoice_id, payment_form: Form | None = None, status: int = 200):
    invoice = call("invoicing", "get_invoice", str(invoice_id))
    payable = invoice["status"] == "posted" and Decimal(invoice["balance"]["amount"]) > 0
    return render("invoices/detail.html", status, invoice=invoice, payable=payable,
                  payment_form=payment_form or _payment_form(invoice), methods=PAYMENT_METHODS)


def _act(invoice_id, method: str, message: str):
    try:
        call("invoicing", method, str(invoice_id))
    except (ValidationFailed, Conflict) as error:
        return refused(error, "web.invoice_page", invoice_id=invoice_id)
    return done(message, "web.invoice_page", invoice_id=invoice_id)


@web.page("POST", "/invoices/<uuid:invoice_id>/approve", capability=Capability.APPROVE_INVOICE,
          title="Approve a draft invoice")
def approve_invoice(invoice_id):
    return _act(invoice_id, "approve_invoice", "Invoice approved: billing can post it now.")


@web.page("POST", "/invoices/<uuid:invoice_id>/post", capability=Capability.POST_INVOICE, title="Post an invoice")
def post_invoice(invoice_id):
    return _act(invoice_id, "post_invoice", "Invoice posted and numbered.")


@web.page("POST", "/invoices/<uuid:invoice_id>/payments", capability=Capability.MANAGE_BILLING,
          title="Record a payment")
def record_payment(invoice_id):
    command, form = read_form(PaymentRequest, request.form)
    if command is not None:
        try:
            invoice = call("invoicing", "record_payment", str(invoice_id), command.model_dump(mode="json"))
        except (ValidationFailed, Conflict) as error:
            form.fail(error)
        else:
            paid = " The invoice is paid in full." if invoice["status"] == "paid" else ""
            return done(f"Payment of {command.amount} {invoice['balance']['currency']} recorded.{paid}",
                        "web.invoice_page", invoice_id=invoice_id)
    return invoice_page(invoice_id, payment_form=form, status=422)
