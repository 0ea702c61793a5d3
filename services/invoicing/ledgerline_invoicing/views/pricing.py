"""How rates, cost rates and catalog items are shown."""

from __future__ import annotations

from ledgerline_contracts import Money
from ledgerline_contracts.commands.invoicing import CatalogItem


def rate_view(row) -> dict:
    return {
        "id": str(row.id), "scope": row.scope,
        "account_id": str(row.account_id) if row.account_id else None,
        "matter_id": str(row.matter_id) if row.matter_id else None,
        "user_id": str(row.user_id) if row.user_id else None,
        "activity_code": row.activity_code,
        "rate": Money.stored(row.rate, row.currency).model_dump(mode="json"),
        "updated_at": row.updated_at.isoformat(),
    }


def cost_rate_view(row) -> dict:
    return {"user_id": str(row.user_id), "rate": Money.stored(row.rate, row.currency).model_dump(mode="json"),
            "updated_at": row.updated_at.isoformat()}


def catalog_item(row, *, with_cost: bool) -> CatalogItem:
    return CatalogItem(
        id=row.id, sku=row.sku, name=row.name, kind=row.kind,
        unit_price=Money.stored(row.unit_price, row.currency), tax_rate=row.tax_rate.normalize(),
        stock_on_hand=row.stock_on_hand, active=row.active,
        unit_cost=Money.stored(row.unit_cost, row.currency) if with_cost else None)
