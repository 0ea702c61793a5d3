"""A posted invoice's money: payments, "mark as paid", credit notes, voiding; disputes and
internal notes. Balance = total − payments − credits, and it never goes below zero."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID, uuid4

from ledgerline_contracts import Actor, Conflict, Money, Role, ValidationFailed
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_contracts.events import invoicing as events
from ledgerline_servicekit import clock
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_invoicing import domain, storage
from ledgerline_invoicing.domain.invoices import Balance, InvoiceStatus, Series
from ledgerline_invoicing.endpoints.invoices import items_of


def in_currency(invoice, amount: Decimal) -> Money:
    """A stored amount (already rounded when stored) in the invoice's currency, as shown."""
    return Money(amount=amount, currency=invoice.currency).rounded()


def client_key(actor: Actor, operation: str, key: str | None) -> str | None:
    """A client's idempotency key as stored: scoped by user and operation (the organization is in
    the unique constraint), so it never meets another user's key, another operation's, or a key
    the service makes for itself (mark as paid's ``mark-paid:<invoice id>``)."""
    return f"{operation}:{actor.user_id}:{key}" if key else None


def balance_of(invoice) -> Balance:
    return Balance(total=in_currency(invoice, invoice.total), paid=in_currency(invoice, invoice.amount_paid),
                   credited=in_currency(invoice, invoice.credited))


class SettlementEndpoints:
    # --- payments -----------------------------------------------------------------------------

    @rpc(allow={Role.BILLING})
    def record_payment(self, actor: Actor, invoice_id: str, payment: dict) -> dict:
        """A payment, partial or whole; with an idempotency key a repeat returns the first result."""
        command = commands.PaymentRequest.model_validate(payment)
        key = client_key(actor, "payment", command.idempotency_key)
        # The invoice row lock serializes payments on one invoice, so a repeated key always
        # finds the first payment.
        invoice = self._visible(actor, invoice_id, for_update=True)
        amount = Money(amount=command.amount, currency=invoice.currency)
        if key and (earlier := self._paid_before(actor, invoice, key)) is not None:
            if (earlier.amount, earlier.received_on, earlier.method, earlier.reference) != (
                    amount.amount, command.received_on, command.method, command.reference):
                raise ValidationFailed("this idempotency key was already used for a different payment",
                                       "idempotency_key")
            return self._view(actor, invoice.id)
        self._pay(actor, invoice, amount, command.received_on, command.method, command.reference, key)
        return self._view(actor, invoice.id)

    @rpc(allow={Role.BILLING})
    def mark_paid(self, actor: Actor, invoice_id: str, request: dict | None = None) -> dict:
        """Pay whatever is still owed, once: asking again records nothing more."""
        command = commands.MarkPaidRequest.model_validate(request or {})
        invoice = self._visible(actor, invoice_id, for_update=True)
        # The service's own key: clients' keys are stored scoped (see client_key), so none can equal it.
        key = f"mark-paid:{invoice.id}"
        if invoice.status == InvoiceStatus.PAID or self._paid_before(actor, invoice, key) is not None:
            return self._view(actor, invoice.id)
        self._pay(actor, invoice, balance_of(invoice).owed, command.received_on or clock.today(),
                  command.method, command.reference, key)
        return self._view(actor, invoice.id)

    def _paid_before(self, actor: Actor, invoice, key: str):
        earlier = storage.settlement.payment_by_key(self.db.session, actor.org_id, key)
        if earlier is not None and earlier.invoice_id != invoice.id:
            raise Conflict("this idempotency key was used for another invoice")
        return earlier

    def _pay(self, actor: Actor, invoice, amount: Money, received_on: date, method: str, reference: str,
             key: str | None) -> None:
        session = self.db.session
        domain.invoices.require_status(invoice.status, {InvoiceStatus.POSTED}, "record a payment on")
        domain.invoices.require_received(received_on, clock.today())
        after = balance_of(invoice).pay(amount)
        payment_id = uuid4()
        storage.settlement.insert_payment(session, {
            "id": payment_id, "org_id": actor.org_id, "invoice_id": invoice.id, "amount": amount.amount,
            "currency": amount.currency, "received_on": received_on, "method": method, "reference": reference,
            "idempotency_key": key, "recorded_by": actor.user_id})
        storage.audit.record(session, actor, "payment", "invoice", invoice.id, {
            "payment_id": str(payment_id), "amount": str(amount), "method": method, "reference": reference,
            "received_on": received_on.isoformat(), "balance": str(after.owed)})
        self.db.record_event("payment.recorded", actor.org_id, events.PaymentRecorded(
            payment_id=payment_id, invoice_id=invoice.id, invoice_number=invoice.number,
            account_id=invoice.account_id, amount=amount, received_on=received_on, method=method,
            reference=reference, balance=after.owed))
        self._settle(actor, invoice, after, amount_paid=after.paid.amount)

    def _settle(self, actor: Actor, invoice, after: Balance, **values) -> None:
        """Store the new balance; a balance reaching zero closes the invoice as paid or credited."""
        status = after.settled_status()
        paid_on = None
        if status is InvoiceStatus.PAID:
            paid_on = storage.settlement.last_payment_date(self.db.session, invoice.id)
            values |= {"paid_on": paid_on}
        storage.invoices.update_invoice(self.db.session, invoice.id, status=status, **values)
        if status is InvoiceStatus.PAID:
            self.db.record_event("invoice.paid", actor.org_id, events.InvoicePaid(
                invoice_id=invoice.id, number=invoice.number, account_id=invoice.account_id, paid_on=paid_on,
                total=after.total.rounded()))

    # --- credit notes and voiding ----------------------------------------------------------------

    @rpc(allow={Role.BILLING})
    def issue_credit_note(self, actor: Actor, invoice_id: str, request: dict) -> dict:
        """Credit an amount (tax included) or chosen lines; numbered in its own gapless series."""
        command = commands.CreditNoteRequest.model_validate(request)
        session = self.db.session
        invoice = self._visible(actor, invoice_id, for_update=True)
        key = client_key(actor, "credit-note", command.idempotency_key)
        if key:  # under the invoice's lock, so a repeat finds the first
            earlier = storage.settlement.credit_note_by_key(session, actor.org_id, key)
            if earlier is not None:
                if earlier.invoice_id != invoice.id:
                    raise Conflict("this idempotency key was used for another invoice")
                return self._view(actor, invoice.id)
        domain.invoices.require_status(invoice.status, {InvoiceStatus.POSTED}, "credit")
        currency = invoice.currency
        if command.amount is not None:
            gross = Money(amount=command.amount, currency=currency)
            tax = domain.invoices.credit_tax_share(gross, in_currency(invoice, invoice.tax),
                                                   in_currency(invoice, invoice.total))
            kind, lines = "amount", []
        else:
            lines = self._creditable_lines(invoice, command.line_ids)
            gross = in_currency(invoice, sum((l.amount + l.tax for l in lines), Decimal(0)))
            tax = in_currency(invoice, sum((l.tax for l in lines), Decimal(0)))
            kind = "lines"
        after = balance_of(invoice).credit(gross)
        note = self._credit(actor, invoice, kind, gross, tax, command.reason, after, key)
        for line in lines:
            storage.invoices.update_line(session, line.id, credit_note_id=note["id"])
        self._settle(actor, invoice, after, credited=after.credited.amount)
        return self._view(actor, invoice.id)

    def _creditable_lines(self, invoice, line_ids: list[UUID]) -> list:
        by_id = {line.id: line for line in storage.invoices.lines_of(self.db.session, invoice.id)}
        chosen = []
        for i, line_id in enumerate(dict.fromkeys(line_ids)):
            line = by_id.get(line_id)
            if line is None:
                raise ValidationFailed("no such line on this invoice", f"line_ids.{i}")
            if line.credit_note_id is not None:
                raise ValidationFailed("this line has already been credited", f"line_ids.{i}")
            if line.amount + line.tax <= 0:
                raise ValidationFailed("a line that charges nothing cannot be credited", f"line_ids.{i}")
            chosen.append(line)
        return chosen

    def _credit(self, actor: Actor, invoice, kind: str, gross: Money, tax: Money, reason: str,
                after: Balance, idempotency_key: str | None = None) -> dict:
        session = self.db.session
        issued = datetime.now(UTC).date()
        prefix = storage.profiles.get_profile(session, actor.org_id)["credit_note_prefix"]
        number = domain.invoices.document_number(
            prefix, issued.year, storage.invoices.next_number(session, actor.org_id, Series.CREDIT_NOTE, issued.year))
        note = {"id": uuid4(), "org_id": actor.org_id, "invoice_id": invoice.id, "number": number, "kind": kind,
                "currency": gross.currency, "subtotal": (gross - tax).amount, "tax": tax.amount,
                "amount": gross.amount, "reason": reason, "issue_date": issued, "issued_by": actor.user_id,
                "idempotency_key": idempotency_key}
        storage.settlement.insert_credit_note(session, note)
        storage.audit.record(session, actor, "void" if kind == "void" else "credit_note", "invoice", invoice.id,
                             {"credit_note": number, "amount": str(gross), "balance": str(after.owed)},
                             reason=reason)
        self.db.record_event("credit_note.issued", actor.org_id, events.CreditNoteIssued(
            credit_note_id=note["id"], number=number, invoice_id=invoice.id, invoice_number=invoice.number,
            account_id=invoice.account_id, amount=gross, reason=reason, balance=after.owed))
        return note

    @rpc(allow={Role.BILLING})
    def void_invoice(self, actor: Actor, invoice_id: str, request: dict) -> dict:
        """Cancel a posted (or fully credited), unpaid invoice with a credit note for all it still
        charges, and give its entries back to work in progress for rebilling."""
        command = commands.Reason.model_validate(request)
        session = self.db.session
        invoice = self._visible(actor, invoice_id, for_update=True)
        domain.invoices.require_status(invoice.status, {InvoiceStatus.POSTED, InvoiceStatus.CREDITED}, "void")
        if invoice.amount_paid > 0:
            raise Conflict("an invoice with payments cannot be voided; credit what is still owed instead")
        earlier = storage.settlement.credit_notes_of(session, invoice.id)
        before = balance_of(invoice)
        if before.owed.is_zero():
            # Already credited in full: nothing is left to credit, but its work still comes back.
            after, last = before, earlier[-1]
            note = {"id": last.id, "number": last.number}
            storage.audit.record(session, actor, "void", "invoice", invoice.id,
                                 {"credit_note": last.number, "amount": str(before.owed), "balance": str(after.owed)},
                                 reason=command.reason)
        else:
            remaining_tax = in_currency(invoice, invoice.tax - sum((c.tax for c in earlier), Decimal(0)))
            after = before.credit(before.owed)
            note = self._credit(actor, invoice, "void", before.owed, remaining_tax, command.reason, after)
        released = storage.work.release(session, invoice.id)
        dispute = storage.settlement.current_dispute(session, invoice.id)
        if dispute is not None:
            storage.settlement.resolve_dispute(session, dispute.id, resolution="voided", resolved_by=actor.user_id,
                                               resolved_at=datetime.now(UTC))
        storage.invoices.update_invoice(session, invoice.id, status=InvoiceStatus.VOIDED,
                                        credited=after.credited.amount, disputed=False, closed_by=actor.user_id,
                                        closed_at=datetime.now(UTC))
        self.db.record_event("invoice.voided", actor.org_id, events.InvoiceVoided(
            invoice_id=invoice.id, number=invoice.number, account_id=invoice.account_id,
            credit_note_id=note["id"], credit_note_number=note["number"], reason=command.reason,
            released=items_of(released), balance=after.owed))
        return self._view(actor, invoice.id)

    # --- disputes and notes -------------------------------------------------------------------------

    @rpc(allow={Role.BILLING})
    def dispute_invoice(self, actor: Actor, invoice_id: str, request: dict) -> dict:
        """The customer disputes it: reminders pause until it is resolved."""
        command = commands.Reason.model_validate(request)
        session = self.db.session
        invoice = self._visible(actor, invoice_id, for_update=True)
        domain.invoices.require_status(invoice.status, {InvoiceStatus.POSTED}, "dispute")
        if invoice.disputed:
            raise Conflict("this invoice is already disputed")
        reason = command.reason
        storage.settlement.open_dispute(session, {"id": uuid4(), "org_id": actor.org_id, "invoice_id": invoice.id,
                                                  "reason": reason, "opened_by": actor.user_id})
        storage.invoices.update_invoice(session, invoice.id, disputed=True)
        storage.audit.record(session, actor, "dispute", "invoice", invoice.id, {}, reason=reason)
        self.db.record_event("invoice.disputed", actor.org_id, events.InvoiceDisputed(
            invoice_id=invoice.id, number=invoice.number, account_id=invoice.account_id, reason=reason,
            balance=balance_of(invoice).owed))
        return self._view(actor, invoice.id)

    @rpc(allow={Role.BILLING})
    def resolve_dispute(self, actor: Actor, invoice_id: str, request: dict) -> dict:
        command = commands.DisputeResolution.model_validate(request)
        session = self.db.session
        invoice = self._visible(actor, invoice_id, for_update=True)
        dispute = storage.settlement.current_dispute(session, invoice.id)
        if not invoice.disputed or dispute is None:
            raise Conflict("this invoice is not disputed")
        resolution = command.resolution
        storage.settlement.resolve_dispute(session, dispute.id, resolution=resolution, resolved_by=actor.user_id,
                                           resolved_at=datetime.now(UTC))
        storage.invoices.update_invoice(session, invoice.id, disputed=False)
        storage.audit.record(session, actor, "resolve_dispute", "invoice", invoice.id,
                             {"dispute_reason": dispute.reason}, reason=resolution)
        self.db.record_event("invoice.dispute_resolved", actor.org_id, events.InvoiceDisputeResolved(
            invoice_id=invoice.id, number=invoice.number, account_id=invoice.account_id, resolution=resolution,
            balance=balance_of(invoice).owed))
        return self._view(actor, invoice.id)

    @rpc(allow={Role.BILLING})
    def add_note(self, actor: Actor, invoice_id: str, note: dict) -> dict:
        """An internal note: the firm sees it on the invoice; customers and the PDF never do."""
        command = commands.InternalNote.model_validate(note)
        invoice = self._visible(actor, invoice_id)
        storage.settlement.add_note(self.db.session, {
            "id": uuid4(), "org_id": actor.org_id, "invoice_id": invoice.id, "body": command.body,
            "author_id": actor.user_id, "author_name": actor.name})
        return self._view(actor, invoice.id)
