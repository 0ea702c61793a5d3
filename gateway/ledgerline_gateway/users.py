"""What admins and users do to identities: users, roles, delegations, own tokens and passwords.

One implementation behind both the REST API and the web pages. Each function
takes the database session and the acting user, re-checks scope (everything
stays inside the actor's organization: another organization's ids are
NotFound), raises the contracts' errors, and commits.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.orm import Session

from ledgerline_contracts import Actor, NotFound, Role, ValidationFailed
from ledgerline_gateway import domain, identity, storage
from ledgerline_gateway.calls import call_service
from ledgerline_gateway.commands import NewDelegation, NewToken, NewUser, PasswordChange, UserChanges, UserFilters


def me_view(actor: Actor) -> dict:
    return {"id": str(actor.user_id), "org_id": str(actor.org_id), "name": actor.name, "role": actor.role.value,
            "delegates": [str(d) for d in actor.delegates],
            "account_id": str(actor.account_id) if actor.account_id else None}


def user_view(db: Session, row) -> dict:
    return {"id": row.id, "email": row.email, "name": row.name, "role": row.role, "active": row.active,
            "account_id": row.account_id, "created_at": row.created_at,
            "delegates": storage.delegations.delegates_of(db, row.id) if domain.keeps_delegations(Role(row.role)) else []}


def _user(db: Session, actor: Actor, user_id: UUID, field: str = "user_id"):
    row = storage.users.get_user(db, actor.org_id, user_id)
    if row is None:
        raise NotFound("no such user", field)
    return row


def _require_account(actor: Actor, account_id: UUID) -> None:
    """The account exists in the actor's organization (invoicing owns accounts); NotFound otherwise."""
    call_service("invoicing", "get_account", str(account_id), actor=actor)


# --- users ------------------------------------------------------------------------------


def list_users(db: Session, actor: Actor, filters: UserFilters) -> dict:
    rows, total = storage.users.list_users(db, actor.org_id, role=filters.role.value if filters.role else None,
                                     active=filters.active, search=filters.search, limit=filters.limit,
                                     offset=filters.offset)
    return {"items": [user_view(db, r) for r in rows], "total": total, "limit": filters.limit,
            "offset": filters.offset}


def get_user(db: Session, actor: Actor, user_id: UUID) -> dict:
    return user_view(db, _user(db, actor, user_id))


def create_user(db: Session, actor: Actor, command: NewUser) -> dict:
    domain.check_account_for_role(command.role, command.account_id)
    if storage.users.user_by_email(db, command.email) is not None:
        raise ValidationFailed("a user with this email already exists", "email")
    if command.account_id is not None:
        _require_account(actor, command.account_id)
    user_id = storage.users.create_user(db, org_id=actor.org_id, email=command.email, name=command.name,
                                  role=command.role.value, password_hash=identity.hash_password(command.password),
                                  account_id=command.account_id)
    db.commit()
    return get_user(db, actor, user_id)


def update_user(db: Session, actor: Actor, user_id: UUID, changes: UserChanges) -> dict:
    """Change what was sent. Deactivating signs the user out everywhere and revokes their tokens;
    a role change applies on the user's next request."""
    row = _user(db, actor, user_id)
    sent = changes.model_fields_set
    for name in ("name", "role", "active", "password"):
        if name in sent and getattr(changes, name) is None:
            raise ValidationFailed(f"{name} cannot be null", name)
    role = changes.role if "role" in sent else Role(row.role)
    active = changes.active if "active" in sent else row.active
    account_id = changes.account_id if "account_id" in sent else (row.account_id if role is Role.CUSTOMER else None)
    domain.check_account_for_role(role, account_id)
    domain.check_admins_remain(storage.users.count_active_admins(db, actor.org_id),
                               was_active_admin=row.role == Role.ADMIN and row.active,
                               stays_active_admin=role is Role.ADMIN and active)
    if account_id is not None and account_id != row.account_id:
        _require_account(actor, account_id)
    values = {"role": role.value, "active": active, "account_id": account_id}
    if "name" in sent:
        values["name"] = changes.name
    if changes.password is not None:
        values["password_hash"] = identity.hash_password(changes.password)
    storage.users.update_user(db, row.id, **values)
    if not domain.keeps_delegations(role):
        storage.delegations.remove_delegations_of(db, row.id)
    if not active or changes.password is not None:
        storage.web_sessions.delete_web_sessions_of(db, row.id)
    if not active:
        storage.tokens.revoke_tokens_of(db, row.id)
    db.commit()
    return get_user(db, actor, row.id)


# --- delegations ----------------------------------------------------------------------------


def list_delegations(db: Session, actor: Actor) -> list[dict]:
    return [dict(r._mapping) for r in storage.delegations.delegations_in(db, actor.org_id)]


def add_delegation(db: Session, actor: Actor, command: NewDelegation) -> dict:
    principal = _user(db, actor, command.principal_id, "principal_id")
    delegate = _user(db, actor, command.delegate_id, "delegate_id")
    domain.check_delegation(principal.id, Role(principal.role), delegate.id, Role(delegate.role),
                            delegate_oversees_principal=principal.id in storage.delegations.delegates_of(db, delegate.id))
    added = storage.delegations.add_delegation(db, principal.id, delegate.id)
    db.commit()
    return {"principal_id": principal.id, "principal_name": principal.name, "delegate_id": delegate.id,
            "delegate_name": delegate.name, "added": added}


def remove_delegation(db: Session, actor: Actor, principal_id: UUID, delegate_id: UUID) -> None:
    _user(db, actor, principal_id, "principal_id")
    if not storage.delegations.remove_delegation(db, principal_id, delegate_id):
        raise NotFound("no such delegation", "delegate_id")
    db.commit()


# --- own tokens and password ----------------------------------------------------------------


def token_view(row) -> dict:
    return {"id": row.id, "name": row.name, "hint": row.hint, "created_at": row.created_at,
            "last_used_at": row.last_used_at, "revoked_at": row.revoked_at}


def list_tokens(db: Session, actor: Actor) -> list[dict]:
    return [token_view(r) for r in storage.tokens.tokens_of(db, actor.user_id)]


def create_token(db: Session, actor: Actor, command: NewToken) -> dict:
    token, token_id = identity.issue_token(db, actor.user_id, command.name)
    db.commit()
    return {"token": token, "token_id": token_id, "user": me_view(actor)}


def revoke_token(db: Session, actor: Actor, token_id: UUID) -> None:
    """Only one's own tokens; anyone else's token id is NotFound."""
    if storage.tokens.get_token(db, actor.user_id, token_id) is None:
        raise NotFound("no such token", "token_id")
    storage.tokens.revoke_token(db, actor.user_id, token_id)
    db.commit()


def change_password(db: Session, actor: Actor, command: PasswordChange, keep_session: str | None = None) -> None:
    """Other web sessions end; the current one (``keep_session``) and API tokens stay."""
    row = storage.users.active_user(db, actor.user_id)
    if row is None or not identity.verify_password(row.password_hash, command.current_password):
        raise ValidationFailed("the current password is wrong", "current_password")
    storage.users.set_password_hash(db, row.id, identity.hash_password(command.new_password))
    storage.web_sessions.delete_web_sessions_of(db, row.id, keep=keep_session)
    db.commit()
