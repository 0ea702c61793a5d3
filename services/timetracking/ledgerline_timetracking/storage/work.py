"""Time entries, expenses and parts: the three kinds of billable work, queried alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from sqlalchemy import Column, Table, delete, func, insert, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from ledgerline_contracts import NotFound
from ledgerline_contracts.commands.timetracking import WorkFilters

from ledgerline_timetracking.domain.access import Scope
from ledgerline_timetracking.domain.locks import ItemKind
from ledgerline_timetracking.domain.work import Period
from ledgerline_timetracking.storage.tables import accounts, expenses, matters, parts, time_entries


@dataclass(frozen=True)
class WorkTable:
    table: Table
    noun: str  # in messages: "no such time entry"
    field: str  # the id's name in messages

    @property
    def day(self) -> Column:
        """The day the work was done."""
        return self.table.c.work_date


WORK = {
    ItemKind.TIME: WorkTable(time_entries, "time entry", "entry_id"),
    ItemKind.EXPENSE: WorkTable(expenses, "expense", "expense_id"),
    ItemKind.PART: WorkTable(parts, "part", "part_id"),
}


def lock_person(session: Session, org_id: UUID, user_id: UUID) -> None:
    """Serialize one person's timer and timed-entry changes (one running timer, no overlaps)
    until the transaction ends; other people are not held up."""
    session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                    {"key": f"timetracking:person:{org_id}:{user_id}"})


def _with_names(work: WorkTable) -> Select:
    """Rows with the names people recognize: the account's, and the matter's reference and title."""
    table = work.table
    return (
        select(table, accounts.c.name.label("account_name"), matters.c.reference.label("matter_reference"),
               matters.c.title.label("matter_title"), matters.c.kind.label("matter_kind"))
        .select_from(table.outerjoin(accounts, accounts.c.id == table.c.account_id)
                     .outerjoin(matters, matters.c.id == table.c.matter_id))
    )


def insert_item(session: Session, kind: ItemKind, values: dict) -> None:
    session.execute(insert(WORK[kind].table).values(**values))


def get_item(session: Session, kind: ItemKind, org_id: UUID, item_id: UUID, *, for_update: bool = False):
    work = WORK[kind]
    if for_update:  # lock the row alone (the joined names are read after)
        session.execute(select(work.table.c.id).where(work.table.c.id == item_id).with_for_update()).first()
    row = session.execute(_with_names(work).where(work.table.c.org_id == org_id, work.table.c.id == item_id)).first()
    if row is None:
        raise NotFound(f"no such {work.noun}", work.field)
    return row


def update_item(session: Session, kind: ItemKind, item_id: UUID, values: dict) -> None:
    table = WORK[kind].table
    session.execute(update(table).where(table.c.id == item_id).values(**values, updated_at=func.now()))


def delete_item(session: Session, kind: ItemKind, item_id: UUID) -> None:
    table = WORK[kind].table
    session.execute(delete(table).where(table.c.id == item_id))


def _scoped(query: Select, table: Table, org_id: UUID, scope: Scope) -> Select:
    query = query.where(table.c.org_id == org_id)
    if scope.user_ids is not None:
        query = query.where(table.c.user_id.in_(scope.user_ids))
    if scope.account_id is not None:
        query = query.where(table.c.account_id == scope.account_id)
    if scope.billable_only:
        query = query.where(table.c.billable.is_(True))
    return query


def list_items(session: Session, kind: ItemKind, org_id: UUID, scope: Scope, filters: WorkFilters) -> tuple[list, int]:
    work = WORK[kind]
    table = work.table
    query = _scoped(_with_names(work), table, org_id, scope.narrowed_to(filters.user_id))
    for name in ("account_id", "matter_id", "billable", "status"):
        value = getattr(filters, name)
        if value is not None:
            query = query.where(table.c[name] == value)
    if filters.date_from:
        query = query.where(work.day >= filters.date_from)
    if filters.date_to:
        query = query.where(work.day <= filters.date_to)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(
        query.order_by(work.day.desc(), table.c.created_at.desc()).limit(filters.limit).offset(filters.offset)
    ).all()
    return rows, total


def items_of_day(session: Session, kind: ItemKind, org_id: UUID, user_id: UUID, day: date) -> list:
    work = WORK[kind]
    table = work.table
    order = [table.c.started_at.asc().nulls_last()] if kind is ItemKind.TIME else []
    return session.execute(
        _with_names(work).where(table.c.org_id == org_id, table.c.user_id == user_id, work.day == day)
        .order_by(*order, table.c.created_at)
    ).all()


def recent_entries(session: Session, org_id: UUID, user_id: UUID, limit: int = 10) -> list:
    """A person's last submissions, newest first."""
    return session.execute(
        _with_names(WORK[ItemKind.TIME])
        .where(time_entries.c.org_id == org_id, time_entries.c.user_id == user_id)
        .order_by(time_entries.c.created_at.desc()).limit(limit)
    ).all()


def periods_near(session: Session, org_id: UUID, user_id: UUID, start: datetime, end: datetime,
                 exclude: UUID | None = None) -> list[Period]:
    """The person's timed entries that could overlap [start, end) (none is longer than a day)."""
    query = select(time_entries.c.id, time_entries.c.started_at, time_entries.c.ended_at,
                   time_entries.c.narrative).where(
        time_entries.c.org_id == org_id, time_entries.c.user_id == user_id,
        time_entries.c.started_at.is_not(None),
        time_entries.c.started_at < end, time_entries.c.started_at > start - timedelta(days=1))
    if exclude is not None:
        query = query.where(time_entries.c.id != exclude)
    return [Period(r.id, r.started_at, r.ended_at, r.narrative) for r in session.execute(query)]


def minutes_by_billable(session: Session, org_id: UUID, user_id: UUID, date_from: date,
                        date_to: date) -> dict[bool, int]:
    rows = session.execute(
        select(time_entries.c.billable, func.coalesce(func.sum(time_entries.c.duration_minutes), 0))
        .where(time_entries.c.org_id == org_id, time_entries.c.user_id == user_id,
               time_entries.c.work_date.between(date_from, date_to))
        .group_by(time_entries.c.billable)
    ).all()
    totals = {True: 0, False: 0}
    totals.update({billable: int(minutes) for billable, minutes in rows})
    return totals


def billable_work_to_bill(session: Session, kind: ItemKind, org_id: UUID, matter_id: UUID, scope: Scope) -> list:
    """A matter's billable work not yet on a posted invoice (unbilled or drafted)."""
    table = WORK[kind].table
    return session.execute(
        _scoped(select(table), table, org_id, scope)
        .where(table.c.matter_id == matter_id, table.c.billable.is_(True), table.c.status != "billed")
    ).all()


def matters_worked_on(session: Session, org_id: UUID, user_id: UUID, since: date) -> list[UUID]:
    """Matters the person recorded time on recently, most recent first."""
    rows = session.execute(
        select(time_entries.c.matter_id, func.max(time_entries.c.work_date).label("last"))
        .where(time_entries.c.org_id == org_id, time_entries.c.user_id == user_id,
               time_entries.c.matter_id.is_not(None), time_entries.c.work_date >= since)
        .group_by(time_entries.c.matter_id).order_by(text("last DESC"))
    ).all()
    return [row.matter_id for row in rows]
