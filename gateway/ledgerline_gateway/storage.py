"""The gateway's own tables and every query on them: organizations, users,
delegations, API tokens, web sessions and idempotency keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy import (
    Boolean, Column, DateTime, ForeignKey, Index, Integer, LargeBinary, MetaData, Table, Text, UniqueConstraint,
    and_, delete, func, insert, or_, select, text, update,
)
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session, aliased

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
    Column("hint", Text),  # the token's first characters, so its owner can tell tokens apart
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    UniqueConstraint("token_hash", name="api_tokens_hash"),
)

# Server-side web sessions. The cookie holds a random id; only its sha-256 is stored.
web_sessions = Table(
    "web_sessions", metadata,
    Column("id_hash", Text, primary_key=True),
    Column("user_id", PgUUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE")),
    Column("data", Text, nullable=False),  # Flask's tagged JSON
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("last_seen_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
Index("web_sessions_user", web_sessions.c.user_id)
Index("web_sessions_expiry", web_sessions.c.expires_at)

# The first response to an unsafe API request sent with an Idempotency-Key, per user.
idempotency_keys = Table(
    "idempotency_keys", metadata,
    Column("user_id", PgUUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("fingerprint", Text, nullable=False),  # method, path and body: a key is for one request only
    Column("status_code", Integer),  # NULL while the first request is still running
    Column("content_type", Text),
    Column("body", LargeBinary),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


def _now() -> datetime:
    return datetime.now(UTC)


# --- organizations and users --------------------------------------------------------


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


# --- delegations ----------------------------------------------------------------------


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


# --- API tokens -----------------------------------------------------------------------


def add_token(session: Session, user_id: UUID, name: str, token_hash: str, hint: str | None = None) -> UUID:
    token_id = uuid4()
    session.execute(insert(api_tokens).values(id=token_id, user_id=user_id, name=name, token_hash=token_hash,
                                              hint=hint))
    return token_id


def user_for_token(session: Session, token_hash: str):
    """The active user behind an unrevoked token, or None; marks the token used."""
    row = session.execute(
        select(users).join(api_tokens, api_tokens.c.user_id == users.c.id)
        .where(api_tokens.c.token_hash == token_hash, api_tokens.c.revoked_at.is_(None), users.c.active)
    ).first()
    if row is not None:
        session.execute(update(api_tokens).where(api_tokens.c.token_hash == token_hash)
                        .values(last_used_at=_now()))
    return row


def tokens_of(session: Session, user_id: UUID):
    return session.execute(select(api_tokens).where(api_tokens.c.user_id == user_id)
                           .order_by(api_tokens.c.revoked_at.is_not(None), api_tokens.c.created_at.desc())).all()


def get_token(session: Session, user_id: UUID, token_id: UUID):
    return session.execute(select(api_tokens).where(api_tokens.c.user_id == user_id,
                                                    api_tokens.c.id == token_id)).first()


def revoke_token(session: Session, user_id: UUID, token_id: UUID) -> None:
    session.execute(update(api_tokens).where(api_tokens.c.user_id == user_id, api_tokens.c.id == token_id,
                                             api_tokens.c.revoked_at.is_(None)).values(revoked_at=_now()))


def revoke_tokens_of(session: Session, user_id: UUID) -> None:
    session.execute(update(api_tokens).where(api_tokens.c.user_id == user_id, api_tokens.c.revoked_at.is_(None))
                    .values(revoked_at=_now()))


# --- web sessions ----------------------------------------------------------------------


def load_web_session(session: Session, id_hash: str):
    return session.execute(select(web_sessions).where(web_sessions.c.id_hash == id_hash,
                                                      web_sessions.c.expires_at > _now())).first()


def save_web_session(session: Session, id_hash: str, *, user_id: UUID | None, data: str,
                     expires_at: datetime) -> None:
    statement = pg_insert(web_sessions).values(id_hash=id_hash, user_id=user_id, data=data, expires_at=expires_at,
                                               last_seen_at=_now())
    session.execute(statement.on_conflict_do_update(
        index_elements=[web_sessions.c.id_hash],
        set_={"user_id": user_id, "data": data, "expires_at": expires_at, "last_seen_at": _now()}))


def touch_web_session(session: Session, id_hash: str, expires_at: datetime) -> None:
    session.execute(update(web_sessions).where(web_sessions.c.id_hash == id_hash)
                    .values(expires_at=expires_at, last_seen_at=_now()))


def delete_web_session(session: Session, id_hash: str) -> None:
    session.execute(delete(web_sessions).where(web_sessions.c.id_hash == id_hash))


def delete_web_sessions_of(session: Session, user_id: UUID, *, keep: str | None = None) -> None:
    statement = delete(web_sessions).where(web_sessions.c.user_id == user_id)
    if keep is not None:
        statement = statement.where(web_sessions.c.id_hash != keep)
    session.execute(statement)


def purge_expired_web_sessions(session: Session) -> None:
    session.execute(delete(web_sessions).where(web_sessions.c.expires_at <= _now()))


# --- idempotency keys -------------------------------------------------------------------


def claim_idempotency_key(session: Session, user_id: UUID, key: str, fingerprint: str, ttl: timedelta,
                          in_doubt: timedelta):
    """Claim ``key`` for a new request; returns None if claimed, else the earlier request's row.

    A claim never finished (the gateway died mid-request, or a service did not answer in
    time) can be taken again once ``in_doubt`` has passed: by then the first request has
    either run, which the service's own key check catches, or expired unread.
    """
    session.execute(delete(idempotency_keys).where(
        idempotency_keys.c.user_id == user_id,
        (idempotency_keys.c.created_at < _now() - ttl)
        | (idempotency_keys.c.status_code.is_(None) & (idempotency_keys.c.created_at < _now() - in_doubt))))
    claimed = session.execute(pg_insert(idempotency_keys)
                              .values(user_id=user_id, key=key, fingerprint=fingerprint)
                              .on_conflict_do_nothing().returning(idempotency_keys.c.key)).first()
    if claimed is not None:
        return None
    return session.execute(select(idempotency_keys).where(idempotency_keys.c.user_id == user_id,
                                                          idempotency_keys.c.key == key)).first()


def finish_idempotency_key(session: Session, user_id: UUID, key: str, *, status_code: int, content_type: str,
                           body: bytes) -> None:
    session.execute(update(idempotency_keys).where(idempotency_keys.c.user_id == user_id,
                                                   idempotency_keys.c.key == key)
                    .values(status_code=status_code, content_type=content_type, body=body))


def release_idempotency_key(session: Session, user_id: UUID, key: str) -> None:
    session.execute(delete(idempotency_keys).where(idempotency_keys.c.user_id == user_id,
                                                   idempotency_keys.c.key == key))
