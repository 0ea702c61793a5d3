"""The invoicing service: accounts, pricing, work in progress, invoices and their settlement.

The entrypoints live in :mod:`ledgerline_invoicing.endpoints`, one mixin per area.
"""

from __future__ import annotations

from ledgerline_servicekit.service import LedgerlineService

from ledgerline_invoicing.endpoints.accounts import AccountEndpoints
from ledgerline_invoicing.endpoints.invoices import InvoiceEndpoints
from ledgerline_invoicing.endpoints.pricing import PricingEndpoints


class InvoicingService(AccountEndpoints, PricingEndpoints, InvoiceEndpoints, LedgerlineService):
    name = "invoicing"
