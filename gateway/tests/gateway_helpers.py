"""Helpers shared by the gateway's tests (a module of its own: conftest.py is not importable by name)."""

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound
from ledgerline_gateway.storage import tables

PASSWORD = "a long enough password"
ACCOUNT = "5f0c2a4e-8a43-4bb1-9b59-5f7f4d1b0c2e"


class RecordingRpc:
    """Answers every call with ``answers[method]`` or ``reply`` (a value, or a function of the
    call's arguments), or raises ``error``; remembers what was asked (and each call's request key)."""

    def __init__(self):
        self.calls = []
        self.request_keys = []
        self.reply = {"ok": True}
        self.answers = {}
        self.error = None

    def call(self, service, method, *args, actor=None, correlation_id=None, request_key=None, **kwargs):
        self.calls.append((service, method, args, kwargs, actor, correlation_id))
        self.request_keys.append(request_key)
        if self.error is not None:
            raise self.error
        answer = self.answers.get(method, self.reply)
        return answer(*args, **kwargs) if callable(answer) else answer


def account_view(account_id=ACCOUNT, name="Acme Dental"):
    return {"id": account_id, "name": name, "billing_email": "ap@acme.example", "currency": "USD",
            "payment_terms_days": 30, "tax_rate": "0.08", "tax_id": None, "address": "", "active": True,
            "version": 1}  # as invoicing shows it: rates live apart from the account


def time_stats_view(*_args, **_query):
    hours = {"billable_hours": "1.50", "non_billable_hours": "0.50", "total_hours": "2.00"}
    return {"user_id": "me", "date": "2026-11-20", "today": hours,
            "week": {"from": "2026-11-16", "to": "2026-11-22", **hours},
            "capacity": {"weekly_hours": "40.00", "target_percent": 75}, "utilization_percent": "3.8",
            "target_hours": "30.00", "hours_to_target": "28.50", "on_target": False}


def empty_page(*_args, limit=50, offset=0, **_filters):
    return {"items": [], "total": 0, "limit": limit, "offset": offset}


def not_found(*_args, **_kwargs):
    raise NotFound("no such thing", None)


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client, page: str = "/login") -> str:
    return CSRF.search(client.get(page).text).group(1)


def sign_in_web(client, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_token(client)})


def post_form(client, path: str, data: dict | None = None, **kwargs):
    """Post a form the way the page would: with the session's CSRF token."""
    token = csrf_token(client, "/profile")
    return client.post(path, data={**(data or {}), "csrf_token": token}, **kwargs)


def count_rows(engine) -> dict:
    """How many users, delegations and tokens exist: a denied request changes none."""
    with Session(engine) as session:
        return {table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
                for table in (tables.users, tables.delegations, tables.api_tokens)}
