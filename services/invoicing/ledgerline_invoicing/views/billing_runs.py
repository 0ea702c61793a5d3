"""How billing runs, their progress and their review are shown."""

from __future__ import annotations

from decimal import Decimal

from ledgerline_invoicing.domain import review
from ledgerline_invoicing.domain.billing_runs import AccountStatus, progress
from ledgerline_invoicing.views.invoices import money


def run_view(run, places: list) -> dict:
    done = progress(p.status for p in places)
    return {"id": str(run.id), "period": run.period, "status": run.status, "started_by": str(run.started_by),
            "started_at": run.started_at.isoformat(),
            "completed_at": run.completed_at.isoformat() if run.completed_at else None,
            "accounts": done.accounts, "done": done.done, "drafted": done.drafted, "set_aside": done.set_aside,
            "remaining": done.remaining,
            "set_aside_accounts": [place_view(p) for p in places if p.status == AccountStatus.SET_ASIDE]}


def place_view(place) -> dict:
    return {"account_id": str(place.account_id), "account_name": place.account_name, "status": place.status,
            "invoice_id": str(place.invoice_id) if place.invoice_id else None, "reason": place.reason}


def review_view(run, reviewed: list, jump_percent: Decimal) -> dict:
    return {"run_id": str(run.id), "period": run.period, "jump_percent": format(jump_percent, "f"),
            "items": [{"invoice_id": str(invoice.id), "account_id": str(invoice.account_id),
                       "account_name": account_name, "status": str(invoice.status),
                       "total": money(invoice.total, invoice.currency), "lines": len(invoice.lines),
                       "score": review.score(anomalies),
                       "anomalies": [{"check": a.check, "weight": a.weight, "reason": a.reason} for a in anomalies]}
                      for invoice, account_name, anomalies in reviewed]}


def bulk_view(outcomes: list) -> dict:
    done = sum(reason is None for _, reason in outcomes)
    return {"done": done, "refused": len(outcomes) - done,
            "items": [{"invoice_id": str(invoice_id), "done": reason is None, "reason": reason}
                      for invoice_id, reason in outcomes]}
