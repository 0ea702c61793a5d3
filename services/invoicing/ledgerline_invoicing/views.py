"""What callers get back: rows turned into plain JSON-ready dicts, and event payloads."""

from __future__ import annotations

from decimal import Decimal

from ledgerline_contracts import Money
from ledgerline_contracts.commands.invoicing import CatalogItem
from ledgerline_contracts.events import invoicing as events


def money(amount: Decimal, currency: str) -> dict:
    """An amount as shown: to the currency's minor unit (amounts are stored already rounded)."""
    return exact(amount, currency).model_dump(mode="json")


def exact(amount: Decimal, currency: str) -> Money:
    """A price or rate without the database's trailing zeros, but never less precise than the
    currency (150.0000 → 150.00; 0.0125 stays 0.0125)."""
    value = Money(amount=amount, currency=currency)
    rounded = value.rounded()
    return rounded if rounded.amount == value.amount else Money(amount=amount.normalize(), currency=currency)


def account_view(row) -> dict:
    return {
        "id": str(row.id), "name": row.name, "billing_email": row.billing_email,
        "currency": row.currency, "payment_terms_days": row.payment_terms_days,
        "tax_rate": format(row.tax_rate, "f"), "tax_id": row.tax_id, "address": row.address,
        "active": row.active, "version": row.version,
    }


def account_event(row) -> events.Account:
    return events.Account(
        account_id=row.id, version=row.version, name=row.name, billing_email=row.billing_email,
        currency=row.currency, payment_terms_days=row.payment_terms_days, tax_rate=row.tax_rate,
        tax_id=row.tax_id, address=row.address, active=row.active)


def rate_view(row) -> dict:
    return {
        "id": str(row.id), "scope": row.scope,
        "account_id": str(row.account_id) if row.account_id else None,
        "matter_id": str(row.matter_id) if row.matter_id else None,
        "user_id": str(row.user_id) if row.user_id else None,
        "activity_code": row.activity_code,
        "rate": exact(row.rate, row.currency).model_dump(mode="json"),
        "updated_at": row.updated_at.isoformat(),
    }


def cost_rate_view(row) -> dict:
    return {"user_id": str(row.user_id), "rate": exact(row.rate, row.currency).model_dump(mode="json"),
            "updated_at": row.updated_at.isoformat()}


def catalog_item(row, *, with_cost: bool) -> CatalogItem:
    return CatalogItem(
        id=row.id, sku=row.sku, name=row.name, kind=row.kind,
        unit_price=exact(row.unit_price, row.currency), tax_rate=row.tax_rate.normalize(),
        stock_on_hand=row.stock_on_hand, active=row.active,
        unit_cost=exact(row.unit_cost, row.currency) if with_cost else None)
