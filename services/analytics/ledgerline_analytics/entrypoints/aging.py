"""Analytics' entrypoints: invoicing's events keep the receivables; partners and billing read the
aging. Thin: the rules are in ``domain``, the changes in ``use_cases``."""

from __future__ import annotations

from datetime import date

from ledgerline_contracts import Actor, Envelope, Role, ValidationFailed
from ledgerline_servicekit.clock import today
from ledgerline_servicekit.entrypoints import handle_event, rpc
from ledgerline_servicekit.receivables import storage as receivables

from ledgerline_analytics import storage
from ledgerline_analytics.domain.aging import aging
from ledgerline_analytics.use_cases.receivables import keep_receivable
from ledgerline_analytics.views.aging import aging_view

DASHBOARD_READERS = {Role.PARTNER, Role.BILLING}


class AgingEntrypoints:
    @handle_event("invoice.posted", "payment.recorded", "credit_note.issued", "invoice.paid", "invoice.voided")
    def on_receivable_event(self, envelope: Envelope) -> None:
        keep_receivable(self._unit_of_work(), envelope)

    @rpc(allow=DASHBOARD_READERS)
    def ar_aging(self, actor: Actor, as_of: str | None = None) -> dict:
        try:
            day = date.fromisoformat(as_of) if as_of else today()
        except ValueError:
            raise ValidationFailed("as_of must be a date (YYYY-MM-DD)", "as_of") from None
        totals, overdue = aging(
            receivables.open_receivables(self.db.session, storage.tables.receivables, actor.org_id), day)
        return aging_view(day, totals, overdue)
