"""The dunning service: chasing late payers politely, once per stage, never when it would be wrong."""

from __future__ import annotations

from ledgerline_servicekit.service import LedgerlineService
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_dunning.entrypoints.reminders import ReminderEntrypoints
from ledgerline_dunning.use_cases.effects import DUNNING_EVENTS


class DunningService(ReminderEntrypoints, LedgerlineService):
    name = "dunning"

    def _unit_of_work(self) -> SqlUnitOfWork:
        """A use case's unit of work in this worker's transaction (see use_cases/effects.py)."""
        return SqlUnitOfWork(self.db, DUNNING_EVENTS)
