"""Helpers for tests that drive the running platform through the gateway's HTTP API."""

from __future__ import annotations

import enum
import time
import types
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import BaseModel, EmailStr

from ledgerline_contracts import Role
from ledgerline_devstack.gateway_client import ApiClient, create_org
from ledgerline_devstack.platform import GATEWAY, LOCAL_DB_POOL_SIZE, Platform, free_port, prepare
from ledgerline_servicekit.clock import today
from ledgerline_servicekit.config import Settings
from ledgerline_servicekit.registry import service_names
from ledgerline_servicekit.testing.fixtures import test_namespace, test_settings

PASSWORD = "correct horse battery staple"


class Organization:
    """A fresh organization, made as an operator makes one (the gateway's ``create-org``), with
    users its admin adds on demand through the API."""

    def __init__(self, settings: Settings, base_url: str, name: str = "Test Org"):
        self.settings = settings
        self.base_url = base_url
        self.slug = f"t-{uuid.uuid4().hex[:12]}"
        admin_email = f"admin@{self.slug}.example"
        create_org(settings, name=name, slug=self.slug, admin_email=admin_email, admin_name="Org Admin",
                   admin_password=PASSWORD)
        self.admin = ApiClient.sign_in(base_url, admin_email, PASSWORD)
        self.org_id = self.admin.me["org_id"]

    def user(self, role: Role | str, *, name: str | None = None, delegates: tuple[ApiClient, ...] = (),
             account_id: str | None = None) -> ApiClient:
        role = Role(role)
        email = f"{role.value}-{uuid.uuid4().hex[:8]}@{self.slug}.example"
        self.admin.add_user(email=email, name=name or f"{role.value.replace('_', ' ').title()}", role=role.value,
                            password=PASSWORD, account_id=account_id,
                            delegates=tuple(delegate.user_id for delegate in delegates))
        return ApiClient.sign_in(self.base_url, email, PASSWORD)


@contextmanager
def running_platform(suffix: str, log_dir: Path, amqp_uri: str | None = None) -> Iterator[Platform]:
    """Every service and the gateway on fresh databases named after ``suffix``, on a fresh vhost of
    the shared broker, or on ``amqp_uri`` (a broker of the test's own)."""
    namespace = f"{test_namespace()}_{suffix}"
    amqp_uri = amqp_uri or f"{test_settings().amqp_uri.rsplit('/', 1)[0]}/ledgerline_{namespace}"
    settings = test_settings(amqp_uri=amqp_uri, database_prefix=f"ledgerline_{namespace}", metrics_port=None,
                             db_pool_size=LOCAL_DB_POOL_SIZE)
    prepare(settings, fresh=True)
    running = Platform(settings, log_dir=log_dir / namespace, gateway_port=free_port(),
                       metrics_ports={name: free_port() for name in [*service_names(), GATEWAY]})
    try:
        running.start()
        yield running
    finally:
        running.stop()


def team_with_an_account(org: Organization, record) -> tuple:
    """A fee earner, their partner and a EUR account at 60.00/h that timetracking already knows;
    ``record(tech, account_id, narrative)`` records time and answers the response."""
    tech = org.user("fee_earner")
    partner = org.user("partner", delegates=(tech,))
    billing = org.user("billing")
    account = billing.post("/accounts", {"name": f"Acme {uuid.uuid4().hex[:6]}", "billing_email": "ap@acme.example",
                                         "currency": "EUR", "hourly_rate": "60.00"}, expect=201).json()
    # The first entry also waits for timetracking to learn of the account.
    eventually(lambda: record(tech, account["id"], "warm-up").status_code == 201,
               message="the account to reach timetracking")
    return tech, partner, account


def eventually(check: Callable[[], object], timeout: float = 30.0, interval: float = 0.1,
               message: str = "the platform to catch up"):
    """Poll until ``check`` returns something truthy (events are asynchronous); fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except AssertionError as failure:
            last = failure
        else:
            if last:
                return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}; last saw: {last!r}")


def locked_draft(client: ApiClient, invoice_id: str) -> dict:
    """The draft once time tracking has locked all its work (``work.locked``): approving or posting
    a draft waits for that."""
    def check():
        invoice = client.get(f"/invoices/{invoice_id}").json()
        return invoice if invoice["lines_awaiting_lock"] == 0 else None

    return eventually(check, message="time tracking to lock the draft's work")


class Firm:
    """An organization's people and billable work, made through the public API as they would make it."""

    def __init__(self, org):
        self.org = org
        self.tech = org.user("fee_earner", name="Terry Tech")
        self.partner = org.user("partner", name="Pat Partner", delegates=(self.tech,))
        self.billing = org.user("billing", name="Bea Billing")

    def account(self, name: str | None = None, **fields) -> dict:
        body = {"name": name or f"Acme Dental {uuid.uuid4().hex[:6]}", "billing_email": "ap@acme.example",
                "currency": "USD", "payment_terms_days": 30, "tax_rate": "0.08", "hourly_rate": "150.00", **fields}
        return self.billing.post("/accounts", body, expect=201).json()

    def record(self, account: dict, minutes: int = 90, narrative: str = "Replaced the failing RAID disk") -> dict:
        """A time entry by the fee earner (waiting, the first time, for timetracking to learn of the account)."""
        body = {"account_id": account["id"], "work_date": today().isoformat(), "duration_minutes": minutes,
                "narrative": narrative}

        def attempt():
            response = self.tech.post("/time-entries", body)
            if response.status_code == 404:
                return None
            assert response.status_code == 201, response.text
            return response.json()

        return eventually(attempt, message="the account to reach timetracking")

    def draft(self, account: dict, entries: int = 1) -> dict:
        eventually(lambda: len(self.partner.get(f"/accounts/{account['id']}/unbilled").json()["items"]) >= entries,
                   message="invoicing to see the unbilled work")
        invoice = self.partner.post("/invoices", {"account_id": account["id"]}, expect=201).json()
        return locked_draft(self.partner, invoice["id"])

    def approved(self, account: dict) -> dict:
        invoice = self.draft(account)
        return self.partner.post(f"/invoices/{invoice['id']}/approve", expect=200).json()

    def posted(self, account: dict) -> dict:
        invoice = self.approved(account)
        return self.billing.post(f"/invoices/{invoice['id']}/post", expect=200).json()


def example_of(model: type[BaseModel]) -> dict:
    """A small valid JSON body for ``model``: its required fields, each with a value its rules accept.

    Hostile tests use it to reach past the gateway's validation for any declared
    endpoint, including ones added later, without knowing the endpoint.
    """
    examples = (model.model_config.get("json_schema_extra") or {}).get("examples")
    if examples:  # the model's own example: needed where a rule spans fields
        return dict(examples[0])
    return {name: _example(name, info.annotation, info.metadata)
            for name, info in model.model_fields.items() if info.is_required()}


def _bound(metadata, default):
    for rule in metadata:
        for attribute, step in (("ge", 0), ("gt", 1)):
            if getattr(rule, attribute, None) is not None:
                return getattr(rule, attribute) + step
    return default


def _example(name: str, annotation, metadata=()):
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *extra = get_args(annotation)
        return _example(name, inner, [*metadata, *extra])
    if origin in (Union, types.UnionType):
        return _example(name, next(a for a in get_args(annotation) if a is not type(None)), metadata)
    if origin is Literal:
        return get_args(annotation)[0]
    if origin in (list, tuple, set, frozenset):
        return []
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return example_of(annotation)
        if issubclass(annotation, enum.Enum):
            return next(iter(annotation)).value
        if annotation is bool:
            return True
        if issubclass(annotation, int):
            return _bound(metadata, 1)
        if issubclass(annotation, Decimal):
            return str(_bound(metadata, 1))
        if issubclass(annotation, datetime):
            return datetime.now(UTC).isoformat()
        if issubclass(annotation, date):
            return today().isoformat()
        if issubclass(annotation, uuid.UUID):
            return str(uuid.uuid4())
        if annotation is EmailStr or "email" in name:
            return f"someone-{uuid.uuid4().hex[:8]}@example.com"
    if "currency" in name:
        return "USD"
    if any(getattr(rule, "pattern", None) for rule in metadata):
        return "EX" + uuid.uuid4().hex[:8].upper()  # letters and digits fit the codes' patterns
    length = max([getattr(rule, "min_length", None) or 1 for rule in metadata] or [1])
    return ("example " + uuid.uuid4().hex)[:max(length, 12)].ljust(length, "x")
