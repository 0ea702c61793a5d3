"""Drafting an invoice from work in progress and editing the draft, as use cases over the
Invoice aggregate. Claiming work stays a conditional update in storage: two drafts never claim
the same entry, and a draft bills only what its claim returned."""

from __future__ import annotations

from uuid import UUID, uuid4

from ledgerline_contracts import Actor
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit import inputs
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_invoicing import storage
from ledgerline_invoicing.domain.invoice import Invoice, Line
from ledgerline_invoicing.use_cases.common import save, visible_invoice
from ledgerline_invoicing.use_cases.pricing import WorkLine, price_book_for_work, price_work


def priced_values(work: WorkLine) -> dict:
    """A work line's stored values as priced (everything but its id, invoice and position)."""
    priced, row = work.priced, work.row
    return {
        "kind": row.kind, "source_id": row.id, "source_version": row.version, "user_id": row.user_id,
        "description": work.description, "work_date": row.work_date, "quantity": work.quantity,
        "unit_price": priced.line.unit_price.amount, "amount": priced.line.amount.amount,
        "tax_rate": priced.line.tax_rate, "tax": priced.line.tax.amount,
        "cost": priced.cost.amount if priced.cost is not None else None, "rate_source": priced.rate_source,
    }


def draft_invoice(uow: SqlUnitOfWork, actor: Actor, command: commands.DraftRequest) -> UUID:
    """A draft with a line for each unbilled billable entry of the account (and matter, and
    period) by the drafter or their delegates."""
    with uow:
        session = uow.session
        Invoice.check_period(command.date_from, command.date_to)
        account = storage.accounts.get_account(session, actor.org_id, command.account_id)
        matter = storage.invoices.matter_of(session, actor.org_id, command.matter_id)
        invoice = Invoice.draft(actor, account_id=account.id, account_active=account.active,
                                currency=account.currency, matter_id=command.matter_id,
                                matter_account_id=matter.account_id if matter is not None else None,
                                date_from=command.date_from, date_to=command.date_to)
        candidates = [r for r in storage.work.unbilled(session, actor.org_id, account.id,
                                                       matter_id=command.matter_id, date_from=command.date_from,
                                                       date_to=command.date_to)
                      if r.user_id in actor.overseen_user_ids]
        storage.aggregates.insert_invoice(session, invoice)
        invoice.bill_work(actor, *claim_work(session, invoice.id, account, candidates))
        return save(uow, invoice)


def claim_work(session, invoice_id: UUID, account, candidates: list) -> tuple[list[Line], list]:
    """Price the candidate work items and claim the billable ones for the invoice (its row exists):
    the lines of what this claim got, and the claimed rows. Used by drafting and by billing runs."""
    book = price_book_for_work(session, account, candidates)
    billable = [work for work, _ in (price_work(book, r) for r in candidates) if work is not None]
    claimed = storage.work.claim(session, invoice_id, [w.row.id for w in billable])
    billed = [w for w in billable if w.row.id in claimed]
    return [Line(id=uuid4(), **priced_values(w)) for w in billed], [w.row for w in billed]


def edit_line(uow: SqlUnitOfWork, actor: Actor, invoice_id, line_id, command: commands.LineChanges) -> UUID:
    with uow:
        invoice = visible_invoice(uow, actor, invoice_id)
        invoice.reword_line(actor, inputs.parse_id(line_id, "line_id"), command.narrative)
        return save(uow, invoice)


def remove_line(uow: SqlUnitOfWork, actor: Actor, invoice_id, line_id) -> UUID:
    with uow:
        invoice = visible_invoice(uow, actor, invoice_id)
        invoice.remove_line(actor, inputs.parse_id(line_id, "line_id"),
                            release=lambda ids: storage.work.release(uow.session, invoice.id, ids))
        return save(uow, invoice)


def add_line(uow: SqlUnitOfWork, actor: Actor, invoice_id, command: commands.ManualLine) -> UUID:
    with uow:
        invoice = visible_invoice(uow, actor, invoice_id)
        account = storage.accounts.get_account(uow.session, actor.org_id, invoice.account_id)
        invoice.add_line(actor, description=command.description, work_date=command.work_date,
                         quantity=command.quantity, unit_price=command.unit_price,
                         tax_rate=command.tax_rate if command.tax_rate is not None else account.tax_rate)
        return save(uow, invoice)


def reconcile_invoice(uow: SqlUnitOfWork, actor: Actor, invoice_id) -> UUID:
    with uow:
        session = uow.session
        invoice = visible_invoice(uow, actor, invoice_id)
        stale = storage.invoices.stale_lines(session, invoice.id)
        book = None
        if stale:
            account = storage.accounts.get_account(session, actor.org_id, invoice.account_id)
            book = price_book_for_work(session, account, stale)

        def reprice(item) -> dict | None:
            work = price_work(book, item)[0]
            return priced_values(work) if work is not None else None

        invoice.reconcile(actor, stale, reprice=reprice,
                          release=lambda ids: storage.work.release(session, invoice.id, ids))
        return save(uow, invoice)
