"""Customer accounts: the list, one account (its unbilled work and invoices), and a new account (billing)."""

from __future__ import annotations

from flask import g, request

from ledgerline_contracts import ValidationFailed
from ledgerline_contracts.commands.invoicing import NewAccount
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import Form, call, can, done, page_args, read_form, render


@web.page("GET", "/accounts", capability=Capability.VIEW_ACCOUNTS, title="See accounts", nav="Accounts", order=30)
def accounts_page():
    if g.actor.is_customer:
        accounts = {"items": [call("invoicing", "get_account", str(g.actor.account_id))], "total": 1}
        limit, offset = 25, 0
    else:
        limit, offset = page_args()
        accounts = call("invoicing", "list_accounts", limit=limit, offset=offset)
    return render("accounts/list.html", accounts=accounts, limit=limit, offset=offset)


@web.page("GET", "/accounts/new", capability=Capability.MANAGE_BILLING, title="Create an account")
def new_account_page(form: Form | None = None, status: int = 200):
    form = form or Form(values={"currency": "USD", "payment_terms_days": "30", "tax_rate": "0",
                                "hourly_rate": "0"})
    return render("accounts/new.html", status, form=form)


@web.page("POST", "/accounts/new", capability=Capability.MANAGE_BILLING, title="Create an account")
def create_account():
    command, form = read_form(NewAccount, request.form)
    if command is not None:
        try:
            account = call("invoicing", "create_account", command.model_dump(mode="json"))
        except ValidationFailed as error:
            form.fail(error)
        else:
            return done(f"Account {account['name']} created.", "web.account_page", account_id=account["id"])
    return new_account_page(form, 422)


def _account_rate(account_id) -> dict | str:
    """The account's own hourly rate (the override for everyone's time on it), or "" when its work
    is billed at the standard rates. Only billing reads rates."""
    rates = call("invoicing", "list_rates", account_id=str(account_id), limit=100)["items"]
    overall = [r["rate"] for r in rates if r["scope"] == "account" and not (r["user_id"] or r["activity_code"])]
    return overall[0] if overall else ""


@web.page("GET", "/accounts/<uuid:account_id>", capability=Capability.VIEW_ACCOUNTS, title="See an account")
def account_page(account_id, draft_form: Form | None = None, status: int = 200):
    account = call("invoicing", "get_account", str(account_id))
    unbilled = call("invoicing", "list_unbilled", str(account_id)) if can(Capability.DRAFT_INVOICE) else None
    invoices = call("invoicing", "list_invoices", account_id=str(account_id), limit=25) \
        if can(Capability.VIEW_INVOICE) else None
    return render("accounts/detail.html", status, account=account, unbilled=unbilled, invoices=invoices,
                  account_rate=_account_rate(account_id) if can(Capability.MANAGE_BILLING) else None,
                  draft_form=draft_form or Form(values={"account_id": str(account_id)}))
