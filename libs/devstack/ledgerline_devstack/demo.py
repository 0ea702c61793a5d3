"""Demo data: one organization with a user per role and some work to bill.

Idempotent: each step looks for what it would create first, so running it
again (or after an interrupted run) adds only what is missing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound, Role
from ledgerline_gateway import identity, storage
from ledgerline_servicekit.config import Settings
from ledgerline_servicekit.rpc_client import RpcClient

ORG_SLUG = "demo"
ORG_NAME = "Northwind Legal & IT"
PASSWORD = "ledgerline-demo"


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: Role
    account: str | None = None  # customers: the account they belong to


USERS = (
    DemoUser("admin@northwind.example", "Ada Admin", Role.ADMIN),
    DemoUser("billing@northwind.example", "Bea Billing", Role.BILLING),
    DemoUser("partner@northwind.example", "Pat Partner", Role.PARTNER),
    DemoUser("associate@northwind.example", "Ari Associate", Role.ASSOCIATE_PARTNER),
    DemoUser("tech@northwind.example", "Terry Tech", Role.FEE_EARNER),
    DemoUser("customer@acme.example", "Casey Customer", Role.CUSTOMER, account="Acme Dental"),
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

TIME = (
    ("tech@northwind.example", "Acme Dental", 1, 90, "Replaced failing RAID disk on the imaging server"),
    ("tech@northwind.example", "Acme Dental", 2, 45, "Configured VPN access for the new hygienist"),
    ("tech@northwind.example", "Oak Street HOA", 3, 60, "Installed gate camera firmware update"),
    ("associate@northwind.example", "Baker & Co Solicitors", 1, 120, "Reviewed lease renewal terms"),
)


def load(settings: Settings, rpc: RpcClient, log=print) -> dict[str, str]:
    """Create whatever of the demo is missing; returns email → role for the logins."""
    engine = create_engine(settings.database_url_for("gateway"))
    try:
        with Session(engine) as session, session.begin():
            org = storage.org_by_slug(session, ORG_SLUG)
            org_id = org.id if org else storage.create_org(session, ORG_NAME, ORG_SLUG)
            staff = {u.email: _ensure_user(session, org_id, u, None) for u in USERS if u.role is not Role.CUSTOMER}
            for principal, delegates in DELEGATIONS.items():
                for delegate in delegates:
                    storage.add_delegation(session, staff[principal].id, staff[delegate].id)
        actors = {email: identity.actor_for(Session(engine), user) for email, user in staff.items()}
        accounts = _ensure_accounts(rpc, actors["billing@northwind.example"])
        with Session(engine) as session, session.begin():
            for user in USERS:
                if user.role is Role.CUSTOMER:
                    _ensure_user(session, org_id, user, UUID(accounts[user.account]["id"]))
        _ensure_time(rpc, actors, accounts, log)
    finally:
        engine.dispose()
    return {u.email: u.role.value for u in USERS}


def _ensure_user(session: Session, org_id, user: DemoUser, account_id):
    existing = storage.user_by_email(session, user.email)
    if existing is None:
        storage.create_user(session, org_id=org_id, email=user.email, name=user.name, role=user.role.value,
                            password_hash=identity.hash_password(PASSWORD), account_id=account_id)
        existing = storage.user_by_email(session, user.email)
    return existing


def _ensure_accounts(rpc: RpcClient, billing) -> dict[str, dict]:
    existing = {a["name"]: a for a in rpc.call("invoicing", "list_accounts", actor=billing, limit=100)["items"]}
    for account in ACCOUNTS:
        if account["name"] not in existing:
            existing[account["name"]] = rpc.call("invoicing", "create_account", account, actor=billing)
    return existing


def _ensure_time(rpc: RpcClient, actors: dict, accounts: dict, log) -> None:
    for email in {row[0] for row in TIME}:
        if rpc.call("timetracking", "list_time_entries", actor=actors[email], limit=1)["total"]:
            continue
        for who, account, days_ago, minutes, narrative in TIME:
            if who != email:
                continue
            entry = {"account_id": accounts[account]["id"], "duration_minutes": minutes, "narrative": narrative,
                     "work_date": (date.today() - timedelta(days=days_ago)).isoformat(), "billable": True}
            _retry_until_account_known(lambda: rpc.call("timetracking", "record_time_entry", entry,
                                                        actor=actors[email]))
        log(f"recorded demo time for {email}")


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
