"""API tokens: stored only as a hash, revoked rather than deleted."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ledgerline_gateway.storage.tables import api_tokens, users
from ledgerline_servicekit.clock import now


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
                        .values(last_used_at=now()))
    return row


def tokens_of(session: Session, user_id: UUID):
    return session.execute(select(api_tokens).where(api_tokens.c.user_id == user_id)
                           .order_by(api_tokens.c.revoked_at.is_not(None), api_tokens.c.created_at.desc())).all()


def get_token(session: Session, user_id: UUID, token_id: UUID):
    return session.execute(select(api_tokens).where(api_tokens.c.user_id == user_id,
                                                    api_tokens.c.id == token_id)).first()


def revoke_token(session: Session, user_id: UUID, token_id: UUID) -> None:
    session.execute(update(api_tokens).where(api_tokens.c.user_id == user_id, api_tokens.c.id == token_id,
                                             api_tokens.c.revoked_at.is_(None)).values(revoked_at=now()))


def revoke_tokens_of(session: Session, user_id: UUID) -> None:
    session.execute(update(api_tokens).where(api_tokens.c.user_id == user_id, api_tokens.c.revoked_at.is_(None))
                    .values(revoked_at=now()))
