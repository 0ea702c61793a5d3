"""Analytics' tables and every query on them; nothing else touches the database. The receivables
are the kit's read model (:mod:`ledgerline_servicekit.receivables`), queried with its functions."""

from ledgerline_analytics.storage import tables  # noqa: F401
from ledgerline_analytics.storage.tables import metadata

__all__ = ["metadata"]
