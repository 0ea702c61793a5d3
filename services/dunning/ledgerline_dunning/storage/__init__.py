"""Dunning's tables and every query on them; nothing else touches the database."""

from ledgerline_dunning.storage import reminders, tables  # noqa: F401
from ledgerline_dunning.storage.tables import metadata

__all__ = ["metadata"]
