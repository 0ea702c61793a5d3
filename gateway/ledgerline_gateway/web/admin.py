"""Admins manage the organization's users (roles, accounts, deactivation) and delegations."""

from __future__ import annotations

from flask import g, request

from ledgerline_contracts import NotFound, Role, ValidationFailed
from ledgerline_contracts.actor import OVERSEEING_ROLES
from ledgerline_gateway import users
from ledgerline_gateway.commands import NewDelegation, NewUser, UserChanges, UserFilters
from ledgerline_gateway.domain import DELEGABLE_ROLES, ROLE_NAMES
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import REFUSALS, Form, done, every, page_args, read_form, refused, render

ROLE_OPTIONS = [(role.value, title) for role, title in ROLE_NAMES.items()]


def _accounts() -> list[dict]:
    return list(every("invoicing", "list_accounts"))


def _account_options() -> list[tuple[str, str]]:
    return [(a["id"], a["name"]) for a in _accounts()]


def _people(roles) -> list[tuple[str, str]]:
    return [(str(u["id"]), f"{u['name']} ({ROLE_NAMES[Role(u['role'])]})") for u in _everyone()
            if Role(u["role"]) in roles]


def _everyone() -> list[dict]:
    """Every active user of the organization (a delegation names two of them)."""
    found, offset = [], 0
    while True:
        page = users.list_users(g.db, g.actor, UserFilters(active=True, limit=100, offset=offset))
        found += page["items"]
        offset += 100
        if offset >= page["total"]:
            return found


@web.page("GET", "/admin/users", capability=Capability.MANAGE_USERS, title="Manage users", nav="Users", order=80)
def users_page():
    limit, offset = page_args()
    role = request.args.get("role")
    filters = UserFilters(limit=limit, offset=offset, role=role if role in set(Role) else None,
                          search=(request.args.get("search") or "").strip()[:100] or None)
    listed = users.list_users(g.db, g.actor, filters)
    account_names = {a["id"]: a["name"] for a in _accounts()}
    return render("admin/users.html", users=listed, filters=filters, roles=ROLE_NAMES, limit=limit, offset=offset,
                  account_names=account_names)


@web.page("GET", "/admin/users/new", capability=Capability.MANAGE_USERS, title="Add a user")
def new_user_page(form: Form | None = None, status: int = 200):
    return render("admin/new_user.html", status, form=form or Form(values={"role": Role.FEE_EARNER.value}),
                  role_options=ROLE_OPTIONS, account_options=_account_options())


@web.page("POST", "/admin/users/new", capability=Capability.MANAGE_USERS, title="Add a user")
def create_user():
    command, form = read_form(NewUser, request.form)
    form.values.pop("password", None)
    if command is not None:
        try:
            user = users.create_user(g.db, g.actor, command)
        except REFUSALS as error:
            g.db.rollback()
            form.fail(error)
        else:
            return done(f"{user['name']} can sign in now as {ROLE_NAMES[Role(user['role'])].lower()}.",
                        "web.users_page")
    return new_user_page(form, 422)


@web.page("GET", "/admin/users/<uuid:user_id>", capability=Capability.MANAGE_USERS, title="Change a user")
def user_page(user_id, form: Form | None = None, status: int = 200):
    user = users.get_user(g.db, g.actor, user_id)
    if form is None:
        form = Form(values={"name": user["name"], "role": user["role"], "active": user["active"],
                            "account_id": str(user["account_id"] or "")})
    return render("admin/user.html", status, user=user, form=form, role_options=ROLE_OPTIONS,
                  account_options=_account_options())


@web.page("POST", "/admin/users/<uuid:user_id>", capability=Capability.MANAGE_USERS, title="Change a user")
def update_user(user_id):
    changes, form = read_form(UserChanges, request.form)
    form.values.pop("password", None)
    if changes is not None:
        try:
            user = users.update_user(g.db, g.actor, user_id, changes)
        except REFUSALS as error:
            g.db.rollback()
            if isinstance(error, NotFound) and error.field == "user_id":
                raise
            form.fail(error)
        else:
            return done(f"{user['name']} updated; it applies to their next request.", "web.users_page")
    return user_page(user_id, form, 422)


@web.page("GET", "/admin/delegations", capability=Capability.MANAGE_USERS, title="Manage delegations",
          nav="Delegations", order=85)
def delegations_page(form: Form | None = None, status: int = 200):
    return render("admin/delegations.html", status, delegations=users.list_delegations(g.db, g.actor),
                  principals=_people(OVERSEEING_ROLES), delegates=_people(DELEGABLE_ROLES), form=form or Form())


@web.page("POST", "/admin/delegations", capability=Capability.MANAGE_USERS, title="Add a delegation")
def add_delegation():
    command, form = read_form(NewDelegation, request.form)
    if command is not None:
        try:
            added = users.add_delegation(g.db, g.actor, command)
        except REFUSALS as error:
            g.db.rollback()
            form.fail(error)
        else:
            how = "now" if added["added"] else "already"
            return done(f"{added['principal_name']} {how} oversees {added['delegate_name']}.", "web.delegations_page")
    return delegations_page(form, 422)


@web.page("POST", "/admin/delegations/remove", capability=Capability.MANAGE_USERS, title="End a delegation")
def remove_delegation():
    command, _ = read_form(NewDelegation, request.form)
    if command is None:
        return refused(ValidationFailed("choose a delegation to end"), "web.delegations_page")
    try:
        users.remove_delegation(g.db, g.actor, command.principal_id, command.delegate_id)
    except NotFound as error:
        return refused(error, "web.delegations_page")
    return done("Delegation ended.", "web.delegations_page")

