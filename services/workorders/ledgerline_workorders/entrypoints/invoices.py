"""Invoicing's word that the invoice drafted from a work order was posted: the job is Invoiced."""

from __future__ import annotations

from ledgerline_contracts import Envelope
from ledgerline_contracts.events.invoicing import InvoicePosted
from ledgerline_servicekit.entrypoints import handle_event

from ledgerline_workorders.use_cases import work_orders


class InvoiceEntrypoints:
    @handle_event("invoice.posted")
    def on_invoice_posted(self, envelope: Envelope) -> None:
        posted = envelope.payload_as(InvoicePosted)
        if posted.work_order_id is not None:  # most invoices bill other work
            work_orders.mark_invoiced(self._unit_of_work(), envelope.org_id, posted.work_order_id,
                                      posted.invoice_id, posted.number)
