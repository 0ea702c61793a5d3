"""The timetracking service: thin entrypoints (one module per area) that validate the request,
call a use case (:mod:`ledgerline_timetracking.use_cases`, in a unit of work) or a query, and
answer with a view."""

from __future__ import annotations

from ledgerline_servicekit.calls import ServiceRpc
from ledgerline_servicekit.files import StoredFiles
from ledgerline_servicekit.service import LedgerlineService
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_timetracking.domain.receipts import DEFAULT_MAX_BYTES
from ledgerline_timetracking.entrypoints.handlers import InvoicingEventHandlers
from ledgerline_timetracking.entrypoints.reports import ReportEntrypoints
from ledgerline_timetracking.entrypoints.setup import SetupEntrypoints
from ledgerline_timetracking.entrypoints.timers import TimerEntrypoints
from ledgerline_timetracking.entrypoints.work import WorkEntrypoints
from ledgerline_timetracking.use_cases.effects import TIMETRACKING_EVENTS


class TimetrackingService(WorkEntrypoints, TimerEntrypoints, SetupEntrypoints, ReportEntrypoints,
                          InvoicingEventHandlers, LedgerlineService):
    name = "timetracking"

    # Pricing (live totals) and the parts catalog belong to invoicing; the
    # acting user's context travels with each call, which has a deadline.
    invoicing = ServiceRpc("invoicing")
    receipts = StoredFiles("receipts", DEFAULT_MAX_BYTES)

    def _unit_of_work(self) -> SqlUnitOfWork:
        """A use case's unit of work in this worker's transaction (see use_cases/effects.py)."""
        return SqlUnitOfWork(self.db, TIMETRACKING_EVENTS)
