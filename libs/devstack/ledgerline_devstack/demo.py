"""Demo data: one organization with a user per role, and work at every stage so each role
can walk their journey in the browser (see :data:`USERS` for what each one tries).

Idempotent: each step looks for what it would create first, so running it
again (or after an interrupted run) adds only what is missing.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from datetime import date, timedelta

from ledgerline_contracts import NotFound, Role
from ledgerline_devstack.gateway_client import ApiClient, create_org
from ledgerline_servicekit.clock import today
from ledgerline_servicekit.config import Settings
from ledgerline_servicekit.rpc_client import RpcClient

ORG_SLUG = "demo"
ORG_NAME = "Northwind Legal & IT"
PASSWORD = "ledgerline-demo"
# A one-pixel PNG: the field jobs' photos and signatures (the service checks an image's bytes).
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c630001000005"
    "00010d0a2db40000000049454e44ae426082")).decode()


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: Role
    journey: str  # what to try in the browser
    account: str | None = None  # customers: the account they belong to


USERS = (
    DemoUser("admin@northwind.example", "Ada Admin", Role.ADMIN,
             "add a user, change a role, deactivate someone, manage delegations"),
    DemoUser("billing@northwind.example", "Bea Billing", Role.BILLING,
             "post Oak Street HOA's approved invoice; record a payment on Acme Dental's"),
    DemoUser("partner@northwind.example", "Pat Partner", Role.PARTNER,
             "draft an invoice from the team's unbilled work on the dashboard, then approve it"),
    DemoUser("associate@northwind.example", "Ari Associate", Role.ASSOCIATE_PARTNER,
             "see your and Terry's unbilled work; draft an invoice (a partner approves it)"),
    DemoUser("tech@northwind.example", "Terry Tech", Role.FEE_EARNER,
             "run a timer on Acme Dental's RAID ticket and commit it; add a part and an expense to the "
             "ticket; see your timesheet and which entries are locked and why (on a phone too)"),
    DemoUser("customer@acme.example", "Casey Customer", Role.CUSTOMER,
             "see Acme Dental's invoice and the time logged on the account", account="Acme Dental"),
)
# Who oversees whom.
DELEGATIONS = {"partner@northwind.example": ("tech@northwind.example", "associate@northwind.example"),
               "associate@northwind.example": ("tech@northwind.example",)}

ACCOUNTS = (
    {"name": "Acme Dental", "billing_email": "ap@acme.example", "currency": "USD", "payment_terms_days": 30,
     "tax_rate": "0.08", "hourly_rate": "150.00", "address": "12 Main St, Springfield"},
    {"name": "Baker & Co Solicitors", "billing_email": "accounts@baker.example", "currency": "USD",
     "payment_terms_days": 14, "tax_rate": "0", "hourly_rate": "180.00"},
    {"name": "Oak Street HOA", "billing_email": "board@oakstreet.example", "currency": "USD",
     "payment_terms_days": 30, "tax_rate": "0.05", "hourly_rate": "95.00"},
)

# Who the invoices come from and how to pay them (printed on every PDF).
BILLING_PROFILE = {
    "name": ORG_NAME, "address": "400 Harbour Street, Springfield", "email": "billing@northwind.example",
    "phone": "+1 555 0100", "tax_id": "US-12-3456789", "website": "https://northwind.example",
    "payment_instructions": "Bank transfer to Northwind Legal & IT, account 0012 3456 7890, routing 021000021. "
                            "Quote the invoice number.",
    "footer": "Thank you for your business.",
}

# Parts and services billing sells (stock shown when technicians add parts to a ticket).
CATALOG = (
    {"sku": "SSD-1TB", "name": "1 TB SATA SSD", "unit_price": "129.00", "unit_cost": "82.00", "currency": "USD",
     "tax_rate": "0.08", "stock_on_hand": 12},
    {"sku": "CAT6-3M", "name": "Cat6 patch cable, 3 m", "unit_price": "9.50", "unit_cost": "2.10",
     "currency": "USD", "tax_rate": "0.08", "stock_on_hand": 40},
    {"sku": "CALLOUT", "name": "On-site call-out", "kind": "service", "unit_price": "75.00", "currency": "USD"},
)
ACTIVITY_CODES = (
    {"code": "REMOTE", "name": "Remote support", "billable": True},
    {"code": "ONSITE", "name": "On-site work", "billable": True},
    {"code": "ADMIN", "name": "Internal admin", "billable": False},
)
# (who opens it, account, kind, title): tickets for the technicians, a matter for the lawyers.
MATTERS = (
    ("tech@northwind.example", "Acme Dental", "ticket", "Imaging server RAID failure"),
    ("tech@northwind.example", "Oak Street HOA", "ticket", "Clubhouse Wi-Fi drops out"),
    ("partner@northwind.example", "Baker & Co Solicitors", "matter", "Lease dispute – Harbour Street"),
)

# (who, account, days ago, minutes, narrative)
TIME = (
    ("tech@northwind.example", "Acme Dental", 20, 120, "Migrated the practice's email to the new tenant"),
    ("tech@northwind.example", "Acme Dental", 18, 45, "Set up backup monitoring alerts"),
    ("tech@northwind.example", "Acme Dental", 2, 45, "Configured VPN access for the new hygienist"),
    ("tech@northwind.example", "Acme Dental", 1, 90, "Replaced failing RAID disk on the imaging server"),
    ("tech@northwind.example", "Oak Street HOA", 15, 60, "Installed gate camera firmware update"),
    ("tech@northwind.example", "Oak Street HOA", 3, 30, "Reset the clubhouse Wi-Fi password"),
    ("associate@northwind.example", "Baker & Co Solicitors", 1, 120, "Reviewed lease renewal terms"),
    ("partner@northwind.example", "Baker & Co Solicitors", 2, 60, "Client call on the lease dispute"),
)

# Work older than this is already invoiced, to the stage given; newer work waits on the dashboards.
INVOICED_BEFORE_DAYS = 10
INVOICES = (("Acme Dental", "posted"), ("Oak Street HOA", "approved"))


def load(settings: Settings, base_url: str, rpc: RpcClient, log=print) -> dict[str, str]:
    """Create whatever of the demo is missing; returns email → role for the logins.

    People are made as the demo's admin would make them, through the gateway at ``base_url``
    (the organization and its admin with ``create-org``); the rest through the services' RPC,
    as those people.
    """
    admin_user = next(u for u in USERS if u.role is Role.ADMIN)
    admin = ApiClient.sign_in(base_url, admin_user.email, PASSWORD)
    if admin is None:
        create_org(settings, name=ORG_NAME, slug=ORG_SLUG, admin_email=admin_user.email,
                   admin_name=admin_user.name, admin_password=PASSWORD)
        admin = ApiClient.sign_in(base_url, admin_user.email, PASSWORD)
    staff = [u for u in USERS if u.role not in (Role.ADMIN, Role.CUSTOMER)]
    ids = {admin_user.email: admin.user_id} | {u.email: _ensure_user(admin, u) for u in staff}
    for principal, delegates in DELEGATIONS.items():
        known = set(admin.get(f"/users/{ids[principal]}").json()["delegates"])
        for delegate in delegates:
            if ids[delegate] not in known:
                admin.post("/delegations", {"principal_id": ids[principal], "delegate_id": ids[delegate]}, expect=201)
    actors = {u.email: ApiClient.sign_in(base_url, u.email, PASSWORD).actor for u in [admin_user, *staff]}
    accounts = _ensure_accounts(rpc, actors["billing@northwind.example"])
    for user in USERS:
        if user.role is Role.CUSTOMER:
            _ensure_user(admin, user, accounts[user.account]["id"])
    _ensure_billing_setup(rpc, actors["billing@northwind.example"])
    _ensure_matters(rpc, actors, accounts)
    _ensure_time(rpc, actors, accounts, log)
    _ensure_invoices(rpc, actors, accounts, log)
    return {u.email: u.role.value for u in USERS}


def _ensure_user(admin: ApiClient, user: DemoUser, account_id: str | None = None) -> str:
    """The user's id, added by the demo's admin if missing."""
    found = admin.get("/users", params={"search": user.email}).json()["items"]
    existing = next((u["id"] for u in found if u["email"] == user.email), None)
    if existing:
        return existing
    return admin.add_user(email=user.email, name=user.name, role=user.role.value, password=PASSWORD,
                          account_id=account_id)


def _ensure_accounts(rpc: RpcClient, billing) -> dict[str, dict]:
    existing = {a["name"]: a for a in rpc.call("invoicing", "list_accounts", actor=billing, limit=100)["items"]}
    for account in ACCOUNTS:
        if account["name"] not in existing:
            existing[account["name"]] = rpc.call("invoicing", "create_account", account, actor=billing)
    return existing


def _ensure_billing_setup(rpc: RpcClient, billing) -> None:
    if not rpc.call("invoicing", "get_billing_profile", actor=billing)["name"]:
        rpc.call("invoicing", "update_billing_profile", BILLING_PROFILE, actor=billing)
    skus = {i["sku"] for i in rpc.call("invoicing", "list_catalog_items", actor=billing, limit=100)["items"]}
    for item in CATALOG:
        if item["sku"] not in skus:
            rpc.call("invoicing", "create_catalog_item", item, actor=billing)
    codes = {c["code"] for c in rpc.call("timetracking", "list_activity_codes", actor=billing,
                                         include_inactive=True)["items"]}
    for code in ACTIVITY_CODES:
        if code["code"] not in codes:
            rpc.call("timetracking", "create_activity_code", code, actor=billing)


def _ensure_matters(rpc: RpcClient, actors: dict, accounts: dict) -> None:
    for email, account, kind, title in MATTERS:
        actor = actors[email]
        account_id = accounts[account]["id"]
        titles = _retry_until_account_known(lambda: {m["title"] for m in rpc.call(
            "timetracking", "list_matters", actor=actor, account_id=account_id, limit=100)["items"]})
        if title not in titles:
            rpc.call("timetracking", "open_matter", {"account_id": account_id, "kind": kind, "title": title},
                     actor=actor)


def _ensure_time(rpc: RpcClient, actors: dict, accounts: dict, log) -> None:
    for email in sorted({row[0] for row in TIME}):
        actor = actors[email]
        # Partners also see their delegates' entries: look for this person's own.
        listed = rpc.call("timetracking", "list_time_entries", actor=actor, limit=100)["items"]
        if any(entry["user_id"] == str(actor.user_id) for entry in listed):
            continue
        for who, account, days_ago, minutes, narrative in TIME:
            if who != email:
                continue
            entry = {"account_id": accounts[account]["id"], "duration_minutes": minutes, "narrative": narrative,
                     "work_date": (today() - timedelta(days=days_ago)).isoformat(), "billable": True}
            _retry_until_account_known(lambda: rpc.call("timetracking", "record_time_entry", entry, actor=actor))
        log(f"recorded demo time for {email}")


def _ensure_invoices(rpc: RpcClient, actors: dict, accounts: dict, log) -> None:
    partner, billing = actors["partner@northwind.example"], actors["billing@northwind.example"]
    cutoff = today() - timedelta(days=INVOICED_BEFORE_DAYS)
    for name, stage in INVOICES:
        account_id = accounts[name]["id"]
        if rpc.call("invoicing", "list_invoices", actor=billing, account_id=account_id, limit=1)["total"]:
            continue
        older = sum(1 for row in TIME if row[1] == name and row[2] > INVOICED_BEFORE_DAYS)
        _wait_for(lambda: sum(1 for item in rpc.call("invoicing", "list_unbilled", account_id, actor=partner)["items"]
                              if date.fromisoformat(item["work_date"]) <= cutoff) >= older)
        invoice = rpc.call("invoicing", "draft_invoice", {"account_id": account_id, "date_to": cutoff.isoformat()},
                           actor=partner)
        # Approval waits for timetracking to lock the draft's work (its work.locked event).
        _wait_for(lambda: not rpc.call("invoicing", "get_invoice", invoice["id"], actor=partner)["lines_awaiting_lock"])
        rpc.call("invoicing", "approve_invoice", invoice["id"], actor=partner)
        if stage == "posted":
            rpc.call("invoicing", "post_invoice", invoice["id"], actor=billing)
        log(f"demo invoice for {name}: {stage}")


def _wait_for(ready, timeout: float = 30.0) -> None:
    """Invoicing learns of time entries, and of their locks, from timetracking's events, a moment later."""
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError("invoicing did not hear from timetracking in time")
        time.sleep(0.2)


def _retry_until_account_known(record, timeout: float = 30.0):
    """Timetracking learns of a new account from its event, a moment after it is created."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return record()
        except NotFound:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
