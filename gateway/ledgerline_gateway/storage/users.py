"""Users: one organization each, a role, a password hash, active or not."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.orm import Session

from ledgerline_gateway.storage.tables import users


def user_by_email(session: Session, email: str):
    return session.execute(select(users).where(func.lower(users.c.email) == email.strip().lower())).first()


def get_user(session: Session, org_id: UUID, user_id: UUID):
    return session.execute(select(users).where(users.c.org_id == org_id, users.c.id == user_id)).first()


def active_user(session: Session, user_id: UUID):
    """The user behind a web session, read afresh on every request (deactivation and role changes bite at once)."""
    return session.execute(select(users).where(users.c.id == user_id, users.c.active)).first()


def create_user(session: Session, *, org_id: UUID, email: str, name: str, role: str, password_hash: str,
                account_id: UUID | None = None) -> UUID:
    user_id = uuid4()
    session.execute(insert(users).values(id=user_id, org_id=org_id, email=email.strip().lower(), name=name,
                                         role=role, password_hash=password_hash, account_id=account_id))
    return user_id


def update_user(session: Session, user_id: UUID, **values) -> None:
    session.execute(update(users).where(users.c.id == user_id).values(**values))


def set_password_hash(session: Session, user_id: UUID, password_hash: str) -> None:
    update_user(session, user_id, password_hash=password_hash)


def list_users(session: Session, org_id: UUID, *, role: str | None = None, active: bool | None = None,
               search: str | None = None, limit: int = 50, offset: int = 0):
    conditions = [users.c.org_id == org_id]
    if role is not None:
        conditions.append(users.c.role == role)
    if active is not None:
        conditions.append(users.c.active.is_(active))
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(or_(users.c.name.ilike(pattern), users.c.email.ilike(pattern)))
    where = and_(*conditions)
    total = session.execute(select(func.count()).select_from(users).where(where)).scalar_one()
    rows = session.execute(select(users).where(where).order_by(func.lower(users.c.name), users.c.id)
                           .limit(limit).offset(offset)).all()
    return rows, total


def count_active_admins(session: Session, org_id: UUID) -> int:
    return session.execute(select(func.count()).select_from(users).where(
        users.c.org_id == org_id, users.c.role == "admin", users.c.active)).scalar_one()
