"""The invoicing service: accounts, pricing, work in progress, invoices and their settlement.

The entrypoints live beside this module, one mixin per area; every one that changes something
calls :mod:`ledgerline_invoicing.use_cases` in a unit of work.
"""

from __future__ import annotations

from ledgerline_servicekit.service import LedgerlineService
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_invoicing.entrypoints.accounts import AccountEntrypoints
from ledgerline_invoicing.entrypoints.agreements import AgreementEntrypoints
from ledgerline_invoicing.entrypoints.billing_runs import BillingRunEntrypoints
from ledgerline_invoicing.entrypoints.documents import DocumentEntrypoints
from ledgerline_invoicing.entrypoints.invoices import InvoiceEntrypoints
from ledgerline_invoicing.entrypoints.pricing import PricingEntrypoints
from ledgerline_invoicing.entrypoints.settlement import SettlementEntrypoints
from ledgerline_invoicing.entrypoints.work import WorkEntrypoints
from ledgerline_invoicing.entrypoints.work_orders import WorkOrderEntrypoints
from ledgerline_invoicing.entrypoints.workflow import WorkflowEntrypoints
from ledgerline_invoicing.storage.agreements import AgreementRepository
from ledgerline_invoicing.storage.aggregates import InvoiceRepository
from ledgerline_invoicing.use_cases.effects import INVOICING_EVENTS


class InvoicingService(AccountEntrypoints, PricingEntrypoints, WorkEntrypoints, WorkOrderEntrypoints,
                       InvoiceEntrypoints, WorkflowEntrypoints, SettlementEntrypoints, DocumentEntrypoints,
                       AgreementEntrypoints, BillingRunEntrypoints, LedgerlineService):
    name = "invoicing"

    def _unit_of_work(self) -> SqlUnitOfWork:
        """A use case's unit of work in this worker's transaction (see use_cases/effects.py)."""
        return SqlUnitOfWork(self.db, INVOICING_EVENTS, invoices=InvoiceRepository(self.db),
                             agreements=AgreementRepository(self.db))
