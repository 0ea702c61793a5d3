"""The field crew's phone pages with the fake services: today's jobs, a job, its time clock, photos,
start work and the completion with the customer's signature, and what each refuses."""

import base64
import io
import re

import pytest
from gateway_helpers import ACCOUNT, account_view, post_form

from ledgerline_contracts import Conflict, Role, ValidationFailed
from nameko.exceptions import RpcTimeout

JOB = "5f0c2a4e-8a43-4bb1-9b59-5f7f4d1b0c2e"
LINE = "6a1d3b5f-9b54-4cc2-8c6a-6a8a5e2c1d3f"
CODY = "1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9"
MIKE = "2c3d4e5f-6071-4829-93a4-b5c6d7e8f9a0"
MULCHER = "3d4e5f60-7182-4930-a4b5-c6d7e8f9a0b1"
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 16).decode()


# What the service offers a crew member next, by status (WorkOrder.allowed_actions / line_actions).
JOB_ACTIONS = {"scheduled": ["schedule", "start", "add_line_item", "add_photo", "add_note", "report_incident",
                             "record_site_conditions"],
               "in_progress": ["add_line_item", "clock_in", "clock_out", "checklist", "add_photo", "add_note",
                               "report_incident", "record_site_conditions"]}
LINE_ACTIONS = {"pending": ["start_line"], "paused": ["resume_line", "complete_line"],
                "in_progress": ["pause_line", "complete_line", "clock_in", "clock_out"]}


def line(status="in_progress", **fields):
    return {"id": LINE, "allowed_actions": LINE_ACTIONS.get(status, []), "line_number": 1, "service_type": "Forestry Mulching", "description": "Clear 1.5 acres",
            "pricing_method": "fixed", "status": status, "change_order": False, "production_hours": "3.25",
            "transport_hours": "0.75", "buffer_hours": "0", "estimated_hours": "4.00", "actual_hours": "1.50",
            "variance_hours": "-2.50", "started_at": "2026-12-02T08:00:00+00:00", "completed_at": None,
            "running": status == "in_progress", "clocked_in": [], "costs": None, **fields}


def job(status="in_progress", entries=(), photos=(), unmet=("3 after photos (have 0)", "site restored"), **fields):
    return {
        "id": JOB, "number": "WO-20261202-001", "status": status, "direct": False, "account_id": ACCOUNT,
        "account_name": "Birch Lane Homes", "title": "Birch Lane lot clearing",
        "site_address": "4 Birch Lane, Springfield",
        "proposal_id": None, "scheduled_on": "2026-12-02", "start_time": "08:00",
        "crew": [{"employee_id": CODY, "name": "Cody Crew", "role": "operator"},
                 {"employee_id": MIKE, "name": "Mike Johnson", "role": "ground crew"}],
        "line_items": 1, "line_items_completed": 0, "alert_count": 0, "allowed_actions": JOB_ACTIONS.get(status, []),
        "po_number": None, "special_instructions": "Mind the septic line", "scope_included": "Brush up to 6\"",
        "scope_excluded": "Stumps", "loadout_id": None, "equipment": [{"equipment_id": MULCHER, "name": "Supertrak"}],
        "started_at": "2026-12-02T08:00:00+00:00", "completed_at": None, "safety": {}, "site_conditions": {},
        "lines": [line()], "time_entries": list(entries), "change_orders": {"count": 0, "impact_hours": "0"},
        "photos": list(photos), "notes": [], "safety_incidents": 0, "near_misses": 0,
        "checklist": {"all_line_items_completed": False,
                      "photos": {"before": {"minimum": 0, "uploaded": 0}, "after": {"minimum": 3, "uploaded": 2}},
                      "walkthrough_complete": True, "debris_removed": True, "site_restored": False,
                      "equipment_cleaned": True, "completion_notes": "", "unmet": list(unmet), "met": not unmet},
        "signoff": None, "invoice_id": None, "invoice_number": None, "costing": None, "alerts": [], **fields}


def entry(employee=CODY, name="Cody Crew"):
    return {"id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "line_item_id": LINE, "employee_id": employee,
            "employee_name": name, "activity": "production", "clock_in": "2026-12-02T08:05:00+00:00",
            "clock_out": None, "duration_minutes": 65, "equipment": ["Supertrak"], "costs": None}


def photo(tag="after"):
    return {"id": "0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9", "tag": tag, "filename": "site.png",
            "content_type": "image/png", "size": 24, "caption": "Cleared lot", "line_item_id": None,
            "taken_by_name": "Cody Crew", "uploaded_at": "2026-12-02T12:00:00+00:00"}


@pytest.fixture
def field(services):
    services.answers.update({
        "list_work_orders": lambda **_q: {"items": [job("scheduled")], "total": 1, "limit": 100, "offset": 0},
        "get_work_order": lambda _id: job(), "get_account": lambda _id: account_view(name="Birch Lane Homes"),
    })
    services.reply = lambda *_args, **_kwargs: job()  # every change answers the work order
    return services


def calls(rpc, method):
    return [c for c in rpc.calls if c[1] == method]


def test_todays_jobs_show_time_address_with_a_map_customer_status_and_start_work(browser, field):
    page = browser(Role.FEE_EARNER).get("/jobs")
    assert page.status_code == 200
    assert "Today's jobs" in page.text and "08:00 · Birch Lane lot clearing" in page.text
    assert "https://www.google.com/maps/search/?api=1&amp;query=4+Birch+Lane,+Springfield" in page.text
    assert 'class="badge scheduled"' in page.text and f'href="/jobs/{JOB}/start">START WORK' in page.text
    assert 'href="/jobs"' in page.text  # in the menu
    query = calls(field, "list_work_orders")[0][3]
    assert query["mine"] is True and query["date_from"] == query["date_to"]


def test_another_day_is_picked_by_date(browser, field):
    page = browser(Role.FEE_EARNER).get("/jobs?day=2026-12-24")
    assert "Jobs on Thu 24 Dec 2026" in page.text
    assert calls(field, "list_work_orders")[0][3]["date_from"] == "2026-12-24"


@pytest.mark.parametrize("role", [Role.BILLING, Role.ADMIN, Role.CUSTOMER])
def test_the_crew_pages_are_not_in_the_menu_of_those_who_do_not_work_in_the_field(browser, field, role):
    web = browser(role)
    assert 'href="/jobs"' not in web.get("/profile").text
    assert web.get("/jobs").status_code == 403


def test_the_job_shows_scope_line_items_with_hours_and_one_tap_clock_buttons(browser, field):
    field.answers["get_work_order"] = lambda _id: job(entries=[entry()])
    page = browser(Role.FEE_EARNER).get(f"/jobs/{JOB}")
    assert page.status_code == 200
    assert "Brush up to 6&#34;" in page.text and "Stumps" in page.text and "Mind the septic line" in page.text
    assert "Hours: <strong>1.50</strong> of 4.00 estimated" in page.text
    assert ">PAUSE<" in page.text and ">COMPLETE<" in page.text and ">START<" not in page.text
    assert 'data-since="2026-12-02T08:05:00+00:00"' in page.text and "1 h 5 min" in page.text
    assert "Clock out Cody Crew" in page.text and "Clock in Mike Johnson" in page.text
    assert "Clock in Cody Crew" not in page.text  # already clocked in
    assert 'href="mailto:ap@acme.example"' in page.text and 'href="#issue"' in page.text
    assert "After photos: 2 of 3" in page.text and "Before photos" not in page.text  # no minimum
    assert 'accept="image/*" capture="environment"' in page.text
    assert page.text.count('name="request_key"') >= 6  # every form: a double tap acts once


def test_clocking_in_sends_the_member_and_their_machine_and_says_so(browser, field):
    web = browser(Role.FEE_EARNER)
    response = post_form(web, f"/jobs/{JOB}/lines/{LINE}/clock-in",
                         {"employee_ids": MIKE, "equipment_ids": MULCHER, "name": "Mike Johnson", "request_key": "k1"})
    assert response.status_code == 302 and response.headers["Location"] == f"/jobs/{JOB}#line-{LINE}"
    (_, _, args, _, _, _), = calls(field, "clock_in")
    assert args == (JOB, LINE, {"employee_ids": [MIKE], "equipment_ids": [MULCHER], "activity": "production"})
    assert "Mike Johnson clocked in." in web.get(f"/jobs/{JOB}").text


def test_the_same_tap_sent_twice_carries_the_same_request_key(browser, field):
    web = browser(Role.FEE_EARNER)
    for _ in range(2):
        post_form(web, f"/jobs/{JOB}/lines/{LINE}/clock-in", {"employee_ids": MIKE, "request_key": "same"})
    keys = [key for (_, method, *_), key in zip(field.calls, field.request_keys) if method == "clock_in"]
    assert len(keys) == 2 and keys[0] == keys[1]


def test_a_refused_clock_in_says_why_on_the_job(browser, field):
    field.answers["clock_in"] = lambda *_a: (_ for _ in ()).throw(
        ValidationFailed("employee_ids: Mike Johnson is not on this job's crew", "employee_ids"))
    web = browser(Role.FEE_EARNER)
    response = post_form(web, f"/jobs/{JOB}/lines/{LINE}/clock-in", {"employee_ids": MIKE}, follow_redirects=True)
    assert "Mike Johnson is not on this job&#39;s crew." in response.text


@pytest.mark.parametrize("action, method", [("start", "start_line_item"), ("pause", "pause_line_item"),
                                            ("complete", "complete_line_item")])
def test_line_item_buttons_reach_the_service(browser, field, action, method):
    response = post_form(browser(Role.FEE_EARNER), f"/jobs/{JOB}/lines/{LINE}/{action}")
    assert response.status_code == 302
    assert calls(field, method)[0][2] == (JOB, LINE, {})


def test_a_photo_is_sent_as_base64_with_its_tag(browser, field):
    web = browser(Role.FEE_EARNER)
    upload = (io.BytesIO(base64.b64decode(PNG)), "lot.png", "image/png")
    response = post_form(web, f"/jobs/{JOB}/photos", {"tag": "after", "caption": "Cleared", "photo": upload},
                         content_type="multipart/form-data")
    assert response.status_code == 302 and response.headers["Location"].endswith("#photos")
    body = calls(field, "add_photo")[0][2][1]
    assert body["tag"] == "after" and body["content_base64"] == PNG and body["content_type"] == "image/png"


def test_a_photo_form_without_a_photo_keeps_what_was_typed(browser, field):
    page = post_form(browser(Role.FEE_EARNER), f"/jobs/{JOB}/photos", {"tag": "after", "caption": "Cleared lot"},
                     content_type="multipart/form-data")
    assert page.status_code == 422 and "Take or choose a photo." in page.text
    assert 'value="Cleared lot"' in page.text and '<option value="after" selected>' in page.text
    assert not calls(field, "add_photo")


def test_a_note_that_could_not_be_sent_keeps_what_was_typed_and_says_so(browser, field):
    field.answers["add_note"] = lambda *_a: (_ for _ in ()).throw(RpcTimeout("workorders.add_note"))
    page = post_form(browser(Role.FEE_EARNER), f"/jobs/{JOB}/notes", {"kind": "issue", "text": "Gate is locked"})
    assert page.status_code == 422
    assert "Not sent: Ledgerline could not be reached." in page.text and "Gate is locked</textarea>" in page.text


def test_starting_work_sends_weather_briefing_attendees_and_ppe(browser, field):
    field.answers["get_work_order"] = lambda _id: job("scheduled")
    web = browser(Role.FEE_EARNER)
    form = web.get(f"/jobs/{JOB}/start").text
    assert "Safety briefing attendees" in form and "Cody Crew" in form and 'type="datetime-local"' in form
    response = post_form(web, f"/jobs/{JOB}/start", {
        "weather": "Clear, 75°F", "safety_briefing_at": "2026-12-02T07:45", "utc_offset": "-0500",
        "safety_attendees": [CODY, MIKE], "ppe_verified": ["false", "true"]})
    assert response.status_code == 302
    body = calls(field, "start_work_order")[0][2][1]
    assert body["safety_attendees"] == [CODY, MIKE] and body["ppe_verified"] is True
    assert body["safety_briefing_at"].startswith("2026-12-02T07:45:00-05:00")


def test_starting_without_ppe_is_refused_next_to_the_field_keeping_the_rest(browser, field):
    field.answers["get_work_order"] = lambda _id: job("scheduled")
    field.answers["start_work_order"] = lambda *_a: (_ for _ in ()).throw(
        ValidationFailed("ppe_verified: PPE must be verified before work starts", "ppe_verified"))
    page = post_form(browser(Role.FEE_EARNER), f"/jobs/{JOB}/start", {
        "weather": "Drizzle", "safety_briefing_at": "2026-12-02T07:45", "safety_attendees": [CODY],
        "ppe_verified": "false"})
    assert page.status_code == 422 and "PPE must be verified before work starts." in page.text
    assert 'value="Drizzle"' in page.text and f'value="{CODY}" checked' in page.text


def test_the_completion_page_shows_the_checklist_and_the_signature_box(browser, field):
    page = browser(Role.FEE_EARNER).get(f"/jobs/{JOB}/complete")
    assert page.status_code == 200
    assert "After photos: 2 of 3" in page.text and "Still needed: 3 after photos (have 0)" in page.text
    assert "Still needed: site restored" in page.text
    assert '<canvas id="f-signature-pad"' in page.text and 'name="signature"' in page.text


def test_completing_sends_the_drawn_signature_and_printed_name(browser, field):
    response = post_form(browser(Role.FEE_EARNER), f"/jobs/{JOB}/complete", {
        "printed_name": "Dana Oakley", "signature": f"data:image/png;base64,{PNG}"})
    assert response.status_code == 302
    body = calls(field, "complete_work_order")[0][2][1]
    assert body == {"printed_name": "Dana Oakley", "signature": {"filename": "signature.png",
                                                                 "content_type": "image/png", "content_base64": PNG}}


def test_completing_unsigned_is_refused_next_to_each_field(browser, field):
    page = post_form(browser(Role.FEE_EARNER), f"/jobs/{JOB}/complete", {"printed_name": "", "signature": ""})
    assert page.status_code == 422
    assert "The customer signs in the box." in page.text and "The customer prints their name." in page.text
    assert not calls(field, "complete_work_order")


def test_a_refused_completion_names_each_unmet_item_next_to_it(browser, field):
    field.answers["get_work_order"] = lambda _id: job(unmet=())
    field.answers["complete_work_order"] = lambda *_a: (_ for _ in ()).throw(Conflict(
        "the completion checklist is not met: all line items completed (still open: 1); "
        "3 after photos (have 2); site restored", "checklist"))
    page = post_form(browser(Role.FEE_EARNER), f"/jobs/{JOB}/complete", {
        "printed_name": "Dana Oakley", "signature": f"data:image/png;base64,{PNG}"})
    assert page.status_code == 422 and "Not completed yet" in page.text
    rows = re.findall(r'<li class="unmet">(.*?)</li>', page.text, re.S)
    assert any("All line items completed" in r and "still open: 1" in r for r in rows)
    assert any("After photos: 2 of 3" in r and "3 after photos (have 2)" in r for r in rows)
    assert any("Site restored" in r and "Still needed: site restored" in r for r in rows)
    assert 'value="Dana Oakley"' in page.text


def test_ticking_the_checklist_sends_the_items(browser, field):
    response = post_form(browser(Role.FEE_EARNER), f"/jobs/{JOB}/checklist", {
        "walkthrough_complete": ["false", "true"], "debris_removed": "false", "site_restored": ["false", "true"],
        "equipment_cleaned": ["false", "true"], "completion_notes": "Customer happy"})
    assert response.status_code == 302
    body = calls(field, "update_checklist")[0][2][1]
    assert body == {"walkthrough_complete": True, "debris_removed": False, "site_restored": True,
                    "equipment_cleaned": True, "completion_notes": "Customer happy"}


def test_a_customer_sees_their_job_read_only_and_its_photos_only_once_completed(browser, field):
    # As the service answers a customer: no actions, and no photos until the job is completed.
    field.answers["get_work_order"] = lambda _id: job(allowed_actions=[], lines=[line(allowed_actions=[])])
    page = browser(Role.CUSTOMER).get(f"/jobs/{JOB}")
    assert page.status_code == 200 and "Birch Lane lot clearing" in page.text
    assert "PAUSE" not in page.text and "Clock in" not in page.text and "Photos" not in page.text
    field.answers["get_work_order"] = lambda _id: job("completed", photos=[photo()], lines=[line("completed")])
    page = browser(Role.CUSTOMER).get(f"/jobs/{JOB}")
    assert f"/jobs/{JOB}/photos/" in page.text and "Add photo" not in page.text


def test_a_customer_cannot_act_on_the_job(browser, field):
    web = browser(Role.CUSTOMER)
    assert post_form(web, f"/jobs/{JOB}/lines/{LINE}/clock-in", {"employee_ids": MIKE}).status_code == 403
    assert web.get(f"/jobs/{JOB}/complete").status_code == 403
    assert not calls(field, "clock_in")


def test_another_organizations_job_is_not_found(browser, services):
    assert browser(Role.FEE_EARNER).get(f"/jobs/{JOB}").status_code == 404
