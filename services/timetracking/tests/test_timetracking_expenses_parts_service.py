"""Expenses with receipts, parts from the catalog, and a ticket's live total, against the real database."""

import base64
from uuid import uuid4

import pytest

from ledgerline_contracts import NotFound, PermissionDenied, ValidationFailed
from ledgerline_servicekit.testing.fixtures import call_as, recorded_events

from timetracking_helpers import alice, billing_user, bob, customer_of, known_account, open_ticket, partner, record

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def receipt(content=PNG, content_type="image/png", filename="parking.png"):
    return {"filename": filename, "content_type": content_type, "content_base64": base64.b64encode(content).decode()}


def expense(timetracking, account, actor=alice, **fields):
    return call_as(timetracking, actor, "record_expense", {
        "account_id": str(account.account_id), "work_date": "2026-11-02", "category": "parking",
        "description": "Garage at the client", "amount": "8.40"} | fields)


def test_an_expense_with_a_receipt_photo_is_stored_outside_the_database(timetracking, database_url, receipts_dir):
    account = known_account(timetracking)
    made = expense(timetracking, account, receipt=receipt())
    assert made["amount"] == {"amount": "8.40", "currency": "EUR"} and made["has_receipt"] is True
    assert made["receipt"] == {"filename": "parking.png", "content_type": "image/png", "size": len(PNG)}
    stored = list(receipts_dir.rglob("*"))
    assert [p.read_bytes() for p in stored if p.is_file()] == [PNG]
    fetched = call_as(timetracking, partner, "get_receipt", made["id"])
    assert base64.b64decode(fetched["content_base64"]) == PNG and fetched["content_type"] == "image/png"
    (event,) = recorded_events(database_url, "expense.recorded")
    assert event.payload["amount"] == {"amount": "8.40", "currency": "EUR"} and event.payload["has_receipt"]


BAD_EXPENSES = [
    ({"amount": "0"}, "amount"),
    ({"amount": "8.405"}, "amount"),
    ({"amount": 8.4}, "amount"),
    ({"currency": "USD"}, "currency"),
    ({"currency": "XYZ"}, "currency"),
    ({"category": "fun"}, "category"),
    ({"description": " "}, "description"),
    ({"receipt": receipt(b"just some text, not a receipt", "application/pdf")}, "receipt.content_type"),
    ({"receipt": receipt(content_type="application/pdf")}, "receipt.content_type"),
    ({"receipt": receipt(b"\x89PNG\r\n\x1a\n" + bytes(6 * 1024 * 1024))}, "receipt.content_base64"),
    ({"receipt": {"filename": "x.png", "content_type": "image/png", "content_base64": "***"}},
     "receipt.content_base64"),
]


def test_bad_expenses_name_the_field_and_store_nothing(timetracking, database_url, receipts_dir):
    account = known_account(timetracking)
    for fields, field in BAD_EXPENSES:
        with pytest.raises(ValidationFailed) as refused:
            expense(timetracking, account, **fields)
        assert refused.value.field == field, fields
    assert call_as(timetracking, alice, "list_expenses")["total"] == 0
    assert not receipts_dir.exists() or not any(p.is_file() for p in receipts_dir.rglob("*"))
    assert recorded_events(database_url) == []


def test_expenses_are_edited_and_deleted_by_their_owner_while_unbilled(timetracking, database_url):
    account = known_account(timetracking)
    made = expense(timetracking, account, receipt=receipt())
    edited = call_as(timetracking, alice, "update_expense", made["id"], {"amount": "9.10", "receipt": None})
    assert (edited["amount"]["amount"], edited["has_receipt"], edited["version"]) == ("9.10", False, 2)
    with pytest.raises(NotFound, match="no receipt"):
        call_as(timetracking, alice, "get_receipt", made["id"])
    with pytest.raises(PermissionDenied):
        call_as(timetracking, partner, "update_expense", made["id"], {"amount": "1.00"})
    with pytest.raises(NotFound):
        call_as(timetracking, bob, "delete_expense", made["id"])
    call_as(timetracking, alice, "delete_expense", made["id"])
    assert [e.event_type for e in recorded_events(database_url)] == [
        "expense.recorded", "expense.updated", "expense.deleted"]


def test_expenses_are_listed_like_time(timetracking):
    account = known_account(timetracking)
    ticket = open_ticket(timetracking, account)
    on_ticket = expense(timetracking, account, matter_id=ticket["id"], category="travel", amount="120.00")
    expense(timetracking, account, actor=bob, billable=False)
    assert [e["id"] for e in call_as(timetracking, alice, "list_expenses", matter_id=ticket["id"])["items"]] == [
        on_ticket["id"]]
    assert call_as(timetracking, billing_user, "list_expenses", billable=False)["total"] == 1
    seen = call_as(timetracking, customer_of(account), "list_expenses")["items"]
    # bob's non-billable expense is the firm's: the customer sees only what is billed
    assert [e["id"] for e in seen] == [on_ticket["id"]] and "receipt" not in seen[0] and "user_id" not in seen[0]
    with pytest.raises(PermissionDenied):
        call_as(timetracking, customer_of(account), "get_receipt", on_ticket["id"])


def test_a_part_snapshots_the_catalog_price_and_shows_stock(timetracking, invoicing, database_url):
    account = known_account(timetracking)
    ticket = open_ticket(timetracking, account)
    item = invoicing.add_item(price="49.90", stock=3)
    part = call_as(timetracking, alice, "add_part", {
        "matter_id": ticket["id"], "catalog_item_id": str(item.id), "quantity": "2", "work_date": "2026-11-02",
        "serial_number": " SN-123 "})
    assert (part["name"], part["sku"], part["quantity"], part["serial_number"], part["stock_on_hand"]) == (
        "Toner cartridge", "TON-1", "2", "SN-123", 3)
    assert part["unit_price"] == {"amount": "49.90", "currency": "EUR"}
    invoicing.catalog[item.id] = item.model_copy(update={"unit_price": item.unit_price.model_copy(
        update={"amount": 59})})
    assert call_as(timetracking, alice, "get_part", part["id"])["unit_price"]["amount"] == "49.90"  # snapshot
    edited = call_as(timetracking, alice, "update_part", part["id"], {"quantity": "1.5", "serial_number": "SN-9"})
    assert (edited["quantity"], edited["unit_price"]["amount"], edited["version"]) == ("1.5", "49.90", 2)
    (event,) = recorded_events(database_url, "part.recorded")
    assert event.payload["unit_price"] == {"amount": "49.90", "currency": "EUR"} and event.payload["sku"] == "TON-1"
    assert recorded_events(database_url, "part.updated")[0].payload["quantity"] == "1.5"


def test_the_date_of_work_is_work_date_and_the_old_names_are_still_accepted(timetracking, invoicing, database_url):
    """Expenses said incurred_on and parts used_on before 0.2.0; clients sending them still work (docs/api.md)."""
    account = known_account(timetracking)
    made = call_as(timetracking, alice, "record_expense", {
        "account_id": str(account.account_id), "incurred_on": "2026-11-03", "description": "Taxi", "amount": "12.00"})
    part = call_as(timetracking, alice, "add_part", {"account_id": str(account.account_id), "used_on": "2026-11-04",
                                                      "catalog_item_id": str(invoicing.add_item().id)})
    moved = call_as(timetracking, alice, "update_part", part["id"], {"used_on": "2026-11-05"})
    assert (made["work_date"], part["work_date"], moved["work_date"]) == ("2026-11-03", "2026-11-04", "2026-11-05")
    assert "incurred_on" not in made and "used_on" not in part
    assert recorded_events(database_url, "part.updated")[0].payload["work_date"] == "2026-11-05"
    with pytest.raises(ValidationFailed) as missing:
        call_as(timetracking, alice, "record_expense", {"account_id": str(account.account_id), "description": "Taxi",
                                                        "amount": "12.00"})
    assert missing.value.field == "work_date"


def test_parts_must_come_from_the_catalog(timetracking, invoicing):
    account = known_account(timetracking)
    base = {"account_id": str(account.account_id), "work_date": "2026-11-02"}
    with pytest.raises(NotFound) as missing:
        call_as(timetracking, alice, "add_part", base | {"catalog_item_id": str(uuid4())})
    assert missing.value.field == "catalog_item_id"
    service = invoicing.add_item(name="Onsite hour", kind="service")
    with pytest.raises(ValidationFailed, match="is a service") as refused:
        call_as(timetracking, alice, "add_part", base | {"catalog_item_id": str(service.id)})
    assert refused.value.field == "catalog_item_id"
    with pytest.raises(ValidationFailed) as refused:
        call_as(timetracking, alice, "add_part", base | {"catalog_item_id": str(invoicing.add_item().id),
                                                         "quantity": "0"})
    assert refused.value.field == "quantity"
    assert call_as(timetracking, alice, "list_parts")["total"] == 0


def test_a_tickets_live_total_is_priced_by_invoicing(timetracking, invoicing):
    account = known_account(timetracking)
    ticket = open_ticket(timetracking, account)
    record(timetracking, matter_id=ticket["id"], duration_minutes=90)
    record(timetracking, matter_id=ticket["id"], duration_minutes=30, billable=False)  # not billed
    record(timetracking, account, duration_minutes=60)  # on the account, not the ticket
    record(timetracking, matter_id=ticket["id"], duration_minutes=30, actor=bob)
    expense(timetracking, account, matter_id=ticket["id"], amount="8.40")
    item = invoicing.add_item(price="49.90")
    call_as(timetracking, alice, "add_part", {"matter_id": ticket["id"], "catalog_item_id": str(item.id),
                                              "quantity": "2", "work_date": "2026-11-02"})
    mine = call_as(timetracking, alice, "matter_total", ticket["id"])
    assert mine["counts"] == {"time_entries": 1, "expenses": 1, "parts": 1} and mine["duration_minutes"] == 90
    assert mine["quote"]["total"] == {"amount": "288.20", "currency": "EUR"}  # 1.5 h × 120 + 8.40 + 2 × 49.90
    (spent,) = [line for line in mine["quote"]["lines"] if line["kind"] == "expense"]
    assert spent["description"] == "Parking: Garage at the client"  # not just "Expense"
    asked = invoicing.quote_requests[-1]
    assert str(asked.matter_id) == ticket["id"] and [t.duration_minutes for t in asked.time] == [90]
    everyone = call_as(timetracking, billing_user, "matter_total", ticket["id"])
    assert everyone["duration_minutes"] == 120
    with pytest.raises(PermissionDenied):
        call_as(timetracking, customer_of(account), "matter_total", ticket["id"])
