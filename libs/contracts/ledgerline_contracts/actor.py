"""The acting user, as the gateway hands it to every service in the RPC context."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class Role(StrEnum):
    FEE_EARNER = "fee_earner"
    ASSOCIATE_PARTNER = "associate_partner"
    PARTNER = "partner"
    BILLING = "billing"
    ADMIN = "admin"
    CUSTOMER = "customer"


# Each role as a sentence names it, with its article (the value is a code, not words).
ROLE_IN_WORDS = {
    Role.FEE_EARNER: "a fee earner",
    Role.ASSOCIATE_PARTNER: "an associate partner",
    Role.PARTNER: "a partner",
    Role.BILLING: "a member of the billing team",
    Role.ADMIN: "an administrator",
    Role.CUSTOMER: "a customer",
}


def role_in_words(role: Role) -> str:
    """The role in words, with the right article: "an associate partner"."""
    return ROLE_IN_WORDS[Role(role)]


# Roles that oversee their delegates' work (docs/permissions.md).
OVERSEEING_ROLES = frozenset({Role.ASSOCIATE_PARTNER, Role.PARTNER})
# Roles that see the whole organization's records, read-only for time.
ORG_WIDE_READERS = frozenset({Role.BILLING, Role.ADMIN})


class Actor(BaseModel):
    """Who is asking. Services re-check ownership with this; the gateway is the first line only."""

    model_config = ConfigDict(frozen=True)

    user_id: UUID
    org_id: UUID
    role: Role
    name: str = ""
    delegates: tuple[UUID, ...] = Field(default=())
    account_id: UUID | None = None  # set for customer users only

    @property
    def overseen_user_ids(self) -> frozenset[UUID]:
        """The users whose work this actor may see: self, plus delegates for partners."""
        if self.role in OVERSEEING_ROLES:
            return frozenset({self.user_id, *self.delegates})
        return frozenset({self.user_id})

    @property
    def sees_whole_org(self) -> bool:
        return self.role in ORG_WIDE_READERS

    @property
    def is_customer(self) -> bool:
        return self.role is Role.CUSTOMER

    def may_not(self, action: str, allowed: Iterable[Role]) -> str:
        """Why this actor is refused, and whom to ask instead:
        "An associate partner may not approve a draft invoice; ask a partner."
        """
        # Customers are never the ones to ask: only the firm's people act for others.
        askable = [ROLE_IN_WORDS[r] for r in Role if r in set(allowed) and r is not Role.CUSTOMER]
        refused = f"{role_in_words(self.role).capitalize()} may not {action}"
        if not askable:
            return f"{refused}."
        ask = ", ".join(askable[:-1]) + f" or {askable[-1]}" if len(askable) > 1 else askable[0]
        return f"{refused}; ask {ask}."
