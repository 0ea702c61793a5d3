"""One's own API tokens: listed, created, revoked."""

from __future__ import annotations

from flask import g

from ledgerline_gateway import users
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.commands import IssuedToken, NewToken, TokenView
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


@api.endpoint("GET", "/tokens", capability=Capability.SIGNED_IN, tag="auth", summary="List my API tokens",
              response=list[TokenView])
def list_tokens(req: ApiRequest):
    return users.list_tokens(g.db, req.actor)


@api.endpoint("POST", "/tokens", capability=Capability.SIGNED_IN, tag="auth", status=201, body=NewToken,
              response=IssuedToken, summary="Create an API token for me (shown once)")
def create_token(req: ApiRequest):
    return users.create_token(g.db, req.actor, req.body)


@api.endpoint("DELETE", "/tokens/<uuid:token_id>", capability=Capability.SIGNED_IN, tag="auth", status=204,
              summary="Revoke one of my API tokens (it fails at once)")
def revoke_token(req: ApiRequest):
    users.revoke_token(g.db, req.actor, req.path["token_id"])
