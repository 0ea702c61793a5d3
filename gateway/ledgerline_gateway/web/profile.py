"""One's own profile: who am I here, and changing my password."""

from __future__ import annotations

from flask import g, request, session

from ledgerline_contracts import ValidationFailed
from ledgerline_gateway import storage, users
from ledgerline_gateway.commands import PasswordChange
from ledgerline_gateway.domain import ROLE_NAMES
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import Form, call, done, read_form, render


@web.page("GET", "/profile", capability=Capability.SIGNED_IN, title="See my profile", nav="Profile", order=95)
def profile_page(form: Form | None = None, status: int = 200):
    user = storage.users.active_user(g.db, g.actor.user_id)
    delegates = [storage.users.get_user(g.db, g.actor.org_id, d) for d in g.actor.delegates]
    account = call("invoicing", "get_account", str(g.actor.account_id)) if g.actor.account_id else None
    return render("profile/profile.html", status, user=user, role=ROLE_NAMES[g.actor.role], account=account,
                  delegates=[d for d in delegates if d is not None], form=form or Form())


@web.page("POST", "/profile/password", capability=Capability.SIGNED_IN, title="Change my password")
def change_password():
    command, form = read_form(PasswordChange, request.form)
    form.values = {"current_password": "", "new_password": ""}  # passwords are never sent back
    if command is not None:
        try:
            users.change_password(g.db, g.actor, command, keep_session=session.id_hash)
        except ValidationFailed as error:
            g.db.rollback()
            form.fail(error)
        else:
            return done("Password changed; your other sessions are signed out.", "web.profile_page")
    return profile_page(form, 422)
