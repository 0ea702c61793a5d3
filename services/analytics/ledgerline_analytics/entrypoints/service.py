"""The analytics service: read models kept from invoicing's events, every figure rebuildable."""

from __future__ import annotations

from ledgerline_servicekit.service import LedgerlineService
from ledgerline_servicekit.unit_of_work import EventMap, SqlUnitOfWork

from ledgerline_analytics.entrypoints.aging import AgingEntrypoints


class AnalyticsService(AgingEntrypoints, LedgerlineService):
    name = "analytics"

    def _unit_of_work(self) -> SqlUnitOfWork:
        """A use case's unit of work in this worker's transaction; no domain event of analytics'
        becomes an outgoing event or an audit entry."""
        return SqlUnitOfWork(self.db, EventMap())
