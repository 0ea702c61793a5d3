"""The field manager's work-order pages with stand-in services: the list and its filters, one work
order running over its estimate, a completed one and its invoice, scheduling and the week, proposals,
crews and their dated rates, the estimate-accuracy report, and what each role may open. The
stand-in answers are checked against the API's response models first, so they cannot drift."""

import re

import pytest
from gateway_helpers import ACCOUNT, INVOICE, invoice_view, post_form, usd

from ledgerline_contracts import NotFound, Role, ValidationFailed
from ledgerline_contracts.views.workorders import (
    EmployeeView, EquipmentView, EstimateAccuracyReport, LoadoutView, ProposalView, WorkOrderView,
)

ORDER = "4d5e6f7a-8b9c-4d0e-a1f2-b3c4d5e6f7a8"
LINE_ID = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"
CODY = "6f7a8b9c-0d1e-4f2a-b3c4-d5e6f7a8b9c0"
MULCHER = "7a8b9c0d-1e2f-4a3b-c4d5-e6f7a8b9c0d1"
LOADOUT = "8b9c0d1e-2f3a-4b4c-d5e6-f7a8b9c0d1e2"
PROPOSAL = "9c0d1e2f-3a4b-4c5d-e6f7-a8b9c0d1e2f3"
PHOTO = "0d1e2f3a-4b5c-4d6e-f7a8-b9c0d1e2f3a4"
AT = "2026-11-20T09:30:00+00:00"


def line_view(**changes) -> dict:
    return {"id": LINE_ID, "allowed_actions": [], "line_number": 1, "service_type": "Tree Removal", "description": "Remove three oaks",
            "pricing_method": "fixed", "status": "in_progress", "change_order": False, "production_hours": "3.00",
            "transport_hours": "0.50", "buffer_hours": "0.50", "estimated_hours": "4.00", "actual_hours": "6.00",
            "variance_hours": "2.00", "started_at": AT, "completed_at": None, "running": True,
            "clocked_in": ["Cody Crew"],
            "costs": {"estimated_cost": usd("1100.00"), "price": usd("2600.00"), "target_margin_percent": "50.00",
                      "labour_cost": usd("714.00"), "equipment_cost": usd("688.38"), "total_cost": usd("1402.38"),
                      "profit": usd("1197.62"), "margin_percent": "46.06"}} | changes


def projection() -> dict:
    return {"actual_hours": "6.00", "estimated_hours": "7.25", "projected_hours": "9.50",
            "actual_cost": usd("1402.38"), "estimated_cost": usd("1800.00"), "projected_cost": usd("2600.00"),
            "contract_price": usd("4100.00"), "target_margin_percent": "56.10", "projected_margin_percent": "36.59",
            "overrun_factor": "1.00"}


ALERT = {"reason": "hours", "raised_at": AT, "projected_margin_percent": "36.59", "target_margin_percent": "56.10",
         "projected_hours": "9.50", "estimated_hours": "7.25", "projected_cost": "2600.00"}


def work_order_view(status="in_progress", money=True, **changes) -> dict:
    line = line_view() if money else line_view(costs=None)
    order = {
        "id": ORDER, "number": "WO-20261120-001", "status": status, "direct": False, "account_id": ACCOUNT,
        "account_name": "Maple Ridge HOA", "title": "Maple Ridge storm cleanup", "site_address": "9 Maple Ridge",
        "proposal_id": PROPOSAL, "scheduled_on": "2026-11-20", "start_time": "07:30",
        "crew": [{"employee_id": CODY, "name": "Cody Crew", "role": "operator"}], "line_items": 1,
        "line_items_completed": 0, "alert_count": 1 if money else 0, "allowed_actions": [],
        "po_number": None, "special_instructions": "", "scope_included": "Clearing", "scope_excluded": "Stumps",
        "loadout_id": LOADOUT, "equipment": [{"equipment_id": MULCHER, "name": "Supertrak SK200TR"}],
        "started_at": AT, "completed_at": None,
        "safety": {"weather": "Clear, 68°F", "briefing_at": AT, "attendees": [CODY], "ppe_verified": True},
        "site_conditions": {}, "lines": [line],
        "time_entries": [{"id": PHOTO, "line_item_id": LINE_ID, "employee_id": CODY, "employee_name": "Cody Crew",
                          "activity": "production", "clock_in": AT, "clock_out": None, "duration_minutes": 360,
                          "equipment": ["Supertrak SK200TR"],
                          "costs": {"hourly_wage": usd("35.00"), "burden_multiplier": "1.7",
                                    "labour_cost": usd("357.00"), "equipment_cost": usd("688.38")} if money else None}],
        "change_orders": {"count": 1, "impact_hours": "1.50"},
        "photos": [{"id": PHOTO, "tag": "before", "filename": "before.png", "content_type": "image/png", "size": 68,
                    "caption": "", "line_item_id": None, "taken_by_name": "Cody Crew", "uploaded_at": AT}],
        "notes": [{"id": PHOTO, "kind": "customer_communication", "text": "Owner asked for the chips by the fence.",
                   "at": AT, "author_name": "Cody Crew"},
                  {"id": LINE_ID, "kind": "near_miss", "text": "A limb fell near the truck.", "at": AT,
                   "author_name": "Cody Crew"}],
        "safety_incidents": 0, "near_misses": 1,
        "checklist": {"all_line_items_completed": False,
                      "photos": {"before": {"minimum": 1, "uploaded": 1}, "during": {"minimum": 0, "uploaded": 0},
                                 "after": {"minimum": 2, "uploaded": 0}},
                      "walkthrough_complete": False, "debris_removed": False, "site_restored": False,
                      "equipment_cleaned": False, "completion_notes": "",
                      "unmet": ["all line items completed", "2 after photos (have 0)"], "met": False},
        "signoff": None, "invoice_id": None, "invoice_number": None,
        "costing": {"work_order_id": ORDER, "number": "WO-20261120-001", "status": status, "as_of": AT,
                    "labour_cost": usd("714.00"), "equipment_cost": usd("688.38"), "total_cost": usd("1402.38"),
                    "projection": projection(), "lines": [line], "alerts": [ALERT]} if money else None,
        "alerts": [ALERT] if money else [],
    }
    return order | changes


def summary_of(order: dict) -> dict:
    keep = ("id", "number", "status", "direct", "account_id", "account_name", "title", "site_address", "proposal_id",
            "scheduled_on", "start_time", "crew", "line_items", "line_items_completed", "alert_count",
            "allowed_actions")
    return {k: order[k] for k in keep}


def employee_view(money=True) -> dict:
    rate = {"effective_from": "2026-01-01", "hourly_wage": "35.00", "burden_multiplier": "1.7000",
            "hourly_cost": "59.50"}
    return {"id": CODY, "name": "Cody Crew", "user_id": None, "role": "operator", "tier": None, "certifications": [],
            "active": True, "rates": {"current": rate, "history": [rate]} if money else None}


def equipment_view(money=True) -> dict:
    rate = {"effective_from": "2026-01-01", "hourly_rate": "114.73"}
    return {"id": MULCHER, "name": "Supertrak SK200TR", "kind": "mulcher", "active": True,
            "rates": {"current": rate, "history": [rate]} if money else None}


def loadout_view() -> dict:
    return {"id": LOADOUT, "name": "Mulching crew", "equipment_ids": [MULCHER], "crew_employee_ids": [CODY]}


def proposal_view(status="open") -> dict:
    return {"id": PROPOSAL, "status": status, "account_id": ACCOUNT, "account_name": "Maple Ridge HOA",
            "title": "Oak Street clearing", "site_address": "12 Oak Street", "scope_included": "Mulch",
            "scope_excluded": "Stumps", "scheduled_on": "2026-12-02", "total_price": usd("2000.00"),
            "target_margin_percent": "50.00",
            "line_items": [{"line_number": 1, "service_type": "Forestry Mulching", "description": "Clear the fence",
                            "pricing_method": "fixed", "estimated_hours": "2.25", "production_hours": "2.00",
                            "transport_hours": "0.25", "buffer_hours": "0.00", "price": usd("2000.00"),
                            "cost": usd("1000.00"), "target_margin_percent": "50.00"}],
            "signed_by": None, "signed_at": None, "work_order_id": ORDER if status == "signed" else None,
            "allowed_actions": []}


def report_view(**_query) -> dict:
    return {"date_from": None, "date_to": None, "jobs": 4, "within_estimate": 3, "within_estimate_percent": "75.00",
            "average_margin_percent": "47.20", "average_target_margin_percent": "50.00",
            "efficiency_by_service_type": [
                {"service_type": "Forestry Mulching", "jobs": 3, "estimated_hours": "12.00", "actual_hours": "11.00",
                 "crew_hours": "22.00", "efficiency_percent": "109.09"},
                {"service_type": "Tree Removal", "jobs": 1, "estimated_hours": "4.00", "actual_hours": "6.00",
                 "crew_hours": "12.00", "efficiency_percent": "66.67"}]}


def page_of(*items, limit=25, offset=0, **_filters) -> dict:
    return {"items": list(items), "total": len(items), "limit": limit, "offset": offset}


@pytest.fixture
def field(rpc):
    """The workorders service as a manager meets it: one job running over its estimate, its crew and gear."""
    rpc.answers.update({
        "list_work_orders": lambda **filters: page_of(summary_of(work_order_view()), **filters),
        "get_work_order": lambda work_order_id: work_order_view() if work_order_id == ORDER else _not_found(),
        "list_employees": lambda **kw: page_of(employee_view(), **kw),
        "list_equipment": lambda **kw: page_of(equipment_view(), **kw),
        "list_loadouts": lambda **kw: page_of(loadout_view(), **kw),
        "list_proposals": lambda **kw: page_of(proposal_view(), **kw),
        "get_proposal": lambda proposal_id: proposal_view(),
        "estimate_accuracy": report_view,
    })
    return rpc


def _not_found(*_args, **_kwargs):
    raise NotFound("no such work order", "work_order_id")


def calls(rpc, method: str) -> list:
    return [(args, kwargs) for _service, name, args, kwargs, *_ in rpc.calls if name == method]


def test_the_stand_in_answers_match_the_response_models():
    WorkOrderView.model_validate(work_order_view())
    WorkOrderView.model_validate(work_order_view("completed", money=False))
    EmployeeView.model_validate(employee_view())
    EquipmentView.model_validate(equipment_view(money=False))
    LoadoutView.model_validate(loadout_view())
    ProposalView.model_validate(proposal_view("signed"))
    EstimateAccuracyReport.model_validate(report_view())


# --- the list -------------------------------------------------------------------------------------

def test_the_work_order_list_shows_each_job_and_sends_its_filters(browser, services, field):
    web = browser(Role.PARTNER)
    page = web.get(f"/work-orders?status=in_progress&account_id={ACCOUNT}&date_from=2026-11-01&date_to=2026-11-30")
    assert page.status_code == 200
    assert "WO-20261120-001" in page.text and "Maple Ridge HOA" in page.text and "Cody Crew" in page.text
    assert "in progress" in page.text and "1 alert" in page.text
    assert calls(field, "list_work_orders")[-1] == ((), {"limit": 25, "offset": 0, "status": "in_progress",
                                                         "account_id": ACCOUNT, "date_from": "2026-11-01",
                                                         "date_to": "2026-11-30"})
    assert "New direct work order" in page.text


def test_a_filter_the_api_would_refuse_is_dropped_not_an_error(browser, services, field):
    web = browser(Role.PARTNER)
    assert web.get("/work-orders?status=on_fire&date_from=2026-12-01&date_to=2026-11-01").status_code == 200
    assert calls(field, "list_work_orders")[-1] == ((), {"limit": 25, "offset": 0})


def test_the_work_order_list_says_when_nothing_matches_and_pages(browser, services, field):
    field.answers["list_work_orders"] = lambda limit, offset, **_: {
        "items": [summary_of(work_order_view())], "total": 60, "limit": limit, "offset": offset}
    web = browser(Role.PARTNER)
    page = web.get("/work-orders?page=2").text
    assert "26–50 of 60" in page and "page=3" in page
    assert calls(field, "list_work_orders")[-1][1]["offset"] == 25
    field.answers["list_work_orders"] = lambda **kw: page_of(**kw)
    assert "No work orders match." in web.get("/work-orders?status=invoiced").text


def test_a_new_direct_work_order_goes_on_to_its_scheduling(browser, services, field):
    field.answers["create_work_order"] = lambda body: work_order_view("created")
    web = browser(Role.PARTNER)
    response = post_form(web, "/work-orders", {"account_id": ACCOUNT, "title": "Harbor storm damage",
                                                "contract_amount": "15000.00", "po_number": "HM-1"})
    assert response.status_code == 302 and response.location.endswith(f"/work-orders/{ORDER}/schedule")
    (body,), _ = calls(field, "create_work_order")[0]
    assert body["contract_amount"] == "15000.00" and body["po_number"] == "HM-1"


def test_a_direct_work_order_without_its_amount_is_refused_by_the_field(browser, services, field):
    web = browser(Role.PARTNER)
    response = post_form(web, "/work-orders", {"account_id": ACCOUNT, "title": "Harbor", "contract_amount": "x"})
    assert response.status_code == 422
    assert re.search(r'id="f-contract_amount-error">[^<]*not a plain decimal number', response.text)
    assert calls(field, "create_work_order") == []


# --- one work order ----------------------------------------------------------------------------------

def test_a_job_running_over_shows_the_alert_with_its_hours_and_margin(browser, services, field):
    page = browser(Role.PARTNER).get(f"/work-orders/{ORDER}").text
    assert "This job is running over its estimate." in page
    assert "Hours: projected 9.50 h against 7.25 h estimated." in page
    assert 'data-metric="projected-margin">36.59 %' in page and "target margin 56.10 %" in page
    assert "Remove three oaks" in page and "2.00" in page  # the line's variance
    assert "Cody Crew · production since 09:30 (6 h)" in page
    assert "Owner asked for the chips by the fence." in page and "A limb fell near the truck." in page
    assert f"/work-orders/{ORDER}/photos/{PHOTO}" in page
    assert "After photos: 0 of 2" in page
    assert "Still to do: all line items completed; 2 after photos (have 0)." in page


def test_a_crew_member_sees_the_job_without_money_or_the_managers_buttons(browser, services, field):
    field.answers["get_work_order"] = lambda _id: work_order_view(money=False)
    page = browser(Role.FEE_EARNER).get(f"/work-orders/{ORDER}").text
    assert "running over" not in page and "Projected cost" not in page and "$" not in page
    assert "Schedule" not in page.split("<main>")[1].split("Line items")[0]


def test_a_completed_job_links_the_invoice_drafted_from_it(browser, services, field):
    field.answers["get_work_order"] = lambda _id: work_order_view("completed", completed_at=AT)
    field.answers["list_invoices"] = lambda **kw: page_of({"id": INVOICE}, **kw) if kw.get("status") == "draft" \
        else page_of(**kw)
    field.answers["get_invoice"] = lambda _id: {**invoice_view("draft"), "work_order": {"id": ORDER,
                                                                                       "number": "WO-20261120-001"}}
    page = browser(Role.PARTNER).get(f"/work-orders/{ORDER}").text
    assert f'href="/invoices/{INVOICE}">Open the draft invoice' in page


def test_a_completed_job_says_its_invoice_is_being_drafted_until_invoicing_has(browser, services, field):
    field.answers["get_work_order"] = lambda _id: work_order_view("completed")
    field.answers["list_invoices"] = lambda **kw: page_of(**kw)
    page = browser(Role.PARTNER).get(f"/work-orders/{ORDER}").text
    assert "The invoice is being drafted from this job" in page


def test_an_invoiced_job_links_its_posted_invoice(browser, services, field):
    field.answers["get_work_order"] = lambda _id: work_order_view("invoiced", invoice_id=INVOICE,
                                                                  invoice_number="INV-2026-000007")
    page = browser(Role.BILLING).get(f"/work-orders/{ORDER}").text
    assert f'href="/invoices/{INVOICE}">Open invoice INV-2026-000007' in page
    assert calls(field, "list_invoices") == []


def test_another_organizations_work_order_is_not_found(browser, services, field):
    web = browser(Role.PARTNER)
    assert web.get("/work-orders/1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e").status_code == 404
    assert web.get("/work-orders/1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e/schedule").status_code == 404


def test_a_job_photo_is_shown_in_the_page_not_downloaded(browser, services, field):
    field.answers["get_photo"] = lambda *_: {"filename": "before.png", "content_type": "image/png", "size": 4,
                                             "content_base64": "iVBORw=="}
    response = browser(Role.PARTNER).get(f"/work-orders/{ORDER}/photos/{PHOTO}")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert "Content-Disposition" not in response.headers


# --- scheduling ---------------------------------------------------------------------------------------

def test_scheduling_sends_the_date_time_loadout_crew_and_equipment(browser, services, field):
    field.answers["schedule_work_order"] = lambda _id, body: work_order_view("scheduled")
    web = browser(Role.PARTNER)
    page = web.get(f"/work-orders/{ORDER}/schedule").text
    assert "Mulching crew" in page and "Supertrak SK200TR" in page and f'value="{CODY}" checked' in page
    response = post_form(web, f"/work-orders/{ORDER}/schedule", {
        "scheduled_on": "2026-12-02", "start_time": "07:30", "loadout_id": LOADOUT, "crew_employee_ids": CODY,
        "equipment_ids": MULCHER})
    assert response.status_code == 302
    (_id, body), _ = calls(field, "schedule_work_order")[0]
    assert body == {"scheduled_on": "2026-12-02", "start_time": "07:30", "loadout_id": LOADOUT,
                    "crew_employee_ids": [CODY], "equipment_ids": [MULCHER]}


def test_a_refused_schedule_is_shown_by_its_field_and_keeps_what_was_chosen(browser, services, field):
    def refuse(*_):
        raise ValidationFailed("scheduled_on: must not be in the past", "scheduled_on")
    field.answers["schedule_work_order"] = refuse
    web = browser(Role.PARTNER)
    response = post_form(web, f"/work-orders/{ORDER}/schedule", {"scheduled_on": "2020-01-01",
                                                                  "start_time": "25:00"})
    assert response.status_code == 422 and "Must be a time of day as HH:MM" in response.text
    response = post_form(web, f"/work-orders/{ORDER}/schedule", {"scheduled_on": "2020-01-01",
                                                                  "crew_employee_ids": CODY})
    assert response.status_code == 422
    assert re.search(r'id="f-scheduled_on-error">Must not be in the past', response.text)
    assert f'value="{CODY}" checked' in response.text


def test_the_week_shows_who_is_where(browser, services, field):
    web = browser(Role.PARTNER)
    page = web.get("/work-orders/week?week=2026-11-20").text
    assert "Week of 16 November 2026" in page and "Who is where" in page
    assert calls(field, "list_work_orders")[-1][1] | {} == {"limit": 100, "offset": 0, "date_from": "2026-11-16",
                                                            "date_to": "2026-11-22"}
    row = page.split('<th scope="row">Cody Crew</th>')[1].split("</tr>")[0]
    assert row.count("Maple Ridge HOA") == 1 and "week=2026-11-23" in page


# --- proposals ----------------------------------------------------------------------------------------

def test_proposals_list_with_the_link_the_customer_signs_at(browser, services, field):
    web = browser(Role.PARTNER)
    page = web.get("/proposals").text
    assert "Oak Street clearing" in page and "Awaiting signature" in page and "New proposal" in page
    detail = web.get(f"/proposals/{PROPOSAL}").text
    assert f"http://localhost/proposals/{PROPOSAL}" in detail


def test_a_proposal_is_made_with_its_line_items(browser, services, field):
    field.answers["make_proposal"] = lambda body: proposal_view()
    web = browser(Role.PARTNER)
    response = post_form(web, "/proposals", {
        "account_id": ACCOUNT, "title": "Oak Street clearing", "scheduled_on": "2026-12-02",
        "line-0-service_type": "Forestry Mulching", "line-0-description": "Clear the fence",
        "line-0-production_hours": "2", "line-0-cost": "1000", "line-0-price": "2000",
        "line-1-service_type": "Hauling", "line-1-description": "Haul the chips", "line-1-cost": "100",
        "line-1-price": "300"})
    assert response.status_code == 302 and response.location.endswith(f"/proposals/{PROPOSAL}")
    (body,), _ = calls(field, "make_proposal")[0]
    assert [line["description"] for line in body["line_items"]] == ["Clear the fence", "Haul the chips"]


def test_a_proposal_line_with_a_bad_price_is_refused_next_to_it(browser, services, field):
    web = browser(Role.PARTNER)
    response = post_form(web, "/proposals", {
        "account_id": ACCOUNT, "title": "Oak", "scheduled_on": "2026-12-02",
        "line-0-service_type": "Mulching", "line-0-description": "Clear", "line-0-cost": "10", "line-0-price": "abc"})
    assert response.status_code == 422 and 'id="f-line-0-price-error"' in response.text
    assert 'value="Clear"' in response.text and calls(field, "make_proposal") == []
    response = post_form(web, "/proposals", {"account_id": ACCOUNT, "title": "Oak", "scheduled_on": "2026-12-02"})
    assert response.status_code == 422 and 'id="f-line_items-error"' in response.text


# --- crews and rates ------------------------------------------------------------------------------------

def test_crews_show_wages_to_those_who_see_money_only(browser, services, field):
    page = browser(Role.PARTNER).get("/crew").text
    assert "Cody Crew" in page and "59.50" in page and "114.73" in page and "Mulching crew" in page
    assert "Add an employee" in page
    field.answers["list_employees"] = lambda **kw: page_of(employee_view(money=False), **kw)
    field.answers["list_equipment"] = lambda **kw: page_of(equipment_view(money=False), **kw)
    page = browser(Role.FEE_EARNER).get("/crew").text
    assert "Cody Crew" in page and "59.50" not in page and "114.73" not in page and "Add an employee" not in page


def test_a_new_wage_is_set_from_a_date(browser, services, field):
    field.answers["get_employee"] = lambda _id: employee_view()
    field.answers["set_employee_wage"] = lambda _id, body: employee_view()
    web = browser(Role.BILLING)
    assert "2026-01-01" in web.get(f"/crew/employees/{CODY}").text
    response = post_form(web, f"/crew/employees/{CODY}/rates", {"hourly_wage": "37.00", "burden_multiplier": "1.7",
                                                                "effective_from": "2027-01-01"})
    assert response.status_code == 302
    assert calls(field, "set_employee_wage")[0][0] == (CODY, {"hourly_wage": "37.00", "burden_multiplier": "1.7",
                                                               "effective_from": "2027-01-01"})
    response = post_form(web, f"/crew/employees/{CODY}/rates", {"hourly_wage": "-1", "burden_multiplier": "1.7"})
    assert response.status_code == 422 and 'id="f-hourly_wage-error"' in response.text


def test_an_equipment_rate_is_set_from_a_date_and_a_strangers_machine_is_not_found(browser, services, field):
    field.answers["set_equipment_rate"] = lambda _id, body: equipment_view()
    web = browser(Role.PARTNER)
    response = post_form(web, f"/crew/equipment/{MULCHER}/rates", {"hourly_rate": "120.00",
                                                                   "effective_from": "2027-01-01"})
    assert response.status_code == 302
    assert web.get("/crew/equipment/1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e").status_code == 404


# --- the report ----------------------------------------------------------------------------------------

def test_the_estimate_accuracy_report_charts_each_service_type(browser, services, field):
    web = browser(Role.BILLING)
    page = web.get("/reports/estimate-accuracy?date_from=2026-11-01&date_to=2026-11-30").text
    assert 'data-metric="within">3 (75.00 %)' in page and "47.20 %" in page
    assert "<svg" in page and "109.09 %" in page and "66.67 %" in page
    assert calls(field, "estimate_accuracy")[-1] == ((), {"date_from": "2026-11-01", "date_to": "2026-11-30"})
    page = web.get("/reports/estimate-accuracy?date_from=2026-12-01&date_to=2026-11-01").text
    assert "the first not after the second" in page


# --- who may open what ------------------------------------------------------------------------------------

@pytest.mark.parametrize("role, shown, hidden", [
    (Role.PARTNER, ("Work orders", "Schedule", "Proposals", "Crew &amp; equipment", "Estimate accuracy"), ()),
    (Role.BILLING, ("Work orders", "Proposals", "Estimate accuracy"), ("Schedule",)),
    (Role.FEE_EARNER, ("Work orders",), ("Schedule", "Proposals", "Estimate accuracy")),
])
def test_the_menu_offers_the_field_pages_only_to_the_roles_allowed(browser, services, field, role, shown, hidden):
    nav = browser(role).get("/work-orders").text.split('<nav class="mainnav"')[1].split("</nav>")[0]
    assert all(f">{label}</a>" in nav for label in shown)
    assert not any(f">{label}</a>" in nav for label in hidden)


@pytest.mark.parametrize("role, path", [
    (Role.FEE_EARNER, "/work-orders/week"), (Role.BILLING, f"/work-orders/{ORDER}/schedule"),
    (Role.FEE_EARNER, "/reports/estimate-accuracy"), (Role.FEE_EARNER, "/proposals"),
    (Role.ADMIN, f"/crew/employees/{CODY}"), (Role.CUSTOMER, "/crew"),
])
def test_roles_without_the_capability_are_refused(browser, services, field, role, path):
    extra = {"account_id": ACCOUNT} if role is Role.CUSTOMER else {}
    assert browser(role, **extra).get(path).status_code == 403


@pytest.mark.parametrize("role, path, data", [
    (Role.BILLING, "/work-orders", {"title": "x"}), (Role.FEE_EARNER, f"/work-orders/{ORDER}/schedule", {}),
    (Role.FEE_EARNER, "/proposals", {}), (Role.FEE_EARNER, f"/crew/employees/{CODY}/rates", {}),
])
def test_forms_posted_without_the_capability_are_refused_and_change_nothing(browser, services, field, role, path,
                                                                            data):
    response = post_form(browser(role), path, data)
    assert response.status_code == 403
    assert not [c for c in field.calls if c[1] in ("create_work_order", "schedule_work_order", "make_proposal",
                                                   "set_employee_wage")]
