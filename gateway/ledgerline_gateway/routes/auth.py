"""Signing in for API clients: exchange email and password for a bearer token."""

from __future__ import annotations

from flask import g
from pydantic import Field

from ledgerline_contracts.commands.base import Command
from ledgerline_gateway import identity, storage
from ledgerline_gateway.api import ApiRequest, Unauthorized
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


class TokenRequest(Command):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1000)
    token_name: str = Field(default="API token", min_length=1, max_length=100)


def user_view(actor) -> dict:
    return {"id": str(actor.user_id), "org_id": str(actor.org_id), "name": actor.name, "role": actor.role.value,
            "delegates": [str(d) for d in actor.delegates],
            "account_id": str(actor.account_id) if actor.account_id else None}


@api.endpoint("POST", "/auth/token", capability=None, public=True, tag="auth", status=201,
              summary="Exchange email and password for a bearer token", body=TokenRequest)
def issue_token(req: ApiRequest):
    session = g.db
    user = identity.authenticate(session, req.body.email, req.body.password)
    if user is None:
        raise Unauthorized("email or password is wrong, or the user is deactivated")
    token, token_hash = identity.new_token()
    token_id = storage.add_token(session, user.id, req.body.token_name, token_hash)
    session.commit()
    return {"token": token, "token_id": str(token_id), "user": user_view(identity.actor_for(session, user))}


@api.endpoint("GET", "/me", capability=Capability.SIGNED_IN, tag="auth", summary="Who am I")
def me(req: ApiRequest):
    return user_view(req.actor)
