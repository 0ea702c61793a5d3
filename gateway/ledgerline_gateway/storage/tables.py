"""The gateway's tables, all in one place (their ``metadata`` is what Alembic compares)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, DateTime, ForeignKey, Index, Integer, LargeBinary, MetaData, Table, Text, UniqueConstraint, func,
    text,
)
from sqlalchemy.dialects.postgresql import UUID as PgUUID

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
