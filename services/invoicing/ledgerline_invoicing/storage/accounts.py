"""Accounts: the customers invoices are addressed to."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound
from ledgerline_invoicing.storage.tables import accounts, invoices


def insert_account(session: Session, values: dict) -> None:
    session.execute(insert(accounts).values(**values))


def name_taken(session: Session, org_id: UUID, name: str, *, other_than: UUID | None = None) -> bool:
    query = select(accounts.c.id).where(accounts.c.org_id == org_id, func.lower(accounts.c.name) == name.lower())
    if other_than is not None:
        query = query.where(accounts.c.id != other_than)
    return session.execute(query).first() is not None


def get_account(session: Session, org_id: UUID, account_id: UUID, *, for_update: bool = False):
    query = select(accounts).where(accounts.c.org_id == org_id, accounts.c.id == account_id)
    if for_update:
        query = query.with_for_update()
    row = session.execute(query).first()
    if row is None:
        raise NotFound("no such account", "account_id")
    return row


def update_account(session: Session, account_id: UUID, **values) -> None:
    session.execute(update(accounts).where(accounts.c.id == account_id)
                    .values(version=accounts.c.version + 1, **values))


def list_accounts(session: Session, org_id: UUID, *, limit: int, offset: int) -> tuple[list, int]:
    query = select(accounts).where(accounts.c.org_id == org_id)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(query.order_by(func.lower(accounts.c.name)).limit(limit).offset(offset)).all()
    return rows, total


def has_invoices(session: Session, account_id: UUID) -> bool:
    return session.execute(select(invoices.c.id).where(invoices.c.account_id == account_id).limit(1)).first() \
        is not None
