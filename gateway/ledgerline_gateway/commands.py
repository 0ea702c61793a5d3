"""Requests to the gateway itself (identity, users, delegations, tokens), and what it answers.

They follow ``ledgerline_contracts.commands``: unknown fields refused, strings
trimmed. They live here, not in the contracts, because no service sees them.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, EmailStr, Field

from ledgerline_contracts import Role
from ledgerline_contracts.commands.base import Command, Page

PASSWORD_MIN = 12
PASSWORD_MAX = 1000


class TokenRequest(Command):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=PASSWORD_MAX)
    token_name: str = Field(default="API token", min_length=1, max_length=100)


class NewToken(Command):
    name: str = Field(min_length=1, max_length=100, description="What the token is for, e.g. 'PSA sync'")


class PasswordChange(Command):
    current_password: str = Field(min_length=1, max_length=PASSWORD_MAX)
    new_password: str = Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)


class NewUser(Command):
    email: EmailStr
    name: str = Field(min_length=1, max_length=200)
    role: Role
    password: str = Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX,
                          description="The first password; tell it to the user")
    account_id: UUID | None = Field(default=None, description="Customers only: the account they belong to")


class UserChanges(Command):
    """Only the fields sent are changed."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = None
    active: bool | None = Field(default=None, description="false signs the user out everywhere at once")
    account_id: UUID | None = None
    password: str | None = Field(default=None, min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)


class UserFilters(Page):
    role: Role | None = None
    active: bool | None = None
    search: str | None = Field(default=None, max_length=100, description="part of a name or email")


class NewDelegation(Command):
    principal_id: UUID = Field(description="the partner or associate partner who oversees")
    delegate_id: UUID = Field(description="the user whose work they oversee")


# --- responses ------------------------------------------------------------------------


class Me(BaseModel):
    id: UUID
    org_id: UUID
    name: str
    role: Role
    delegates: list[UUID]
    account_id: UUID | None


class IssuedToken(BaseModel):
    token: str = Field(description="shown once: store it now")
    token_id: UUID
    user: Me


class TokenView(BaseModel):
    id: UUID
    name: str
    hint: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class UserView(BaseModel):
    id: UUID
    email: str
    name: str
    role: Role
    active: bool
    account_id: UUID | None
    created_at: datetime
    delegates: list[UUID]


class DelegationView(BaseModel):
    principal_id: UUID
    principal_name: str
    delegate_id: UUID
    delegate_name: str


class DelegationAdded(DelegationView):
    added: bool = Field(description="false: the delegation was already there")
