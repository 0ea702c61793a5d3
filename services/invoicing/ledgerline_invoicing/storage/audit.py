"""The audit trail: who changed what money-related thing, when, and why."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ledgerline_contracts import Actor
from ledgerline_invoicing.storage.tables import audit_log


def record(session: Session, actor: Actor, action: str, entity: str, entity_id: UUID,
           details: dict | None = None, reason: str | None = None) -> None:
    session.execute(insert(audit_log).values(
        id=uuid4(), org_id=actor.org_id, actor_id=actor.user_id, actor_name=actor.name, action=action,
        entity=entity, entity_id=entity_id, details=details or {}, reason=reason))


def trail(session: Session, org_id: UUID, entity_id: UUID) -> list:
    return session.execute(
        select(audit_log).where(audit_log.c.org_id == org_id, audit_log.c.entity_id == entity_id)
        .order_by(audit_log.c.at, audit_log.c.id)
    ).all()
