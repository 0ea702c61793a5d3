"""What each of invoicing's domain events becomes: the entry in invoicing's audit trail and the
event other services receive through the outbox. The unit of work applies these rules when a use
case ends; no use case writes either by hand. The Invoice aggregate's events first, then those
about what invoices are made from (accounts, rates, the catalog, the billing profile)."""

from __future__ import annotations

from collections.abc import Iterable

from ledgerline_contracts import Actor, Money
from ledgerline_contracts.events import invoicing as contract
from ledgerline_servicekit.unit_of_work import AuditEntry, EventMap, Outgoing

from ledgerline_invoicing import storage
from ledgerline_invoicing.domain import agreements, billing_runs, events, setup
from ledgerline_invoicing.domain.invoices import WORK_ORDER_DRAFTER
from ledgerline_invoicing.views.accounts import account_event
from ledgerline_invoicing.views.agreements import agreement_event
from ledgerline_invoicing.views.invoices import items_of
from ledgerline_invoicing.views.pricing import rate_view


def entry(by: Actor, action: str, entity: str, entity_id, details: dict, reason: str | None = None) -> AuditEntry:
    return AuditEntry(org_id=by.org_id, user_id=by.user_id, user_name=by.name, action=action, entity=entity,
                      entity_id=entity_id, details=details, reason=reason)


def audit(event, by: Actor, action: str, details: dict, reason: str | None = None) -> AuditEntry:
    return entry(by, action, "invoice", event.invoice.id, details, reason)


def outgoing(event, event_type: str, payload) -> Outgoing:
    return Outgoing(event_type=event_type, org_id=event.invoice.org_id, payload=payload)


def _released(e) -> Iterable[Outgoing]:
    """Work a draft gave back (lines removed, or removed by reconciling) is billable again."""
    if e.released:
        yield outgoing(e, "invoice.items_released", contract.InvoiceItemsReleased(
            invoice_id=e.invoice.id, account_id=e.invoice.account_id, released=items_of(e.released),
            whole_invoice=False))


def invoice_drafted(e: events.InvoiceDrafted):
    yield audit(e, e.by, "draft", {"lines": e.lines})
    yield outgoing(e, "invoice.drafted", contract.InvoiceDrafted(
        invoice_id=e.invoice.id, account_id=e.invoice.account_id, matter_id=e.matter_id, drafted_by=e.by.user_id,
        items=items_of(e.items)))


def drafted_from_work_order(e: events.DraftedFromWorkOrder):
    # No person drafted it: the trail names the work order it came from.
    yield AuditEntry(org_id=e.invoice.org_id, user_id=WORK_ORDER_DRAFTER,
                     user_name=f"Ledgerline, from work order {e.work_order_number}", action="draft",
                     entity="invoice", entity_id=e.invoice.id,
                     details={"lines": e.lines, "work_order": e.work_order_number,
                              **({"unpriced_lines": e.unpriced_lines} if e.unpriced_lines else {})})
    yield outgoing(e, "invoice.drafted", contract.InvoiceDrafted(
        invoice_id=e.invoice.id, account_id=e.invoice.account_id, drafted_by=WORK_ORDER_DRAFTER,
        items=contract.InvoiceItems(), work_order_id=e.work_order_id))


def line_reworded(e: events.LineReworded):
    yield audit(e, e.by, "edit_line", {"line_id": str(e.line_id), "from": e.before, "to": e.after})


def line_removed(e: events.LineRemoved):
    yield audit(e, e.by, "remove_line", {"line_id": str(e.line_id), "description": e.wording,
                                         "amount": format(e.amount, "f")})
    yield from _released(e)


def line_added(e: events.LineAdded):
    yield audit(e, e.by, "add_line", {"line_id": str(e.line_id), "description": e.description,
                                      "amount": format(e.amount, "f")})


def draft_reconciled(e: events.DraftReconciled):
    yield audit(e, e.by, "reconcile", {"repriced": e.repriced, "removed": e.removed})
    yield from _released(e)


def _confirmed(count: int) -> dict:
    return {"unpriced_lines_confirmed": count} if count else {}


def invoice_approved(e: events.InvoiceApproved):
    yield audit(e, e.by, "approve", {"total": format(e.total, "f"), **_confirmed(e.unpriced_lines_confirmed)})
    yield outgoing(e, "invoice.approved", contract.InvoiceApproved(
        invoice_id=e.invoice.id, account_id=e.invoice.account_id, approved_by=e.by.user_id))


def invoice_posted(e: events.InvoicePosted):
    yield audit(e, e.by, "post", {"number": e.invoice.number, "total": format(e.total, "f"),
                                  "due_date": e.due_date.isoformat(), **_confirmed(e.unpriced_lines_confirmed)})

    def rounded(amount):
        return Money(amount=amount, currency=e.invoice.currency).rounded()

    yield outgoing(e, "invoice.posted", contract.InvoicePosted(
        invoice_id=e.invoice.id, number=e.invoice.number, account_id=e.invoice.account_id,
        account_name=e.account_name, billing_email=e.billing_email, issue_date=e.issue_date, due_date=e.due_date,
        subtotal=rounded(e.subtotal), tax=rounded(e.tax), total=rounded(e.total), items=items_of(e.items),
        matter_id=e.matter_id, cost=rounded(e.cost) if e.cost is not None else None, work_order_id=e.work_order_id))


def draft_deleted(e: events.DraftDeleted):
    yield audit(e, e.by, "delete", {"released": len(e.released), "total": format(e.total, "f")})
    yield outgoing(e, "invoice.items_released", contract.InvoiceItemsReleased(
        invoice_id=e.invoice.id, account_id=e.invoice.account_id, released=items_of(e.released),
        whole_invoice=True))


def payment_recorded(e: events.PaymentRecorded):
    yield audit(e, e.by, "payment", {
        "payment_id": str(e.payment_id), "amount": str(e.amount), "method": e.method, "reference": e.reference,
        "received_on": e.received_on.isoformat(), "balance": str(e.balance)})
    yield outgoing(e, "payment.recorded", contract.PaymentRecorded(
        payment_id=e.payment_id, invoice_id=e.invoice.id, invoice_number=e.invoice.number,
        account_id=e.invoice.account_id, amount=e.amount, received_on=e.received_on, method=e.method,
        reference=e.reference, balance=e.balance))


def invoice_paid(e: events.InvoicePaid):
    yield outgoing(e, "invoice.paid", contract.InvoicePaid(
        invoice_id=e.invoice.id, number=e.invoice.number, account_id=e.invoice.account_id, paid_on=e.paid_on,
        total=e.total))


def credit_note_issued(e: events.CreditNoteIssued):
    yield audit(e, e.by, "void" if e.kind == "void" else "credit_note",
                {"credit_note": e.number, "amount": str(e.amount), "balance": str(e.balance)}, reason=e.reason)
    yield outgoing(e, "credit_note.issued", contract.CreditNoteIssued(
        credit_note_id=e.credit_note_id, number=e.number, invoice_id=e.invoice.id, invoice_number=e.invoice.number,
        account_id=e.invoice.account_id, amount=e.amount, reason=e.reason, balance=e.balance))


def invoice_voided(e: events.InvoiceVoided):
    if not e.new_credit_note:  # otherwise the credit note's entry records the voiding
        yield audit(e, e.by, "void", {"credit_note": e.credit_note_number, "amount": str(e.balance),
                                      "balance": str(e.balance)}, reason=e.reason)
    yield outgoing(e, "invoice.voided", contract.InvoiceVoided(
        invoice_id=e.invoice.id, number=e.invoice.number, account_id=e.invoice.account_id,
        credit_note_id=e.credit_note_id, credit_note_number=e.credit_note_number, reason=e.reason,
        released=items_of(e.released), balance=e.balance))


def invoice_disputed(e: events.InvoiceDisputed):
    yield audit(e, e.by, "dispute", {}, reason=e.reason)
    yield outgoing(e, "invoice.disputed", contract.InvoiceDisputed(
        invoice_id=e.invoice.id, number=e.invoice.number, account_id=e.invoice.account_id, reason=e.reason,
        balance=e.balance))


def dispute_resolved(e: events.DisputeResolved):
    yield audit(e, e.by, "resolve_dispute", {"dispute_reason": e.dispute_reason}, reason=e.resolution)
    yield outgoing(e, "invoice.dispute_resolved", contract.InvoiceDisputeResolved(
        invoice_id=e.invoice.id, number=e.invoice.number, account_id=e.invoice.account_id,
        resolution=e.resolution, balance=e.balance))


# --- what invoices are made from ---------------------------------------------------------------

def account_created(e: setup.AccountCreated):
    yield entry(e.by, "create", "account", e.account.id, {
        "name": e.account.name, "hourly_rate": str(e.hourly_rate) if e.hourly_rate is not None else None})
    yield Outgoing("account.created", e.by.org_id, account_event(e.account))


def account_changed(e: setup.AccountChanged):
    yield entry(e.by, "update", "account", e.account.id, {k: str(v) for k, v in e.changes.items()})
    yield Outgoing("account.updated", e.by.org_id, account_event(e.account))


def rate_set(e: setup.RateSet):
    yield entry(e.by, "set_rate", "rate", e.rate.id, rate_view(e.rate))


def rate_deleted(e: setup.RateDeleted):
    yield entry(e.by, "delete_rate", "rate", e.rate.id, rate_view(e.rate))


def cost_rate_set(e: setup.CostRateSet):
    yield entry(e.by, "set_cost_rate", "user", e.user_id, {"rate": format(e.rate, "f"), "currency": e.currency})


def catalog_item_added(e: setup.CatalogItemAdded):
    yield entry(e.by, "create", "catalog_item", e.item_id, e.fields)


def catalog_item_changed(e: setup.CatalogItemChanged):
    yield entry(e.by, "update", "catalog_item", e.item_id, e.changes)


def stock_adjusted(e: setup.StockAdjusted):
    yield entry(e.by, "adjust_stock", "catalog_item", e.item_id,
                {"change": e.change, "stock_on_hand": e.stock_on_hand}, reason=e.reason)


def billing_profile_changed(e: setup.BillingProfileChanged):
    yield entry(e.by, "update", "billing_profile", e.by.org_id, e.changes)


# --- agreements and billing runs ---------------------------------------------------------------

def agreement_created(e: agreements.AgreementCreated):
    yield entry(e.by, "create", "agreement", e.agreement.id, {"name": e.agreement.name,
                                                             "account_id": str(e.agreement.account_id),
                                                             "lines": len(e.agreement.lines)})
    yield Outgoing("agreement.created", e.by.org_id, agreement_event(e.agreement))


def agreement_updated(e: agreements.AgreementUpdated):
    yield entry(e.by, "update", "agreement", e.agreement.id, e.changes)
    yield Outgoing("agreement.updated", e.by.org_id, agreement_event(e.agreement))


def agreement_ended(e: agreements.AgreementEnded):
    yield entry(e.by, "end", "agreement", e.agreement.id, {"end_date": e.end_date.isoformat()})
    yield Outgoing("agreement.ended", e.by.org_id, agreement_event(e.agreement))


def _accounts_due(e) -> Iterable[Outgoing]:
    """One message per account: invoicing's replicas compete for them on one queue."""
    for account_id in e.account_ids:
        yield Outgoing("billing_run.account_due", e.by.org_id, contract.BillingRunAccountDue(
            run_id=e.run_id, account_id=account_id, period=e.period, started_by=e.by.user_id,
            started_by_name=e.by.name))


def run_started(e: billing_runs.RunStarted):
    yield entry(e.by, "start", "billing_run", e.run_id, {"period": e.period, "accounts": len(e.account_ids)})
    yield from _accounts_due(e)


def run_resumed(e: billing_runs.RunResumed):
    yield entry(e.by, "resume", "billing_run", e.run_id, {"period": e.period, "accounts": len(e.account_ids)})
    yield from _accounts_due(e)


def run_completed(e: billing_runs.RunCompleted):
    yield Outgoing("billing_run.completed", e.org_id, contract.BillingRunCompleted(
        run_id=e.run_id, period=e.period, accounts=e.progress.accounts, drafted=e.progress.drafted,
        nothing_due=e.progress.nothing_due, set_aside=e.progress.set_aside))


INVOICING_EVENTS = EventMap(write_audit=storage.audit.write)
for _event, _rule in {
    events.InvoiceDrafted: invoice_drafted, events.DraftedFromWorkOrder: drafted_from_work_order,
    events.LineReworded: line_reworded,
    events.LineRemoved: line_removed, events.LineAdded: line_added, events.DraftReconciled: draft_reconciled,
    events.InvoiceApproved: invoice_approved, events.InvoicePosted: invoice_posted,
    events.DraftDeleted: draft_deleted,
    events.PaymentRecorded: payment_recorded, events.InvoicePaid: invoice_paid,
    events.CreditNoteIssued: credit_note_issued, events.InvoiceVoided: invoice_voided,
    events.InvoiceDisputed: invoice_disputed, events.DisputeResolved: dispute_resolved,
    setup.AccountCreated: account_created, setup.AccountChanged: account_changed,
    setup.RateSet: rate_set, setup.RateDeleted: rate_deleted, setup.CostRateSet: cost_rate_set,
    setup.CatalogItemAdded: catalog_item_added, setup.CatalogItemChanged: catalog_item_changed,
    setup.StockAdjusted: stock_adjusted, setup.BillingProfileChanged: billing_profile_changed,
    agreements.AgreementCreated: agreement_created, agreements.AgreementUpdated: agreement_updated,
    agreements.AgreementEnded: agreement_ended, billing_runs.RunStarted: run_started,
    billing_runs.RunResumed: run_resumed, billing_runs.RunCompleted: run_completed,
}.items():
    INVOICING_EVENTS.register(_event, _rule)
