"""Rules about users, roles and delegations: pure Python, unit-tested directly."""

from __future__ import annotations

from uuid import UUID

from ledgerline_contracts import Conflict, Role, ValidationFailed
from ledgerline_contracts.actor import OVERSEEING_ROLES

# Roles whose own time can be overseen by a partner (those who record time).
DELEGABLE_ROLES = frozenset({Role.FEE_EARNER, Role.ASSOCIATE_PARTNER, Role.PARTNER})

ROLE_NAMES = {
    Role.FEE_EARNER: "Fee earner",
    Role.ASSOCIATE_PARTNER: "Associate partner",
    Role.PARTNER: "Partner",
    Role.BILLING: "Billing",
    Role.ADMIN: "Admin",
    Role.CUSTOMER: "Customer",
}


def check_account_for_role(role: Role, account_id: UUID | None) -> None:
    """A customer user belongs to exactly one account; staff belong to none."""
    if role is Role.CUSTOMER and account_id is None:
        raise ValidationFailed("a customer user belongs to one account: choose it", "account_id")
    if role is not Role.CUSTOMER and account_id is not None:
        raise ValidationFailed("only customer users belong to an account", "account_id")


def check_delegation(principal_id: UUID, principal_role: Role, delegate_id: UUID, delegate_role: Role,
                     delegate_oversees_principal: bool = False) -> None:
    if principal_id == delegate_id:
        raise ValidationFailed("a user cannot be their own delegate", "delegate_id")
    if principal_role not in OVERSEEING_ROLES:
        raise ValidationFailed("only partners and associate partners have delegates", "principal_id")
    if delegate_role not in DELEGABLE_ROLES:
        raise ValidationFailed("only users who record time can be delegates", "delegate_id")
    if delegate_oversees_principal:  # each would see and draft the other's work: nobody would be in charge
        raise ValidationFailed("these two cannot oversee each other; remove the other delegation first",
                               "delegate_id")


def keeps_delegations(role: Role) -> bool:
    """A user who stops overseeing others loses their delegates (they would be stale rights)."""
    return role in OVERSEEING_ROLES


def check_admins_remain(active_admins_before: int, was_active_admin: bool, stays_active_admin: bool) -> None:
    """An organization always keeps at least one active admin, or nobody could manage its users."""
    if was_active_admin and not stays_active_admin and active_admins_before <= 1:
        raise Conflict("this is the organization's last active admin; make someone else admin first")
