"""Drafting invoices from work in progress, editing drafts, and reading invoices (approval,
posting and deletion: endpoints/workflow.py)."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID, uuid4

from ledgerline_contracts import Actor, Money, NotFound, PermissionDenied, Role, ValidationFailed
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_contracts.events import invoicing as events
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_invoicing import domain, storage, views
from ledgerline_invoicing.views import items_of
from ledgerline_invoicing.domain.invoices import UNPOSTED, InvoiceStatus, LineState
from ledgerline_invoicing.endpoints.common import WorkLine, price_book_for_work, price_work

DRAFTERS = {Role.ASSOCIATE_PARTNER, Role.PARTNER}
INVOICE_READERS = {Role.ASSOCIATE_PARTNER, Role.PARTNER, Role.BILLING, Role.CUSTOMER}
# Billing and partners see what the work cost (margins); nobody else does.
COST_READERS = {Role.PARTNER, Role.BILLING}


def line_values(invoice_id: UUID, position: int, work: WorkLine) -> dict:
    priced, row = work.priced, work.row
    return {
        "id": uuid4(), "invoice_id": invoice_id, "position": position, "kind": row.kind, "source_id": row.id,
        "source_version": row.version, "user_id": row.user_id, "description": work.description,
        "work_date": row.work_date, "quantity": work.quantity, "unit_price": priced.line.unit_price.amount,
        "amount": priced.line.amount.amount, "tax_rate": priced.line.tax_rate, "tax": priced.line.tax.amount,
        "cost": priced.cost.amount if priced.cost is not None else None, "rate_source": priced.rate_source,
    }


class InvoiceEndpoints:
    # --- drafting ---------------------------------------------------------------------

    @rpc(allow=DRAFTERS)
    def draft_invoice(self, actor: Actor, request: dict) -> dict:
        """A draft with a line for each unbilled billable entry of the account (and matter, and
        period) by the drafter or their delegates. Two drafts never claim the same entry."""
        command = commands.DraftRequest.model_validate(request)
        if command.date_from and command.date_to and command.date_from > command.date_to:
            raise ValidationFailed("date_to is before date_from", "date_to")
        session = self.db.session
        account = storage.accounts.get_account(session, actor.org_id, command.account_id)
        if not account.active:
            raise ValidationFailed("the account is inactive", "account_id")
        matter = storage.invoices.matter_of(session, actor.org_id, command.matter_id)
        if matter is not None and matter.account_id != account.id:
            raise ValidationFailed("the matter belongs to another account", "matter_id")
        candidates = [r for r in storage.work.unbilled(session, actor.org_id, account.id,
                                                       matter_id=command.matter_id, date_from=command.date_from,
                                                       date_to=command.date_to)
                      if r.user_id in actor.overseen_user_ids]
        book = price_book_for_work(session, account, candidates)
        billable = [work for work, _ in (price_work(book, r) for r in candidates) if work is not None]
        invoice_id = uuid4()
        storage.invoices.insert_invoice(session, {
            "id": invoice_id, "org_id": actor.org_id, "account_id": account.id, "matter_id": command.matter_id,
            "date_from": command.date_from, "date_to": command.date_to, "status": InvoiceStatus.DRAFT,
            "currency": account.currency, "subtotal": 0, "tax": 0, "total": 0, "created_by": actor.user_id,
        })
        claimed = storage.work.claim(session, invoice_id, [w.row.id for w in billable])
        if not claimed:
            raise ValidationFailed("there is no unbilled billable work for this account", "account_id")
        storage.invoices.insert_lines(session, [
            line_values(invoice_id, position, work)
            for position, work in enumerate((w for w in billable if w.row.id in claimed), start=1)])
        self._recompute(invoice_id, account.currency)
        storage.audit.record(session, actor, "draft", "invoice", invoice_id, {"lines": len(claimed)})
        self.db.record_event("invoice.drafted", actor.org_id, events.InvoiceDrafted(
            invoice_id=invoice_id, account_id=account.id, matter_id=command.matter_id, drafted_by=actor.user_id,
            items=items_of([w.row for w in billable if w.row.id in claimed])))
        return self._view(actor, invoice_id)

    def _recompute(self, invoice_id: UUID, currency: str) -> None:
        """Totals are the sums of the rounded lines; the cost is known when every work line's is."""
        lines = storage.invoices.lines_of(self.db.session, invoice_id)
        sums = domain.pricing.totals([(Money(amount=l.amount, currency=currency),
                                       Money(amount=l.tax, currency=currency)) for l in lines], currency)
        work = [l for l in lines if l.source_id is not None]
        cost = None if any(l.cost is None for l in work) else sum((l.cost for l in work), Decimal(0))
        storage.invoices.update_invoice(self.db.session, invoice_id, subtotal=sums.subtotal.amount,
                                        tax=sums.tax.amount, total=sums.total.amount, cost=cost)

    # --- editing drafts -------------------------------------------------------------------

    def _draft_to_edit(self, actor: Actor, invoice_id: str, statuses=frozenset({InvoiceStatus.DRAFT})):
        invoice = self._visible(actor, invoice_id, for_update=True)
        domain.invoices.require_status(invoice.status, statuses, "edit")
        if not domain.invoices.may_edit_draft(actor, invoice.created_by):
            raise PermissionDenied("only the partner who drafted it, or whoever oversees them, edits this draft")
        return invoice

    @rpc(allow=DRAFTERS)
    def edit_line(self, actor: Actor, invoice_id: str, line_id: str, changes: dict) -> dict:
        """Reword a line; the wording is kept apart from the entry, which does not change."""
        command = commands.LineChanges.model_validate(changes)
        session = self.db.session
        invoice = self._draft_to_edit(actor, invoice_id)
        line = storage.invoices.get_line(session, invoice.id, inputs.parse_id(line_id, "line_id"))
        storage.invoices.update_line(session, line.id, narrative_override=command.narrative)
        storage.audit.record(session, actor, "edit_line", "invoice", invoice.id, {
            "line_id": str(line.id), "from": line.narrative_override or line.description,
            "to": command.narrative or line.description})
        return self._view(actor, invoice.id)

    @rpc(allow=DRAFTERS)
    def remove_line(self, actor: Actor, invoice_id: str, line_id: str) -> dict:
        """Take a line off the draft; its entry goes back to work in progress."""
        session = self.db.session
        invoice = self._draft_to_edit(actor, invoice_id)
        line = storage.invoices.get_line(session, invoice.id, inputs.parse_id(line_id, "line_id"))
        # Removing a fee under a discount could leave the discount alone, below zero.
        domain.invoices.require_draft_total(
            Money(amount=invoice.total - line.amount - line.tax, currency=invoice.currency), None)
        storage.invoices.delete_lines(session, [line.id])
        released = storage.work.release(session, invoice.id, [line.source_id]) if line.source_id else []
        self._recompute(invoice.id, invoice.currency)
        storage.audit.record(session, actor, "remove_line", "invoice", invoice.id, {
            "line_id": str(line.id), "description": line.narrative_override or line.description,
            "amount": format(line.amount, "f")})
        self._released(actor.org_id, invoice, released)
        return self._view(actor, invoice.id)

    @rpc(allow=DRAFTERS)
    def add_line(self, actor: Actor, invoice_id: str, line: dict) -> dict:
        """A manual line (a fixed fee, a discount): no entry behind it."""
        command = commands.ManualLine.model_validate(line)
        session = self.db.session
        invoice = self._draft_to_edit(actor, invoice_id)
        account = storage.accounts.get_account(session, actor.org_id, invoice.account_id)
        unit_price = Money(amount=command.unit_price, currency=invoice.currency)
        if command.unit_price.as_tuple().exponent < -4:
            raise ValidationFailed("unit_price has more than four decimals", "unit_price")
        tax_rate = command.tax_rate if command.tax_rate is not None else account.tax_rate
        priced = domain.pricing.price_line(command.quantity, unit_price, tax_rate)
        domain.invoices.require_draft_total(
            Money(amount=invoice.total, currency=invoice.currency) + priced.amount + priced.tax, "unit_price")
        line_id = uuid4()
        storage.invoices.insert_lines(session, [{
            "id": line_id, "invoice_id": invoice.id, "position": storage.invoices.next_position(session, invoice.id),
            "kind": "manual", "description": command.description, "work_date": command.work_date,
            "quantity": command.quantity, "unit_price": unit_price.amount, "amount": priced.amount.amount,
            "tax_rate": tax_rate, "tax": priced.tax.amount}])
        self._recompute(invoice.id, invoice.currency)
        storage.audit.record(session, actor, "add_line", "invoice", invoice.id, {
            "line_id": str(line_id), "description": command.description, "amount": format(priced.amount.amount, "f")})
        return self._view(actor, invoice.id)

    @rpc(allow=DRAFTERS)
    def reconcile_invoice(self, actor: Actor, invoice_id: str) -> dict:
        """Bring a draft up to date with entries changed since drafting: reprice the lines whose
        entry still belongs, remove (and release) the others. An approved draft that changes
        goes back to draft for approval again."""
        session = self.db.session
        invoice = self._draft_to_edit(actor, invoice_id, UNPOSTED)
        stale = storage.invoices.stale_lines(session, invoice.id)
        if not stale:
            return self._view(actor, invoice.id)
        account = storage.accounts.get_account(session, actor.org_id, invoice.account_id)
        book = price_book_for_work(session, account, stale)
        removed, repriced = [], 0
        for row in stale:
            work = price_work(book, row)[0] if domain.invoices.still_belongs(invoice, row) else None
            if work is None:
                removed.append(row)
                continue
            values = line_values(invoice.id, 0, work)
            storage.invoices.update_line(session, row.line_id, **{
                k: v for k, v in values.items() if k not in ("id", "invoice_id", "position")})
            repriced += 1
        storage.invoices.delete_lines(session, [row.line_id for row in removed])
        released = storage.work.release(session, invoice.id, [row.id for row in removed])
        self._recompute(invoice.id, invoice.currency)
        if invoice.status == InvoiceStatus.APPROVED:
            storage.invoices.update_invoice(session, invoice.id, status=InvoiceStatus.DRAFT, approved_by=None,
                                            approved_at=None)
        storage.audit.record(session, actor, "reconcile", "invoice", invoice.id,
                             {"repriced": repriced, "removed": len(removed)})
        deleted = {row.id for row in removed if row.deleted}
        self._released(actor.org_id, invoice, [r for r in released if r.id not in deleted])
        return self._view(actor, invoice.id)

    def _released(self, org_id: UUID, invoice, released: list) -> None:
        """Lines taken off a draft gave their work back (a whole draft's: use_cases.workflow.delete_invoice)."""
        if released:
            self.db.record_event("invoice.deleted", org_id, events.InvoiceItemsReleased(
                invoice_id=invoice.id, account_id=invoice.account_id, released=items_of(released),
                whole_invoice=False))

    def _line_states(self, invoice_id: UUID) -> dict[UUID, domain.invoices.LineState]:
        return {row.line_id: domain.invoices.line_state(row.source_version, row.work_version, row.deleted,
                                                        row.locked_version)
                for row in storage.invoices.work_lines(self.db.session, invoice_id)}

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
        states = self._line_states(invoice.id) if invoice.status in UNPOSTED else {}
        stale = {line_id for line_id, state in states.items() if state is LineState.CHANGED}
        awaiting = {line_id for line_id, state in states.items() if state is LineState.AWAITING_LOCK}
        lines = storage.invoices.lines_of(session, invoice.id)
        matter = storage.invoices.matter_of(session, actor.org_id, invoice.matter_id)
        dispute = storage.settlement.current_dispute(session, invoice.id)
        aggregate = storage.aggregates.load_invoice(session, actor.org_id, invoice.id)
        view = views.invoice_summary(invoice, customer=customer) | {
            # What the caller may do next, so that pages show buttons without knowing the rules.
            "allowed_actions": aggregate.allowed_actions(actor),
            "account_name": account.name,
            "matter": {"id": str(matter.id), "reference": matter.reference, "title": matter.title}
            if matter else None,
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
