"""Invoices: the list with filters and its export, one invoice with what the viewer may do next,
its PDF and export, and drafting from unbilled work.

On one invoice: a partner edits a draft (reword, remove or add lines, reconcile changed work)
and approves it; billing posts or deletes it, then settles it (payments, mark as paid, credit
notes, void, disputes, internal notes) and reads its audit trail and reminders. A form with
fields that another form on the invoice page also has gets a page of its own, so every field
and its error stay tied to one form.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from uuid import uuid4

from flask import g, request
from pydantic import BaseModel

from ledgerline_contracts import NotFound, ValidationFailed
from ledgerline_contracts.commands.invoicing import (
    CreditNoteRequest, DisputeResolution, DraftRequest, InternalNote, LineChanges, ManualLine, MarkPaidRequest,
    PaymentRequest, Reason,
)
from ledgerline_gateway.files import file_response
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.accounts import account_page
from ledgerline_gateway.web.pages import (
    REFUSALS, Form, act, call, done, every, page_args, read_form, refused, render,
)
from ledgerline_servicekit.clock import today

STATUSES = ("draft", "approved", "posted", "paid", "credited", "voided")
# Customers only ever see invoices sent to them.
SENT_STATUSES = ("posted", "paid", "credited", "voided")
EXPORT_FORMATS = ("xlsx", "csv")
PAYMENT_METHODS = {"bank_transfer": "Bank transfer", "check": "Check", "card": "Card", "cash": "Cash"}


def _filters() -> dict:
    status = request.args.get("status")
    return {"status": status if status in STATUSES else None, "account_id": request.args.get("account_id") or None}


def _format() -> str:
    chosen = request.args.get("format")
    return chosen if chosen in EXPORT_FORMATS else "xlsx"


@web.page("GET", "/invoices", capability=Capability.VIEW_INVOICE, title="See invoices", nav="Invoices", order=40)
def invoices_page():
    filters = _filters()
    limit, offset = page_args()
    invoices = call("invoicing", "list_invoices", limit=limit, offset=offset, **filters)
    accounts = [] if g.actor.is_customer else list(every("invoicing", "list_accounts"))
    statuses = SENT_STATUSES if g.actor.is_customer else STATUSES
    return render("invoices/list.html", invoices=invoices, accounts=accounts, filters=filters, statuses=statuses,
                  limit=limit, offset=offset)


@web.page("GET", "/invoices/export", capability=Capability.VIEW_INVOICE, title="Export the invoice list")
def export_invoices():
    return file_response(call("invoicing", "export_invoices", _format(), **_filters()))


@web.page("POST", "/invoices", capability=Capability.DRAFT_INVOICE, title="Draft an invoice")
def draft_invoice():
    command, form = read_form(DraftRequest, request.form)
    if "account_id" in form.errors:
        return refused(ValidationFailed("choose the account to invoice"), "web.dashboard")
    if command is not None:
        try:
            invoice = call("invoicing", "draft_invoice", command.model_dump(mode="json"))
        except REFUSALS as error:
            form.fail(error)
        else:
            total = invoice["total"]
            return done(f"Draft invoice created: {total['amount']} {total['currency']}.", "web.invoice_page",
                        invoice_id=invoice["id"])
    return account_page(form.values["account_id"], draft_form=form, status=422)


# --- one invoice ---------------------------------------------------------------------------------


def _payment_form(invoice: dict) -> Form:
    # A fresh idempotency key per rendered form: submitting it twice records one payment.
    return Form(values={"amount": invoice["balance"]["amount"], "received_on": today().isoformat(),
                        "method": "bank_transfer", "reference": "", "idempotency_key": uuid4().hex})


@web.page("GET", "/invoices/<uuid:invoice_id>", capability=Capability.VIEW_INVOICE, title="See an invoice")
def invoice_page(invoice_id, status: int = 200, **forms: Form):
    """The invoice; ``forms`` are the ones sent back with their errors (payment, line, resolve, note)."""
    invoice = call("invoicing", "get_invoice", str(invoice_id))
    forms = {"payment": _payment_form(invoice), "line": Form(values={"quantity": "1"}), "resolve": Form(),
             "note": Form()} | forms
    return render("invoices/detail.html", status, invoice=invoice, forms=forms,
                  methods=PAYMENT_METHODS)


@web.page("GET", "/invoices/<uuid:invoice_id>/history", capability=Capability.MANAGE_BILLING,
          title="See an invoice's audit trail and reminders")
def history_page(invoice_id):
    invoice = call("invoicing", "get_invoice", str(invoice_id))
    reminders = None
    if invoice["number"]:  # posted: dunning schedules its reminders
        try:
            reminders = call("dunning", "reminder_timeline", str(invoice_id))
        except NotFound:  # dunning learns of a posted invoice by event: it may not have yet
            pass
    return render("invoices/history.html", invoice=invoice, reminders=reminders,
                  audit=call("invoicing", "audit_trail", str(invoice_id))["items"])


@web.page("GET", "/invoices/<uuid:invoice_id>/pdf", capability=Capability.VIEW_INVOICE,
          title="Download an invoice as PDF")
def invoice_pdf(invoice_id):
    return file_response(call("invoicing", "invoice_pdf", str(invoice_id)))


@web.page("GET", "/invoices/<uuid:invoice_id>/export", capability=Capability.VIEW_INVOICE,
          title="Export an invoice")
def export_invoice(invoice_id):
    return file_response(call("invoicing", "export_invoice", str(invoice_id), _format()))


def _act(invoice_id, method: str, message: str, *more_ids):
    """A button on the invoice (or one of its lines, ``more_ids``): done, or refused, back on the invoice."""
    return act(lambda: call("invoicing", method, str(invoice_id), *map(str, more_ids)), message,
               "web.invoice_page", invoice_id=invoice_id)


def _submit(invoice_id, model: type[BaseModel], method: str, message: Callable[[BaseModel, dict], str],
            again: Callable[[Form], tuple]):
    """Send an invoice's form to invoicing; back on the invoice with ``message``, or ``again`` with the errors."""
    command, form = read_form(model, request.form)
    if command is not None:
        try:
            invoice = call("invoicing", method, str(invoice_id), command.model_dump(mode="json"))
        except REFUSALS as error:
            form.fail(error)
        else:
            return done(message(command, invoice), "web.invoice_page", invoice_id=invoice_id)
    return again(form)


def _form_page(template: str, invoice_id, form: Form, status: int = 200, **context):
    """A form about one invoice, on a page of its own."""
    invoice = call("invoicing", "get_invoice", str(invoice_id))
    return render(template, status, invoice=invoice, form=form, methods=PAYMENT_METHODS, **context)


# --- drafts ----------------------------------------------------------------------------------------


def _confirmed(invoice_id, method: str, message: str):
    """Approve or post, with the form's checkbox that bills time without a rate at 0.00 on purpose."""
    confirm = request.form.get("confirm_unpriced") == "yes"
    return act(lambda: call("invoicing", method, str(invoice_id), confirm_unpriced=confirm), message,
               "web.invoice_page", invoice_id=invoice_id)


@web.page("POST", "/invoices/<uuid:invoice_id>/approve", capability=Capability.APPROVE_INVOICE,
          title="Approve a draft invoice")
def approve_invoice(invoice_id):
    return _confirmed(invoice_id, "approve_invoice", "Invoice approved: billing can post it now.")


@web.page("POST", "/invoices/<uuid:invoice_id>/post", capability=Capability.POST_INVOICE, title="Post an invoice")
def post_invoice(invoice_id):
    return _confirmed(invoice_id, "post_invoice", "Invoice posted and numbered.")


@web.page("POST", "/invoices/<uuid:invoice_id>/reconcile", capability=Capability.DRAFT_INVOICE,
          title="Bring a draft up to date with changed work")
def reconcile_invoice(invoice_id):
    return _act(invoice_id, "reconcile_invoice", "Draft brought up to date with the changed time entries.")


@web.page("POST", "/invoices/<uuid:invoice_id>/lines", capability=Capability.DRAFT_INVOICE,
          title="Add a line to a draft")
def add_line(invoice_id):
    return _submit(invoice_id, ManualLine, "add_line", lambda command, _: f"Line added: {command.description}",
                   lambda form: invoice_page(invoice_id, 422, line=form))


def _line(invoice: dict, line_id) -> dict:
    line = next((line for line in invoice["lines"] if line["id"] == str(line_id)), None)
    if line is None:
        raise NotFound("no such line on this invoice", "line_id")
    return line


@web.page("GET", "/invoices/<uuid:invoice_id>/lines/<uuid:line_id>", capability=Capability.DRAFT_INVOICE,
          title="Edit a draft's line")
def line_page(invoice_id, line_id, form: Form | None = None, status: int = 200):
    invoice = call("invoicing", "get_invoice", str(invoice_id))
    line = _line(invoice, line_id)
    return render("invoices/line.html", status, invoice=invoice, line=line,
                  form=form or Form(values={"narrative": line["description"]}))


@web.page("POST", "/invoices/<uuid:invoice_id>/lines/<uuid:line_id>", capability=Capability.DRAFT_INVOICE,
          title="Reword a draft's line")
def edit_line(invoice_id, line_id):
    if request.form.get("revert"):
        try:
            call("invoicing", "edit_line", str(invoice_id), str(line_id), {"narrative": None})
        except REFUSALS as error:
            return refused(error, "web.line_page", invoice_id=invoice_id, line_id=line_id)
        return done("The line shows its time entry's narrative again.", "web.invoice_page", invoice_id=invoice_id)
    command, form = read_form(LineChanges, request.form)
    if command is not None:
        try:
            call("invoicing", "edit_line", str(invoice_id), str(line_id), command.model_dump(mode="json"))
        except REFUSALS as error:
            form.fail(error)
        else:
            return done("Line reworded; the time entry keeps its own narrative.", "web.invoice_page",
                        invoice_id=invoice_id)
    return line_page(invoice_id, line_id, form, 422)


@web.page("POST", "/invoices/<uuid:invoice_id>/lines/<uuid:line_id>/remove", capability=Capability.DRAFT_INVOICE,
          title="Remove a line from a draft")
def remove_line(invoice_id, line_id):
    return _act(invoice_id, "remove_line", "Line removed; any work on it is unbilled again.", line_id)


@web.page("GET", "/invoices/<uuid:invoice_id>/delete", capability=Capability.POST_INVOICE,
          title="Delete a draft invoice")
def delete_page(invoice_id):
    return _form_page("invoices/delete.html", invoice_id, Form())


@web.page("POST", "/invoices/<uuid:invoice_id>/delete", capability=Capability.POST_INVOICE,
          title="Delete a draft invoice")
def delete_invoice(invoice_id):
    try:
        call("invoicing", "delete_invoice", str(invoice_id))
    except REFUSALS as error:
        return refused(error, "web.invoice_page", invoice_id=invoice_id)
    return done("Draft deleted; its work is unbilled again.", "web.invoices_page")


# --- settling a posted invoice ----------------------------------------------------------------------


def _same_payment(invoice: dict, payment: PaymentRequest) -> dict | None:
    """A payment already on the invoice with this reference and amount: the same check entered
    twice (Back and submit again gives the form a new idempotency key, so only this tells)."""
    reference = payment.reference.casefold()
    return next((p for p in invoice["payments"] if reference and p["reference"].strip().casefold() == reference
                 and Decimal(p["amount"]["amount"]) == payment.amount), None)


@web.page("POST", "/invoices/<uuid:invoice_id>/payments", capability=Capability.MANAGE_BILLING,
          title="Record a payment")
def record_payment(invoice_id):
    def message(command, invoice):
        paid = " The invoice is paid in full." if Decimal(invoice["balance"]["amount"]) == 0 else ""
        return f"Payment of {command.amount} {invoice['balance']['currency']} recorded.{paid}"

    command, form = read_form(PaymentRequest, request.form)
    if command is not None and request.form.get("same_again") != "yes":
        invoice = call("invoicing", "get_invoice", str(invoice_id))
        earlier = _same_payment(invoice, command)
        if earlier is not None:  # ask first, on a page of its own, as deleting a draft does
            return render("invoices/same_payment.html", 409, invoice=invoice, form=form, earlier=earlier,
                          methods=PAYMENT_METHODS)
    return _submit(invoice_id, PaymentRequest, "record_payment", message,
                   lambda form: invoice_page(invoice_id, 422, payment=form))


@web.page("GET", "/invoices/<uuid:invoice_id>/mark-paid", capability=Capability.MANAGE_BILLING,
          title="Mark an invoice as paid")
def mark_paid_page(invoice_id, form: Form | None = None, status: int = 200):
    form = form or Form(values={"received_on": today().isoformat(), "method": "bank_transfer"})
    return _form_page("invoices/mark_paid.html", invoice_id, form, status)


@web.page("POST", "/invoices/<uuid:invoice_id>/mark-paid", capability=Capability.MANAGE_BILLING,
          title="Mark an invoice as paid")
def mark_paid(invoice_id):
    return _submit(invoice_id, MarkPaidRequest, "mark_paid", lambda *_: "Invoice marked as paid.",
                   lambda form: mark_paid_page(invoice_id, form, 422))


@web.page("GET", "/invoices/<uuid:invoice_id>/credit-note", capability=Capability.MANAGE_BILLING,
          title="Issue a credit note")
def credit_note_page(invoice_id, form: Form | None = None, status: int = 200):
    # A fresh idempotency key per rendered form: submitting it twice credits once.
    form = form or Form(values={"line_ids": [], "idempotency_key": uuid4().hex})
    return _form_page("invoices/credit_note.html", invoice_id, form, status)


@web.page("POST", "/invoices/<uuid:invoice_id>/credit-note", capability=Capability.MANAGE_BILLING,
          title="Issue a credit note")
def issue_credit_note(invoice_id):
    def message(_, invoice):
        note = invoice["credit_notes"][-1]
        return f"Credit note {note['number']} issued for {note['amount']['amount']} {note['amount']['currency']}."

    return _submit(invoice_id, CreditNoteRequest, "issue_credit_note", message,
                   lambda form: credit_note_page(invoice_id, form, 422))


@web.page("GET", "/invoices/<uuid:invoice_id>/void", capability=Capability.MANAGE_BILLING, title="Void an invoice")
def void_page(invoice_id, form: Form | None = None, status: int = 200):
    return _form_page("invoices/void.html", invoice_id, form or Form(), status)


@web.page("POST", "/invoices/<uuid:invoice_id>/void", capability=Capability.MANAGE_BILLING, title="Void an invoice")
def void_invoice(invoice_id):
    return _submit(invoice_id, Reason, "void_invoice",
                   lambda *_: "Invoice voided: a full credit note is issued and its work can be billed again.",
                   lambda form: void_page(invoice_id, form, 422))


@web.page("GET", "/invoices/<uuid:invoice_id>/dispute", capability=Capability.MANAGE_BILLING,
          title="Mark an invoice disputed")
def dispute_page(invoice_id, form: Form | None = None, status: int = 200):
    return _form_page("invoices/dispute.html", invoice_id, form or Form(), status)


@web.page("POST", "/invoices/<uuid:invoice_id>/dispute", capability=Capability.MANAGE_BILLING,
          title="Mark an invoice disputed")
def dispute_invoice(invoice_id):
    return _submit(invoice_id, Reason, "dispute_invoice", lambda *_: "Invoice disputed: reminders are paused.",
                   lambda form: dispute_page(invoice_id, form, 422))


@web.page("POST", "/invoices/<uuid:invoice_id>/dispute/resolve", capability=Capability.MANAGE_BILLING,
          title="Resolve an invoice's dispute")
def resolve_dispute(invoice_id):
    return _submit(invoice_id, DisputeResolution, "resolve_dispute", lambda *_: "Dispute resolved.",
                   lambda form: invoice_page(invoice_id, 422, resolve=form))


@web.page("POST", "/invoices/<uuid:invoice_id>/notes", capability=Capability.MANAGE_BILLING,
          title="Add an internal note to an invoice")
def add_note(invoice_id):
    return _submit(invoice_id, InternalNote, "add_note", lambda *_: "Internal note added.",
                   lambda form: invoice_page(invoice_id, 422, note=form))
