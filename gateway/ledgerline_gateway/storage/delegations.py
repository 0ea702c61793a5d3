"""Who oversees whose work: a partner or associate partner and their delegates."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session, aliased

from ledgerline_gateway.storage.tables import delegations, users


def delegates_of(session: Session, principal_id: UUID) -> list[UUID]:
    return session.execute(
        select(delegations.c.delegate_id).where(delegations.c.principal_id == principal_id)
        .order_by(delegations.c.delegate_id)
    ).scalars().all()


def add_delegation(session: Session, principal_id: UUID, delegate_id: UUID) -> bool:
    """False if it existed already."""
    added = session.execute(pg_insert(delegations).values(principal_id=principal_id, delegate_id=delegate_id)
                            .on_conflict_do_nothing().returning(delegations.c.delegate_id)).first()
    return added is not None


def remove_delegation(session: Session, principal_id: UUID, delegate_id: UUID) -> bool:
    done = session.execute(delete(delegations).where(delegations.c.principal_id == principal_id,
                                                     delegations.c.delegate_id == delegate_id))
    return done.rowcount == 1


def remove_delegations_of(session: Session, principal_id: UUID) -> None:
    session.execute(delete(delegations).where(delegations.c.principal_id == principal_id))


def delegations_in(session: Session, org_id: UUID):
    principal, delegate = aliased(users), aliased(users)
    return session.execute(
        select(delegations.c.principal_id, principal.c.name.label("principal_name"),
               delegations.c.delegate_id, delegate.c.name.label("delegate_name"))
        .join(principal, principal.c.id == delegations.c.principal_id)
        .join(delegate, delegate.c.id == delegations.c.delegate_id)
        .where(principal.c.org_id == org_id)
        .order_by(func.lower(principal.c.name), func.lower(delegate.c.name))
    ).all()
