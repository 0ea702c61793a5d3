"""Invoicing's tables and every query on them; nothing else touches the database.

One module per area; ``metadata`` (all the tables) is what Alembic compares against.
"""

from ledgerline_invoicing.storage import (  # noqa: F401
    accounts, agreements, aggregates, audit, billing_runs, catalog, invoices, profiles, rates, settlement, work,
)
from ledgerline_invoicing.storage.tables import metadata

__all__ = ["metadata"]
