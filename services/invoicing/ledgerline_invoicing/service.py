"""The invoicing service: accounts, pricing, work in progress, invoices and their settlement.

The entrypoints live in :mod:`ledgerline_invoicing.endpoints`, one mixin per area.
"""

from __future__ import annotations

from ledgerline_servicekit.service import LedgerlineService

from ledgerline_invoicing.endpoints.accounts import AccountEndpoints
from ledgerline_invoicing.endpoints.documents import DocumentEndpoints
from ledgerline_invoicing.endpoints.invoices import InvoiceEndpoints
from ledgerline_invoicing.endpoints.pricing import PricingEndpoints
from ledgerline_invoicing.endpoints.settlement import SettlementEndpoints
from ledgerline_invoicing.endpoints.work import WorkEndpoints


class InvoicingService(AccountEndpoints, PricingEndpoints, WorkEndpoints, InvoiceEndpoints, SettlementEndpoints,
                       DocumentEndpoints, LedgerlineService):
    name = "invoicing"
