"""Keeping each posted invoice's receivable, whatever order invoicing's events arrive in."""

from __future__ import annotations

from ledgerline_contracts import Envelope
from ledgerline_servicekit.receivables import storage as receivables
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_analytics import storage


def keep_receivable(uow: SqlUnitOfWork, envelope: Envelope) -> None:
    with uow:
        receivables.record(uow.session, storage.tables.receivables, envelope)
