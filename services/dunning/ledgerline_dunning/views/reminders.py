"""An invoice's reminder timeline, as billing sees it."""

from __future__ import annotations

from ledgerline_contracts import Money


def timeline_view(invoice, reminders) -> dict:
    return {
        "invoice_id": str(invoice.invoice_id), "number": invoice.number, "collection_status": invoice.status,
        "disputed": invoice.disputed, "paused": invoice.paused,
        "balance": Money(amount=invoice.balance, currency=invoice.currency).rounded().model_dump(mode="json"),
        "reminders": [{
            "stage": r.stage, "label": r.label, "due_on": r.due_on.isoformat(), "status": r.status,
            "sent_at": r.sent_at.isoformat() if r.sent_at else None, "recipient": r.recipient,
        } for r in reminders],
    }
