"""Accounts' receivables, for the past-due warning (kept by the kit's read model,
:mod:`ledgerline_servicekit.receivables`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from uuid import UUID

from sqlalchemy.orm import Session

from ledgerline_servicekit.receivables.rules import Receivable
from ledgerline_servicekit.receivables.storage import open_receivables

from ledgerline_timetracking.storage.tables import receivables


def receivables_of(session: Session, org_id: UUID, account_ids: Iterable[UUID]) -> dict[UUID, list[Receivable]]:
    found: dict[UUID, list[Receivable]] = defaultdict(list)
    for owed in open_receivables(session, receivables, org_id, account_ids):
        found[owed.account_id].append(owed)
    return found
