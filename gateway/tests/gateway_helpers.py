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
    call's arguments), or raises ``error``; remembers what was asked (and each call's request key).
    Unless told otherwise it answers as the service would (:data:`STAND_INS`)."""

    def __init__(self):
        self.calls = []
        self.request_keys = []
        self.reply = AS_THE_SERVICE
        self.answers = {}
        self.error = None

    def call(self, service, method, *args, actor=None, correlation_id=None, request_key=None, **kwargs):
        self.calls.append((service, method, args, kwargs, actor, correlation_id))
        self.request_keys.append(request_key)
        if self.error is not None:
            raise self.error
        answer = self.answers.get(method, self.reply)
        if answer is AS_THE_SERVICE:
            answer = STAND_INS.get(method, {"ok": True})
        return answer(*args, **kwargs) if callable(answer) else answer


AS_THE_SERVICE = object()


# --- what the services answer (staff views), checked against the API's response models by
# test_gateway_stand_ins.py, so they cannot drift from what the real services send -------------

INVOICE = "0b6a3f7e-2c1d-4e5f-9a8b-7c6d5e4f3a2b"
LINE = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"
ENTRY = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7"
MATTER = "7a1e3c5d-2b4f-4a6c-8e0d-1f3a5c7e9b2d"
TIMER = "2c4e6a8b-0d1f-4e3a-9c5b-7d9f1b3e5a7c"
USER = "6b8d0f2a-4c6e-4a8b-9d1f-3e5a7c9b1d3f"
ITEM = "8e0a2c4f-6b8d-4f1a-9c3e-5b7d9f1a3c5e"
NOW = "2026-11-20T09:30:00+00:00"


def usd(amount: str) -> dict:
    return {"amount": amount, "currency": "USD"}


def account_view(account_id=ACCOUNT, name="Acme Dental"):
    return {"id": account_id, "name": name, "billing_email": "ap@acme.example", "currency": "USD",
            "payment_terms_days": 30, "tax_rate": "0.08", "tax_id": None, "address": "", "active": True,
            "version": 1}  # as invoicing shows it: rates live apart from the account


# What invoicing allows the firm next, by status (each role gets its own share; pages show what they get).
NEXT = {"draft": ["edit_line", "remove_line", "add_line", "reconcile_invoice", "approve_invoice", "delete_invoice",
                  "add_note"],
        "approved": ["reconcile_invoice", "post_invoice", "delete_invoice", "add_note"],
        "posted": ["record_payment", "mark_paid", "issue_credit_note", "dispute_invoice", "void_invoice", "add_note"]}


def invoice_line(**changes) -> dict:
    return {"id": LINE, "position": 1, "kind": "time", "description": "Replaced the failing RAID disk",
            "work_date": "2026-11-20", "quantity": "1.50", "unit": "h", "duration_minutes": 90,
            "shown_quantity": "1:30 h", "unit_price": usd("150.00"),
            "amount": usd("225.00"), "tax_rate": "0.08", "tax": usd("18.00"), "credited": False,
            "source_id": ENTRY, "source_version": 1, "user_id": USER,
            "entry_description": "Replaced the failing RAID disk", "narrative_override": None,
            "rate_source": "standard", "stale": False, "awaiting_lock": False, "unpriced": False, **changes}


def invoice_view(status="posted", **changes) -> dict:
    """An invoice as invoicing shows it to staff (customers get fewer fields)."""
    sent = status not in ("draft", "approved")
    return {"id": INVOICE, "number": "INV-2026-000007" if sent else None,
            "status": status, "account_id": ACCOUNT, "account_name": "Acme Dental",
            "issue_date": "2026-11-20" if sent else None, "due_date": "2026-12-20" if sent else None,
            "currency": "USD", "total": usd("243.00"), "balance": usd("243.00"), "disputed": False,
            "matter_id": None, "created_by": USER, "created_at": NOW,
            "allowed_actions": NEXT.get(status, ["add_note"]), "matter": None, "work_order": None,
            "subtotal": usd("225.00"), "tax": usd("18.00"), "amount_paid": usd("0.00"), "credited": usd("0.00"),
            "paid_on": None, "lines": [invoice_line()], "payments": [], "credit_notes": [],
            "date_from": None, "date_to": None, "action_notes": [], "needs_reconciling": False,
            "lines_awaiting_lock": 0, "unpriced_lines": 0, "approved_by": None, "posted_by": None,
            "dispute": None, "notes": [], **changes}


def invoice_summary(status="posted") -> dict:
    view = invoice_view(status)
    return {key: view[key] for key in ("id", "number", "status", "account_id", "account_name", "issue_date",
                                       "due_date", "currency", "total", "balance", "disputed", "matter_id",
                                       "created_by", "created_at")}


def _assignment() -> dict:
    return {"account_id": ACCOUNT, "account_name": "Acme Dental", "matter_id": MATTER,
            "matter_reference": "T-1", "matter_title": "Server room"}


def _billing() -> dict:
    return {"status": "unbilled", "invoice_number": None, "user_id": USER, "invoice_id": None, "version": 1,
            "created_at": NOW, "updated_at": NOW, "can_edit": True, "can_delete": True}


def entry_view(**changes) -> dict:
    return {**_assignment(), "id": ENTRY, "user_name": "Fee Earner", "work_date": "2026-11-20",
            "started_at": None, "ended_at": None, "duration_minutes": 90, "billable": True,
            "narrative": "Replaced the failing RAID disk", **_billing(), "activity_code": None,
            "raw_duration_seconds": None, "timer_id": None, **changes}


def expense_view(**changes) -> dict:
    return {**_assignment(), "id": ENTRY, "user_name": "Fee Earner", "work_date": "2026-11-20",
            "category": "travel", "description": "Taxi to the site", "amount": usd("32.50"), "billable": True,
            "has_receipt": False, **_billing(), **changes}


def part_view(**changes) -> dict:
    return {**_assignment(), "id": ENTRY, "user_name": "Fee Earner", "work_date": "2026-11-20",
            "sku": "SSD-1TB", "name": "1 TB SSD", "quantity": "2", "unit_price": usd("89.00"),
            "serial_number": None, "billable": True, **_billing(), "catalog_item_id": ITEM, **changes}


def matter_view(**changes) -> dict:
    return {"id": MATTER, "account_id": ACCOUNT, "account_name": "Acme Dental", "kind": "ticket",
            "reference": "T-1", "title": "Server room", "status": "open", "version": 1, "opened_by": USER,
            "created_at": NOW, "updated_at": NOW, "past_due_warning": {"past_due": False}, **changes}


def timer_view(status="running", **changes) -> dict:
    return {**_assignment(), "past_due_warning": None, "id": TIMER, "status": status, "description": "",
            "activity_code": None, "billable": None, "started_at": NOW,
            "running_since": NOW if status == "running" else None, "ended_at": None, "elapsed_seconds": 60,
            "assigned": True, "billed_minutes_if_committed": 1, "entry_id": None, "updated_at": NOW, **changes}


def rounding_rules_view(*_args, **_kwargs) -> dict:
    return {"default": {"mode": "up", "increment_minutes": 1, "description": "to the minute", "set": False},
            "accounts": []}


def catalog_item_view(*_args, **_kwargs) -> dict:
    return {"id": ITEM, "sku": "SSD-1TB", "name": "1 TB SSD", "kind": "part", "unit_price": usd("89.00"),
            "tax_rate": "0.08", "stock_on_hand": 12, "active": True, "unit_cost": usd("61.00")}


def quote_view(*_args, **_kwargs) -> dict:
    return {"currency": "USD", "lines": [{"kind": "time", "description": "1:30 h", "amount": usd("225.00"),
                                          "hourly_rate": usd("150.00")}],
            "subtotal": usd("225.00"), "tax": usd("18.00"), "total": usd("243.00")}


def rate_view(*_args, **_kwargs) -> dict:
    return {"id": ITEM, "scope": "standard", "account_id": None, "matter_id": None, "user_id": None,
            "activity_code": None, "rate": usd("150.00"), "updated_at": NOW}


def billing_profile_view(*_args, **_kwargs) -> dict:
    return {"name": "Acme IT", "address": "", "email": "", "phone": "", "tax_id": "", "website": "",
            "invoice_prefix": "INV", "credit_note_prefix": "CN", "payment_instructions": "", "footer": ""}


def activity_code_view(*_args, **_kwargs) -> dict:
    return {"id": ITEM, "code": "onsite", "name": "On site", "billable": True, "active": True}


def time_stats_view(*_args, **_query):
    hours = {"billable_hours": "1.50", "non_billable_hours": "0.50", "total_hours": "2.00"}
    return {"user_id": USER, "date": "2026-11-20", "today": hours,
            "week": {"from": "2026-11-16", "to": "2026-11-22", **hours},
            "capacity": {"weekly_hours": "40.00", "target_percent": 75}, "utilization_percent": "3.8",
            "target_hours": "30.00", "hours_to_target": "28.50", "on_target": False}


def timesheet_view(*_args, **_query) -> dict:
    return {"date": "2026-11-20", "user_id": USER, "entries": [entry_view()], "expenses": [], "parts": [],
            "timers": [], "totals": {"billable_minutes": 90, "non_billable_minutes": 0, "total_minutes": 90},
            "recent_matters": [matter_view()]}


def unbilled_view(account_id=ACCOUNT, *_args, **_kwargs) -> dict:
    return {"account_id": account_id, "currency": "USD", "items": [], "total": usd("0.00")}


def aging_view(*_args, **_kwargs) -> dict:
    return {"as_of": "2026-11-20", "buckets": {}, "overdue": []}


def agreement_view(*_args, **_kwargs) -> dict:
    return {"id": INVOICE, "account_id": ACCOUNT, "account_name": "Acme Dental", "name": "Managed IT",
            "status": "active", "currency": "USD", "version": 1, "created_at": NOW,
            "lines": [{"id": INVOICE, "position": 1, "description": "Managed services", "catalog_item_id": None,
                       "quantity": "1", "unit_price": usd("500.00"), "cycle": "monthly", "timing": "advance",
                       "start_date": "2026-01-01", "end_date": None}]}


def billing_run_view(*_args, **_kwargs) -> dict:
    return {"id": INVOICE, "period": "2026-11", "status": "running", "started_by": USER, "started_at": NOW,
            "completed_at": None, "accounts": 3, "done": 1, "drafted": 1, "set_aside": 1, "remaining": 1,
            "set_aside_accounts": [{"account_id": ACCOUNT, "account_name": "Acme Dental", "status": "set_aside",
                                    "invoice_id": None, "reason": "the account is inactive (account_id)"}]}


def billing_run_review(run_id, *_args, **_kwargs) -> dict:
    return {"run_id": run_id, "period": "2026-11", "jump_percent": "50", "items": [{
        "invoice_id": INVOICE, "account_id": ACCOUNT, "account_name": "Acme Dental", "status": "draft",
        "total": usd("0.00"), "lines": 1, "score": 30,
        "anomalies": [{"check": "zero_priced_line", "weight": 30, "reason": "“Monitoring” is priced at 0.00"}]}]}


def bulk_result(_run_id, request: dict) -> dict:
    ids = request["invoice_ids"]
    return {"done": len(ids), "refused": 0, "items": [{"invoice_id": i, "done": True, "reason": None} for i in ids]}


def _one(view):
    return lambda *_args, **_kwargs: view()


def _page(view):
    return lambda *_args, limit=50, offset=0, **_filters: {"items": [view()], "total": 1, "limit": limit,
                                                           "offset": offset}


def _items(view):
    return lambda *_args, **_kwargs: {"items": [view()]}


STAND_INS = {
    # invoicing
    "create_account": _one(account_view), "get_account": _one(account_view), "update_account": _one(account_view),
    "list_accounts": _page(account_view), "list_unbilled": unbilled_view,
    "list_invoices": _page(invoice_summary), "get_invoice": _one(invoice_view),
    "audit_trail": lambda entity_id, *_: {"entity_id": entity_id, "items": [{
        "at": NOW, "actor_id": USER, "actor_name": "Billing", "action": "post", "entity": "invoice",
        "entity_id": entity_id, "details": {"number": "INV-2026-000007"}, "reason": None}]},
    **{method: lambda *_a, **_k: invoice_view("draft") for method in (
        "draft_invoice", "add_line", "edit_line", "remove_line", "reconcile_invoice", "approve_invoice")},
    **{method: _one(invoice_view) for method in (
        "post_invoice", "record_payment", "mark_paid", "issue_credit_note", "void_invoice", "dispute_invoice",
        "resolve_dispute", "add_note")},
    "delete_invoice": None, "delete_rate": None,
    "list_rates": _page(rate_view), "set_rate": rate_view,
    "list_cost_rates": lambda: {"items": [{"user_id": USER, "rate": usd("60.00"), "updated_at": NOW}]},
    "set_cost_rate": lambda user_id, _rate: {"user_id": user_id, "rate": usd("60.00"), "updated_at": NOW},
    "quote": quote_view, "list_catalog_items": _page(catalog_item_view),
    **{method: catalog_item_view for method in (
        "get_catalog_item", "create_catalog_item", "update_catalog_item", "adjust_stock")},
    "get_billing_profile": billing_profile_view, "update_billing_profile": billing_profile_view,
    **{method: agreement_view for method in (
        "create_agreement", "get_agreement", "update_agreement", "end_agreement")},
    "list_agreements": _page(agreement_view),
    **{method: billing_run_view for method in ("start_billing_run", "get_billing_run", "resume_billing_run")},
    "list_billing_runs": _page(billing_run_view), "review_billing_run": billing_run_review,
    "approve_run_drafts": bulk_result, "post_run_drafts": bulk_result,
    # dunning and analytics
    "reminder_timeline": lambda invoice_id: {
        "invoice_id": invoice_id, "number": "INV-2026-000007", "collection_status": "open", "disputed": False,
        "paused": False, "balance": usd("243.00"), "reminders": [{
            "stage": "first", "label": "First reminder", "due_on": "2026-12-27", "status": "scheduled",
            "sent_at": None, "recipient": None}]},
    "ar_aging": aging_view,
    # timetracking
    **{method: _one(entry_view) for method in ("record_time_entry", "get_time_entry", "update_time_entry")},
    "list_time_entries": _page(entry_view), "recent_time_entries": _items(entry_view),
    **{method: _one(expense_view) for method in ("record_expense", "get_expense", "update_expense")},
    "list_expenses": _page(expense_view),
    "get_receipt": lambda *_: {"filename": "taxi.pdf", "content_type": "application/pdf", "size": 9,
                               "content_base64": "JVBERi0xLjQK"},
    "add_part": lambda *_: {**part_view(), "stock_on_hand": 10},
    **{method: _one(part_view) for method in ("get_part", "update_part")}, "list_parts": _page(part_view),
    **{method: _one(matter_view) for method in ("open_matter", "get_matter", "update_matter")},
    "list_matters": _page(matter_view),
    "matter_total": lambda *_: {"matter": matter_view(), "duration_minutes": 90,
                                "counts": {"time_entries": 1, "expenses": 0, "parts": 0}, "quote": quote_view()},
    "create_activity_code": activity_code_view, "update_activity_code": activity_code_view,
    "list_activity_codes": _items(activity_code_view),
    **{method: _one(timer_view) for method in ("start_timer", "get_timer", "update_timer", "resume_timer")},
    "pause_timer": lambda *_: timer_view("paused"), "stop_timer": lambda *_: timer_view("stopped"),
    "list_timers": _items(timer_view),
    "commit_timer": lambda *_a, **_k: {"timer": timer_view("committed", running_since=None, entry_id=ENTRY),
                                       "entry": entry_view(timer_id=TIMER)},
    "discard_timer": None, "delete_time_entry": None, "delete_expense": None, "delete_part": None,
    **{method: rounding_rules_view for method in ("get_rounding_rules", "set_rounding_rule", "clear_rounding_rule")},
    "set_capacity": lambda user_id, _capacity: {"user_id": user_id, "weekly_hours": "40.00", "target_percent": 75},
    "time_stats": time_stats_view, "timesheet": timesheet_view,
}


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
