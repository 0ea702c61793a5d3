"""The invoicing service: accounts, pricing, work in progress, invoices and their settlement.

The entrypoints live beside this module, one mixin per area; every one that changes something
calls :mod:`ledgerline_invoicing.use_cases` in a unit of work.
"""

from __future__ import annotations

from ledgerline_servicekit.service import LedgerlineService
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_invoicing.entrypoints.accounts import AccountEndpoints
from ledgerline_invoicing.entrypoints.documents import DocumentEndpoints
from ledgerline_invoicing.entrypoints.invoices import InvoiceEndpoints
from ledgerline_invoicing.entrypoints.pricing import PricingEndpoints
from ledgerline_invoicing.entrypoints.settlement import SettlementEndpoints
from ledgerline_invoicing.entrypoints.work import WorkEndpoints
from ledgerline_invoicing.entrypoints.work_orders import WorkOrderEndpoints
from ledgerline_invoicing.entrypoints.workflow import WorkflowEndpoints
from ledgerline_invoicing.storage.aggregates import InvoiceRepository
from ledgerline_invoicing.use_cases.effects import INVOICING_EVENTS


class InvoicingService(AccountEndpoints, PricingEndpoints, WorkEndpoints, WorkOrderEndpoints, InvoiceEndpoints,
                       WorkflowEndpoints, SettlementEndpoints, DocumentEndpoints, LedgerlineService):
    name = "invoicing"

    def _unit_of_work(self) -> SqlUnitOfWork:
        """A use case's unit of work in this worker's transaction (see use_cases/effects.py)."""
        return SqlUnitOfWork(self.db, INVOICING_EVENTS, invoices=InvoiceRepository(self.db))
