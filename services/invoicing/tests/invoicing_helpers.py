"""Actors and shortcuts shared by invoicing's service tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

from ledgerline_contracts import Money, Role
from ledgerline_contracts.events.timetracking import (
    Expense, ExpenseDeleted, LockedItem, Matter, Part, PartDeleted, TimeEntry, TimeEntryDeleted, WorkLocked,
)
from ledgerline_servicekit.testing.fixtures import call_as, deliver, envelope_for, make_actor

ORG = uuid4()
billing = make_actor(Role.BILLING, ORG, name="Bea Billing")
fee_earner = make_actor(Role.FEE_EARNER, ORG, name="Terry Tech")
partner = make_actor(Role.PARTNER, ORG, delegates=(fee_earner.user_id,), name="Pat Partner")
associate = make_actor(Role.ASSOCIATE_PARTNER, ORG, name="Ari Associate")
admin = make_actor(Role.ADMIN, ORG)
WORK_DATE = date(2026, 11, 2)


def new_account(invoicing, **overrides) -> dict:
    fields = {"name": f"Acme Dental {uuid4().hex[:6]}", "billing_email": "ap@acme.example", "currency": "EUR",
              "payment_terms_days": 14, "tax_rate": "0.20", "hourly_rate": "120.00"} | overrides
    return call_as(invoicing, billing, "create_account", fields)


def customer_of(account: dict):
    return make_actor(Role.CUSTOMER, ORG, account_id=UUID(account["id"]))


def record_time(invoicing, account_id, minutes=90, version=1, entry_id=None, user=fee_earner,
                narrative="Replaced failing disk", **fields) -> TimeEntry:
    entry = TimeEntry(entry_id=entry_id or uuid4(), version=version, user_id=user.user_id, user_name=user.name,
                      account_id=account_id, work_date=fields.pop("work_date", WORK_DATE),
                      duration_minutes=minutes, billable=fields.pop("billable", True), narrative=narrative,
                      **fields)
    deliver(invoicing, "on_time_entry", envelope_for("time_entry.recorded", ORG, entry))
    return entry


def delete_time(invoicing, entry: TimeEntry, version: int) -> None:
    gone = TimeEntryDeleted(entry_id=entry.entry_id, version=version, user_id=entry.user_id,
                            account_id=entry.account_id)
    deliver(invoicing, "on_time_entry_deleted", envelope_for("time_entry.deleted", ORG, gone))


def record_expense(invoicing, account_id, amount="25.00", currency="EUR", version=1, expense_id=None,
                   user=fee_earner, **fields) -> Expense:
    expense = Expense(expense_id=expense_id or uuid4(), version=version, user_id=user.user_id,
                      account_id=account_id, work_date=fields.pop("work_date", WORK_DATE),
                      category=fields.pop("category", "travel"),
                      description=fields.pop("description", "Parking at the client's site"),
                      amount=Money.of(amount, currency), billable=fields.pop("billable", True), **fields)
    deliver(invoicing, "on_expense", envelope_for("expense.recorded", ORG, expense))
    return expense


def delete_expense(invoicing, expense: Expense, version: int) -> None:
    gone = ExpenseDeleted(expense_id=expense.expense_id, version=version, user_id=expense.user_id,
                          account_id=expense.account_id)
    deliver(invoicing, "on_expense_deleted", envelope_for("expense.deleted", ORG, gone))


def record_part(invoicing, account_id, item: dict | None = None, quantity="1", unit_price="99.00",
                currency="EUR", version=1, part_id=None, user=fee_earner, **fields) -> Part:
    part = Part(
        part_id=part_id or uuid4(), version=version, user_id=user.user_id, account_id=account_id,
        work_date=fields.pop("work_date", WORK_DATE), catalog_item_id=item["id"] if item else None,
        sku=item["sku"] if item else "MISC", name=item["name"] if item else "Cable tie",
        quantity=Decimal(quantity), unit_price=Money.of(unit_price, currency), **fields)
    deliver(invoicing, "on_part", envelope_for("part.recorded", ORG, part))
    return part


def delete_part(invoicing, part: Part, version: int) -> None:
    gone = PartDeleted(part_id=part.part_id, version=version, user_id=part.user_id,
                       account_id=part.account_id)
    deliver(invoicing, "on_part_deleted", envelope_for("part.deleted", ORG, gone))


def open_matter(invoicing, account_id, reference="M-1", version=1, matter_id=None, **fields) -> Matter:
    matter = Matter(matter_id=matter_id or uuid4(), version=version, account_id=account_id, reference=reference,
                    title=fields.pop("title", "Server migration"), status=fields.pop("status", "open"), **fields)
    deliver(invoicing, "on_matter", envelope_for("matter.opened", ORG, matter))
    return matter


def lock_work(invoicing, invoice: dict, versions: dict | None = None, org=ORG) -> None:
    """Timetracking's answer to the draft (``work.locked``): each line's work locked at the version
    the line bills, or at ``versions[source_id]``."""
    versions = versions or {}
    items = [LockedItem(kind=line["kind"], item_id=line["source_id"],
                        version=versions.get(line["source_id"], line["source_version"]))
             for line in invoice["lines"] if line["source_id"]]
    deliver(invoicing, "on_work_locked",
            envelope_for("work.locked", org, WorkLocked(invoice_id=invoice["id"], items=items)))


def draft(invoicing, account: dict, actor=partner, locked: bool = True, **fields) -> dict:
    """A draft of the account's unbilled work; ``locked``: with timetracking's lock of it confirmed."""
    invoice = call_as(invoicing, actor, "draft_invoice", {"account_id": account["id"], **fields})
    if locked:
        lock_work(invoicing, invoice)
    return invoice


def posted_invoice(invoicing, account: dict, **draft_fields) -> dict:
    """Draft, approve and post the account's unbilled work."""
    invoice = draft(invoicing, account, **draft_fields)
    call_as(invoicing, partner, "approve_invoice", invoice["id"])
    return call_as(invoicing, billing, "post_invoice", invoice["id"])
