"""Analytics' read models: the receivables (the kit's shape, :mod:`ledgerline_servicekit.receivables`)."""

from __future__ import annotations

from sqlalchemy import MetaData

from ledgerline_servicekit.receivables.storage import receivable_table

metadata = MetaData()

receivables = receivable_table(metadata)
