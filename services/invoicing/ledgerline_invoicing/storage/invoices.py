"""Invoices, their lines, numbering and payments."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound
from ledgerline_invoicing.storage.tables import (
    accounts, invoice_lines, invoice_number_counters, invoices, payments, work_items,
)


# --- invoices -------------------------------------------------------------------

def insert_invoice(session: Session, values: dict) -> None:
    session.execute(insert(invoices).values(**values))


def insert_lines(session: Session, lines: list[dict]) -> None:
    if lines:
        session.execute(insert(invoice_lines), lines)


def get_invoice(session: Session, org_id: UUID, invoice_id: UUID, *, for_update: bool = False):
    query = select(invoices).where(invoices.c.org_id == org_id, invoices.c.id == invoice_id)
    if for_update:
        query = query.with_for_update()
    row = session.execute(query).first()
    if row is None:
        raise NotFound("no such invoice", "invoice_id")
    return row


def lines_of(session: Session, invoice_id: UUID) -> list:
    return session.execute(
        select(invoice_lines).where(invoice_lines.c.invoice_id == invoice_id).order_by(invoice_lines.c.position)
    ).all()


def claimed_items(session: Session, invoice_id: UUID) -> list[UUID]:
    return session.execute(
        select(work_items.c.id).where(work_items.c.invoice_id == invoice_id).order_by(work_items.c.id)
    ).scalars().all()


def update_invoice(session: Session, invoice_id: UUID, **values) -> None:
    session.execute(update(invoices).where(invoices.c.id == invoice_id).values(**values))


def list_invoices(session: Session, org_id: UUID, *, account_id: UUID | None, statuses: set[str] | None,
                  created_by: set[UUID] | None, limit: int, offset: int) -> tuple[list, int]:
    """Invoices newest first; ``created_by`` limits them to drafts made by those users."""
    query = select(invoices, accounts.c.name.label("account_name")).join(
        accounts, accounts.c.id == invoices.c.account_id).where(invoices.c.org_id == org_id)
    if account_id:
        query = query.where(invoices.c.account_id == account_id)
    if statuses is not None:
        query = query.where(invoices.c.status.in_(statuses))
    if created_by is not None:
        query = query.where(invoices.c.created_by.in_(created_by))
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(query.order_by(invoices.c.created_at.desc()).limit(limit).offset(offset)).all()
    return rows, total


def next_invoice_number(session: Session, org_id: UUID, year: int) -> int:
    """The next number in the organization's series for ``year``, taken under a row lock."""
    session.execute(
        pg_insert(invoice_number_counters)
        .values(org_id=org_id, year=year, last_value=0)
        .on_conflict_do_nothing()
    )
    return session.execute(
        update(invoice_number_counters)
        .where(invoice_number_counters.c.org_id == org_id, invoice_number_counters.c.year == year)
        .values(last_value=invoice_number_counters.c.last_value + 1)
        .returning(invoice_number_counters.c.last_value)
    ).scalar_one()


# --- payments -------------------------------------------------------------------

def payment_by_key(session: Session, org_id: UUID, key: str):
    return session.execute(
        select(payments).where(payments.c.org_id == org_id, payments.c.idempotency_key == key)
    ).first()


def insert_payment(session: Session, values: dict) -> None:
    session.execute(insert(payments).values(**values))


def payments_of(session: Session, invoice_id: UUID) -> list:
    return session.execute(
        select(payments).where(payments.c.invoice_id == invoice_id).order_by(payments.c.recorded_at)
    ).all()


def stale_lines(session: Session, invoice_id: UUID) -> list:
    """Lines whose source entry changed (or was deleted) after the draft was made."""
    return session.execute(
        select(invoice_lines.c.description, work_items.c.id)
        .join(work_items, work_items.c.id == invoice_lines.c.source_id)
        .where(invoice_lines.c.invoice_id == invoice_id,
               (work_items.c.version != invoice_lines.c.source_version) | work_items.c.deleted)
    ).all()


