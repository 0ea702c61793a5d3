"""How agreements are shown, and the ``agreement.*`` payload."""

from __future__ import annotations

from ledgerline_contracts import Money
from ledgerline_contracts.events import invoicing as events

from ledgerline_invoicing.domain.agreements import Agreement, AgreementLine


def _quantity(line: AgreementLine) -> str:
    return format(line.quantity.normalize(), "f")


def line_view(line: AgreementLine, currency: str) -> dict:
    return {"id": str(line.id), "position": line.position, "description": line.description,
            "catalog_item_id": str(line.catalog_item_id) if line.catalog_item_id else None,
            "quantity": _quantity(line),
            "unit_price": Money.stored(line.unit_price, currency).model_dump(mode="json"),
            "cycle": line.cycle, "timing": line.timing, "start_date": line.start_date.isoformat(),
            "end_date": line.end_date.isoformat() if line.end_date else None}


def agreement_view(agreement: Agreement, account_name: str) -> dict:
    return {"id": str(agreement.id), "account_id": str(agreement.account_id), "account_name": account_name,
            "name": agreement.name, "status": str(agreement.status), "currency": agreement.currency,
            "lines": [line_view(line, agreement.currency) for line in agreement.lines],
            "version": agreement.version,
            "created_at": agreement.created_at.isoformat() if agreement.created_at else None}


def agreement_event(agreement: Agreement) -> events.Agreement:
    return events.Agreement(
        agreement_id=agreement.id, account_id=agreement.account_id, version=agreement.version, name=agreement.name,
        status=str(agreement.status),
        lines=[events.AgreementLine(line_id=line.id, description=line.description,
                                    catalog_item_id=line.catalog_item_id, quantity=line.quantity,
                                    unit_price=Money.stored(line.unit_price, agreement.currency), cycle=line.cycle,
                                    timing=line.timing, start_date=line.start_date, end_date=line.end_date)
               for line in agreement.lines])
