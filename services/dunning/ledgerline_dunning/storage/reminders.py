"""The reminders: the schedule and the billing log (queries on ``tables.reminders``)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ledgerline_servicekit.receivables.rules import ReceivableStatus

from ledgerline_dunning.domain.reminders import ReminderStatus
from ledgerline_dunning.storage.tables import receivables, reminders

def add_reminders(session: Session, rows: list[dict]) -> None:
    session.execute(insert(reminders), rows)


def cancel_scheduled(session: Session, invoice_id: UUID) -> None:
    session.execute(update(reminders).where(reminders.c.invoice_id == invoice_id,
                                            reminders.c.status == ReminderStatus.SCHEDULED)
                    .values(status=ReminderStatus.CANCELLED))


def invoices_with_due_reminders(session: Session, today: date) -> list:
    """Open invoices with a scheduled reminder due by ``today``, locked for this run only."""
    due = select(reminders.c.invoice_id).where(reminders.c.status == ReminderStatus.SCHEDULED,
                                               reminders.c.due_on <= today)
    return session.execute(
        select(receivables).where(receivables.c.invoice_id.in_(due), receivables.c.status == ReceivableStatus.OPEN)
        .order_by(receivables.c.due_date).with_for_update(skip_locked=True)
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
