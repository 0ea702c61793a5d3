"""Server-side web sessions: the cookie holds a random id, only its sha-256 is stored."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ledgerline_gateway.storage.tables import web_sessions
from ledgerline_servicekit.clock import now


def load_web_session(session: Session, id_hash: str):
    return session.execute(select(web_sessions).where(web_sessions.c.id_hash == id_hash,
                                                      web_sessions.c.expires_at > now())).first()


def save_web_session(session: Session, id_hash: str, *, user_id: UUID | None, data: str,
                     expires_at: datetime) -> None:
    statement = pg_insert(web_sessions).values(id_hash=id_hash, user_id=user_id, data=data, expires_at=expires_at,
                                               last_seen_at=now())
    session.execute(statement.on_conflict_do_update(
        index_elements=[web_sessions.c.id_hash],
        set_={"user_id": user_id, "data": data, "expires_at": expires_at, "last_seen_at": now()}))


def touch_web_session(session: Session, id_hash: str, expires_at: datetime) -> None:
    session.execute(update(web_sessions).where(web_sessions.c.id_hash == id_hash)
                    .values(expires_at=expires_at, last_seen_at=now()))


def delete_web_session(session: Session, id_hash: str) -> None:
    session.execute(delete(web_sessions).where(web_sessions.c.id_hash == id_hash))


def delete_web_sessions_of(session: Session, user_id: UUID, *, keep: str | None = None) -> None:
    statement = delete(web_sessions).where(web_sessions.c.user_id == user_id)
    if keep is not None:
        statement = statement.where(web_sessions.c.id_hash != keep)
    session.execute(statement)


def purge_expired_web_sessions(session: Session) -> None:
    session.execute(delete(web_sessions).where(web_sessions.c.expires_at <= now()))
