"""Completed work orders: each becomes a draft invoice (use_cases/work_orders.py)."""

from __future__ import annotations

from ledgerline_contracts import Envelope
from ledgerline_contracts.events.workorders import WorkOrderCompleted
from ledgerline_servicekit.entrypoints import handle_event

from ledgerline_invoicing.use_cases import work_orders


class WorkOrderEntrypoints:
    @handle_event("workorder.completed")
    def on_work_order_completed(self, envelope: Envelope) -> None:
        work_orders.draft_from_work_order(self._unit_of_work(), envelope.org_id,
                                          envelope.payload_as(WorkOrderCompleted))
