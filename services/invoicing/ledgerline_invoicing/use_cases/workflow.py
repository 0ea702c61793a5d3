"""Approving, posting and deleting a draft, as use cases over the Invoice aggregate."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from ledgerline_contracts import Actor
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork, UnitOfWork

from ledgerline_invoicing import storage
from ledgerline_invoicing.domain.invoice import Customer
from ledgerline_invoicing.domain.invoices import Series
from ledgerline_invoicing.use_cases.common import save, visible_invoice


def approve_invoice(uow: UnitOfWork, actor: Actor, invoice_id, confirm_unpriced: bool) -> UUID:
    with uow:
        invoice = visible_invoice(uow, actor, invoice_id)
        invoice.approve(actor, confirm_unpriced=confirm_unpriced, at=datetime.now(UTC))
        return save(uow, invoice)


def post_invoice(uow: SqlUnitOfWork, actor: Actor, invoice_id, confirm_unpriced: bool) -> UUID:
    """Number it under the series' lock (a rolled-back posting gives its number back), date it, freeze it."""
    with uow:
        session = uow.session
        invoice = visible_invoice(uow, actor, invoice_id)
        account = storage.accounts.get_account(session, actor.org_id, invoice.account_id)
        invoice.post(
            actor, Customer(name=account.name, billing_email=account.billing_email,
                            payment_terms_days=account.payment_terms_days),
            confirm_unpriced=confirm_unpriced, at=datetime.now(UTC),
            prefix=storage.profiles.get_profile(session, actor.org_id)["invoice_prefix"],
            next_sequence=lambda year: storage.invoices.next_number(session, actor.org_id, Series.INVOICE, year),
            items=lambda: storage.work.claimed_by(session, invoice.id))
        return save(uow, invoice)


def delete_invoice(uow: UnitOfWork, actor: Actor, invoice_id) -> UUID:
    with uow:
        invoice = visible_invoice(uow, actor, invoice_id)
        invoice.delete(actor, at=datetime.now(UTC), release=lambda: uow.invoices.release_work(invoice.id))
        return save(uow, invoice)
