"""The dashboard, per role: unbilled work in the role's scope (own; own + delegates; all,
read-only for billing), and a customer's own account."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from flask import g

from ledgerline_contracts import Role
from ledgerline_gateway.permissions import MATRIX, Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import call, can, every, render
from ledgerline_gateway.web.stats import time_stats

INVOICE_STAGES = ("draft", "approved", "posted", "paid")


@dataclass(frozen=True)
class UnbilledRow:
    account_id: str
    account: str
    who: str
    entries: int
    minutes: int


def unbilled_by_account_and_person(entries: list[dict], account_names: dict[str, str]) -> list[UnbilledRow]:
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for entry in entries:
        groups[(entry["account_id"], entry["user_name"])].append(entry)
    rows = [UnbilledRow(account_id, account_names.get(account_id, "(unknown account)"), who, len(items),
                        sum(e["duration_minutes"] for e in items)) for (account_id, who), items in groups.items()]
    return sorted(rows, key=lambda r: (r.account.lower(), r.who.lower()))


def balances_by_currency(invoices: list[dict]) -> dict[str, Decimal]:
    owed: dict[str, Decimal] = defaultdict(Decimal)
    for invoice in invoices:
        owed[invoice["balance"]["currency"]] += Decimal(invoice["balance"]["amount"])
    return dict(sorted(owed.items()))


@web.page("GET", "/dashboard", capability=Capability.VIEW_DASHBOARD, title="Open the dashboard", nav="Dashboard",
          order=10)
def dashboard():
    actor = g.actor
    if actor.is_customer:
        return _customer()
    accounts = {a["id"]: a["name"] for a in every("invoicing", "list_accounts")}
    # Billable only: the value beside the hours is what invoicing would bill, which leaves out the rest.
    rows = unbilled_by_account_and_person(
        list(every("timetracking", "list_time_entries", status="unbilled", billable=True)), accounts)
    context = {"rows": rows, "scope": MATRIX[Capability.VIEW_DASHBOARD][actor.role],
               "total_minutes": sum(r.minutes for r in rows), "people": len({r.who for r in rows}),
               "accounts_with_work": sorted({(r.account, r.account_id) for r in rows})}
    if can(Capability.RECORD_TIME):
        context["stats"] = time_stats()
    if actor.role in (Role.PARTNER, Role.ASSOCIATE_PARTNER, Role.BILLING):
        # What the unbilled work is worth, at each account's rates (invoicing prices it).
        context["values"] = {account_id: call("invoicing", "list_unbilled", account_id)["total"]
                             for _, account_id in context["accounts_with_work"]}
    if can(Capability.APPROVE_INVOICE) or can(Capability.DRAFT_INVOICE):
        context["drafts"] = call("invoicing", "list_invoices", status="draft", limit=20)
    if actor.role is Role.BILLING:
        context["stages"] = {stage: call("invoicing", "list_invoices", status=stage, limit=1)["total"]
                             for stage in INVOICE_STAGES}
        context["aging"] = call("analytics", "ar_aging")
    return render("dashboard/staff.html", **context)


def _customer():
    account = call("invoicing", "get_account", str(g.actor.account_id))
    invoices = call("invoicing", "list_invoices", limit=10)
    owed = balances_by_currency(list(every("invoicing", "list_invoices", status="posted")))
    entries = call("timetracking", "list_time_entries", limit=10)
    return render("dashboard/customer.html", account=account, invoices=invoices, owed=owed, entries=entries)
