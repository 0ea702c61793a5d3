"""A step several commands share: where new work goes."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.orm import Session

from ledgerline_servicekit import replicas

from ledgerline_timetracking.domain import work as rules
from ledgerline_timetracking.storage import setup, tables


@dataclass(frozen=True)
class Assignment:
    account: object  # the account replica row
    matter: object | None

    @property
    def account_id(self) -> UUID:
        return self.account.id

    @property
    def matter_id(self) -> UUID | None:
        return self.matter.id if self.matter is not None else None


def assignment(session: Session, org_id: UUID, account_id: UUID | None, matter_id: UUID | None) -> Assignment:
    """Where new work goes: an open matter or ticket (its account resolved), on an active account."""
    matter = None
    if matter_id is not None:
        matter = setup.get_matter(session, org_id, matter_id)
        rules.require_open(matter.kind, matter.reference, matter.status)
    account_id = rules.resolve_account(account_id, matter.account_id if matter else None,
                                       matter.reference if matter else None)
    account = replicas.active_account(session, tables.accounts, org_id, account_id)
    return Assignment(account, matter)
