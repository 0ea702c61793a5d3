"""A completed work order (``workorder.completed``) becomes a draft invoice, once, which is
approved and posted like any other."""

import base64
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from pypdf import PdfReader

from ledgerline_contracts import Conflict, Money, NotFound, ValidationFailed
from ledgerline_contracts.events.workorders import CompletedLineItem, WorkOrderCompleted
from ledgerline_servicekit.testing.fixtures import call_as, deliver, envelope_for, recorded_events

from invoicing_helpers import ORG, associate, billing, new_account, partner, record_time

NOBODY = "00000000-0000-0000-0000-000000000000"


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def line_item(number: int, method: str, description: str, *, price: str | None = None, hours: str = "16.90",
              service_type: str = "Forestry Mulching", labour: str = "2010.50", equipment: str = "2789.64",
              change_order: bool = False) -> CompletedLineItem:
    return CompletedLineItem(
        line_item_id=uuid4(), line_number=number, service_type=service_type, description=description,
        pricing_method=method, estimated_hours=Decimal("16.06"), actual_hours=Decimal(hours),
        price=eur(price) if price else None, labour_cost=eur(labour), equipment_cost=eur(equipment),
        change_order=change_order)


def completed(account: dict, *lines: CompletedLineItem, number: str = "WO-20261129-001") -> WorkOrderCompleted:
    labour = sum((l.labour_cost.amount for l in lines), Decimal(0))
    equipment = sum((l.equipment_cost.amount for l in lines), Decimal(0))
    return WorkOrderCompleted(
        work_order_id=uuid4(), number=number, account_id=UUID(account["id"]), title="Oak Street clearing",
        completed_on=date(2026, 11, 28), completed_at=datetime(2026, 11, 28, 16, tzinfo=UTC),
        contract_amount=None, lines=list(lines), labour_cost=eur(str(labour)),
        equipment_cost=eur(str(equipment)), total_cost=eur(str(labour + equipment)))


def complete(invoicing, work_order: WorkOrderCompleted, **fields):
    envelope = envelope_for("workorder.completed", ORG, work_order, **fields)
    deliver(invoicing, "on_work_order_completed", envelope)
    return envelope


def drafts_of(invoicing, account: dict) -> list[dict]:
    listed = call_as(invoicing, partner, "list_invoices", account_id=account["id"])["items"]
    return [call_as(invoicing, partner, "get_invoice", i["id"]) for i in listed]


def test_a_completed_work_order_becomes_one_draft_with_its_lines_and_totals(invoicing, database_url):
    account = new_account(invoicing, tax_rate="0.20", hourly_rate="120.00")
    work_order = completed(
        account, line_item(1, "fixed", "Clear 3.5 acres up to 6\" DBH", price="9184.98"),
        line_item(2, "hourly", "Grind four stumps", hours="2.50", service_type="Stump Grinding", labour="100.00",
                  equipment="50.00", change_order=True))
    envelope = complete(invoicing, work_order)
    (invoice,) = drafts_of(invoicing, account)
    assert invoice["status"] == "draft"
    assert invoice["work_order"] == {"id": str(work_order.work_order_id), "number": "WO-20261129-001"}
    assert [(l["kind"], l["description"], l["shown_quantity"], l["unit_price"]["amount"], l["amount"]["amount"],
             l["tax"]["amount"], l["rate_source"], l["unpriced"]) for l in invoice["lines"]] == [
        ("work_order", "WO-20261129-001: Clear 3.5 acres up to 6\" DBH", "1", "9184.98", "9184.98", "1837.00",
         None, False),
        ("work_order", "WO-20261129-001 (change order): Grind four stumps", "2.50 h", "120.00", "300.00", "60.00",
         "account", False),
    ]
    assert [l["source_id"] for l in invoice["lines"]] == [str(l.line_item_id) for l in work_order.lines]
    assert [l["work_date"] for l in invoice["lines"]] == ["2026-11-28", "2026-11-28"]
    assert (invoice["subtotal"]["amount"], invoice["tax"]["amount"], invoice["total"]["amount"]) == (
        "9484.98", "1897.00", "11381.98")
    assert invoice["cost"] == {"amount": "4950.14", "currency": "EUR"}  # labour and equipment of both lines
    # Nothing for timetracking to lock: the draft can be approved at once.
    assert (invoice["lines_awaiting_lock"], invoice["needs_reconciling"]) == (0, False)
    (drafted,) = recorded_events(database_url, "invoice.drafted")
    assert drafted.payload["work_order_id"] == str(work_order.work_order_id)
    assert drafted.payload["drafted_by"] == NOBODY
    assert drafted.payload["items"] == {"time_entry_ids": [], "expense_ids": [], "part_ids": []}
    (entry,) = call_as(invoicing, billing, "audit_trail", invoice["id"])["items"]
    assert (entry["action"], entry["actor_name"], entry["details"]) == (
        "draft", "Ledgerline, from work order WO-20261129-001", {"lines": 2, "work_order": "WO-20261129-001"})

    # The same event again, and the same fact in a new event (a late or republished one): no second draft.
    complete(invoicing, work_order, event_id=envelope.event_id)
    complete(invoicing, work_order)
    assert len(drafts_of(invoicing, account)) == 1
    assert len(recorded_events(database_url, "invoice.drafted")) == 1


def test_the_draft_is_approved_and_posted_and_the_posting_names_the_work_order(invoicing, database_url):
    account = new_account(invoicing, tax_rate="0")
    work_order = completed(account, line_item(1, "fixed", "Clear 3.5 acres", price="9184.98"))
    complete(invoicing, work_order)
    (invoice,) = drafts_of(invoicing, account)
    assert "approve_invoice" in invoice["allowed_actions"]
    call_as(invoicing, partner, "approve_invoice", invoice["id"])
    posted = call_as(invoicing, billing, "post_invoice", invoice["id"])
    assert posted["status"] == "posted" and posted["number"].startswith("INV-")
    assert posted["work_order"]["number"] == "WO-20261129-001"
    (event,) = recorded_events(database_url, "invoice.posted")
    assert event.payload["work_order_id"] == str(work_order.work_order_id)
    assert event.payload["subtotal"] == {"amount": "9184.98", "currency": "EUR"}
    assert event.payload["cost"] == {"amount": "4800.14", "currency": "EUR"}
    assert event.payload["items"] == {"time_entry_ids": [], "expense_ids": [], "part_ids": []}
    pdf = call_as(invoicing, billing, "invoice_pdf", invoice["id"])
    text = PdfReader(io.BytesIO(base64.b64decode(pdf["content"]))).pages[0].extract_text()
    assert "Work order\nWO-20261129-001\n" in text  # the facts beside the bill-to
    assert "WO-20261129-001: Clear 3.5 acres" in text


def test_hours_without_a_rate_are_flagged_like_unpriced_time(invoicing):
    account = new_account(invoicing, hourly_rate=None)
    # A rate for the service type (as the activity code) prices that service's hours.
    call_as(invoicing, billing, "set_rate", {"rate": "95.00", "account_id": account["id"],
                                             "activity_code": "stump grinding"})
    work_order = completed(account, line_item(1, "hourly", "Grind stumps", hours="3.00",
                                              service_type="Stump Grinding"),
                           line_item(2, "hourly", "Haul debris", hours="1.25", service_type="Hauling"))
    complete(invoicing, work_order)
    (invoice,) = drafts_of(invoicing, account)
    assert [(l["amount"]["amount"], l["rate_source"], l["unpriced"]) for l in invoice["lines"]] == [
        ("285.00", "account (activity)", False), ("0.00", "none", True)]
    assert invoice["unpriced_lines"] == 1
    with pytest.raises(Conflict, match="no hourly rate") as refused:
        call_as(invoicing, partner, "approve_invoice", invoice["id"])
    assert refused.value.field == "confirm_unpriced"
    assert call_as(invoicing, partner, "approve_invoice", invoice["id"], True)["status"] == "approved"


def test_any_partner_edits_the_draft_and_it_leaves_timetracking_work_alone(invoicing, database_url):
    account = new_account(invoicing)
    entry = record_time(invoicing, account["id"])
    complete(invoicing, completed(account, line_item(1, "fixed", "Clear the lot", price="1000.00")))
    (invoice,) = drafts_of(invoicing, account)
    # Its own work is not claimed: the account's time stays unbilled for a draft of its own.
    assert [i["entry_id"] for i in call_as(invoicing, partner, "list_unbilled", account["id"])["items"]] == [
        str(entry.entry_id)]
    edited = call_as(invoicing, partner, "add_line", invoice["id"], {
        "description": "Loyalty discount", "quantity": "1", "unit_price": "-100.00"})
    assert edited["subtotal"]["amount"] == "900.00"
    job, discount = (l["id"] for l in edited["lines"])
    with pytest.raises(ValidationFailed, match="less than zero"):  # the discount alone
        call_as(invoicing, partner, "remove_line", invoice["id"], job)
    call_as(invoicing, partner, "remove_line", invoice["id"], discount)
    assert call_as(invoicing, partner, "remove_line", invoice["id"], job)["lines"] == []
    assert recorded_events(database_url, "invoice.items_released") == []  # nothing to give back
    with pytest.raises(NotFound):  # no associate partner drafted it
        call_as(invoicing, associate, "get_invoice", invoice["id"])


def test_a_price_in_another_currency_is_refused_naming_the_line(invoicing):
    account = new_account(invoicing, currency="USD")
    with pytest.raises(ValidationFailed, match="bills in USD") as refused:
        complete(invoicing, completed(account, line_item(1, "fixed", "Clear the lot", price="1000.00")))
    assert refused.value.field == "lines.0.price"
    assert drafts_of(invoicing, account) == []


def test_a_direct_work_orders_fixed_price_work_bills_its_agreed_contract_amount(invoicing):
    account = new_account(invoicing, tax_rate="0")
    work_order = completed(account, line_item(1, "fixed", "Storm cleanup", price="12000.00"),
                           line_item(2, "hourly", "Standby", hours="2.00"), number="WO-20261129-002")
    work_order = work_order.model_copy(update={"contract_amount": eur("15000.00")})
    complete(invoicing, work_order)
    (invoice,) = drafts_of(invoicing, account)
    assert [(l["description"], l["amount"]["amount"]) for l in invoice["lines"]] == [
        ("WO-20261129-002: Storm cleanup", "12000.00"),
        ("WO-20261129-002: Standby", "240.00"),
        ("WO-20261129-002: Oak Street clearing, balance of the agreed contract amount of 15,000.00 EUR", "3000.00"),
    ]
    assert invoice["subtotal"]["amount"] == "15240.00"  # the contract amount, and the hours on top
