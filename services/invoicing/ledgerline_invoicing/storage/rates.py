"""Hourly bill rates (standard, account and matter overrides) and users' cost rates."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound
from ledgerline_invoicing.storage.tables import cost_rates, rates


def set_rate(session: Session, values: dict):
    """Insert the rate, or replace the one already set for the same place; returns the row."""
    statement = pg_insert(rates).values(id=uuid4(), **values)
    statement = statement.on_conflict_do_update(
        index_elements=[rates.c.org_id, rates.c.scope, rates.c.account_id, rates.c.matter_id, rates.c.user_id,
                        func.lower(rates.c.activity_code), rates.c.currency],
        set_={"rate": statement.excluded.rate, "activity_code": statement.excluded.activity_code,
              "updated_by": statement.excluded.updated_by, "updated_at": func.now()},
    ).returning(*rates.c)
    return session.execute(statement).one()


def get_rate(session: Session, org_id: UUID, rate_id: UUID):
    row = session.execute(select(rates).where(rates.c.org_id == org_id, rates.c.id == rate_id)).first()
    if row is None:
        raise NotFound("no such rate", "rate_id")
    return row


def delete_rate(session: Session, rate_id: UUID) -> None:
    session.execute(delete(rates).where(rates.c.id == rate_id))


def list_rates(session: Session, org_id: UUID, *, account_id: UUID | None, matter_id: UUID | None,
               user_id: UUID | None, limit: int, offset: int) -> tuple[list, int]:
    query = select(rates).where(rates.c.org_id == org_id)
    if account_id:
        query = query.where(rates.c.account_id == account_id)
    if matter_id:
        query = query.where(rates.c.matter_id == matter_id)
    if user_id:
        query = query.where(rates.c.user_id == user_id)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(query.order_by(rates.c.scope, rates.c.account_id, rates.c.matter_id, rates.c.user_id,
                                          rates.c.activity_code).limit(limit).offset(offset)).all()
    return rows, total


def rules_for(session: Session, org_id: UUID, account_id: UUID, currency: str) -> list:
    """Every rule that could price work for this account: standard ones, and its overrides."""
    return session.execute(select(rates).where(
        rates.c.org_id == org_id, rates.c.currency == currency,
        or_(rates.c.account_id.is_(None), rates.c.account_id == account_id),
    )).all()


def set_cost_rate(session: Session, values: dict) -> None:
    statement = pg_insert(cost_rates).values(**values)
    session.execute(statement.on_conflict_do_update(
        index_elements=[cost_rates.c.org_id, cost_rates.c.user_id],
        set_={"rate": statement.excluded.rate, "currency": statement.excluded.currency,
              "updated_by": statement.excluded.updated_by, "updated_at": func.now()}))


def list_cost_rates(session: Session, org_id: UUID) -> list:
    return session.execute(select(cost_rates).where(cost_rates.c.org_id == org_id)
                           .order_by(cost_rates.c.user_id)).all()


def cost_rates_for(session: Session, org_id: UUID, user_ids: set[UUID]) -> dict:
    if not user_ids:
        return {}
    rows = session.execute(select(cost_rates).where(cost_rates.c.org_id == org_id,
                                                    cost_rates.c.user_id.in_(user_ids))).all()
    return {row.user_id: row for row in rows}
