"""A posted invoice's money and disputes, as use cases: each loads the Invoice aggregate under
its row lock, calls one of its methods, saves it, and leaves the audit trail and the outgoing
events to the unit of work. Idempotency keys are looked up here: they are about the request,
not the invoice."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from ledgerline_contracts import Actor, Conflict, Money, ValidationFailed
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit import clock
from ledgerline_servicekit.unit_of_work import UnitOfWork

from ledgerline_invoicing.domain.invoice import Invoice
from ledgerline_invoicing.domain.invoices import Series
from ledgerline_invoicing.use_cases.common import save, visible_invoice


def client_key(actor: Actor, operation: str, key: str | None) -> str | None:
    """A client's idempotency key as stored: scoped by user and operation (the organization is in
    the unique constraint), so it never meets another user's key, another operation's, or a key
    the service makes for itself (mark as paid's ``mark-paid:<invoice id>``)."""
    return f"{operation}:{actor.user_id}:{key}" if key else None


def _paid_before(uow: UnitOfWork, actor: Actor, invoice: Invoice, key: str):
    earlier = uow.invoices.payment_by_key(actor.org_id, key)
    if earlier is not None and earlier.invoice_id != invoice.id:
        raise Conflict("this idempotency key was used for another invoice")
    return earlier


def record_payment(uow: UnitOfWork, actor: Actor, invoice_id, command: commands.PaymentRequest) -> UUID:
    """A payment, partial or whole; with an idempotency key a repeat records nothing more."""
    with uow:
        key = client_key(actor, "payment", command.idempotency_key)
        # The invoice row lock serializes payments on one invoice, so a repeated key always
        # finds the first payment.
        invoice = visible_invoice(uow, actor, invoice_id)
        amount = Money(amount=command.amount, currency=invoice.currency)
        if key and (earlier := _paid_before(uow, actor, invoice, key)) is not None:
            if (earlier.amount, earlier.received_on, earlier.method, earlier.reference) != (
                    amount.amount, command.received_on, command.method, command.reference):
                raise ValidationFailed("this idempotency key was already used for a different payment",
                                       "idempotency_key")
            return invoice.id
        invoice.pay(actor, amount, command.received_on, command.method, command.reference, today=clock.today(),
                    idempotency_key=key)
        return save(uow, invoice)


def mark_paid(uow: UnitOfWork, actor: Actor, invoice_id, command: commands.MarkPaidRequest) -> UUID:
    """Pay whatever is still owed, once."""
    with uow:
        invoice = visible_invoice(uow, actor, invoice_id)
        # The service's own key: clients' keys are stored scoped (see client_key), so none can equal it.
        key = f"mark-paid:{invoice.id}"
        invoice.mark_paid(actor, command.received_on or clock.today(), command.method, command.reference,
                          today=clock.today(), idempotency_key=key,
                          already_marked=_paid_before(uow, actor, invoice, key) is not None)
        return save(uow, invoice)


def _next_number(uow: UnitOfWork, actor: Actor, series: Series, issued: date):
    """The next number of a gapless series, taken (under the series' lock) only when asked for."""
    return lambda: uow.invoices.next_number(actor.org_id, series, issued.year)


def issue_credit_note(uow: UnitOfWork, actor: Actor, invoice_id, command: commands.CreditNoteRequest) -> UUID:
    """Credit an amount (tax included) or chosen lines; numbered in its own gapless series."""
    with uow:
        invoice = visible_invoice(uow, actor, invoice_id)
        key = client_key(actor, "credit-note", command.idempotency_key)
        if key:  # under the invoice's lock, so a repeat finds the first
            earlier = uow.invoices.credit_note_by_key(actor.org_id, key)
            if earlier is not None:
                if earlier.invoice_id != invoice.id:
                    raise Conflict("this idempotency key was used for another invoice")
                return invoice.id
        issued = clock.today()
        number = _next_number(uow, actor, Series.CREDIT_NOTE, issued)
        if command.amount is not None:
            invoice.credit_amount(actor, Money(amount=command.amount, currency=invoice.currency), command.reason,
                                  issued=issued, next_number=number, idempotency_key=key)
        else:
            invoice.credit_lines(actor, command.line_ids, command.reason, issued=issued, next_number=number,
                                 idempotency_key=key)
        return save(uow, invoice)


def void_invoice(uow: UnitOfWork, actor: Actor, invoice_id, command: commands.Reason) -> UUID:
    """Cancel a posted (or fully credited), unpaid invoice; its work is billable again."""
    with uow:
        invoice = visible_invoice(uow, actor, invoice_id)
        now = datetime.now(UTC)
        invoice.void(actor, command.reason, issued=now.date(), at=now,
                     next_number=_next_number(uow, actor, Series.CREDIT_NOTE, now.date()),
                     release=lambda: uow.invoices.release_work(invoice.id))
        return save(uow, invoice)


def dispute_invoice(uow: UnitOfWork, actor: Actor, invoice_id, command: commands.Reason) -> UUID:
    with uow:
        invoice = visible_invoice(uow, actor, invoice_id)
        invoice.open_dispute(actor, command.reason)
        return save(uow, invoice)


def resolve_dispute(uow: UnitOfWork, actor: Actor, invoice_id, command: commands.DisputeResolution) -> UUID:
    with uow:
        invoice = visible_invoice(uow, actor, invoice_id)
        invoice.resolve_dispute(actor, command.resolution, at=datetime.now(UTC))
        return save(uow, invoice)


def add_note(uow: UnitOfWork, actor: Actor, invoice_id, command: commands.InternalNote) -> UUID:
    with uow:
        invoice = visible_invoice(uow, actor, invoice_id)
        invoice.add_note(actor, command.body)
        return save(uow, invoice)
