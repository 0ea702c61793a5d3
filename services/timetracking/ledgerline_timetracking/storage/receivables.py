"""Accounts' receivables, for the past-due warning (kept by the kit's read model,
:mod:`ledgerline_servicekit.receivables`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from uuid import UUID

from sqlalchemy.orm import Session

from ledgerline_servicekit import clock
from ledgerline_servicekit.receivables.rules import Receivable
from ledgerline_servicekit.receivables.storage import open_receivables

from ledgerline_timetracking.domain.past_due import PastDueWarning, warning_for
from ledgerline_timetracking.storage.tables import receivables


def receivables_of(session: Session, org_id: UUID, account_ids: Iterable[UUID]) -> dict[UUID, list[Receivable]]:
    found: dict[UUID, list[Receivable]] = defaultdict(list)
    for owed in open_receivables(session, receivables, org_id, account_ids):
        found[owed.account_id].append(owed)
    return found


def past_due_warnings(session: Session, org_id: UUID, account_ids) -> dict[UUID, PastDueWarning]:
    """Whether each account is past due today (UTC), for the warning shown with its work."""
    wanted = {a for a in account_ids if a is not None}
    owed = receivables_of(session, org_id, wanted) if wanted else {}
    return {account_id: warning_for(owed.get(account_id, []), clock.today()) for account_id in wanted}


def past_due_warning(session: Session, org_id: UUID, account_id: UUID | None) -> PastDueWarning | None:
    """One account's warning (None for work on no account yet, as a general timer's)."""
    return past_due_warnings(session, org_id, [account_id]).get(account_id)
