"""Signing in and out of the web UI, and where each role lands."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, request, session, url_for

from ledgerline_contracts import Role
from ledgerline_gateway import identity, storage
from ledgerline_gateway.commands import TokenRequest
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.throttle import TooManyAttempts
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import Form, sentence, read_form, render

# Where a role lands after signing in; everyone else lands on the dashboard.
HOME = {Role.ADMIN: "web.users_page"}


def home_url(role: Role) -> str:
    return url_for(HOME.get(role, "web.dashboard"))


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never an open redirect to another."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return None


@web.page("GET", "/", capability=None, public=True, title="Home")
def home():
    return redirect(home_url(g.actor.role) if g.actor else url_for("web.login"))


@web.page("GET", "/login", capability=None, public=True, title="Sign in")
def login():
    if g.actor:
        return redirect(home_url(g.actor.role))
    return render("auth/login.html", form=Form(), next=safe_next(request.args.get("next")))


@web.page("POST", "/login", capability=None, public=True, title="Sign in")
def sign_in():
    next_url = safe_next(request.form.get("next"))
    command, form = read_form(TokenRequest, request.form)
    form.values.pop("password", None)  # never sent back to the browser
    if command is None:
        return render("auth/login.html", 422, form=form, next=next_url)
    try:
        user = identity.sign_in(g.db, current_app.extensions["login_throttle"], command.email, command.password,
                                request.remote_addr)
    except TooManyAttempts as error:
        form.message = sentence(error.message)
        body, status = render("auth/login.html", 429, form=form, next=next_url)
        return body, status, {"Retry-After": str(error.retry_after)}
    g.db.commit()
    if user is None:
        form.message = "Email or password is wrong, or the user is deactivated."
        return render("auth/login.html", 401, form=form, next=next_url)
    session.clear()
    session.regenerate()
    session["user_id"] = str(user.id)
    storage.web_sessions.purge_expired_web_sessions(g.db)
    g.db.commit()
    return redirect(next_url or home_url(Role(user.role)))


@web.page("POST", "/logout", capability=Capability.SIGNED_IN, title="Sign out")
def sign_out():
    session.clear()
    session.regenerate()
    flash("You are signed out.", "success")
    return redirect(url_for("web.login"))
