"""The timetracking service: thin entrypoints (one module per area), the rules in ``domain``,
the queries in ``storage``."""

from __future__ import annotations

from ledgerline_servicekit.calls import ServiceRpc
from ledgerline_servicekit.service import LedgerlineService

from ledgerline_timetracking.receipts import Receipts
from ledgerline_timetracking.service.handlers import InvoicingEventHandlers
from ledgerline_timetracking.service.reports import ReportEntrypoints
from ledgerline_timetracking.service.setup import SetupEntrypoints
from ledgerline_timetracking.service.timers import TimerEntrypoints
from ledgerline_timetracking.service.work import WorkEntrypoints


class TimetrackingService(WorkEntrypoints, TimerEntrypoints, SetupEntrypoints, ReportEntrypoints,
                          InvoicingEventHandlers, LedgerlineService):
    name = "timetracking"

    # Pricing (live totals) and the parts catalog belong to invoicing; the
    # acting user's context travels with each call, which has a deadline.
    invoicing = ServiceRpc("invoicing")
    receipts = Receipts()
