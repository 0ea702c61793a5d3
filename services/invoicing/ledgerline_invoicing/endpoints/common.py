"""What several areas' entrypoints share: loading the data pricing needs."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy.orm import Session

from ledgerline_contracts import Money
from ledgerline_invoicing import storage
from ledgerline_invoicing.domain.pricing import CatalogPrice, PriceBook, RateRule, RateScope
from ledgerline_invoicing.views import exact


def price_book(session: Session, account, *, user_ids: Iterable[UUID] = (),
               item_ids: Iterable[UUID | None] = ()) -> PriceBook:
    """The rules, cost rates and catalog prices that can apply to this account's work."""
    rules = tuple(
        RateRule(scope=RateScope(r.scope), rate=exact(r.rate, r.currency),
                 account_id=r.account_id, matter_id=r.matter_id, user_id=r.user_id, activity_code=r.activity_code)
        for r in storage.rates.rules_for(session, account.org_id, account.id, account.currency))
    costs = storage.rates.cost_rates_for(session, account.org_id, set(user_ids))
    items = storage.catalog.items_by_id(session, account.org_id, {i for i in item_ids if i})
    return PriceBook(
        account_id=account.id, currency=account.currency, tax_rate=account.tax_rate, rules=rules,
        cost_rates={user: exact(c.rate, c.currency) for user, c in costs.items()},
        items={item_id: CatalogPrice(name=i.name, tax_rate=i.tax_rate,
                                     unit_cost=Money(amount=i.unit_cost, currency=i.currency))
               for item_id, i in items.items()})
