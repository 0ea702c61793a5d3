"""How accounts are shown, and the ``account.*`` payload other services keep their replica from."""

from __future__ import annotations

from ledgerline_contracts.events import invoicing as events


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
