"""Time entries: record one (who records time), and the list in each role's scope, with why an entry is locked."""

from __future__ import annotations


from flask import g, request

from ledgerline_contracts import NotFound, Role, ValidationFailed
from ledgerline_contracts.commands.timetracking import NewTimeEntry
from ledgerline_gateway import storage
from ledgerline_gateway.permissions import Capability, allows
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import Form, call, can, done, every, page_args, read_form, render
from ledgerline_servicekit.clock import today

STATUSES = ("unbilled", "drafted", "billed")


@web.blueprint.app_template_global()
def lock_reason(entry: dict) -> str | None:
    """Why an entry can no longer change (docs/rules.md, rule 3), in the words the people using it know;
    a customer, who changes nothing, reads only where it was billed."""
    if g.actor.is_customer:
        number = entry.get("invoice_number")
        return f"Billed on invoice {number}" if entry["status"] == "billed" and number else None
    if entry["status"] == "billed":
        return f"Locked – entry linked to posted invoice {entry.get('invoice_number') or ''}".rstrip()
    if entry["status"] == "drafted":
        return "Locked – entry is on a draft invoice"
    return None


def where_options() -> dict:
    """What new work can go on, for a form's selects: open tickets/matters (each brings its
    account), accounts, and activity codes."""
    matters = every("timetracking", "list_matters", status="open")
    return {
        "matter_options": [(m["id"], f"{m['reference']} – {m['title']} ({m['account_name']})") for m in matters],
        "account_options": [(a["id"], a["name"]) for a in every("invoicing", "list_accounts")],
        "code_options": [(c["code"], f"{c['code']} – {c['name']}")
                         for c in call("timetracking", "list_activity_codes")["items"]],
    }


def people_options() -> list[tuple[str, str]]:
    """Whose timesheet or stats the viewer may open: a partner their own and their delegates';
    billing and admin anyone who records time (read-only); others only their own (no choice)."""
    actor = g.actor
    if actor.sees_whole_org:
        rows, _ = storage.users.list_users(g.db, actor.org_id, active=True, limit=500)
        return [(str(u.id), u.name) for u in rows if allows(Capability.RECORD_TIME, Role(u.role))]
    if not actor.delegates:
        return []
    names = [(str(d), getattr(storage.users.get_user(g.db, actor.org_id, d), "name", "")) for d in actor.delegates]
    return [(str(actor.user_id), "You")] + sorted(names, key=lambda pair: pair[1].lower())


def _filters() -> dict:
    status = request.args.get("status")
    account_id = request.args.get("account_id") or None
    return {"status": status if status in STATUSES else None, "account_id": account_id}


@web.page("GET", "/time", capability=Capability.VIEW_TIME, title="See time entries", nav="Time", order=20)
def time_page(form: Form | None = None, status: int = 200):
    filters = _filters()
    limit, offset = page_args()
    entries = call("timetracking", "list_time_entries", limit=limit, offset=offset, **filters)
    accounts = [] if g.actor.is_customer else list(every("invoicing", "list_accounts"))
    if form is None and can(Capability.RECORD_TIME):
        form = Form(values={"work_date": today().isoformat(), "billable": True})
    return render("time/entries.html", status, entries=entries, form=form, filters=filters,
                  account_options=[(a["id"], a["name"]) for a in accounts],
                  account_names={a["id"]: a["name"] for a in accounts},
                  statuses=STATUSES, limit=limit, offset=offset)


@web.page("POST", "/time", capability=Capability.RECORD_TIME, title="Record time")
def record_time():
    command, form = read_form(NewTimeEntry, request.form)
    if command is not None:
        try:
            call("timetracking", "record_time_entry", command.model_dump(mode="json"))
        except (ValidationFailed, NotFound) as error:
            form.fail(error)
        else:
            return done("Time recorded.", "web.time_page")
    return time_page(form, 422)
