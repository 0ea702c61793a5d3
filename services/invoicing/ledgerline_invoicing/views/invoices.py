"""How invoices, their lines, payments, credit notes, disputes, notes and audit entries are shown:
rows turned into plain JSON-ready dicts, and the work items an event lists."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from ledgerline_contracts import Money
from ledgerline_contracts.events import invoicing as events

from ledgerline_invoicing.domain.invoices import is_hourly, is_unpriced
from ledgerline_invoicing.domain.pricing import hours_and_minutes


def money(amount: Decimal, currency: str) -> dict:
    """An amount as shown: to the currency's minor unit (amounts are stored already rounded)."""
    return Money.stored(amount, currency).model_dump(mode="json")


def items_of(rows) -> events.InvoiceItems:
    """Work items as the event lists them: ids by kind."""
    by_kind: dict[str, list[UUID]] = {"time": [], "expense": [], "part": []}
    for row in rows:
        by_kind[row.kind].append(row.id)
    return events.InvoiceItems(time_entry_ids=sorted(by_kind["time"]), expense_ids=sorted(by_kind["expense"]),
                               part_ids=sorted(by_kind["part"]))


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _str(value) -> str | None:
    return str(value) if value is not None else None


def balance_of(row) -> Decimal:
    return row.total - row.amount_paid - row.credited


def invoice_summary(row, *, customer: bool = False) -> dict:
    """One row of an invoice list."""
    currency = row.currency
    summary = {
        "id": str(row.id), "number": row.number, "status": row.status,
        "account_id": str(row.account_id), "account_name": getattr(row, "account_name", None),
        "issue_date": _iso(row.issue_date), "due_date": _iso(row.due_date), "currency": currency,
        "total": money(row.total, currency), "balance": money(balance_of(row), currency),
        "disputed": row.disputed,
    }
    if not customer:
        summary |= {"matter_id": _str(row.matter_id), "created_by": str(row.created_by),
                    "created_at": _iso(row.created_at)}
    return summary


def quantity_text(kind: str, quantity: Decimal, hourly: bool = False) -> str:
    """Hours to two places; units without trailing zeros (2.000 → 2, 2.500 → 2.5)."""
    if kind == "time" or hourly:
        return format(quantity.quantize(Decimal("0.01")), "f")
    return format(quantity.normalize(), "f")


def minutes_of(hours: Decimal) -> int:
    """A time line's minutes, from its hours stored to two places (off by at most 0.3 minutes)."""
    return int((hours * 60).to_integral_value(ROUND_HALF_UP))


def shown_quantity(kind: str, quantity: Decimal, minutes: int | None = None, hourly: bool = False) -> str:
    """A quantity as every document shows it (page, PDF, exports), so that it times the unit price
    is the amount: time in hours and minutes ("0:25 h"), a work order's hours to two places as the
    work order counts them ("16.90 h"), units without trailing zeros."""
    if kind == "time":
        return f"{hours_and_minutes(minutes if minutes is not None else minutes_of(quantity))} h"
    if hourly:
        return f"{quantity_text(kind, quantity, hourly)} h"
    return format(quantity.normalize(), "f")


def line_view(line, currency: str, *, stale: bool = False, awaiting_lock: bool = False,
              customer: bool = False) -> dict:
    hourly = is_hourly(line.kind, line.rate_source)
    view = {
        "id": str(line.id), "position": line.position, "kind": line.kind,
        "description": line.narrative_override or line.description,
        "work_date": _iso(line.work_date), "quantity": quantity_text(line.kind, line.quantity, hourly),
        "unit": "h" if hourly else None,
        "duration_minutes": minutes_of(line.quantity) if line.kind == "time" else None,
        "shown_quantity": shown_quantity(line.kind, line.quantity, hourly=hourly),
        "unit_price": Money.stored(line.unit_price, currency).model_dump(mode="json"),
        "amount": money(line.amount, currency),
        "tax_rate": format(line.tax_rate.normalize(), "f") if line.tax_rate is not None else None,
        "tax": money(line.tax, currency), "credited": line.credit_note_id is not None,
    }
    if not customer:
        view |= {"source_id": _str(line.source_id), "source_version": line.source_version,
                 "user_id": _str(line.user_id),
                 "entry_description": line.description, "narrative_override": line.narrative_override,
                 "rate_source": line.rate_source, "stale": stale, "awaiting_lock": awaiting_lock,
                 "unpriced": is_unpriced(line.kind, line.rate_source)}
    return view


def payment_view(row, currency: str) -> dict:
    return {"id": str(row.id), "amount": money(row.amount, currency), "received_on": row.received_on.isoformat(),
            "method": row.method, "reference": row.reference}


def credit_note_view(row, *, customer: bool = False) -> dict:
    view = {"id": str(row.id), "number": row.number, "amount": money(row.amount, row.currency),
            "subtotal": money(row.subtotal, row.currency), "tax": money(row.tax, row.currency),
            "issue_date": row.issue_date.isoformat(), "kind": row.kind}
    if not customer:
        view |= {"reason": row.reason, "issued_by": str(row.issued_by)}
    return view


def dispute_view(row) -> dict:
    return {"id": str(row.id), "reason": row.reason, "opened_by": str(row.opened_by),
            "opened_at": row.opened_at.isoformat(), "resolution": row.resolution,
            "resolved_by": _str(row.resolved_by), "resolved_at": _iso(row.resolved_at)}


def note_view(row) -> dict:
    return {"id": str(row.id), "body": row.body, "author_id": str(row.author_id), "author_name": row.author_name,
            "created_at": row.created_at.isoformat()}


def audit_view(row) -> dict:
    return {"at": row.at.isoformat(), "actor_id": str(row.actor_id), "actor_name": row.actor_name,
            "action": row.action, "entity": row.entity, "entity_id": str(row.entity_id),
            "details": row.details, "reason": row.reason}
