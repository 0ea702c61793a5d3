"""The audit trail: who did what to which proposal or work order, and when."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ledgerline_servicekit.unit_of_work import AuditEntry

from ledgerline_workorders.storage.tables import audit_log


def write(session: Session, entry: AuditEntry) -> None:
    """An entry as the unit of work makes it from a domain event (use_cases/effects.py)."""
    session.execute(insert(audit_log).values(
        id=uuid4(), org_id=entry.org_id, actor_id=entry.user_id, actor_name=entry.user_name, action=entry.action,
        entity=entry.entity, entity_id=entry.entity_id, details=entry.details, reason=entry.reason))


def trail(session: Session, org_id: UUID, entity_id: UUID) -> list:
    return session.execute(select(audit_log).where(audit_log.c.org_id == org_id, audit_log.c.entity_id == entity_id)
                           .order_by(audit_log.c.at, audit_log.c.id)).all()
