"""Loading and saving the WorkOrder aggregate, the numbering lock, the lists and performance."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound

from ledgerline_workorders.domain.work_order import (
    Activity, CrewMember, CrewTimeEntry, EquipmentUse, FieldNote, LineItem, LineStatus, Machine, NoteKind, Photo,
    PhotoTag, Pricing, Signoff, Status, WorkOrder,
)
from ledgerline_workorders.storage.common import jsonable, upsert
from ledgerline_workorders.storage.tables import (
    crew_time_entries, field_notes, job_performance, work_order_lines, work_order_number_counters,
    work_order_photos, work_orders,
)

CHILDREN = ("lines", "entries", "photos", "notes", "_events")


def next_number(session: Session, org_id: UUID, day: date) -> int:
    """The next number of the organization's day, under a row lock held until the transaction
    ends: two work orders made at once never share a number."""
    session.execute(pg_insert(work_order_number_counters).values(org_id=org_id, day=day, last_value=0)
                    .on_conflict_do_nothing())
    return session.execute(
        update(work_order_number_counters)
        .where(work_order_number_counters.c.org_id == org_id, work_order_number_counters.c.day == day)
        .values(last_value=work_order_number_counters.c.last_value + 1)
        .returning(work_order_number_counters.c.last_value)).scalar_one()


# --- rows ⇄ the aggregate ------------------------------------------------------------------

def line_from(row) -> LineItem:
    values = {f.name: getattr(row, f.name) for f in fields(LineItem)}
    return LineItem(**{**values, "pricing_method": Pricing(row.pricing_method), "status": LineStatus(row.status)})


def line_row(line: LineItem, work_order_id: UUID) -> dict:
    return {**asdict(line), "work_order_id": work_order_id, "pricing_method": line.pricing_method.value,
            "status": line.status.value}


def _entry_from(row) -> CrewTimeEntry:
    values = {f.name: getattr(row, f.name) for f in fields(CrewTimeEntry)}
    values["equipment"] = tuple(EquipmentUse(UUID(u["equipment_id"]), u["name"], Decimal(u["hourly_rate"]))
                                for u in row.equipment)
    return CrewTimeEntry(**{**values, "activity": Activity(row.activity)})


def _entry_row(entry: CrewTimeEntry, work_order_id: UUID) -> dict:
    return {**{f.name: getattr(entry, f.name) for f in fields(CrewTimeEntry)}, "work_order_id": work_order_id,
            "activity": entry.activity.value, "equipment": jsonable([asdict(u) for u in entry.equipment])}


def _photo_from(row) -> Photo:
    return Photo(**{**{f.name: getattr(row, f.name) for f in fields(Photo)}, "tag": PhotoTag(row.tag)})


def _note_from(row) -> FieldNote:
    return FieldNote(**{**{f.name: getattr(row, f.name) for f in fields(FieldNote)}, "kind": NoteKind(row.kind)})


def _order_from(row, lines, entries, photos, notes) -> WorkOrder:
    own = {f.name for f in fields(WorkOrder)} - set(CHILDREN) - {"crew", "equipment", "signoff", "alerting",
                                                                  "status"}
    signoff = row.signoff
    return WorkOrder(
        **{name: getattr(row, name) for name in own},
        status=Status(row.status), alerting=set(row.alerting),
        crew=[CrewMember(UUID(m["employee_id"]), m["name"], m.get("role", ""),
                         UUID(m["user_id"]) if m.get("user_id") else None) for m in row.crew],
        equipment=[Machine(UUID(m["equipment_id"]), m["name"]) for m in row.equipment],
        signoff=Signoff(signoff["printed_name"], datetime.fromisoformat(signoff["signed_at"]),
                        signoff["signature_key"]) if signoff else None,
        lines=lines, entries=entries, photos=photos, notes=notes)


def load(session: Session, org_id: UUID, work_order_id: UUID, *, for_update: bool = False) -> WorkOrder:
    """The work order with everything on it; locked until the transaction ends when it will change."""
    query = select(work_orders).where(work_orders.c.org_id == org_id, work_orders.c.id == work_order_id)
    row = session.execute(query.with_for_update() if for_update else query).first()
    if row is None:
        raise NotFound("no such work order", "work_order_id")
    return _with_children(session, [row])[0]


def _with_children(session: Session, rows: list) -> list[WorkOrder]:
    ids = [row.id for row in rows]

    def grouped(table, order_by, make):
        out: dict[UUID, list] = {i: [] for i in ids}
        for child in session.execute(select(table).where(table.c.work_order_id.in_(ids)).order_by(*order_by)):
            out[child.work_order_id].append(make(child))
        return out

    lines = grouped(work_order_lines, [work_order_lines.c.line_number], line_from)
    entries = grouped(crew_time_entries, [crew_time_entries.c.clock_in, crew_time_entries.c.employee_name],
                      _entry_from)
    photos = grouped(work_order_photos, [work_order_photos.c.uploaded_at], _photo_from)
    notes = grouped(field_notes, [field_notes.c.at], _note_from)
    return [_order_from(row, lines[row.id], entries[row.id], photos[row.id], notes[row.id]) for row in rows]


def save(session: Session, order: WorkOrder) -> None:
    """Write the whole work order back (its children by id)."""
    own = {f.name for f in fields(WorkOrder)} - set(CHILDREN)
    values = {name: getattr(order, name) for name in own}
    values.update(
        status=order.status.value, alerting=sorted(order.alerting),
        crew=jsonable([asdict(m) for m in order.crew]), equipment=jsonable([asdict(m) for m in order.equipment]),
        crew_employee_ids=[m.employee_id for m in order.crew],
        signoff=jsonable(asdict(order.signoff)) if order.signoff else None)
    upsert(session, work_orders, [values])
    upsert(session, work_order_lines, [line_row(line, order.id) for line in order.lines])
    upsert(session, crew_time_entries, [_entry_row(entry, order.id) for entry in order.entries])
    upsert(session, work_order_photos, [{**asdict(p), "tag": p.tag.value, "work_order_id": order.id}
                                        for p in order.photos])
    upsert(session, field_notes, [{**asdict(n), "kind": n.kind.value, "work_order_id": order.id}
                                  for n in order.notes])


# --- lists ------------------------------------------------------------------------------------

def list_work_orders(session: Session, org_id: UUID, *, limit: int, offset: int, status: str | None = None,
                     account_id: UUID | None = None, proposal_id: UUID | None = None, direct: bool | None = None,
                     crew_of: list[UUID] | None = None, date_from: date | None = None,
                     date_to: date | None = None) -> tuple[list[WorkOrder], int]:
    """Filtered, newest schedule last; ``crew_of``: only jobs with one of these employees on the crew."""
    conditions = [work_orders.c.org_id == org_id]
    if status is not None:
        conditions.append(work_orders.c.status == status)
    if account_id is not None:
        conditions.append(work_orders.c.account_id == account_id)
    if proposal_id is not None:
        conditions.append(work_orders.c.proposal_id == proposal_id)
    if direct is not None:
        conditions.append(work_orders.c.direct.is_(direct))
    if crew_of is not None:
        conditions.append(work_orders.c.crew_employee_ids.overlap(crew_of or [None]))
    if date_from is not None:
        conditions.append(work_orders.c.scheduled_on >= date_from)
    if date_to is not None:
        conditions.append(work_orders.c.scheduled_on <= date_to)
    where = and_(*conditions)
    total = session.execute(select(func.count()).select_from(work_orders).where(where)).scalar_one()
    rows = session.execute(select(work_orders).where(where)
                           .order_by(work_orders.c.scheduled_on.asc().nulls_last(), work_orders.c.start_time,
                                     work_orders.c.number).limit(limit).offset(offset)).all()
    return _with_children(session, rows), total


# --- performance ------------------------------------------------------------------------------

def keep_performance(session: Session, order: WorkOrder, figures: dict, site_factors: dict) -> None:
    values = {"work_order_id": order.id, "org_id": order.org_id, "completed_on": order.completed_at.date(),
              "figures": jsonable(figures), "site_factors": jsonable(site_factors)}
    session.execute(delete(job_performance).where(job_performance.c.work_order_id == order.id))
    session.execute(pg_insert(job_performance).values(**values))


def performance_of(session: Session, org_id: UUID, work_order_id: UUID):
    return session.execute(select(job_performance).where(
        job_performance.c.org_id == org_id, job_performance.c.work_order_id == work_order_id)).first()


def performances(session: Session, org_id: UUID, date_from: date | None, date_to: date | None) -> list:
    conditions = [job_performance.c.org_id == org_id]
    if date_from is not None:
        conditions.append(job_performance.c.completed_on >= date_from)
    if date_to is not None:
        conditions.append(job_performance.c.completed_on <= date_to)
    return session.execute(select(job_performance).where(*conditions)
                           .order_by(job_performance.c.completed_on)).all()
