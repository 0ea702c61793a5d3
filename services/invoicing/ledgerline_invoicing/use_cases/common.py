"""What every invoice use case does: load the aggregate the caller may see, and save it, through
the unit of work's ``invoices`` (``storage.aggregates.InvoiceRepository``, or one in memory)."""

from __future__ import annotations

from uuid import UUID

from ledgerline_contracts import Actor, NotFound
from ledgerline_servicekit import inputs
from ledgerline_servicekit.unit_of_work import UnitOfWork

from ledgerline_invoicing.domain.invoice import Invoice


def visible_invoice(uow: UnitOfWork, actor: Actor, invoice_id) -> Invoice:
    """The invoice, locked until the change commits (saving writes its whole state), if the actor
    may see it; anything else is indistinguishable from missing."""
    invoice = uow.invoices.get(actor.org_id, inputs.parse_id(invoice_id, "invoice_id"))
    if not invoice.visible_to(actor):
        raise NotFound("no such invoice", "invoice_id")
    return invoice


def save(uow: UnitOfWork, invoice: Invoice) -> UUID:
    """Write the invoice back; its domain events are written when the unit of work ends."""
    uow.invoices.save(invoice)
    uow.collect(invoice)
    return invoice.id
