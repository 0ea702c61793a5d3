"""Matters and tickets, activity codes, rounding rules, capacities, and numbering."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound, ValidationFailed
from ledgerline_contracts.commands.timetracking import MatterFilters, RoundingRule

from ledgerline_timetracking.domain import rounding
from ledgerline_timetracking.domain.access import Scope
from ledgerline_timetracking.domain.stats import Capacity
from ledgerline_timetracking.storage.tables import (
    account_rounding, accounts, activity_codes, capacities, counters, matters, org_rounding,
)

# --- numbering ----------------------------------------------------------------------------


def next_number(session: Session, org_id: UUID, name: str) -> int:
    """The next number of a per-organization counter, under a row lock until commit."""
    statement = pg_insert(counters).values(org_id=org_id, name=name, value=1)
    return session.execute(
        statement.on_conflict_do_update(index_elements=["org_id", "name"], set_={"value": counters.c.value + 1})
        .returning(counters.c.value)
    ).scalar_one()


# --- matters ------------------------------------------------------------------------------


def _matters_with_account():
    return select(matters, accounts.c.name.label("account_name")).select_from(
        matters.outerjoin(accounts, accounts.c.id == matters.c.account_id))


def reference_taken(session: Session, org_id: UUID, reference: str, except_id: UUID | None = None) -> bool:
    query = select(matters.c.id).where(matters.c.org_id == org_id, matters.c.reference == reference)
    if except_id is not None:
        query = query.where(matters.c.id != except_id)
    return session.execute(query).first() is not None


def insert_matter(session: Session, values: dict) -> None:
    inserted = session.execute(
        pg_insert(matters).values(**values).on_conflict_do_nothing().returning(matters.c.id)).first()
    if inserted is None:  # a concurrent request took the reference first
        raise ValidationFailed(f"reference {values['reference']} is already used", "reference")


def get_matter(session: Session, org_id: UUID, matter_id: UUID, *, for_update: bool = False):
    if for_update:
        session.execute(select(matters.c.id).where(matters.c.id == matter_id).with_for_update()).first()
    row = session.execute(_matters_with_account().where(matters.c.org_id == org_id, matters.c.id == matter_id)).first()
    if row is None:
        raise NotFound("no such matter or ticket", "matter_id")
    return row


def list_matters(session: Session, org_id: UUID, scope: Scope, filters: MatterFilters) -> tuple[list, int]:
    query = _matters_with_account().where(matters.c.org_id == org_id)
    if scope.account_id is not None:
        query = query.where(matters.c.account_id == scope.account_id)
    for name in ("account_id", "kind", "status"):
        value = getattr(filters, name)
        if value is not None:
            query = query.where(matters.c[name] == value)
    if filters.search:
        escaped = filters.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        query = query.where(or_(matters.c.reference.ilike(pattern), matters.c.title.ilike(pattern)))
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(
        query.order_by(matters.c.status, matters.c.updated_at.desc()).limit(filters.limit).offset(filters.offset)
    ).all()
    return rows, total


def matters_by_id(session: Session, org_id: UUID, matter_ids: list[UUID]) -> list:
    if not matter_ids:
        return []
    rows = {r.id: r for r in session.execute(
        _matters_with_account().where(matters.c.org_id == org_id, matters.c.id.in_(matter_ids)))}
    return [rows[i] for i in matter_ids if i in rows]


def update_matter(session: Session, matter_id: UUID, values: dict) -> None:
    session.execute(update(matters).where(matters.c.id == matter_id).values(**values, updated_at=func.now()))


# --- activity codes -------------------------------------------------------------------------


def insert_activity_code(session: Session, values: dict) -> None:
    inserted = session.execute(
        pg_insert(activity_codes).values(**values).on_conflict_do_nothing().returning(activity_codes.c.id)).first()
    if inserted is None:
        raise ValidationFailed(f"activity code {values['code']} already exists", "code")


def get_activity_code(session: Session, org_id: UUID, code_id: UUID):
    row = session.execute(
        select(activity_codes).where(activity_codes.c.org_id == org_id, activity_codes.c.id == code_id)).first()
    if row is None:
        raise NotFound("no such activity code", "code_id")
    return row


def activity_code_named(session: Session, org_id: UUID, code: str | None):
    """An active activity code by its code (None when none is given), or a refusal naming the field."""
    if not code:
        return None
    row = session.execute(
        select(activity_codes).where(activity_codes.c.org_id == org_id, activity_codes.c.code == code)).first()
    if row is None or not row.active:
        raise ValidationFailed(f"{code} is not an active activity code", "activity_code")
    return row


def list_activity_codes(session: Session, org_id: UUID, include_inactive: bool) -> list:
    query = select(activity_codes).where(activity_codes.c.org_id == org_id)
    if not include_inactive:
        query = query.where(activity_codes.c.active.is_(True))
    return session.execute(query.order_by(activity_codes.c.code)).all()


def update_activity_code(session: Session, code_id: UUID, values: dict) -> None:
    session.execute(update(activity_codes).where(activity_codes.c.id == code_id)
                    .values(**values, updated_at=func.now()))


# --- rounding rules ---------------------------------------------------------------------------


def _rule(row) -> RoundingRule | None:
    return RoundingRule(mode=row.mode, increment_minutes=row.increment_minutes) if row else None


def org_rounding_rule(session: Session, org_id: UUID) -> RoundingRule | None:
    return _rule(session.execute(select(org_rounding).where(org_rounding.c.org_id == org_id)).first())


def account_rounding_rule(session: Session, org_id: UUID, account_id: UUID) -> RoundingRule | None:
    return _rule(session.execute(select(account_rounding).where(
        account_rounding.c.org_id == org_id, account_rounding.c.account_id == account_id)).first())


def rounding_rule(session: Session, org_id: UUID, account_id: UUID) -> RoundingRule:
    """The rule committing a timer on the account applies: its own, or the organization's default."""
    return rounding.effective_rule(account_rounding_rule(session, org_id, account_id),
                                   org_rounding_rule(session, org_id))


def account_rounding_rules(session: Session, org_id: UUID) -> list:
    return session.execute(
        select(account_rounding, accounts.c.name.label("account_name"))
        .select_from(account_rounding.outerjoin(accounts, accounts.c.id == account_rounding.c.account_id))
        .where(account_rounding.c.org_id == org_id).order_by(accounts.c.name)
    ).all()


def set_org_rounding_rule(session: Session, org_id: UUID, rule: RoundingRule) -> None:
    values = {"mode": rule.mode, "increment_minutes": rule.increment_minutes}
    session.execute(pg_insert(org_rounding).values(org_id=org_id, **values)
                    .on_conflict_do_update(index_elements=["org_id"], set_=values))


def set_account_rounding_rule(session: Session, org_id: UUID, account_id: UUID, rule: RoundingRule) -> None:
    values = {"mode": rule.mode, "increment_minutes": rule.increment_minutes}
    session.execute(pg_insert(account_rounding).values(org_id=org_id, account_id=account_id, **values)
                    .on_conflict_do_update(index_elements=["account_id"], set_=values))


def clear_account_rounding_rule(session: Session, org_id: UUID, account_id: UUID) -> None:
    session.execute(delete(account_rounding).where(account_rounding.c.org_id == org_id,
                                                   account_rounding.c.account_id == account_id))


# --- capacities ------------------------------------------------------------------------------


def capacity_of(session: Session, org_id: UUID, user_id: UUID) -> Capacity:
    row = session.execute(select(capacities).where(capacities.c.org_id == org_id,
                                                   capacities.c.user_id == user_id)).first()
    return Capacity(row.weekly_hours, row.target_percent) if row else Capacity()


def set_capacity(session: Session, org_id: UUID, user_id: UUID, capacity: Capacity) -> None:
    values = {"weekly_hours": capacity.weekly_hours, "target_percent": capacity.target_percent}
    session.execute(pg_insert(capacities).values(org_id=org_id, user_id=user_id, **values)
                    .on_conflict_do_update(index_elements=["org_id", "user_id"], set_=values))


def get_account(session: Session, org_id: UUID, account_id: UUID):
    row = session.execute(select(accounts).where(accounts.c.org_id == org_id, accounts.c.id == account_id)).first()
    if row is None:
        raise NotFound("no such account", "account_id")
    return row
