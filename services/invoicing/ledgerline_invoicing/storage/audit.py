"""The audit trail: who changed what money-related thing, when, and why."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ledgerline_contracts import Actor
from ledgerline_invoicing.storage.tables import audit_log


def record(session: Session, actor: Actor, action: str, entity: str, entity_id: UUID,
           details: dict | None = None, reason: str | None = None) -> None:
    record_by(session, actor.org_id, actor.user_id, actor.name, action, entity, entity_id, details, reason)


def record_by(session: Session, org_id: UUID, user_id: UUID, user_name: str, action: str, entity: str,
              entity_id: UUID, details: dict | None = None, reason: str | None = None) -> None:
    """An entry for a change someone made elsewhere and invoicing learned of from an event."""
    session.execute(insert(audit_log).values(
        id=uuid4(), org_id=org_id, actor_id=user_id, actor_name=user_name, action=action,
        entity=entity, entity_id=entity_id, details=details or {}, reason=reason))


def trail(session: Session, org_id: UUID, entity_id: UUID) -> list:
    return session.execute(
        select(audit_log).where(audit_log.c.org_id == org_id, audit_log.c.entity_id == entity_id)
        .order_by(audit_log.c.at, audit_log.c.id)
    ).all()
