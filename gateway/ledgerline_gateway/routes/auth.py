"""Signing in for API clients (email and password for a bearer token), and one's own identity."""

from __future__ import annotations

from flask import current_app, g, request

from ledgerline_gateway import identity, users
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.errors import Unauthorized
from ledgerline_gateway.commands import IssuedToken, Me, PasswordChange, TokenRequest
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


@api.endpoint("POST", "/auth/token", capability=None, public=True, tag="auth", status=201, response=IssuedToken,
              summary="Exchange email and password for a bearer token (failed attempts are rate-limited)",
              body=TokenRequest)
def issue_token(req: ApiRequest):
    session = g.db
    user = identity.sign_in(session, current_app.extensions["login_throttle"], req.body.email, req.body.password,
                            request.remote_addr)
    if user is None:
        session.commit()
        raise Unauthorized("email or password is wrong, or the user is deactivated")
    token, token_id = identity.issue_token(session, user.id, req.body.token_name)
    session.commit()
    return {"token": token, "token_id": token_id, "user": users.me_view(identity.actor_for(session, user))}


@api.endpoint("GET", "/me", capability=Capability.SIGNED_IN, tag="auth", summary="Who am I", response=Me)
def me(req: ApiRequest):
    return users.me_view(req.actor)


@api.endpoint("POST", "/me/password", capability=Capability.SIGNED_IN, tag="auth", status=204,
              summary="Change my password (my web sessions end; API tokens stay)", body=PasswordChange)
def change_password(req: ApiRequest):
    users.change_password(g.db, req.actor, req.body)
