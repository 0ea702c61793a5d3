"""Timers."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound

from ledgerline_timetracking.domain.timers import ACTIVE, TimerClock, TimerStatus
from ledgerline_timetracking.storage.tables import accounts, matters, timers


def _with_names():
    return (
        select(timers, accounts.c.name.label("account_name"), matters.c.reference.label("matter_reference"),
               matters.c.title.label("matter_title"), matters.c.kind.label("matter_kind"))
        .select_from(timers.outerjoin(accounts, accounts.c.id == timers.c.account_id)
                     .outerjoin(matters, matters.c.id == timers.c.matter_id))
    )


def clock_of(row) -> TimerClock:
    """A timer row's clock, where the rules of starting, pausing and committing live."""
    return TimerClock(TimerStatus(row.status), row.accumulated_seconds, row.running_since)


def clock_columns(clock: TimerClock) -> dict:
    """The columns that keep a timer's clock."""
    return {"status": str(clock.status), "accumulated_seconds": clock.accumulated_seconds,
            "running_since": clock.running_since}


def insert_timer(session: Session, values: dict) -> None:
    session.execute(insert(timers).values(**values))


def get_timer(session: Session, org_id: UUID, timer_id: UUID):
    row = session.execute(_with_names().where(timers.c.org_id == org_id, timers.c.id == timer_id)).first()
    if row is None:
        raise NotFound("no such timer", "timer_id")
    return row


def update_timer(session: Session, timer_id: UUID, values: dict) -> None:
    session.execute(update(timers).where(timers.c.id == timer_id).values(**values, updated_at=func.now()))


def active_timers(session: Session, org_id: UUID, user_id: UUID) -> list:
    """The person's timers not yet committed or discarded, the running one first."""
    return session.execute(
        _with_names().where(timers.c.org_id == org_id, timers.c.user_id == user_id,
                            timers.c.status.in_([str(s) for s in ACTIVE]))
        .order_by((timers.c.status == str(TimerStatus.RUNNING)).desc(), timers.c.updated_at.desc())
    ).all()


def running_timer(session: Session, org_id: UUID, user_id: UUID):
    return session.execute(
        select(timers).where(timers.c.org_id == org_id, timers.c.user_id == user_id,
                             timers.c.status == str(TimerStatus.RUNNING))
    ).first()
