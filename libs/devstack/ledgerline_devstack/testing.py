"""Helpers for tests that drive the running platform through the gateway's HTTP API."""

from __future__ import annotations

import enum
import time
import types
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Literal, Union, get_args, get_origin

import requests
from pydantic import BaseModel, EmailStr
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from ledgerline_contracts import Role
from ledgerline_gateway import identity, storage
from ledgerline_servicekit.clock import today
from ledgerline_servicekit.config import Settings

PASSWORD = "correct horse battery staple"


@dataclass
class ApiClient:
    """One signed-in user talking to the gateway."""

    base_url: str
    token: str
    user_id: str
    email: str

    def request(self, method: str, path: str, expect: int | None = None, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        response = requests.request(method, f"{self.base_url}/api/v1{path}", headers=headers, timeout=30, **kwargs)
        if expect is not None:
            assert response.status_code == expect, f"{method} {path} → {response.status_code}: {response.text}"
        return response

    def get(self, path: str, expect: int | None = 200, **kwargs):
        return self.request("GET", path, expect, **kwargs)

    def post(self, path: str, json: dict | None = None, expect: int | None = None, **kwargs):
        return self.request("POST", path, expect, json=json if json is not None else {}, **kwargs)


class Organization:
    """A fresh organization in the gateway's database, with users made on demand."""

    def __init__(self, settings: Settings, base_url: str, name: str = "Test Org"):
        self.settings = settings
        self.base_url = base_url
        self.engine = create_engine(settings.database_url_for("gateway"))
        self.slug = f"t-{uuid.uuid4().hex[:12]}"
        with Session(self.engine) as session, session.begin():
            self.org_id = storage.organizations.create_org(session, name, self.slug)

    def user(self, role: Role | str, *, name: str | None = None, delegates: tuple[ApiClient, ...] = (),
             account_id: str | None = None) -> ApiClient:
        role = Role(role)
        email = f"{role.value}-{uuid.uuid4().hex[:8]}@{self.slug}.example"
        with Session(self.engine) as session, session.begin():
            user_id = storage.users.create_user(
                session, org_id=self.org_id, email=email, name=name or f"{role.value.replace('_', ' ').title()}",
                role=role.value, password_hash=identity.hash_password(PASSWORD),
                account_id=uuid.UUID(account_id) if account_id else None)
            for delegate in delegates:
                storage.delegations.add_delegation(session, user_id, uuid.UUID(delegate.user_id))
        response = requests.post(f"{self.base_url}/api/v1/auth/token",
                                 json={"email": email, "password": PASSWORD}, timeout=30)
        assert response.status_code == 201, response.text
        return ApiClient(self.base_url, response.json()["token"], str(user_id), email)

    def close(self) -> None:
        self.engine.dispose()


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
