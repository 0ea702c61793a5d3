"""Accounts' receivables, for the past-due warning."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ledgerline_timetracking.domain.past_due import Receivable
from ledgerline_timetracking.storage.tables import receivables


def owed(session: Session, org_id: UUID, invoice_id: UUID, account_id: UUID, balance: Decimal,
         currency: str | None, *,
         number: str | None = None, due_date: date | None = None) -> None:
    """Record what an invoice still owes; the lowest balance seen wins, a posting adds its due date."""
    statement = pg_insert(receivables).values(invoice_id=invoice_id, org_id=org_id, account_id=account_id,
                                              number=number, due_date=due_date, balance=balance, currency=currency)
    session.execute(statement.on_conflict_do_update(
        index_elements=["invoice_id"],
        set_={"balance": func.least(receivables.c.balance, statement.excluded.balance),
              "number": func.coalesce(statement.excluded.number, receivables.c.number),
              "due_date": func.coalesce(statement.excluded.due_date, receivables.c.due_date),
              "currency": func.coalesce(statement.excluded.currency, receivables.c.currency)},
    ))


def receivables_of(session: Session, org_id: UUID, account_ids: Iterable[UUID]) -> dict[UUID, list[Receivable]]:
    found: dict[UUID, list[Receivable]] = defaultdict(list)
    rows = session.execute(
        select(receivables).where(receivables.c.org_id == org_id, receivables.c.account_id.in_(list(account_ids)),
                                  receivables.c.balance > 0)
    )
    for row in rows:
        found[row.account_id].append(Receivable(row.due_date, row.balance, row.currency))
    return found
