"""A completed work order becomes a draft invoice for its account, once: fixed-price line items at
their price (together, the agreed contract amount where there is one), hourly ones at their actual
hours × the account's rate. The draft is then approved and posted like any other."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID, uuid4

from ledgerline_contracts import ValidationFailed
from ledgerline_contracts.events.workorders import CompletedLineItem, WorkOrderCompleted
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_invoicing import storage
from ledgerline_invoicing.domain.invoice import Invoice, Line
from ledgerline_invoicing.domain.invoices import WORK_ORDER, written
from ledgerline_invoicing.domain.pricing import PriceBook
from ledgerline_invoicing.use_cases.common import save
from ledgerline_invoicing.use_cases.pricing import price_book


def line_item(book: PriceBook, completed: WorkOrderCompleted, item: CompletedLineItem, index: int) -> Line:
    """One line item as an invoice line, saying which work order it comes from."""
    cost = item.labour_cost + item.equipment_cost
    if item.pricing_method == "fixed":
        if item.price is None:
            raise ValidationFailed(f"line {item.line_number} of work order {completed.number} is fixed-price "
                                   "without a price", f"lines.{index}.price")
        priced, quantity = book.work_order_price(item.price, cost, f"lines.{index}.price"), Decimal(1)
    else:
        priced = book.work_order_hours(hours=item.actual_hours, service_type=item.service_type, cost=cost)
        quantity = item.actual_hours
    change = " (change order)" if item.change_order else ""
    return Line(id=uuid4(), kind=WORK_ORDER, source_id=item.line_item_id,
                description=f"{completed.number}{change}: {item.description}", work_date=completed.completed_on,
                quantity=quantity, unit_price=priced.line.unit_price.amount, amount=priced.line.amount.amount,
                tax_rate=priced.line.tax_rate, tax=priced.line.tax.amount,
                cost=priced.cost.amount if priced.cost is not None else None, rate_source=priced.rate_source)


def contract_balance(book: PriceBook, completed: WorkOrderCompleted) -> list[Line]:
    """The line that makes the fixed-price part bill the agreed contract amount, where one is needed."""
    priced = book.contract_balance(completed.contract_amount, [item.price for item in completed.lines
                                                               if item.pricing_method == "fixed" and item.price])
    if priced is None:
        return []
    return [Line(id=uuid4(), kind=WORK_ORDER, description=f"{completed.number}: {completed.title}, balance of the "
                 f"agreed contract amount of {written(completed.contract_amount)}", work_date=completed.completed_on,
                 quantity=Decimal(1), unit_price=priced.line.unit_price.amount, amount=priced.line.amount.amount,
                 tax_rate=priced.line.tax_rate, tax=priced.line.tax.amount)]


def draft_from_work_order(uow: SqlUnitOfWork, org_id: UUID, completed: WorkOrderCompleted) -> UUID | None:
    """The work order's draft, or None when it already has one (a repeated or late event; a
    unique index settles two arriving at once)."""
    with uow:
        session = uow.session
        if storage.invoices.drafted_from_work_order(session, org_id, completed.work_order_id) is not None:
            return None
        account = storage.accounts.get_account(session, org_id, completed.account_id)
        book = price_book(session, account)
        invoice = Invoice.draft_from_work_order(
            org_id=org_id, account_id=account.id, currency=account.currency,
            work_order_id=completed.work_order_id, work_order_number=completed.number,
            lines=[*(line_item(book, completed, item, i) for i, item in enumerate(completed.lines)),
                   *contract_balance(book, completed)])
        storage.aggregates.insert_invoice(session, invoice)
        return save(uow, invoice)
