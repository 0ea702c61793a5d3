"""Who is asking: passwords, API tokens, and the Actor handed to services.

The user is loaded from the database on every request (for a token and for a
web session alike), so deactivating a user or changing their role takes effect
on their very next request.
"""

from __future__ import annotations

import hashlib
import secrets
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from ledgerline_contracts import Actor, Role
from ledgerline_gateway import storage

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
TOKEN_PREFIX = "llt_"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> tuple[str, str]:
    """A fresh bearer token and the hash that is stored in its place."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hint(token: str) -> str:
    """Enough of a token for its owner to recognise it, far too little to use it."""
    return token[: len(TOKEN_PREFIX) + 4] + "…"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def authenticate(session: Session, email: str, password: str):
    """The active user with these credentials, or None (without saying which part was wrong)."""
    user = storage.users.user_by_email(session, email)
    if user is None:
        _hasher.hash(password)  # spend the same time as a real check
        return None
    if not user.active or not verify_password(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        storage.users.set_password_hash(session, user.id, hash_password(password))
    return user


def issue_token(session: Session, user_id: UUID, name: str) -> tuple[str, UUID]:
    """Create a bearer token for ``user_id``; the token is returned once and stored only hashed."""
    token, hashed = new_token()
    return token, storage.tokens.add_token(session, user_id, name, hashed, token_hint(token))


def actor_for(session: Session, user) -> Actor:
    role = Role(user.role)
    delegates = storage.delegations.delegates_of(session, user.id) if role in (Role.PARTNER, Role.ASSOCIATE_PARTNER) else ()
    return Actor(user_id=user.id, org_id=user.org_id, role=role, name=user.name, delegates=tuple(delegates),
                 account_id=user.account_id)


def sign_in(session: Session, throttle, email: str, password: str, address: str | None):
    """``authenticate`` behind the sign-in throttle: refused while too many attempts failed, failures counted."""
    throttle.check(email, address)
    user = authenticate(session, email, password)
    if user is None:
        throttle.failed(email, address)
    return user
