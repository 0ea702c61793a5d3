"""Employees, equipment and loadouts, their effective-dated rates, and each organization's job settings."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound

from ledgerline_workorders.domain.costing import AlertThresholds
from ledgerline_workorders.domain.rates import EquipmentRate, WageRate
from ledgerline_workorders.domain.work_order import PhotoTag, Settings
from ledgerline_workorders.storage.common import upsert
from ledgerline_workorders.storage.tables import (
    employee_rates, employees, equipment, equipment_rates, job_settings, loadouts,
)

KINDS = {"employee": (employees, employee_rates, "employee_id"),
         "equipment": (equipment, equipment_rates, "equipment_id")}


def insert_resource(session: Session, kind: str, values: dict) -> None:
    session.execute(insert(KINDS[kind][0]).values(**values))


def update_resource(session: Session, kind: str, org_id: UUID, resource_id: UUID, values: dict) -> None:
    table = KINDS[kind][0]
    session.execute(update(table).where(table.c.org_id == org_id, table.c.id == resource_id).values(**values))


def set_rate(session: Session, kind: str, resource_id: UUID, values: dict) -> None:
    """A rate from its date; setting the same date again corrects that record."""
    _, rates, key = KINDS[kind]
    upsert(session, rates, [{key: resource_id, **values}])


def get_resource(session: Session, kind: str, org_id: UUID, resource_id: UUID, field: str):
    table = KINDS[kind][0]
    row = session.execute(select(table).where(table.c.org_id == org_id, table.c.id == resource_id)).first()
    if row is None:
        raise NotFound(f"no such {kind}", field)
    return row


def resources(session: Session, kind: str, org_id: UUID, ids: list[UUID], field: str) -> list:
    """These resources of the organization, in the order asked; any other id is not found."""
    table = KINDS[kind][0]
    found = {row.id: row for row in session.execute(select(table).where(table.c.org_id == org_id,
                                                                         table.c.id.in_(ids)))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"no such {kind}: {missing[0]}", field)
    return [found[i] for i in ids]


def rates_of(session: Session, kind: str, resource_ids: list[UUID]) -> dict[UUID, list]:
    _, rates, key = KINDS[kind]
    out: dict[UUID, list] = {i: [] for i in resource_ids}
    for row in session.execute(select(rates).where(rates.c[key].in_(resource_ids)).order_by(rates.c.effective_from)):
        rid = getattr(row, key)
        out[rid].append(WageRate(row.effective_from, row.hourly_wage, row.burden_multiplier) if kind == "employee"
                        else EquipmentRate(row.effective_from, row.hourly_rate))
    return out


def list_resources(session: Session, kind: str, org_id: UUID, *, limit: int, offset: int,
                   active: bool | None = None) -> tuple[list, int]:
    table = KINDS[kind][0]
    conditions = [table.c.org_id == org_id] + ([table.c.active.is_(active)] if active is not None else [])
    total = session.execute(select(func.count()).select_from(table).where(*conditions)).scalar_one()
    rows = session.execute(select(table).where(*conditions).order_by(table.c.name, table.c.id)
                           .limit(limit).offset(offset)).all()
    return rows, total


def employees_of_user(session: Session, org_id: UUID, user_id: UUID) -> list[UUID]:
    """The employee records linked to this login (a crew member's own jobs are theirs)."""
    return list(session.execute(select(employees.c.id).where(employees.c.org_id == org_id,
                                                              employees.c.user_id == user_id)).scalars())


# --- loadouts -----------------------------------------------------------------------------------

def insert_loadout(session: Session, values: dict) -> None:
    session.execute(insert(loadouts).values(**values))


def get_loadout(session: Session, org_id: UUID, loadout_id: UUID):
    row = session.execute(select(loadouts).where(loadouts.c.org_id == org_id, loadouts.c.id == loadout_id)).first()
    if row is None:
        raise NotFound("no such loadout", "loadout_id")
    return row


def list_loadouts(session: Session, org_id: UUID, *, limit: int, offset: int) -> tuple[list, int]:
    where = loadouts.c.org_id == org_id
    total = session.execute(select(func.count()).select_from(loadouts).where(where)).scalar_one()
    rows = session.execute(select(loadouts).where(where).order_by(loadouts.c.name).limit(limit).offset(offset)).all()
    return rows, total


# --- settings ------------------------------------------------------------------------------------

def settings(session: Session, org_id: UUID) -> Settings:
    row = session.execute(select(job_settings).where(job_settings.c.org_id == org_id)).first()
    if row is None:
        return Settings()
    return Settings(minimum_photos={PhotoTag.BEFORE: row.minimum_before_photos,
                                    PhotoTag.DURING: row.minimum_during_photos,
                                    PhotoTag.AFTER: row.minimum_after_photos},
                    thresholds=AlertThresholds(Decimal(row.margin_alert_points), Decimal(row.hours_alert_percent)))


def save_settings(session: Session, org_id: UUID, values: dict) -> None:
    upsert(session, job_settings, [{"org_id": org_id, **values}])

