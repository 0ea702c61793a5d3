"""Timetracking's tables and the queries on them."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import (
    Boolean, Column, Date, DateTime, Index, Integer, MetaData, Table, Text, func, insert, select, update,
)
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound
from ledgerline_servicekit.db import upsert_if_newer
from ledgerline_servicekit.replicas import account_replica_table

metadata = MetaData()

# Invoicing's accounts, from account.* events: time may only be recorded
# against an account that exists and is active.
accounts = account_replica_table(metadata)

time_entries = Table(
    "time_entries", metadata,
    Column("id", PgUUID(as_uuid=True), primary_key=True),
    Column("org_id", PgUUID(as_uuid=True), nullable=False),
    Column("user_id", PgUUID(as_uuid=True), nullable=False),
    Column("user_name", Text, nullable=False, server_default=""),
    Column("account_id", PgUUID(as_uuid=True), nullable=False),
    Column("matter_id", PgUUID(as_uuid=True)),
    Column("work_date", Date, nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("billable", Boolean, nullable=False),
    Column("narrative", Text, nullable=False),
    Column("status", Text, nullable=False, server_default="unbilled"),
    Column("invoice_id", PgUUID(as_uuid=True)),
    Column("invoice_number", Text),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("time_entries_user_date", "org_id", "user_id", "work_date"),
)


# The furthest stage each invoice has reached (see domain.InvoiceStage).
invoice_stages = Table(
    "invoice_stages", metadata,
    Column("invoice_id", PgUUID(as_uuid=True), primary_key=True),
    Column("org_id", PgUUID(as_uuid=True), nullable=False),
    Column("stage", Integer, nullable=False),
    Column("number", Text),
)


def advance_invoice(session: Session, org_id: UUID, invoice_id: UUID, stage: int, number: str | None) -> bool:
    """Move an invoice to ``stage`` unless it is already there or beyond."""
    return upsert_if_newer(session, invoice_stages,
                           {"invoice_id": invoice_id, "org_id": org_id, "stage": stage, "number": number},
                           version_column="stage")


def insert_entry(session: Session, values: dict) -> None:
    session.execute(insert(time_entries).values(**values))


def get_entry(session: Session, org_id: UUID, entry_id: UUID):
    row = session.execute(
        select(time_entries).where(time_entries.c.org_id == org_id, time_entries.c.id == entry_id)
    ).first()
    if row is None:
        raise NotFound("no such time entry", "entry_id")
    return row


def list_entries(session: Session, org_id: UUID, *, user_ids: frozenset[UUID] | None,
                 account_id: UUID | None, status: str | None, limit: int, offset: int) -> tuple[list, int]:
    query = select(time_entries).where(time_entries.c.org_id == org_id)
    if user_ids is not None:
        query = query.where(time_entries.c.user_id.in_(user_ids))
    if account_id:
        query = query.where(time_entries.c.account_id == account_id)
    if status:
        query = query.where(time_entries.c.status == status)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(
        query.order_by(time_entries.c.work_date.desc(), time_entries.c.created_at.desc()).limit(limit).offset(offset)
    ).all()
    return rows, total


def lock_entries(session: Session, org_id: UUID, entry_ids: list[UUID], invoice_id: UUID, status: str,
                 invoice_number: str | None) -> int:
    """Mark entries as on ``invoice_id`` (drafted or billed); entries on another invoice are left alone."""
    if not entry_ids:
        return 0
    return session.execute(
        update(time_entries)
        .where(time_entries.c.org_id == org_id, time_entries.c.id.in_(entry_ids),
               (time_entries.c.invoice_id.is_(None)) | (time_entries.c.invoice_id == invoice_id))
        .values(status=status, invoice_id=invoice_id, invoice_number=invoice_number)
    ).rowcount


def release_entries(session: Session, org_id: UUID, invoice_id: UUID, entry_ids: list[UUID] | None = None) -> int:
    """Make the invoice's entries (or just ``entry_ids`` of them) unbilled again."""
    query = update(time_entries).where(time_entries.c.org_id == org_id, time_entries.c.invoice_id == invoice_id)
    if entry_ids is not None:
        query = query.where(time_entries.c.id.in_(entry_ids))
    return session.execute(query.values(status="unbilled", invoice_id=None, invoice_number=None)).rowcount

