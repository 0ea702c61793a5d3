"""Work orders' tables and the queries on them."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Column, Date, DateTime, MetaData, Table, Text, func, insert, select
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.orm import Session

from ledgerline_servicekit.replicas import account_replica_table

metadata = MetaData()

accounts = account_replica_table(metadata)

work_orders = Table(
    "work_orders", metadata,
    Column("id", PgUUID(as_uuid=True), primary_key=True),
    Column("org_id", PgUUID(as_uuid=True), nullable=False),
    Column("account_id", PgUUID(as_uuid=True), nullable=False),
    Column("title", Text, nullable=False),
    Column("site_address", Text, nullable=False, server_default=""),
    Column("scheduled_on", Date, nullable=False),
    Column("status", Text, nullable=False),
    Column("created_by", PgUUID(as_uuid=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


def insert_work_order(session: Session, values: dict) -> None:
    session.execute(insert(work_orders).values(**values))


def _with_account_name(org_id: UUID):
    return select(work_orders, accounts.c.name.label("account_name")).join(
        accounts, accounts.c.id == work_orders.c.account_id).where(work_orders.c.org_id == org_id)


def get_work_order(session: Session, org_id: UUID, work_order_id: UUID):
    return session.execute(_with_account_name(org_id).where(work_orders.c.id == work_order_id)).one()


def list_work_orders(session: Session, org_id: UUID, *, limit: int, offset: int) -> tuple[list, int]:
    query = _with_account_name(org_id)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(query.order_by(work_orders.c.scheduled_on, work_orders.c.created_at)
                           .limit(limit).offset(offset)).all()
    return rows, total
