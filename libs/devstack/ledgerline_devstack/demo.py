"""Demo data: one organization with a user per role, and work at every stage so each role
can walk their journey in the browser (see :data:`USERS` for what each one tries); and a
field-service organization with its crew, equipment and jobs at each stage (:data:`FIELD_USERS`).

Idempotent: each step looks for what it would create first, so running it
again (or after an interrupted run) adds only what is missing.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ledgerline_contracts import NotFound, Role
from ledgerline_devstack.gateway_client import ApiClient, create_org
from ledgerline_servicekit.clock import now, today
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

# Recurring fees the monthly billing run drafts (docs/billing-runs.md): (account, agreement, lines);
# every line starts on the first day of the year, so any month of it can be run.
AGREEMENTS = (
    ("Acme Dental", "Managed IT", (
        {"description": "Managed workstations (per seat)", "quantity": "25", "unit_price": "45.00",
         "cycle": "monthly", "timing": "advance"},
        {"description": "Offsite backup", "quantity": "1", "unit_price": "300.00", "cycle": "quarterly",
         "timing": "advance"})),
    ("Oak Street HOA", "Network care", (
        {"description": "Network monitoring", "quantity": "1", "unit_price": "120.00", "cycle": "monthly",
         "timing": "arrears"},)),
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


# --- the field-service organization ----------------------------------------------------------------

FIELD_ORG_SLUG = "greenline"
FIELD_ORG_NAME = "Greenline Land Clearing"
FIELD_USERS = (
    DemoUser("admin@greenline.example", "Gil Admin", Role.ADMIN, "add a login for a new crew member"),
    DemoUser("manager@greenline.example", "Fran Field", Role.PARTNER,
             "Work orders: open Maple Ridge, running over its estimate (the alert says why: hours and margin; "
             "live costing, the change order); schedule a day for the Harbor storm job (Schedule shows the "
             "week); open Birch Lane's draft invoice from the completed job and approve it"),
    DemoUser("crew@greenline.example", "Cody Crew", Role.FEE_EARNER,
             "on a phone, open My jobs (/jobs, by day): on Maple Ridge tap to clock Mike and yourself out of "
             "its running line item and back in, take a photo, report an issue"),
    DemoUser("billing@greenline.example", "Bo Books", Role.BILLING,
             "see what the jobs cost; post Birch Lane's invoice once Fran approves it"),
)
FIELD_ACCOUNTS = (
    {"name": "Birch Lane Homes", "billing_email": "ap@birchlane.example", "currency": "USD",
     "payment_terms_days": 30, "tax_rate": "0.07", "hourly_rate": "165.00", "address": "4 Birch Lane, Springfield"},
    {"name": "Maple Ridge HOA", "billing_email": "board@mapleridge.example", "currency": "USD",
     "payment_terms_days": 30, "tax_rate": "0.07", "hourly_rate": "165.00"},
    {"name": "Harbor Mutual Insurance", "billing_email": "claims@harbormutual.example", "currency": "USD",
     "payment_terms_days": 45, "tax_rate": "0", "hourly_rate": "180.00"},
)
# (name, role, wage, burden, whose login): the crew; Cody uses the app.
EMPLOYEES = (
    ("Cody Crew", "operator", "35.00", "1.7", "crew@greenline.example"),
    ("Mike Johnson", "ground crew", "28.00", "1.7", None),
)
# The machines, in the order of who works them: Cody runs the mulcher, Mike drives the truck.
EQUIPMENT = (("Supertrak SK200TR", "mulcher", "114.73"), ("F450 and trailer", "truck", "35.00"))
LOADOUT = "Mulching crew"


def mulching(description: str, hours: str, price: str, cost: str, **fields) -> dict:
    return {"service_type": "Forestry Mulching", "description": description, "production_hours": hours,
            "transport_hours": "0.75", "pricing_method": "fixed", "price": price, "cost": cost, **fields}


# (account, title, line items, (line index, from, to) hours into the job that the crew worked
# on each line item; no end: still at it): each job is taken to its stage by _FieldJobs.
COMPLETED_JOB = ("Birch Lane Homes", "Birch Lane lot clearing", (
    mulching("Clear 1.5 acres of brush, up to 6\" DBH", "3.25", "2400.00", "1000.00"),
    mulching("Mulch the fence line", "1.00", "1000.00", "450.00")), ((0, 0, 3.5), (1, 3.5, 4.25)))
RUNNING_JOB = ("Maple Ridge HOA", "Maple Ridge storm cleanup", (
    {"service_type": "Tree Removal", "description": "Remove three storm-downed oaks", "production_hours": "3.00",
     "transport_hours": "0.50", "buffer_hours": "0.50", "pricing_method": "fixed", "price": "2600.00",
     "cost": "1100.00"},
    mulching("Mulch the debris on site", "2.25", "1500.00", "700.00")), ((0, 0, None),))
# Found on site: the root ball is tangled in the septic line.
CHANGE_ORDER = {"service_type": "Excavation", "description": "Extract the root ball from the septic line",
                "production_hours": "1.00", "transport_hours": "0.25", "buffer_hours": "0.25",
                "pricing_method": "fixed", "price": "900.00", "cost": "400.00"}
SCHEDULED_JOB = {"title": "Harbor storm damage, claim HM-2026-0412", "contract_amount": "15000.00",
                 "estimated_cost": "7200.00", "po_number": "HM-2026-0412",
                 "special_instructions": "Insurance claim: photograph everything before and after.",
                 "line_items": [mulching("Clear storm debris from 2.5 acres", "30.00", "15000.00", "7200.00")]}


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
    _ensure_agreements(rpc, actors["billing@northwind.example"], accounts)
    load_field_service(settings, base_url, log)
    return {u.email: u.role.value for u in (*USERS, *FIELD_USERS)}


def load_field_service(settings: Settings, base_url: str, log=print) -> None:
    """The field-service organization, through the REST API as its people would make it: its crew,
    gear and customers, then a job completed (its draft invoice made by invoicing), one running
    over its estimate (with its alert), and one scheduled. The crew's times are those their device
    recorded: today's jobs started hours ago."""
    admin_user = FIELD_USERS[0]
    admin = ApiClient.sign_in(base_url, admin_user.email, PASSWORD)
    if admin is None:
        create_org(settings, name=FIELD_ORG_NAME, slug=FIELD_ORG_SLUG, admin_email=admin_user.email,
                   admin_name=admin_user.name, admin_password=PASSWORD)
        admin = ApiClient.sign_in(base_url, admin_user.email, PASSWORD)
    for user in FIELD_USERS[1:]:
        _ensure_user(admin, user)
    people = {u.email: ApiClient.sign_in(base_url, u.email, PASSWORD) for u in FIELD_USERS[1:]}
    manager, crew, billing = (people[f"{who}@greenline.example"] for who in ("manager", "crew", "billing"))
    known = {a["name"]: a for a in billing.get("/accounts", params={"limit": 100}).json()["items"]}
    accounts = {a["name"]: known.get(a["name"]) or billing.post("/accounts", a, expect=201).json()
                for a in FIELD_ACCOUNTS}
    employees = _ensure_named(manager, "/employees", [
        {"name": name, "role": role, "hourly_wage": wage, "burden_multiplier": burden,
         "user_id": people[login].user_id if login else None} for name, role, wage, burden, login in EMPLOYEES])
    equipment = _ensure_named(manager, "/equipment", [{"name": name, "kind": kind, "hourly_rate": rate}
                                                      for name, kind, rate in EQUIPMENT])
    loadout = _ensure_named(manager, "/loadouts", [{
        "name": LOADOUT, "equipment_ids": [e["id"] for e in equipment.values()],
        "crew_employee_ids": [e["id"] for e in employees.values()]}])[LOADOUT]
    manager.request("PUT", "/work-order-settings", expect=200, json={"minimum_before_photos": 1,
                                                                     "minimum_after_photos": 2})
    crew_ids = [e["id"] for e in employees.values()]
    gear = [e["id"] for e in equipment.values()]
    jobs = _FieldJobs(manager, crew, loadout["id"], crew_ids, gear)
    jobs.completed(accounts[COMPLETED_JOB[0]]["id"], *COMPLETED_JOB[1:], hours_ago=4.5)
    jobs.running(accounts[RUNNING_JOB[0]]["id"], *RUNNING_JOB[1:], hours_ago=6)
    jobs.scheduled(accounts["Harbor Mutual Insurance"]["id"])
    log(f"field-service demo: {FIELD_ORG_NAME}")


def _ensure_named(client: ApiClient, path: str, wanted: list[dict]) -> dict[str, dict]:
    """Name → record for each of ``wanted``, made where none by that name exists."""
    have = {r["name"]: r for r in client.get(path, params={"limit": 100}).json()["items"]}
    return {w["name"]: have.get(w["name"]) or client.post(path, w, expect=201).json() for w in wanted}


class _FieldJobs:
    """Each job taken to its stage from wherever an earlier (perhaps interrupted) run left it."""

    def __init__(self, manager: ApiClient, crew: ApiClient, loadout_id: str, crew_ids: list[str], gear: list[str]):
        self.manager, self.crew = manager, crew
        self.loadout_id, self.crew_ids, self.gear = loadout_id, crew_ids, gear

    def _find(self, account_id: str, title: str) -> dict | None:
        """The job (found by its title), waiting the first time for workorders to know the account."""
        def listed():
            response = self.manager.get("/work-orders", expect=None, params={"account_id": account_id})
            return response.json()["items"] if response.status_code == 200 else None

        found = _until(listed, "workorders to hear of the account")
        return next((self.manager.get(f"/work-orders/{o['id']}").json() for o in found if o["title"] == title), None)

    def _signed(self, account_id: str, title: str, lines, hours_ago: float) -> dict:
        """The job, from a proposal the customer signed in person (the manager records it),
        scheduled and started ``hours_ago``."""
        order = self._find(account_id, title)
        if order is None:
            proposal = self.manager.post("/proposals", {
                "account_id": account_id, "title": title, "scheduled_on": today().isoformat(),
                "scope_included": "Clearing and mulching as listed", "scope_excluded": "Stump grinding",
                "line_items": list(lines)}, expect=201).json()
            order = self.manager.post(f"/proposals/{proposal['id']}/sign", {
                "signed_by": "Dana Oakley", "signature": {"content_type": "image/png", "content_base64": PNG}},
                expect=201).json()
        if order["status"] == "scheduled" and not order["crew"]:
            order = self.manager.post(f"/work-orders/{order['id']}/schedule", {
                "scheduled_on": today().isoformat(), "start_time": "07:30", "loadout_id": self.loadout_id},
                expect=200).json()
        if order["status"] == "scheduled":
            started = (now() - timedelta(hours=hours_ago)).isoformat()
            order = self.crew.post(f"/work-orders/{order['id']}/start", {
                "weather": "Clear, 68°F", "safety_briefing_at": started, "started_at": started,
                "safety_attendees": self.crew_ids, "ppe_verified": True,
                "site_conditions": {"terrain": "rolling", "vegetation_density": "heavy", "access_difficulty": 4}},
                expect=200).json()
            self._photo(order, "before")
        return order

    def _photo(self, order: dict, tag: str) -> None:
        self.crew.post(f"/work-orders/{order['id']}/photos", {
            "tag": tag, "filename": f"{tag}.png", "content_type": "image/png", "content_base64": PNG}, expect=201)

    def _work(self, order: dict, shifts) -> dict:
        """The whole crew, each on their machine, on each (line index, from, to) hours into the job;
        a line item with no end is still being worked."""
        day = datetime.fromisoformat(order["started_at"])

        def at(hours: float) -> dict:
            return {"at": (day + timedelta(hours=hours)).isoformat()}

        for index, start, end in shifts:
            line = order["lines"][index]
            path = f"/work-orders/{order['id']}/line-items/{line['id']}"
            if line["status"] == "completed":
                continue
            if line["status"] == "pending":
                self.crew.post(f"{path}/start", at(start), expect=200)
            if not line["clocked_in"]:
                for employee_id, machine_id in zip(self.crew_ids, self.gear):
                    self.crew.post(f"{path}/clock-in", {"employee_ids": [employee_id], "equipment_ids": [machine_id],
                                                        **at(start)}, expect=200)
            if end is not None:
                self.crew.post(f"{path}/clock-out", {"employee_ids": self.crew_ids, **at(end)}, expect=200)
                self.crew.post(f"{path}/complete", at(end), expect=200)
        return self.crew.get(f"/work-orders/{order['id']}").json()

    def completed(self, account_id: str, title: str, lines, shifts, hours_ago: float) -> None:
        """Worked, documented and signed off: invoicing drafts its invoice (waited for here, so the
        manager's journey can start from it)."""
        order = self._signed(account_id, title, lines, hours_ago)
        if order["status"] == "in_progress":
            self._finish(self._work(order, shifts))
        _until(lambda: self.manager.get("/invoices", params={"account_id": account_id}).json()["items"] or None,
               "invoicing to draft the completed job's invoice")

    def _finish(self, order: dict) -> None:
        """The end of the crew's day: a note, the after photos, the checklist, the customer's sign-off."""
        path = f"/work-orders/{order['id']}"
        self.crew.post(f"{path}/notes", {"kind": "customer_communication",
                                         "text": "Owner asked us to leave the chips along the fence."}, expect=201)
        photos = order["checklist"]["photos"]["after"]
        for _ in range(photos["minimum"] - photos["uploaded"]):
            self._photo(order, "after")
        self.crew.request("PATCH", f"{path}/checklist", expect=200, json={
            "walkthrough_complete": True, "debris_removed": True, "site_restored": True, "equipment_cleaned": True})
        self.crew.post(f"{path}/complete", {"printed_name": "Dana Oakley", "signature": {
            "content_type": "image/png", "content_base64": PNG}}, expect=200)

    def running(self, account_id: str, title: str, lines, shifts, hours_ago: float) -> None:
        """Under way since ``hours_ago`` with the crew still on its first line item, estimated at
        four hours: the job runs over its estimate and alerts. A change order joins it."""
        order = self._signed(account_id, title, lines, hours_ago)
        if order["status"] != "in_progress":
            return
        order = self._work(order, shifts)
        if not order["change_orders"]["count"]:
            self.manager.post(f"/work-orders/{order['id']}/line-items", CHANGE_ORDER, expect=201)

    def scheduled(self, account_id: str) -> None:
        """An insurance job made directly (no proposal), on the calendar for later this week."""
        if self._find(account_id, SCHEDULED_JOB["title"]) is None:
            order = self.manager.post("/work-orders", {"account_id": account_id, **SCHEDULED_JOB}, expect=201).json()
            self.manager.post(f"/work-orders/{order['id']}/schedule", {
                "scheduled_on": (today() + timedelta(days=3)).isoformat(), "start_time": "07:00",
                "loadout_id": self.loadout_id}, expect=200)


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


def _ensure_agreements(rpc: RpcClient, billing, accounts: dict) -> None:
    start = today().replace(month=1, day=1).isoformat()
    for name, title, lines in AGREEMENTS:
        account_id = accounts[name]["id"]
        if rpc.call("invoicing", "list_agreements", account_id=account_id, include_ended=True, actor=billing)["total"]:
            continue
        rpc.call("invoicing", "create_agreement", {"account_id": account_id, "name": title,
                                                   "lines": [line | {"start_date": start} for line in lines]},
                 actor=billing)


def _until(found, what: str, timeout: float = 30.0):
    """What ``found()`` answers once it answers something (events arrive a moment later)."""
    deadline = time.monotonic() + timeout
    while (answer := found()) is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.2)
    return answer


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
