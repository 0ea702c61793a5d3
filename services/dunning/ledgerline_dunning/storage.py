"""Dunning's tables and the queries on them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import (
    Boolean, Column, Date, DateTime, Integer, MetaData, Numeric, Table, Text, UniqueConstraint, func, insert,
    select, update,
)
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound
from ledgerline_dunning.domain import CollectionStatus, ReminderStatus

metadata = MetaData()

# What dunning knows of each posted invoice, from invoicing's events.
invoices = Table(
    "invoices", metadata,
    Column("id", PgUUID(as_uuid=True), primary_key=True),
    Column("org_id", PgUUID(as_uuid=True), nullable=False),
    Column("number", Text, nullable=False),
    Column("account_id", PgUUID(as_uuid=True), nullable=False),
    Column("account_name", Text, nullable=False),
    Column("billing_email", Text, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("currency", Text, nullable=False),
    Column("total", Numeric(18, 4), nullable=False),
    Column("balance", Numeric(18, 4), nullable=False),
    Column("collection_status", Text, nullable=False),  # open | paid | voided
    Column("disputed", Boolean, nullable=False, server_default="false"),
    Column("paused", Boolean, nullable=False, server_default="false"),
    # When invoicing made the dispute change applied last (events may arrive out of order).
    Column("dispute_changed_at", DateTime(timezone=True)),
)

# The schedule and the billing log in one: a row per stage per invoice.
reminders = Table(
    "reminders", metadata,
    Column("id", PgUUID(as_uuid=True), primary_key=True),
    Column("invoice_id", PgUUID(as_uuid=True), nullable=False),
    Column("position", Integer, nullable=False),
    Column("stage", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("status", Text, nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    Column("recipient", Text),
    UniqueConstraint("invoice_id", "stage", name="reminders_once_per_stage"),
)


def add_invoice(session: Session, values: dict) -> bool:
    """Store a newly posted invoice; False if it was already known."""
    return session.execute(
        pg_insert(invoices).values(**values).on_conflict_do_nothing().returning(invoices.c.id)
    ).first() is not None


def get_invoice(session: Session, org_id: UUID, invoice_id: UUID, *, for_update: bool = False):
    query = select(invoices).where(invoices.c.org_id == org_id, invoices.c.id == invoice_id)
    row = session.execute(query.with_for_update() if for_update else query).first()
    if row is None:
        raise NotFound("no such invoice", "invoice_id")
    return row


def add_reminders(session: Session, rows: list[dict]) -> None:
    session.execute(insert(reminders), rows)


def lower_balance(session: Session, invoice_id: UUID, balance: Decimal) -> None:
    """Balances only fall; events may arrive out of order, so keep the lowest seen."""
    session.execute(update(invoices).where(invoices.c.id == invoice_id)
                    .values(balance=func.least(invoices.c.balance, balance)))


def set_invoice(session: Session, invoice_id: UUID, **values) -> None:
    session.execute(update(invoices).where(invoices.c.id == invoice_id).values(**values))


def cancel_scheduled(session: Session, invoice_id: UUID) -> None:
    session.execute(update(reminders).where(reminders.c.invoice_id == invoice_id,
                                            reminders.c.status == ReminderStatus.SCHEDULED)
                    .values(status=ReminderStatus.CANCELLED))


def invoices_with_due_reminders(session: Session, today: date) -> list:
    """Open invoices with a scheduled reminder due by ``today``, locked for this run only."""
    due = select(reminders.c.invoice_id).where(reminders.c.status == ReminderStatus.SCHEDULED,
                                               reminders.c.due_on <= today)
    return session.execute(
        select(invoices).where(invoices.c.id.in_(due), invoices.c.collection_status == CollectionStatus.OPEN)
        .order_by(invoices.c.due_date).with_for_update(skip_locked=True)
    ).all()


def scheduled_reminders(session: Session, invoice_id: UUID) -> list:
    return session.execute(
        select(reminders).where(reminders.c.invoice_id == invoice_id,
                                reminders.c.status == ReminderStatus.SCHEDULED)
        .order_by(reminders.c.position)
    ).all()


def mark(session: Session, invoice_id: UUID, stages: list[str], status: str, **values) -> None:
    if stages:
        session.execute(update(reminders).where(reminders.c.invoice_id == invoice_id,
                                                reminders.c.stage.in_(stages))
                        .values(status=status, **values))


def timeline(session: Session, invoice_id: UUID) -> list:
    return session.execute(
        select(reminders).where(reminders.c.invoice_id == invoice_id).order_by(reminders.c.position)
    ).all()
