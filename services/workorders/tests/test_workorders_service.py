"""The work orders service in a nameko container against its real database: a job from proposal
to invoiced, what each caller sees, and bad input refused with nothing changed."""

import base64
from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, func, select

from ledgerline_contracts import Conflict, NotFound, PermissionDenied, Role, ValidationFailed
from ledgerline_contracts.events import invoicing as billing
from ledgerline_servicekit.testing.fixtures import call_as, deliver, envelope_for, make_actor, recorded_events

from ledgerline_workorders.storage.tables import audit_log, crew_time_entries

ORG = uuid4()
partner = make_actor(Role.PARTNER, ORG, name="Pat Partner")
billing_clerk = make_actor(Role.BILLING, ORG)
crew_lead = make_actor(Role.FEE_EARNER, ORG, name="John Smith")
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c630001000005"
    "00010d0a2db40000000049454e44ae426082")).decode()
PDF = base64.b64encode(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n").decode()


def known_account(workorders, active=True):
    account = billing.Account(account_id=uuid4(), version=1, name="Oak Street HOA", active=active,
                              billing_email="board@oak.example", currency="USD", payment_terms_days=30,
                              tax_rate="0")
    deliver(workorders, "on_account", envelope_for("account.created", ORG, account))
    return account


def crew_and_gear(workorders, fake_clock):
    today = fake_clock.now.date().isoformat()
    john = call_as(workorders, partner, "add_employee", {
        "name": "John Smith", "user_id": str(crew_lead.user_id), "role": "operator", "tier": 3,
        "certifications": ["E2"], "hourly_wage": "35", "burden_multiplier": "1.7", "effective_from": today})
    mike = call_as(workorders, partner, "add_employee", {
        "name": "Mike Johnson", "role": "ground crew", "hourly_wage": "35", "burden_multiplier": "1.7",
        "effective_from": today})
    mulcher = call_as(workorders, partner, "add_equipment", {"name": "Supertrak SK200TR", "kind": "mulcher",
                                                             "hourly_rate": "150", "effective_from": today})
    loadout = call_as(workorders, partner, "add_loadout", {
        "name": "Mulching crew", "equipment_ids": [mulcher["id"]], "crew_employee_ids": [john["id"], mike["id"]]})
    return john, mike, mulcher, loadout


LINE = {"service_type": "Forestry Mulching", "description": "Clear 3.5 acres - up to 6\" DBH",
        "production_hours": "13.85", "transport_hours": "0.75", "buffer_hours": "1.46", "pricing_method": "fixed",
        "cost": "4592.49", "price": "9184.98", "target_margin_percent": "50"}
STUMPS = {**LINE, "service_type": "Stump Grinding", "description": "5 stumps", "production_hours": "3.2",
          "transport_hours": "0", "buffer_hours": "0", "cost": "300", "price": "815.02"}


def signed_job(workorders, fake_clock):
    account = known_account(workorders)
    john, mike, mulcher, loadout = crew_and_gear(workorders, fake_clock)
    tomorrow = (fake_clock.now.date() + timedelta(days=1)).isoformat()
    proposal = call_as(workorders, partner, "make_proposal", {
        "account_id": str(account.account_id), "title": "Oak Street Mulching", "site_address": "123 Oak St",
        "scope_included": "Mulch 3.5 acres", "scope_excluded": "Stumps over 12\"", "scheduled_on": tomorrow,
        "line_items": [LINE, STUMPS]})
    customer = make_actor(Role.CUSTOMER, ORG, account_id=account.account_id)
    order = call_as(workorders, customer, "sign_proposal", proposal["id"], {
        "signed_by": "Jane Oak", "signature": {"content_type": "image/png", "content_base64": PNG}})
    return account, customer, john, mike, mulcher, loadout, proposal, order


def test_a_job_from_signed_proposal_to_invoiced(workorders, database_url, fake_clock, photos_dir):
    account, customer, john, mike, mulcher, loadout, proposal, order = signed_job(workorders, fake_clock)
    assert order["status"] == "scheduled" and order["number"].startswith("WO-") and order["proposal_id"]
    assert [line["line_number"] for line in order["lines"]] == [1, 2]
    order = call_as(workorders, partner, "schedule_work_order", order["id"], {
        "scheduled_on": fake_clock.now.date().isoformat(), "start_time": "08:00", "loadout_id": loadout["id"]})
    assert [m["name"] for m in order["crew"]] == ["John Smith", "Mike Johnson"]
    assert [m["name"] for m in order["equipment"]] == ["Supertrak SK200TR"]
    # The crew lead (a fee earner linked to John's employee record) sees the job as theirs.
    mine = call_as(workorders, crew_lead, "list_work_orders", mine=True)
    assert [o["number"] for o in mine["items"]] == [order["number"]]
    assert "start" in mine["items"][0]["allowed_actions"]
    order = call_as(workorders, crew_lead, "start_work_order", order["id"], {
        "weather": "Clear, 75°F", "safety_briefing_at": fake_clock.now.isoformat(),
        "safety_attendees": [john["id"], mike["id"]], "ppe_verified": True,
        "site_conditions": {"access_difficulty": 6, "vegetation_density": "Heavy", "hazards": ["Power lines"]}})
    assert order["status"] == "in_progress" and order["costing"] is None  # crew do not see money
    first, second = (line["id"] for line in order["lines"])
    call_as(workorders, crew_lead, "start_line_item", order["id"], first)
    order = call_as(workorders, crew_lead, "clock_in", order["id"], first, {
        "employee_ids": [john["id"], mike["id"]], "equipment_ids": [mulcher["id"]], "activity": "production"})
    assert order["lines"][0]["clocked_in"] == ["John Smith", "Mike Johnson"]
    fake_clock.advance(hours=16, minutes=54)  # 16.9 h
    call_as(workorders, crew_lead, "clock_out", order["id"], first, {"employee_ids": [john["id"], mike["id"]]})
    order = call_as(workorders, crew_lead, "complete_line_item", order["id"], first)
    line = order["lines"][0]
    assert (line["status"], line["actual_hours"], line["variance_hours"]) == ("completed", "16.90", "0.84")
    costing = call_as(workorders, billing_clerk, "get_costing", order["id"])
    assert costing["lines"][0]["costs"]["labour_cost"]["amount"] == "2011.10"  # 2 × $1,005.55
    assert costing["lines"][0]["costs"]["equipment_cost"]["amount"] == "5070.00"  # 2 × 16.9 h × $150
    # The stump line runs far over: the projection crosses the thresholds once.
    call_as(workorders, crew_lead, "start_line_item", order["id"], second)
    call_as(workorders, crew_lead, "clock_in", order["id"], second, {"employee_ids": [mike["id"]]})
    fake_clock.advance(hours=6)
    call_as(workorders, crew_lead, "clock_out", order["id"], second, {"employee_ids": [mike["id"]]})
    call_as(workorders, crew_lead, "clock_in", order["id"], second, {"employee_ids": [mike["id"]]})
    fake_clock.advance(hours=1)
    call_as(workorders, crew_lead, "clock_out", order["id"], second, {"employee_ids": [mike["id"]]})
    alerts = recorded_events(database_url, "workorder.margin_alert")
    assert sorted(a.payload["reason"] for a in alerts) == ["hours", "margin"]
    # A change order on the running job: counted, with its hours.
    order = call_as(workorders, partner, "add_line_item", order["id"], {**STUMPS, "description": "2 more stumps",
                                                                       "production_hours": "1.5"})
    assert order["change_orders"] == {"count": 1, "impact_hours": "1.50"}
    third = order["lines"][2]["id"]
    call_as(workorders, crew_lead, "complete_line_item", order["id"], second)
    call_as(workorders, crew_lead, "start_line_item", order["id"], third)
    fake_clock.advance(hours=1)
    call_as(workorders, crew_lead, "complete_line_item", order["id"], third)
    # Documentation and the checklist; completing first refuses, naming what is missing.
    with pytest.raises(Conflict, match="3 after photos") as refused:
        call_as(workorders, crew_lead, "complete_work_order", order["id"], {
            "printed_name": "Jane Oak", "signature": {"content_type": "image/png", "content_base64": PNG}})
    assert refused.value.field == "checklist"
    for tag in ("before", "after", "after", "after"):
        order = call_as(workorders, crew_lead, "add_photo", order["id"], {
            "tag": tag, "filename": f"{tag}.png", "content_type": "image/png", "content_base64": PNG})
    assert len(list(p for p in photos_dir.rglob("*") if p.is_file())) == 1  # the same bytes are stored once
    call_as(workorders, crew_lead, "add_note", order["id"], {"kind": "customer_communication",
                                                              "text": "Leave chips for the playground"})
    call_as(workorders, crew_lead, "report_incident", order["id"], {"kind": "near_miss",
                                                                     "description": "Branch fell near Mike"})
    order = call_as(workorders, crew_lead, "update_checklist", order["id"], {
        "walkthrough_complete": True, "debris_removed": True, "site_restored": True, "equipment_cleaned": True,
        "completion_notes": "Customer very satisfied"})
    assert order["checklist"]["met"] and order["near_misses"] == 1
    order = call_as(workorders, crew_lead, "complete_work_order", order["id"], {
        "printed_name": "Jane Oak", "signature": {"content_type": "image/png", "content_base64": PNG}})
    assert order["status"] == "completed" and order["signoff"]["printed_name"] == "Jane Oak"
    (completed,) = recorded_events(database_url, "workorder.completed")
    assert completed.payload["contract_amount"] is None
    assert [line["price"]["amount"] for line in completed.payload["lines"]] == ["9184.98", "815.02", "815.02"]
    performance = call_as(workorders, billing_clerk, "get_performance", order["id"])
    assert performance["actual_total_hours"] == "24.90" and performance["site_factors"]["access_difficulty"] == 6
    report = call_as(workorders, partner, "estimate_accuracy")
    assert report["jobs"] == 1 and report["within_estimate"] == 0
    # Invoicing posts the invoice it drafted from the job: the job is Invoiced, once.
    posted = billing.InvoicePosted(
        invoice_id=uuid4(), number="INV-2026-000001", account_id=account.account_id, account_name="Oak Street HOA",
        billing_email="board@oak.example", issue_date=fake_clock.now.date(), due_date=fake_clock.now.date(),
        subtotal={"amount": "10815.02", "currency": "USD"}, tax={"amount": "0", "currency": "USD"},
        total={"amount": "10815.02", "currency": "USD"}, items={}, work_order_id=order["id"])
    envelope = envelope_for("invoice.posted", ORG, posted)
    deliver(workorders, "on_invoice_posted", envelope)
    deliver(workorders, "on_invoice_posted", envelope)
    order = call_as(workorders, customer, "get_work_order", order["id"])
    assert (order["status"], order["invoice_number"]) == ("invoiced", "INV-2026-000001")
    assert len(recorded_events(database_url, "workorder.invoiced")) == 1
    # The customer sees progress and documents, never costs, time entries or crew notes.
    assert order["costing"] is None and order["time_entries"] == [] and order["notes"] == []
    assert all(line["costs"] is None for line in order["lines"]) and order["alerts"] == []
    for event_type in ("proposal.signed", "workorder.scheduled", "workorder.started"):
        assert len(recorded_events(database_url, event_type)) == 1, event_type
    assert len(recorded_events(database_url, "workorder.line_item_completed")) == 3
    photo = call_as(workorders, customer, "get_photo", order["id"], order["photos"][0]["id"])
    assert photo["content_base64"] == PNG


def counts(database_url) -> tuple[int, int]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        result = tuple(connection.execute(select(func.count()).select_from(table)).scalar_one()
                       for table in (audit_log, crew_time_entries))
    engine.dispose()
    return result


def test_bad_input_names_the_field_and_changes_nothing(workorders, database_url, fake_clock, photos_dir):
    _, _, john, _, _, loadout, _, order = signed_job(workorders, fake_clock)
    yesterday = (fake_clock.now.date() - timedelta(days=1)).isoformat()
    before = counts(database_url)
    with pytest.raises(ValidationFailed) as refused:
        call_as(workorders, partner, "schedule_work_order", order["id"], {"scheduled_on": yesterday,
                                                                          "loadout_id": loadout["id"]})
    assert refused.value.field == "scheduled_on"
    with pytest.raises(ValidationFailed) as refused:
        call_as(workorders, partner, "add_employee", {"name": "X", "role": "operator", "hourly_wage": "-1",
                                                      "burden_multiplier": "1.7"})
    assert refused.value.field == "hourly_wage"
    with pytest.raises(ValidationFailed) as refused:
        call_as(workorders, partner, "add_line_item", order["id"], {**LINE, "production_hours": "-2"})
    assert refused.value.field == "production_hours"
    assert counts(database_url) == before
    assert call_as(workorders, partner, "get_work_order", order["id"])["status"] == "scheduled"
    call_as(workorders, partner, "schedule_work_order", order["id"], {
        "scheduled_on": fake_clock.now.date().isoformat(), "loadout_id": loadout["id"]})
    call_as(workorders, crew_lead, "start_work_order", order["id"], {
        "weather": "Rain", "safety_briefing_at": fake_clock.now.isoformat(), "safety_attendees": [john["id"]],
        "ppe_verified": True})
    first = call_as(workorders, partner, "get_work_order", order["id"])["lines"][0]["id"]
    call_as(workorders, crew_lead, "start_line_item", order["id"], first)
    with pytest.raises(ValidationFailed) as refused:  # clock-out without clock-in
        call_as(workorders, crew_lead, "clock_out", order["id"], first, {"employee_ids": [john["id"]]})
    assert refused.value.field == "employee_ids"
    call_as(workorders, crew_lead, "clock_in", order["id"], first, {"employee_ids": [john["id"]]})
    before = counts(database_url)
    earlier = fake_clock.now.replace(year=fake_clock.now.year - 1).isoformat()
    with pytest.raises(ValidationFailed) as refused:  # negative hours
        call_as(workorders, crew_lead, "clock_out", order["id"], first, {"employee_ids": [john["id"]], "at": earlier})
    assert refused.value.field == "at"
    with pytest.raises(ValidationFailed) as refused:
        call_as(workorders, crew_lead, "add_photo", order["id"], {"tag": "after", "content_type": "application/pdf",
                                                                  "content_base64": PDF})
    assert refused.value.field == "photo.content_type"
    with pytest.raises(ValidationFailed) as refused:
        call_as(workorders, crew_lead, "add_photo", order["id"], {"tag": "sideways", "content_type": "image/png",
                                                                  "content_base64": PNG})
    assert refused.value.field == "tag"
    with pytest.raises(Conflict):
        call_as(workorders, crew_lead, "start_work_order", order["id"], {
            "weather": "Rain", "safety_briefing_at": fake_clock.now.isoformat(), "safety_attendees": [john["id"]],
            "ppe_verified": True})
    assert counts(database_url) == before
    assert len([p for p in photos_dir.rglob("*") if p.is_file()]) == 1  # the signature only: no refused photo


def test_who_sees_and_does_what(workorders, fake_clock):
    _, customer, john, _, _, _, proposal, order = signed_job(workorders, fake_clock)
    stranger_crew = make_actor(Role.FEE_EARNER, ORG)
    assert call_as(workorders, stranger_crew, "list_work_orders")["total"] == 0
    with pytest.raises(NotFound):
        call_as(workorders, stranger_crew, "get_work_order", order["id"])
    with pytest.raises(NotFound):
        call_as(workorders, make_actor(Role.CUSTOMER, ORG, account_id=uuid4()), "get_work_order", order["id"])
    with pytest.raises(NotFound):
        call_as(workorders, make_actor(Role.PARTNER), "get_work_order", order["id"])  # another organization
    with pytest.raises(PermissionDenied):
        call_as(workorders, crew_lead, "schedule_work_order", order["id"], {"scheduled_on": "2030-01-01"})
    with pytest.raises(PermissionDenied):
        call_as(workorders, customer, "get_costing", order["id"])
    # Wages only for those who see money; a crew member sees names and roles.
    listed = call_as(workorders, crew_lead, "list_employees")
    assert {e["name"] for e in listed["items"]} == {"John Smith", "Mike Johnson"}
    assert all(e["rates"] is None for e in listed["items"])
    john_for_billing = call_as(workorders, billing_clerk, "get_employee", john["id"])
    assert john_for_billing["rates"]["current"]["hourly_cost"] == "59.50"
    assert call_as(workorders, customer, "get_proposal", proposal["id"])["line_items"][0]["cost"] is None
    with pytest.raises(Conflict, match="already signed"):
        call_as(workorders, customer, "sign_proposal", proposal["id"], {
            "signed_by": "Jane Oak", "signature": {"content_type": "image/png", "content_base64": PNG}})
    listed = call_as(workorders, partner, "list_work_orders", proposal_id=proposal["id"], status="scheduled")
    assert [o["id"] for o in listed["items"]] == [order["id"]]
    assert call_as(workorders, partner, "list_work_orders", direct=True)["total"] == 0
    # Filtering by an account that is not ours (or not the customer's own) is not found, not empty.
    for caller, method in ((partner, "list_work_orders"), (customer, "list_proposals")):
        with pytest.raises(NotFound) as refused:
            call_as(workorders, caller, method, account_id=str(uuid4()))
        assert refused.value.field == "account_id"
    assert call_as(workorders, customer, "list_work_orders")["total"] == 1
    # A retired employee stays on record but is no longer scheduled.
    retired = call_as(workorders, partner, "update_employee", john["id"], {"active": False})
    assert retired["active"] is False
    with pytest.raises(ValidationFailed, match="John Smith no longer active") as refused:
        call_as(workorders, partner, "schedule_work_order", order["id"], {
            "scheduled_on": fake_clock.now.date().isoformat(), "crew_employee_ids": [john["id"]]})
    assert refused.value.field == "crew_employee_ids"


def test_a_wage_change_applies_from_its_date(workorders, fake_clock):
    john, *_ = crew_and_gear(workorders, fake_clock)
    today = fake_clock.now.date()
    later = today + timedelta(days=7)
    employee = call_as(workorders, partner, "set_employee_wage", john["id"], {
        "hourly_wage": "40", "burden_multiplier": "1.7", "effective_from": later.isoformat()})
    assert employee["rates"]["current"]["hourly_wage"] == "35.00"
    assert [r["hourly_wage"] for r in employee["rates"]["history"]] == ["35.00", "40.00"]


def test_a_direct_work_order_starts_created_and_is_numbered_per_day(workorders, fake_clock):
    account = known_account(workorders)
    made = [call_as(workorders, partner, "create_work_order", {
        "account_id": str(account.account_id), "title": "Emergency Storm Cleanup - Oak Street",
        "contract_amount": "15000", "po_number": "INS-2024-1234", "special_instructions": "Document everything",
        "line_items": [LINE]}) for _ in range(2)]
    day = fake_clock.now.strftime("%Y%m%d")
    assert [o["number"] for o in made] == [f"WO-{day}-001", f"WO-{day}-002"]
    assert {o["status"] for o in made} == {"created"} and all(o["direct"] for o in made)
    assert made[0]["costing"]["projection"]["contract_price"] == {"amount": "15000.00", "currency": "USD"}
    assert call_as(workorders, partner, "list_work_orders", direct=True)["total"] == 2
    with pytest.raises(ValidationFailed, match="inactive"):
        call_as(workorders, partner, "create_work_order", {
            "account_id": str(known_account(workorders, active=False).account_id), "title": "x",
            "contract_amount": "1"})
    assert Decimal(made[0]["lines"][0]["estimated_hours"]) == Decimal("16.06")
