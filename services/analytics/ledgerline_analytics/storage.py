"""Analytics' read models and the queries on them."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from sqlalchemy import Column, Date, MetaData, Numeric, Table, Text, func, select, update
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

metadata = MetaData()

receivables = Table(
    "receivables", metadata,
    Column("invoice_id", PgUUID(as_uuid=True), primary_key=True),
    Column("org_id", PgUUID(as_uuid=True), nullable=False),
    Column("account_id", PgUUID(as_uuid=True), nullable=False),
    Column("account_name", Text, nullable=False),
    Column("number", Text, nullable=False),
    Column("issue_date", Date, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("currency", Text, nullable=False),
    Column("total", Numeric(18, 4), nullable=False),
    Column("balance", Numeric(18, 4), nullable=False),
    Column("status", Text, nullable=False),
)


def add_receivable(session: Session, values: dict) -> None:
    session.execute(pg_insert(receivables).values(**values).on_conflict_do_nothing())


def exists(session: Session, invoice_id: UUID) -> bool:
    return session.execute(select(receivables.c.invoice_id).where(receivables.c.invoice_id == invoice_id)).first() \
        is not None


def lower_balance(session: Session, invoice_id: UUID, balance: Decimal) -> None:
    """Balances only fall; out-of-order events keep the lowest."""
    session.execute(update(receivables).where(receivables.c.invoice_id == invoice_id)
                    .values(balance=func.least(receivables.c.balance, balance)))


def close(session: Session, invoice_id: UUID, status: str) -> None:
    session.execute(update(receivables).where(receivables.c.invoice_id == invoice_id)
                    .values(balance=0, status=status))


def open_receivables(session: Session, org_id: UUID) -> list:
    return session.execute(
        select(receivables).where(receivables.c.org_id == org_id, receivables.c.balance > 0)
    ).all()
