"""Drafting invoices from work in progress, editing drafts (each a use case in
:mod:`ledgerline_invoicing.use_cases.drafting`), and reading invoices. Approval, posting and
deletion: entrypoints/workflow.py."""

from __future__ import annotations

from ledgerline_contracts import Actor, NotFound, Role
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_invoicing import domain, storage
from ledgerline_invoicing.domain.invoices import InvoiceStatus, LineState
from ledgerline_invoicing.use_cases import drafting
from ledgerline_invoicing.views import invoices as views

DRAFTERS = {Role.ASSOCIATE_PARTNER, Role.PARTNER}
INVOICE_READERS = {Role.ASSOCIATE_PARTNER, Role.PARTNER, Role.BILLING, Role.CUSTOMER}
# Billing and partners see what the work cost (margins); nobody else does.
COST_READERS = {Role.PARTNER, Role.BILLING}


class InvoiceEntrypoints:
    # --- drafting and editing drafts (use_cases/drafting.py) ------------------------------------

    @rpc(allow=DRAFTERS)
    def draft_invoice(self, actor: Actor, request: dict) -> dict:
        """A draft with a line for each unbilled billable entry of the account (and matter, and
        period) by the drafter or their delegates. Two drafts never claim the same entry."""
        command = commands.DraftRequest.model_validate(request)
        return self._view(actor, drafting.draft_invoice(self._unit_of_work(), actor, command))

    @rpc(allow=DRAFTERS)
    def edit_line(self, actor: Actor, invoice_id: str, line_id: str, changes: dict) -> dict:
        """Reword a line; the wording is kept apart from the entry, which does not change."""
        command = commands.LineChanges.model_validate(changes)
        return self._view(actor, drafting.edit_line(self._unit_of_work(), actor, invoice_id, line_id, command))

    @rpc(allow=DRAFTERS)
    def remove_line(self, actor: Actor, invoice_id: str, line_id: str) -> dict:
        """Take a line off the draft; its entry goes back to work in progress."""
        return self._view(actor, drafting.remove_line(self._unit_of_work(), actor, invoice_id, line_id))

    @rpc(allow=DRAFTERS)
    def add_line(self, actor: Actor, invoice_id: str, line: dict) -> dict:
        """A manual line (a fixed fee, a discount): no entry behind it."""
        command = commands.ManualLine.model_validate(line)
        return self._view(actor, drafting.add_line(self._unit_of_work(), actor, invoice_id, command))

    @rpc(allow=DRAFTERS)
    def reconcile_invoice(self, actor: Actor, invoice_id: str) -> dict:
        """Bring a draft up to date with entries changed since drafting: reprice the lines whose
        entry still belongs, remove (and release) the others. An approved draft that changes
        goes back to draft for approval again."""
        return self._view(actor, drafting.reconcile_invoice(self._unit_of_work(), actor, invoice_id))

    # --- reading -------------------------------------------------------------------------------

    def _visible(self, actor: Actor, invoice_id, *, for_update: bool = False):
        """The invoice, if the actor may see it; anything else is indistinguishable from missing."""
        invoice = storage.invoices.get_invoice(self.db.session, actor.org_id,
                                               inputs.parse_id(invoice_id, "invoice_id"), for_update=for_update)
        if not domain.invoices.may_see(actor, created_by=invoice.created_by, account_id=invoice.account_id,
                                       status=invoice.status):
            raise NotFound("no such invoice", "invoice_id")
        return invoice

    @rpc(allow=INVOICE_READERS)
    def get_invoice(self, actor: Actor, invoice_id: str) -> dict:
        return self._view(actor, invoice_id)

    @rpc(allow=INVOICE_READERS)
    def list_invoices(self, actor: Actor, account_id: str | None = None, status: str | None = None,
                      limit: int = 50, offset: int = 0) -> dict:
        limit, offset = inputs.page(limit, offset)
        rows, total = self._invoice_rows(actor, account_id, status, limit=limit, offset=offset)
        return inputs.paged([views.invoice_summary(r, customer=actor.is_customer) for r in rows], total, limit,
                            offset)

    def _invoice_rows(self, actor: Actor, account_id: str | None, status: str | None, *, limit: int | None,
                      offset: int = 0) -> tuple[list, int]:
        """The invoices the actor may see; deleted drafts only when asked for by status."""
        inputs.one_of(status, InvoiceStatus, "status")
        account = inputs.parse_id(account_id, "account_id") if account_id else None
        if account is not None:  # another organization's account, or not the customer's own: not found
            storage.accounts.get_account(self.db.session, actor.org_id, account)
            if actor.is_customer and account != actor.account_id:
                raise NotFound("no such account", "account_id")
        statuses = {status} if status else set(InvoiceStatus) - {InvoiceStatus.DELETED}
        created_by = None
        if actor.is_customer:
            account = actor.account_id
            statuses &= domain.invoices.SENT
        elif actor.role is Role.ASSOCIATE_PARTNER:
            created_by = set(actor.overseen_user_ids)
        return storage.invoices.list_invoices(self.db.session, actor.org_id, account_id=account,
                                              statuses={str(s) for s in statuses}, created_by=created_by,
                                              limit=limit, offset=offset)

    @rpc(allow={Role.BILLING})
    def audit_trail(self, actor: Actor, entity_id: str) -> dict:
        """Who changed what, when and why, on an invoice (its lines, payments, credit notes,
        disputes), an account, a rate, a catalog item, a user's cost rate or the billing profile."""
        entity_id = inputs.parse_id(entity_id, "entity_id")
        rows = storage.audit.trail(self.db.session, actor.org_id, entity_id)
        if not rows:
            # Every entity here is audited from its creation: nothing recorded means
            # nothing of this organization's has that id (another organization's ids are 404).
            raise NotFound("nothing with that id has an audit trail", "entity_id")
        return {"entity_id": str(entity_id), "items": [views.audit_view(r) for r in rows]}

    def _view(self, actor: Actor, invoice_id) -> dict:
        """The whole invoice as the actor may see it: customers get neither internal notes,
        nor who did what, nor costs."""
        session = self.db.session
        invoice = self._visible(actor, invoice_id)
        account = storage.accounts.get_account(session, actor.org_id, invoice.account_id)
        currency, customer = invoice.currency, actor.is_customer
        # Lines whose work changed since drafting must be reconciled, and lines whose work
        # timetracking has not locked yet wait for it, before the draft is approved or posted.
        aggregate = storage.aggregates.load_invoice(session, actor.org_id, invoice.id)
        stale = {line.id for line in aggregate.lines if line.state is LineState.CHANGED}
        awaiting = {line.id for line in aggregate.lines if line.state is LineState.AWAITING_LOCK}
        lines = storage.invoices.lines_of(session, invoice.id)
        matter = storage.invoices.matter_of(session, actor.org_id, invoice.matter_id)
        dispute = storage.settlement.current_dispute(session, invoice.id)
        view = views.invoice_summary(invoice, customer=customer) | {
            # What the caller may do next, so that pages show buttons without knowing the rules.
            "allowed_actions": aggregate.allowed_actions(actor),
            "account_name": account.name,
            "matter": {"id": str(matter.id), "reference": matter.reference, "title": matter.title}
            if matter else None,
            "work_order": {"id": str(invoice.work_order_id), "number": invoice.work_order_number}
            if invoice.work_order_id else None,
            "subtotal": views.money(invoice.subtotal, currency), "tax": views.money(invoice.tax, currency),
            "amount_paid": views.money(invoice.amount_paid, currency),
            "credited": views.money(invoice.credited, currency),
            "paid_on": invoice.paid_on.isoformat() if invoice.paid_on else None,
            "lines": [views.line_view(line, currency, stale=line.id in stale, awaiting_lock=line.id in awaiting,
                                      customer=customer) for line in lines],
            "payments": [views.payment_view(p, currency) for p in storage.settlement.payments_of(session, invoice.id)],
            "credit_notes": [views.credit_note_view(c, customer=customer)
                             for c in storage.settlement.credit_notes_of(session, invoice.id)],
        }
        if customer:
            return view
        view |= {
            "date_from": invoice.date_from.isoformat() if invoice.date_from else None,
            "date_to": invoice.date_to.isoformat() if invoice.date_to else None,
            "action_notes": aggregate.action_notes(actor),
            "needs_reconciling": bool(stale),
            "lines_awaiting_lock": len(awaiting),
            "unpriced_lines": sum(domain.invoices.is_unpriced(line.kind, line.rate_source) for line in lines),
            "approved_by": str(invoice.approved_by) if invoice.approved_by else None,
            "posted_by": str(invoice.posted_by) if invoice.posted_by else None,
            "dispute": views.dispute_view(dispute) if dispute else None,
            "notes": [views.note_view(n) for n in storage.settlement.notes_of(session, invoice.id)],
        }
        if actor.role in COST_READERS:
            view["cost"] = views.money(invoice.cost, currency) if invoice.cost is not None else None
        return view
