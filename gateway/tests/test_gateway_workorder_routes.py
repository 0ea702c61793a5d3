"""The work orders API at the gateway: who may call what, what reaches the service, what a user
sees (only the response model's fields; money only where the service sent it), bad input."""

import pytest

from ledgerline_contracts import Conflict, Role
from ledgerline_contracts.views.workorders import WorkOrderView
from ledgerline_gateway.permissions import allows
from ledgerline_gateway.routes import load_all

ID = "5f0c2a4e-8a43-4bb1-9b59-5f7f4d1b0c2e"
LINE_ID = "6a1d3b5f-9b54-4cc2-8c6a-6a8a5e2c1d3f"
TAGS = {"work orders", "proposals", "crew and equipment"}
ENDPOINTS = [ep for ep in load_all().endpoints if ep.tag in TAGS]
PNG = "iVBORw0KGgo="
USD = "USD"


def money(amount: str) -> dict:
    return {"amount": amount, "currency": USD}


def path_of(rule: str) -> str:
    for name in ("work_order_id", "employee_id", "equipment_id", "proposal_id", "photo_id"):
        rule = rule.replace(f"<uuid:{name}>", ID)
    return "/api/v1" + rule.replace("<uuid:line_id>", LINE_ID)


def line_view(costs: bool) -> dict:
    return {
        "id": LINE_ID, "allowed_actions": [], "line_number": 1, "service_type": "Forestry Mulching",
        "description": "Clear 3.5 acres",
        "pricing_method": "fixed", "status": "completed", "change_order": False, "production_hours": "13.85",
        "transport_hours": "0.75", "buffer_hours": "1.46", "estimated_hours": "16.06", "actual_hours": "16.90",
        "variance_hours": "0.84", "started_at": "2026-12-02T08:00:00+00:00",
        "completed_at": "2026-12-03T00:54:00+00:00", "running": False, "clocked_in": [],
        "costs": {"estimated_cost": money("4592.49"), "price": money("9184.98"), "target_margin_percent": "50.00",
                  "labour_cost": money("2011.10"), "equipment_cost": money("2789.64"),
                  "total_cost": money("4800.74"), "profit": money("4384.24"), "margin_percent": "47.73"}
        if costs else None,
    }


def work_order_view(costs: bool) -> dict:
    """A work order as the service answers it (with a field the API does not document)."""
    projection = {"actual_hours": "16.90", "estimated_hours": "16.06", "projected_hours": "16.90",
                  "actual_cost": money("4800.74"), "estimated_cost": money("4592.49"),
                  "projected_cost": money("4800.74"), "contract_price": money("9184.98"),
                  "target_margin_percent": "50.00", "projected_margin_percent": "47.73", "overrun_factor": "1.0523"}
    alert = {"reason": "margin", "raised_at": "2026-12-02T18:00:00+00:00", "projected_margin_percent": "43.40",
             "target_margin_percent": "50.00", "projected_hours": "18.20", "estimated_hours": "16.06",
             "projected_cost": "5200.00"}
    return {
        "id": ID, "number": "WO-20261201-001", "status": "completed", "direct": False, "account_id": ID,
        "account_name": "Oak Street HOA", "title": "Oak Street Mulching", "site_address": "123 Oak St",
        "proposal_id": ID, "scheduled_on": "2026-12-02", "start_time": "08:00",
        "crew": [{"employee_id": ID, "name": "John Smith", "role": "operator"}], "line_items": 1,
        "line_items_completed": 1, "alert_count": 1 if costs else 0, "allowed_actions": [],
        "po_number": None, "special_instructions": "", "scope_included": "Mulch", "scope_excluded": "",
        "loadout_id": None, "equipment": [{"equipment_id": ID, "name": "Supertrak SK200TR"}],
        "started_at": "2026-12-02T08:00:00+00:00", "completed_at": "2026-12-03T01:00:00+00:00",
        "safety": {"weather": "Clear, 75°F"}, "site_conditions": {"access_difficulty": 6},
        "lines": [line_view(costs)], "time_entries": [], "change_orders": {"count": 0, "impact_hours": "0"},
        "photos": [], "notes": [], "safety_incidents": 0, "near_misses": 0,
        "checklist": {"all_line_items_completed": True, "photos": {"after": {"minimum": 3, "uploaded": 3}},
                      "walkthrough_complete": True, "debris_removed": True, "site_restored": True,
                      "equipment_cleaned": True, "completion_notes": "", "unmet": [], "met": True},
        "signoff": {"printed_name": "Jane Oak", "signed_at": "2026-12-03T01:00:00+00:00"},
        "invoice_id": None, "invoice_number": None,
        "costing": {"work_order_id": ID, "number": "WO-20261201-001", "status": "completed",
                    "as_of": "2026-12-03T01:00:00+00:00", "labour_cost": money("2011.10"),
                    "equipment_cost": money("2789.64"), "total_cost": money("4800.74"), "projection": projection,
                    "lines": [line_view(True)], "alerts": [alert]} if costs else None,
        "alerts": [alert] if costs else [],
    }


@pytest.fixture
def signed_in(login):
    return {role: login(role) for role in Role}


def test_every_work_order_route_answers_each_role_as_the_matrix_says(client, rpc, signed_in):
    assert len(ENDPOINTS) >= 35
    for ep in ENDPOINTS:
        for role, headers in signed_in.items():
            rpc.calls.clear()
            response = client.open(path_of(ep.rule), method=ep.method, headers=headers,
                                   json={} if ep.body is not None else None)
            if allows(ep.capability, role):
                assert response.status_code != 403, f"{ep.method} {ep.rule} refused a {role.value}"
            else:
                assert response.status_code == 403, f"{ep.method} {ep.rule} let a {role.value} in"
                assert rpc.calls == []


def test_billing_sees_the_job_with_its_costs_as_documented(client, rpc, login):
    rpc.reply = work_order_view(costs=True)
    response = client.get(f"/api/v1/work-orders/{ID}", headers=login(Role.BILLING))
    assert response.status_code == 200
    job = response.json
    assert set(job) == set(WorkOrderView.model_fields)
    assert job["lines"][0]["costs"]["labour_cost"] == {"amount": "2011.10", "currency": "USD"}
    assert job["costing"]["projection"]["projected_margin_percent"] == "47.73"
    assert [a["reason"] for a in job["alerts"]] == ["margin"]
    assert (job["number"], job["lines"][0]["actual_hours"], job["lines"][0]["variance_hours"]) == (
        "WO-20261201-001", "16.90", "0.84")


def test_a_customer_sees_their_job_without_money(client, rpc, login):
    rpc.reply = work_order_view(costs=False)
    response = client.get(f"/api/v1/work-orders/{ID}", headers=login(Role.CUSTOMER, account_id=ID))
    assert response.status_code == 200
    job = response.json
    assert job["costing"] is None and job["alerts"] == [] and job["lines"][0]["costs"] is None
    assert job["signoff"]["printed_name"] == "Jane Oak" and job["status"] == "completed"
    assert client.get(f"/api/v1/work-orders/{ID}/costing",
                      headers=login(Role.CUSTOMER, account_id=ID, email="c2@x.example")).status_code == 403


def test_the_flow_reaches_the_right_methods_with_validated_bodies(client, rpc, login):
    partner, crew = login(Role.PARTNER), login(Role.FEE_EARNER)
    rpc.reply = work_order_view(costs=True)
    calls = [
        (partner, "POST", f"/proposals/{ID}/sign", {"signed_by": " Jane Oak ",
                                                    "signature": {"content_type": "image/png",
                                                                  "content_base64": PNG}}, 201),
        (partner, "POST", f"/work-orders/{ID}/schedule", {"scheduled_on": "2026-12-02", "start_time": "08:00",
                                                          "loadout_id": ID}, 200),
        (crew, "POST", f"/work-orders/{ID}/start", {"weather": "Clear", "safety_briefing_at": "2026-12-02T08:00:00Z",
                                                    "safety_attendees": [ID], "ppe_verified": True}, 200),
        (crew, "POST", f"/work-orders/{ID}/line-items/{LINE_ID}/start", {}, 200),
        (crew, "POST", f"/work-orders/{ID}/line-items/{LINE_ID}/clock-in", {"employee_ids": [ID, ID],
                                                                             "equipment_ids": [ID]}, 200),
        (crew, "POST", f"/work-orders/{ID}/line-items/{LINE_ID}/clock-out", {"employee_ids": [ID]}, 200),
        (crew, "POST", f"/work-orders/{ID}/line-items/{LINE_ID}/complete", {"at": "2026-12-02T17:00:00Z"}, 200),
        (partner, "POST", f"/work-orders/{ID}/line-items", {"service_type": "Stump Grinding", "description": "5",
                                                            "production_hours": "2.5", "cost": "100",
                                                            "price": "400"}, 201),
        (crew, "POST", f"/work-orders/{ID}/photos", {"tag": "after", "content_type": "image/png",
                                                     "content_base64": PNG}, 201),
        (crew, "PATCH", f"/work-orders/{ID}/checklist", {"debris_removed": True}, 200),
        (crew, "POST", f"/work-orders/{ID}/complete", {"printed_name": "Jane Oak",
                                                       "signature": {"content_type": "image/png",
                                                                     "content_base64": PNG}}, 200),
    ]
    for headers, method, path, body, status in calls:
        response = client.open("/api/v1" + path, method=method, headers=headers, json=body)
        assert response.status_code == status, (path, response.json)
    assert [c[1] for c in rpc.calls] == [
        "sign_proposal", "schedule_work_order", "start_work_order", "start_line_item", "clock_in", "clock_out",
        "complete_line_item", "add_line_item", "add_photo", "update_checklist", "complete_work_order"]
    sign, _, _, _, clock_in, *_, checklist, _ = rpc.calls
    assert sign[2] == (ID, {"signed_by": "Jane Oak", "signature": {"filename": "image", "content_type": "image/png",
                                                                    "content_base64": PNG}})
    assert clock_in[2] == (ID, LINE_ID, {"employee_ids": [ID, ID], "equipment_ids": [ID], "activity": "production"})
    assert checklist[2] == (ID, {"debris_removed": True})  # only what was ticked
    assert rpc.calls[3][2] == (ID, LINE_ID, {}) and rpc.calls[6][2] == (ID, LINE_ID, {"at": "2026-12-02T17:00:00Z"})


def test_an_unmet_checklist_is_409_naming_what_is_missing(client, rpc, login):
    rpc.error = Conflict("the completion checklist is not met: 3 after photos (have 1); site restored", "checklist")
    response = client.post(f"/api/v1/work-orders/{ID}/complete", headers=login(Role.FEE_EARNER), json={
        "printed_name": "Jane Oak", "signature": {"content_type": "image/png", "content_base64": PNG}})
    assert response.status_code == 409
    assert response.json["error"]["field"] == "checklist"
    assert "3 after photos (have 1)" in response.json["error"]["message"]


@pytest.mark.parametrize(("role", "method", "path", "body", "field"), [
    (Role.PARTNER, "POST", "/employees", {"name": "John", "role": "operator", "hourly_wage": 35.0,
                                          "burden_multiplier": "1.7"}, "hourly_wage"),
    (Role.PARTNER, "POST", "/employees", {"name": "John", "role": "operator", "hourly_wage": "35",
                                          "burden_multiplier": "0.5"}, "burden_multiplier"),
    (Role.PARTNER, "POST", f"/work-orders/{ID}/line-items", {"service_type": "x", "description": "x",
                                                             "production_hours": "-1", "cost": "1", "price": "1"},
     "production_hours"),
    (Role.PARTNER, "POST", f"/work-orders/{ID}/schedule", {"scheduled_on": "1999-12-31"}, "scheduled_on"),
    (Role.PARTNER, "POST", f"/work-orders/{ID}/schedule", {"scheduled_on": "2026-12-02", "start_time": "8am"},
     "start_time"),
    (Role.PARTNER, "POST", "/work-orders", {"account_id": ID, "title": "x", "contract_amount": "-5"},
     "contract_amount"),
    (Role.FEE_EARNER, "POST", f"/work-orders/{ID}/line-items/{LINE_ID}/clock-in", {"employee_ids": []},
     "employee_ids"),
    (Role.FEE_EARNER, "POST", f"/work-orders/{ID}/line-items/{LINE_ID}/clock-out",
     {"employee_ids": [ID], "at": "2026-12-02T17:00:00"}, "at"),
    (Role.FEE_EARNER, "POST", f"/work-orders/{ID}/photos", {"tag": "sideways", "content_type": "image/png",
                                                            "content_base64": PNG}, "tag"),
    (Role.FEE_EARNER, "PATCH", f"/work-orders/{ID}/site-conditions", {"access_difficulty": 11},
     "access_difficulty"),
    (Role.FEE_EARNER, "POST", f"/work-orders/{ID}/start", {"weather": "x", "safety_briefing_at": "2026-12-02T08:00Z",
                                                           "safety_attendees": [ID]}, "ppe_verified"),
    (Role.PARTNER, "PUT", "/work-order-settings", {"minimum_after_photos": -1}, "minimum_after_photos"),
])
def test_bad_input_is_refused_at_the_gateway_naming_the_field(client, rpc, login, role, method, path, body, field):
    response = client.open("/api/v1" + path, method=method, headers=login(role), json=body)
    assert response.status_code == 422, response.json
    assert response.json["error"]["field"] == field
    assert rpc.calls == []


def test_list_filters_travel_as_keywords_and_bad_ones_are_refused(client, rpc, login):
    headers = login(Role.FEE_EARNER)
    rpc.reply = {"items": [], "total": 0, "limit": 20, "offset": 0}
    response = client.get(f"/api/v1/work-orders?status=in_progress&mine=true&date_from=2026-12-01"
                          f"&date_to=2026-12-31&limit=20&proposal_id={ID}", headers=headers)
    assert response.status_code == 200 and response.json["items"] == []
    (_, method, _, kwargs, _, _), = rpc.calls
    assert method == "list_work_orders"
    assert kwargs == {"status": "in_progress", "mine": True, "date_from": "2026-12-01", "date_to": "2026-12-31",
                      "proposal_id": ID, "limit": 20, "offset": 0}
    for query, field in [("status=on_hold", "status"), ("date_from=2026-12-31&date_to=2026-12-01", "date_from"),
                         ("direct=maybe", "direct")]:
        response = client.get(f"/api/v1/work-orders?{query}", headers=headers)
        assert response.status_code == 422 and response.json["error"]["field"] == field, query
    assert len(rpc.calls) == 1


def test_an_employee_linked_to_someone_outside_the_organization_is_not_found(client, rpc, login):
    response = client.post("/api/v1/employees", headers=login(Role.PARTNER), json={
        "name": "John", "role": "operator", "hourly_wage": "35", "burden_multiplier": "1.7", "user_id": ID})
    assert response.status_code == 404 and response.json["error"]["field"] == "user_id"
    assert rpc.calls == []
