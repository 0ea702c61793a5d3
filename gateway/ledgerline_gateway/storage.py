"""The gateway's own tables: organizations, users, delegations and API tokens."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from sqlalchemy import (
    Boolean, Column, DateTime, ForeignKey, Index, MetaData, Table, Text, UniqueConstraint, func, insert, select,
    text, update,
)
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.orm import Session

metadata = MetaData()

organizations = Table(
    "organizations", metadata,
    Column("id", PgUUID(as_uuid=True), primary_key=True),
    Column("name", Text, nullable=False),
    Column("slug", Text, nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

users = Table(
    "users", metadata,
    Column("id", PgUUID(as_uuid=True), primary_key=True),
    Column("org_id", PgUUID(as_uuid=True), ForeignKey("organizations.id"), nullable=False),
    Column("email", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    Column("account_id", PgUUID(as_uuid=True)),  # customers only: the one account they belong to
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
Index("users_email", func.lower(users.c.email), unique=True)

# A partner or associate partner oversees their delegates' work.
delegations = Table(
    "delegations", metadata,
    Column("principal_id", PgUUID(as_uuid=True), ForeignKey("users.id"), primary_key=True),
    Column("delegate_id", PgUUID(as_uuid=True), ForeignKey("users.id"), primary_key=True),
)

api_tokens = Table(
    "api_tokens", metadata,
    Column("id", PgUUID(as_uuid=True), primary_key=True),
    Column("user_id", PgUUID(as_uuid=True), ForeignKey("users.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("token_hash", Text, nullable=False),  # sha-256 of the token; the token itself is never stored
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    UniqueConstraint("token_hash", name="api_tokens_hash"),
)


def org_by_slug(session: Session, slug: str):
    return session.execute(select(organizations).where(organizations.c.slug == slug)).first()


def create_org(session: Session, name: str, slug: str) -> UUID:
    org_id = uuid4()
    session.execute(insert(organizations).values(id=org_id, name=name, slug=slug))
    return org_id


def user_by_email(session: Session, email: str):
    return session.execute(select(users).where(func.lower(users.c.email) == email.strip().lower())).first()


def get_user(session: Session, org_id: UUID, user_id: UUID):
    return session.execute(select(users).where(users.c.org_id == org_id, users.c.id == user_id)).first()


def create_user(session: Session, *, org_id: UUID, email: str, name: str, role: str, password_hash: str,
                account_id: UUID | None = None) -> UUID:
    user_id = uuid4()
    session.execute(insert(users).values(id=user_id, org_id=org_id, email=email.strip().lower(), name=name,
                                         role=role, password_hash=password_hash, account_id=account_id))
    return user_id


def set_password_hash(session: Session, user_id: UUID, password_hash: str) -> None:
    session.execute(update(users).where(users.c.id == user_id).values(password_hash=password_hash))


def delegates_of(session: Session, principal_id: UUID) -> list[UUID]:
    return session.execute(
        select(delegations.c.delegate_id).where(delegations.c.principal_id == principal_id)
        .order_by(delegations.c.delegate_id)
    ).scalars().all()


def add_delegation(session: Session, principal_id: UUID, delegate_id: UUID) -> None:
    if delegate_id not in delegates_of(session, principal_id):
        session.execute(insert(delegations).values(principal_id=principal_id, delegate_id=delegate_id))


def add_token(session: Session, user_id: UUID, name: str, token_hash: str) -> UUID:
    token_id = uuid4()
    session.execute(insert(api_tokens).values(id=token_id, user_id=user_id, name=name, token_hash=token_hash))
    return token_id


def user_for_token(session: Session, token_hash: str):
    """The active user behind an unrevoked token, or None; marks the token used."""
    row = session.execute(
        select(users).join(api_tokens, api_tokens.c.user_id == users.c.id)
        .where(api_tokens.c.token_hash == token_hash, api_tokens.c.revoked_at.is_(None), users.c.active)
    ).first()
    if row is not None:
        session.execute(update(api_tokens).where(api_tokens.c.token_hash == token_hash)
                        .values(last_used_at=datetime.now(UTC)))
    return row
