"""Pricing work: loading the data pricing needs (a price book) and pricing work items as lines;
shared by drafting, reconciling and the work-in-progress and pricing entrypoints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from sqlalchemy.orm import Session

from ledgerline_contracts import Money
from ledgerline_invoicing import storage
from ledgerline_invoicing.domain.pricing import CatalogPrice, PriceBook, Priced, RateRule, RateScope, shown_hours


def price_book(session: Session, account, *, user_ids: Iterable[UUID] = (),
               item_ids: Iterable[UUID | None] = ()) -> PriceBook:
    """The rules, cost rates and catalog prices that can apply to this account's work."""
    rules = tuple(
        RateRule(scope=RateScope(r.scope), rate=Money.stored(r.rate, r.currency),
                 account_id=r.account_id, matter_id=r.matter_id, user_id=r.user_id, activity_code=r.activity_code)
        for r in storage.rates.rules_for(session, account.org_id, account.id, account.currency))
    costs = storage.rates.cost_rates_for(session, account.org_id, set(user_ids))
    items = storage.catalog.items_by_id(session, account.org_id, {i for i in item_ids if i})
    return PriceBook(
        account_id=account.id, currency=account.currency, tax_rate=account.tax_rate, rules=rules,
        cost_rates={user: Money.stored(c.rate, c.currency) for user, c in costs.items()},
        items={item_id: CatalogPrice(name=i.name, tax_rate=i.tax_rate,
                                     unit_cost=Money(amount=i.unit_cost, currency=i.currency))
               for item_id, i in items.items()})


def price_book_for_work(session: Session, account, rows) -> PriceBook:
    return price_book(session, account, user_ids={r.user_id for r in rows},
                      item_ids={r.catalog_item_id for r in rows if r.kind == "part"})


@dataclass(frozen=True)
class WorkLine:
    """A work item priced as an invoice line."""

    row: object  # the work item
    priced: Priced
    quantity: Decimal  # as shown: hours to two places, or units
    description: str


def price_work(book: PriceBook, row) -> tuple[WorkLine | None, str | None]:
    """The line a work item makes, or why it cannot be billed to this account as it is."""
    if row.kind == "time":
        priced = book.time(user_id=row.user_id, activity_code=row.activity_code, minutes=row.minutes,
                           matter_id=row.matter_id)
        return WorkLine(row, priced, shown_hours(row.minutes), row.narrative), None
    if row.currency != book.currency:
        return None, f"in {row.currency}; the account bills in {book.currency}"
    unit_price = Money(amount=row.unit_price, currency=row.currency)
    if row.kind == "expense":
        return WorkLine(row, book.expense(unit_price), Decimal(1), row.narrative), None
    priced = book.part(catalog_item_id=row.catalog_item_id, quantity=row.quantity, unit_price=unit_price)
    name = row.narrative if not row.sku or row.sku == row.narrative else f"{row.narrative} ({row.sku})"
    return WorkLine(row, priced, row.quantity, name), None
