"""One's own API tokens: create (shown once), list, revoke."""

from __future__ import annotations

from flask import g, request

from ledgerline_gateway import users
from ledgerline_gateway.commands import NewToken
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import Form, done, read_form, render


@web.page("GET", "/tokens", capability=Capability.SIGNED_IN, title="Manage my API tokens", nav="API tokens",
          order=90)
def tokens_page(form: Form | None = None, status: int = 200, issued: dict | None = None):
    return render("tokens/tokens.html", status, tokens=users.list_tokens(g.db, g.actor), form=form or Form(),
                  issued=issued)


@web.page("POST", "/tokens", capability=Capability.SIGNED_IN, title="Create an API token")
def create_token():
    command, form = read_form(NewToken, request.form)
    if command is None:
        return tokens_page(form, 422)
    # Shown in this answer only (never stored, never put in the session): copy it now.
    return tokens_page(issued=users.create_token(g.db, g.actor, command))


@web.page("POST", "/tokens/<uuid:token_id>/revoke", capability=Capability.SIGNED_IN, title="Revoke an API token")
def revoke_token(token_id):
    users.revoke_token(g.db, g.actor, token_id)
    return done("Token revoked: it no longer works.", "web.tokens_page")
