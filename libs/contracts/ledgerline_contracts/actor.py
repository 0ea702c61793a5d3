"""The acting user, as the gateway hands it to every service in the RPC context."""

from __future__ import annotations

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
