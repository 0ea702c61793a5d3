"""What happens to a posted invoice: payments, credit notes, disputes; and internal notes."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledgerline_contracts import Conflict
from ledgerline_invoicing.storage.tables import credit_notes, disputes, invoice_notes, payments


def credit_note_by_key(session: Session, org_id: UUID, key: str):
    return session.execute(
        select(credit_notes).where(credit_notes.c.org_id == org_id, credit_notes.c.idempotency_key == key)
    ).first()


def payment_by_key(session: Session, org_id: UUID, key: str):
    return session.execute(
        select(payments).where(payments.c.org_id == org_id, payments.c.idempotency_key == key)
    ).first()


def insert_payment(session: Session, values: dict) -> None:
    try:
        with session.begin_nested():
            session.execute(insert(payments).values(**values))
    except IntegrityError:
        # Only the idempotency key is unique: the same key, at the same moment, on another invoice.
        raise Conflict("this idempotency key was used for another payment") from None


def payments_of(session: Session, invoice_id: UUID) -> list:
    return session.execute(
        select(payments).where(payments.c.invoice_id == invoice_id).order_by(payments.c.recorded_at, payments.c.id)
    ).all()


def last_payment_date(session: Session, invoice_id: UUID):
    rows = payments_of(session, invoice_id)
    return max(row.received_on for row in rows) if rows else None


def insert_credit_note(session: Session, values: dict) -> None:
    session.execute(insert(credit_notes).values(**values))


def credit_notes_of(session: Session, invoice_id: UUID) -> list:
    return session.execute(
        select(credit_notes).where(credit_notes.c.invoice_id == invoice_id)
        .order_by(credit_notes.c.issued_at, credit_notes.c.id)
    ).all()


def open_dispute(session: Session, values: dict) -> None:
    session.execute(insert(disputes).values(**values))


def current_dispute(session: Session, invoice_id: UUID):
    return session.execute(
        select(disputes).where(disputes.c.invoice_id == invoice_id, disputes.c.resolved_at.is_(None))
    ).first()


def resolve_dispute(session: Session, dispute_id: UUID, **values) -> None:
    session.execute(update(disputes).where(disputes.c.id == dispute_id).values(**values))



def add_note(session: Session, values: dict) -> None:
    session.execute(insert(invoice_notes).values(**values))


def notes_of(session: Session, invoice_id: UUID) -> list:
    return session.execute(
        select(invoice_notes).where(invoice_notes.c.invoice_id == invoice_id)
        .order_by(invoice_notes.c.created_at, invoice_notes.c.id)
    ).all()
