"""Who may see and change whose work (docs/permissions.md)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ledgerline_contracts import Actor, NotFound, PermissionDenied, Role

# Who records (and edits and deletes) their own time, expenses and parts.
TIME_RECORDERS = frozenset({Role.FEE_EARNER, Role.ASSOCIATE_PARTNER, Role.PARTNER})
STAFF = frozenset(Role) - {Role.CUSTOMER}
EVERYONE = frozenset(Role)
# Firm-wide settings: rounding rules and activity codes are pricing (billing's);
# a person's capacity belongs with users and roles (admin's).
PRICING = frozenset({Role.BILLING})
PEOPLE_ADMIN = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class Scope:
    """The work an actor may read: ``user_ids`` None means anyone's; ``account_id``
    set means only that account's, and ``billable_only`` only what is billed (customers:
    a lunch break or internal admin is the firm's, not theirs)."""

    user_ids: frozenset[UUID] | None
    account_id: UUID | None = None
    billable_only: bool = False

    def allows(self, user_id: UUID, account_id: UUID, billable: bool = True) -> bool:
        if self.account_id is not None and account_id != self.account_id:
            return False
        if self.billable_only and not billable:
            return False
        return self.user_ids is None or user_id in self.user_ids

    def narrowed_to(self, user_id: UUID | None) -> Scope:
        """The scope for a filter on one person (still within what the actor may see)."""
        if user_id is None:
            return self
        allowed = self.user_ids is None or user_id in self.user_ids
        return Scope(frozenset({user_id}) if allowed else frozenset(), self.account_id, self.billable_only)


def scope_for(actor: Actor) -> Scope:
    """Fee earners: own; partners: own + delegates; billing, admin: all; customers: their account's
    billable work."""
    if actor.is_customer:
        if actor.account_id is None:
            raise PermissionDenied("this customer login is not linked to an account")
        return Scope(None, actor.account_id, billable_only=True)
    if actor.sees_whole_org:
        return Scope(None)
    return Scope(actor.overseen_user_ids)


def visible_user_ids(actor: Actor) -> frozenset[UUID] | None:
    """Whose work a staff member may read; None means the whole organization."""
    if actor.is_customer:
        raise PermissionDenied("customers see work through their account")
    return scope_for(actor).user_ids


def person_for(actor: Actor, user_id: UUID | None) -> UUID:
    """Whose timesheet or stats: your own, a delegate's (partners) or anyone's (billing, admin)."""
    if user_id is None or user_id == actor.user_id:
        return actor.user_id
    users = visible_user_ids(actor)
    if users is not None and user_id not in users:
        # Whether that person exists elsewhere is not this actor's to learn.
        raise NotFound("no such person among yours and your delegates", "user_id")
    return user_id


def require_own(actor: Actor, owner_id: UUID, what: str) -> None:
    """Time is changed only by the person who recorded it, whoever else may read it."""
    if owner_id != actor.user_id:
        raise PermissionDenied(f"you may change only your own {what}")
