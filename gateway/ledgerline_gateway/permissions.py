"""The permission matrix, as data (rendered as docs/permissions.md).

Every route names one capability; a role either has it (with the scope shown
in the docs) or is refused with 403. The services then re-check ownership
within the scope: the gateway is the first line, not the only one.
``docs/permissions.md`` is generated from this table.
"""

from __future__ import annotations

from enum import StrEnum

from flask import Flask

from ledgerline_contracts import Role

FE, AP, P, B, A, C = (Role.FEE_EARNER, Role.ASSOCIATE_PARTNER, Role.PARTNER, Role.BILLING, Role.ADMIN,
                      Role.CUSTOMER)


class Capability(StrEnum):
    SIGNED_IN = "signed_in"
    VIEW_DASHBOARD = "view_dashboard"
    RECORD_TIME = "record_time"
    VIEW_TIME = "view_time"
    VIEW_TEAM_WORK = "view_team_work"
    VIEW_ACCOUNTS = "view_accounts"
    VIEW_PRICES = "view_prices"
    DRAFT_INVOICE = "draft_invoice"
    APPROVE_INVOICE = "approve_invoice"
    POST_INVOICE = "post_invoice"
    VIEW_INVOICE = "view_invoice"
    MANAGE_BILLING = "manage_billing"
    MANAGE_USERS = "manage_users"
    SCHEDULE_WORK = "schedule_work"
    VIEW_WORK_ORDERS = "view_work_orders"
    WORK_IN_THE_FIELD = "work_in_the_field"
    VIEW_PROPOSALS = "view_proposals"
    SIGN_PROPOSAL = "sign_proposal"
    VIEW_CREW = "view_crew"
    MANAGE_CREW = "manage_crew"
    VIEW_JOB_COSTS = "view_job_costs"


# Capability → {role: scope}. A role not listed is denied.
MATRIX: dict[Capability, dict[Role, str]] = {
    Capability.SIGNED_IN: {FE: "self", AP: "self", P: "self", B: "self", A: "self", C: "self"},
    Capability.VIEW_DASHBOARD: {FE: "own unbilled", AP: "own + delegates", P: "own + delegates",
                                B: "all, read-only", C: "own account"},
    Capability.RECORD_TIME: {FE: "own", AP: "own", P: "own"},
    Capability.VIEW_TIME: {FE: "own", AP: "own + delegates", P: "own + delegates", B: "all, read-only",
                           A: "all, read-only", C: "own account, read-only"},
    Capability.VIEW_ACCOUNTS: {FE: "all", AP: "all", P: "all", B: "all", A: "all", C: "own account"},
    Capability.VIEW_TEAM_WORK: {FE: "own", AP: "own + delegates", P: "own + delegates", B: "all, read-only",
                                 A: "all, read-only"},
    Capability.VIEW_PRICES: {FE: "all", AP: "all", P: "all", B: "all, with costs", A: "all"},
    Capability.DRAFT_INVOICE: {AP: "self + delegates", P: "self + delegates"},
    Capability.APPROVE_INVOICE: {P: "yes"},
    Capability.POST_INVOICE: {B: "yes"},
    Capability.VIEW_INVOICE: {AP: "self + delegates", P: "all", B: "all", C: "own account"},
    Capability.MANAGE_BILLING: {B: "yes"},
    Capability.MANAGE_USERS: {A: "yes"},
    Capability.SCHEDULE_WORK: {AP: "yes", P: "yes"},
    Capability.VIEW_WORK_ORDERS: {FE: "jobs on their crew", AP: "all", P: "all", B: "all", A: "all, read-only",
                                  C: "own account, read-only"},
    Capability.WORK_IN_THE_FIELD: {FE: "jobs on their crew", AP: "all", P: "all"},
    Capability.VIEW_PROPOSALS: {AP: "all", P: "all", B: "all", C: "own account"},
    Capability.SIGN_PROPOSAL: {AP: "as witness", P: "as witness", C: "own account"},
    Capability.VIEW_CREW: {FE: "names and roles", AP: "with rates", P: "with rates", B: "with rates",
                           A: "names and roles"},
    Capability.MANAGE_CREW: {AP: "yes", P: "yes", B: "yes"},
    Capability.VIEW_JOB_COSTS: {AP: "all", P: "all", B: "all"},
}

DESCRIPTIONS: dict[Capability, str] = {
    Capability.SIGNED_IN: "Own profile, sign out, own API tokens",
    Capability.VIEW_DASHBOARD: "Dashboard",
    Capability.RECORD_TIME: "Record / edit / delete time, expenses, parts (unbilled only)",
    Capability.VIEW_TIME: "View time",
    Capability.VIEW_TEAM_WORK: "Timesheets, time stats, activity codes, expense receipts and the rounding rules (staff only)",
    Capability.VIEW_ACCOUNTS: "View customer accounts (to record work against)",
    Capability.VIEW_PRICES: "Look up the catalog and price work (parts on tickets, live totals)",
    Capability.DRAFT_INVOICE: "Draft invoice",
    Capability.APPROVE_INVOICE: "Approve draft",
    Capability.POST_INVOICE: "Post / delete invoice",
    Capability.VIEW_INVOICE: "View invoice",
    Capability.MANAGE_BILLING: "Accounts, payments, credit notes, disputes, dunning, pricing, recurring runs",
    Capability.MANAGE_USERS: "Users, roles, delegations",
    Capability.SCHEDULE_WORK: "Work orders: proposals, direct work orders, schedule, assign crews, change orders, "
                              "job settings",
    Capability.VIEW_WORK_ORDERS: "Work orders: view (costs only with view_job_costs), photos",
    Capability.WORK_IN_THE_FIELD: "Work orders: start, line items, clock crew in and out, photos, notes, incidents, "
                                  "checklist, complete with the customer's sign-off",
    Capability.VIEW_PROPOSALS: "Proposals: view (costs and margins only with view_job_costs)",
    Capability.SIGN_PROPOSAL: "Proposals: sign (a customer, or a partner recording a signature in person)",
    Capability.VIEW_CREW: "Employees, equipment, loadouts: view (wages and rates only with manage_crew)",
    Capability.MANAGE_CREW: "Employees, equipment, loadouts and their effective-dated wages and rates",
    Capability.VIEW_JOB_COSTS: "Work orders: live costing, performance, estimate-accuracy report",
}

# What a role without the capability is refused, in the words of a sentence ("… may not <action>").
ACTIONS: dict[Capability, str] = {
    Capability.SIGNED_IN: "use Ledgerline",
    Capability.VIEW_DASHBOARD: "open the dashboard",
    Capability.RECORD_TIME: "record or change time, expenses or parts",
    Capability.VIEW_TIME: "see time entries",
    Capability.VIEW_TEAM_WORK: "see timesheets, time stats, activity codes, receipts or rounding rules",
    Capability.VIEW_ACCOUNTS: "see customer accounts",
    Capability.VIEW_PRICES: "look up the catalog or price work",
    Capability.DRAFT_INVOICE: "draft invoices",
    Capability.APPROVE_INVOICE: "approve draft invoices",
    Capability.POST_INVOICE: "post or delete invoices",
    Capability.VIEW_INVOICE: "see invoices",
    Capability.MANAGE_BILLING: "manage accounts, payments, credit notes, disputes or pricing",
    Capability.MANAGE_USERS: "manage users, roles or delegations",
    Capability.SCHEDULE_WORK: "schedule work orders",
    Capability.VIEW_WORK_ORDERS: "see work orders",
    Capability.WORK_IN_THE_FIELD: "work on or document a job",
    Capability.VIEW_PROPOSALS: "see proposals",
    Capability.SIGN_PROPOSAL: "sign proposals",
    Capability.VIEW_CREW: "see crews or equipment",
    Capability.MANAGE_CREW: "manage crews, equipment or their rates",
    Capability.VIEW_JOB_COSTS: "see job costs",
}

ROLE_TITLES = {FE: "Fee earner", AP: "Assoc. partner", P: "Partner", B: "Billing", A: "Admin", C: "Customer"}


def allows(capability: Capability, role: Role) -> bool:
    return role in MATRIX[capability]


def refusal(capability: Capability, actor, action: str | None = None) -> str:
    """Why ``actor`` may not do this, and whom to ask: ``action`` (a page's title), else the capability's."""
    return actor.may_not(action or ACTIONS[capability], MATRIX[capability])


def as_markdown() -> str:
    roles = list(ROLE_TITLES)
    lines = [
        "| Capability | " + " | ".join(ROLE_TITLES[r] for r in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for capability, scopes in MATRIX.items():
        cells = [scopes.get(role, "—") for role in roles]
        lines.append(f"| {DESCRIPTIONS[capability]} (`{capability}`) | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def check_every_route_has_a_permission(app: Flask) -> None:
    """Refuse to start if any route (API endpoint or web page) was added without declaring who may use it."""
    missing = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint == "static":
            continue
        if getattr(view, "capability", None) is None and not getattr(view, "public", False):
            missing.append(f"{','.join(sorted(rule.methods - {'HEAD', 'OPTIONS'}))} {rule.rule}")
    if missing:
        raise RuntimeError("routes without a declared permission: " + "; ".join(sorted(missing)))
