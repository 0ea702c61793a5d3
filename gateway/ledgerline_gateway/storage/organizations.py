"""Organizations: each is a firm, and everything else lives inside one."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ledgerline_gateway.storage.tables import organizations


def org_by_slug(session: Session, slug: str):
    return session.execute(select(organizations).where(organizations.c.slug == slug)).first()


def create_org(session: Session, name: str, slug: str) -> UUID:
    org_id = uuid4()
    session.execute(insert(organizations).values(id=org_id, name=name, slug=slug))
    return org_id


