"""The analytics service: read models kept from invoicing's events."""

from __future__ import annotations

from datetime import date

from ledgerline_contracts import Actor, Envelope, Money, Role, ValidationFailed
from ledgerline_servicekit.entrypoints import handle_event, rpc
from ledgerline_servicekit.clock import today
from ledgerline_servicekit.receivables import storage as receivables
from ledgerline_servicekit.service import LedgerlineService

from ledgerline_analytics import domain, storage

DASHBOARD_READERS = {Role.PARTNER, Role.BILLING}


class AnalyticsService(LedgerlineService):
    name = "analytics"

    @handle_event("invoice.posted", "payment.recorded", "credit_note.issued", "invoice.paid", "invoice.voided")
    def on_receivable_event(self, envelope: Envelope) -> None:
        receivables.record(self.db.session, storage.receivables, envelope)

    @rpc(allow=DASHBOARD_READERS)
    def ar_aging(self, actor: Actor, as_of: str | None = None) -> dict:
        try:
            day = date.fromisoformat(as_of) if as_of else today()
        except ValueError:
            raise ValidationFailed("as_of must be a date (YYYY-MM-DD)", "as_of") from None
        totals, overdue = domain.aging(
            receivables.open_receivables(self.db.session, storage.receivables, actor.org_id), day)
        return {
            "as_of": day.isoformat(),
            "buckets": {currency: {name: format(Money(amount=amount, currency=currency).rounded().amount, "f")
                                   for name, amount in per_bucket.items()}
                        for currency, per_bucket in totals.items()},
            "overdue": [{
                "invoice_id": str(o.receivable.invoice_id), "number": o.receivable.number,
                "account_name": o.receivable.account_name, "due_date": o.receivable.due_date.isoformat(),
                "days_overdue": o.days_overdue, "bucket": domain.bucket(o.days_overdue),
                "balance": Money(amount=o.receivable.balance, currency=o.receivable.currency).rounded()
                .model_dump(mode="json"),
            } for o in overdue],
        }
