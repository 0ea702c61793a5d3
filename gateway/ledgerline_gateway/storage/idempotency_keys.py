"""The first answer to an unsafe API request sent with an ``Idempotency-Key``, per user."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ledgerline_gateway.storage.tables import idempotency_keys
from ledgerline_servicekit.clock import now


def claim_idempotency_key(session: Session, user_id: UUID, key: str, fingerprint: str, ttl: timedelta,
                          in_doubt: timedelta):
    """Claim ``key`` for a new request; returns None if claimed, else the earlier request's row.

    A claim never finished (the gateway died mid-request, or a service did not answer in
    time) can be taken again once ``in_doubt`` has passed: by then the first request has
    either run, which the service's own key check catches, or expired unread.
    """
    session.execute(delete(idempotency_keys).where(
        idempotency_keys.c.user_id == user_id,
        (idempotency_keys.c.created_at < now() - ttl)
        | (idempotency_keys.c.status_code.is_(None) & (idempotency_keys.c.created_at < now() - in_doubt))))
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
