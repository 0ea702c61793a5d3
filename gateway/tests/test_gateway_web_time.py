"""Time-tracking pages with the fake services: timers, the daily timesheet, stats, and the work on a matter."""

import base64
import io
import os
import re
import time
from datetime import UTC, date, datetime

import pytest
from gateway_helpers import ACCOUNT, post_form, time_stats_view

from sqlalchemy.orm import Session

from ledgerline_contracts import Conflict, Role, ValidationFailed
from ledgerline_gateway import storage
from ledgerline_servicekit.clock import today

TIMER = "7a1d3c52-9f0e-4c1b-8e4d-2b6a0f9c1d11"
MATTER = "3e9b7c1a-5d2f-4a8e-9c3b-1f0e2d4c6a88"
ENTRY = "c4d2e6f8-1a3b-4c5d-8e9f-0a1b2c3d4e5f"


def error_under(page: str, field: str) -> str | None:
    found = re.search(rf'<p class="field-error" id="f-[\w-]*{field}-error">([^<]*)</p>', page)
    return found.group(1) if found else None


def timer(status="running", assigned=True, **fields):
    return {"id": TIMER, "status": status, "description": "Fix the mail relay", "activity_code": None,
            "billable": None, "account_id": ACCOUNT if assigned else None,
            "account_name": "Acme Dental" if assigned else None, "matter_id": None, "matter_reference": None,
            "matter_title": None, "past_due_warning": None, "elapsed_seconds": 754, "assigned": assigned,
            "billed_minutes_if_committed": 15 if assigned else None, "started_at": "2026-11-20T09:00:00+00:00",
            "running_since": None, "ended_at": None, "entry_id": None, "updated_at": None, **fields}


def entry(**fields):
    return {"id": ENTRY, "account_id": ACCOUNT, "account_name": "Acme Dental", "matter_id": None,
            "matter_reference": None, "matter_title": None, "user_name": "Terry Tech", "work_date": "2026-11-20",
            "started_at": None, "ended_at": None, "duration_minutes": 15, "billable": True,
            "narrative": "Fix the mail relay", "status": "unbilled", "invoice_number": None, "user_id": "u",
            "can_edit": True, "can_delete": True, "activity_code": None, "raw_duration_seconds": 754,
            "timer_id": TIMER, **fields}


@pytest.fixture
def timetracking(services):
    services.answers.update({
        "list_timers": {"items": [timer()]},
        "list_matters": lambda **_f: {"items": [], "total": 0, "limit": 100, "offset": 0},
        "list_activity_codes": {"items": [{"id": "x", "code": "L110", "name": "Fact investigation",
                                           "billable": True, "active": True}]},
    })
    return services


def calls(rpc, method):
    return [c for c in rpc.calls if c[1] == method]


# --- timers --------------------------------------------------------------------------------


def test_the_timers_page_shows_each_timer_with_its_state_elapsed_time_and_assignment(browser, timetracking):
    page = browser(Role.FEE_EARNER).get("/timers")
    assert page.status_code == 200
    row = re.search(rf'<tr data-timer="{TIMER}">(.*?)</tr>', page.text, re.S).group(1)
    assert "Fix the mail relay" in row and "Acme Dental" in row
    assert 'class="badge running"' in row and "12 min" in row and "billed as 15 min if committed now" in row
    assert "Pause" in row and "Resume" not in row
    assert 'href="/timers"' in page.text  # in the menu


def test_starting_a_timer_on_an_account_says_the_running_one_is_paused(browser, timetracking):
    timetracking.answers["start_timer"] = lambda body: timer(description=body["description"])
    web = browser(Role.FEE_EARNER)
    response = post_form(web, "/timers", {"description": "Patch the firewall", "account_id": ACCOUNT,
                                          "billable": "true"})
    assert response.status_code == 302 and response.headers["Location"] == "/timers"
    assert calls(timetracking, "start_timer")[0][2][0] == {"description": "Patch the firewall",
                                                            "account_id": ACCOUNT, "billable": True}
    page = web.get("/timers").text
    assert "Timer “Patch the firewall” started. Your timer “Fix the mail relay” is paused." in page


def test_a_general_timer_starts_without_an_assignment(browser, timetracking):
    timetracking.answers["list_timers"] = {"items": []}
    timetracking.answers["start_timer"] = lambda body: timer(assigned=False, description="")
    web = browser(Role.FEE_EARNER)
    post_form(web, "/timers", {"description": "", "matter_id": "", "account_id": "", "billable": "false"})
    assert calls(timetracking, "start_timer")[0][2][0] == {"billable": False}
    assert "Timer “General timer” started." in web.get("/timers").text


@pytest.mark.parametrize(("action", "method"), [("pause", "pause_timer"), ("resume", "resume_timer"),
                                                ("discard", "discard_timer")])
def test_pause_resume_and_discard_call_the_service_and_come_back(browser, timetracking, action, method):
    web = browser(Role.FEE_EARNER)
    response = post_form(web, f"/timers/{TIMER}/{action}")
    assert response.status_code == 302 and response.headers["Location"] == "/timers"
    assert calls(timetracking, method)[0][2] == (TIMER,)


def test_a_refused_move_says_why(browser, timetracking):
    timetracking.answers["resume_timer"] = lambda _id: (_ for _ in ()).throw(
        Conflict("the timer is running; it cannot be resumed"))
    web = browser(Role.FEE_EARNER)
    post_form(web, f"/timers/{TIMER}/resume")
    assert "The timer is running; it cannot be resumed." in web.get("/timers").text


def test_committing_shows_the_rounded_duration_recorded(browser, timetracking):
    timetracking.answers["commit_timer"] = lambda _id, body: {"timer": timer(status="committed"),
                                                              "entry": entry(duration_minutes=15)}
    web = browser(Role.FEE_EARNER)
    response = post_form(web, f"/timers/{TIMER}/commit", {"narrative": "Fixed the mail relay", "work_date": "",
                                                         "activity_code": "", "billable": "true"})
    assert response.status_code == 302
    assert calls(timetracking, "commit_timer")[0][2] == (TIMER, {"narrative": "Fixed the mail relay",
                                                                 "billable": True})
    assert calls(timetracking, "update_timer") == []
    page = web.get("/timers").text
    assert "Time entry recorded: 15 min on 2026-11-20 (measured 12 min 34 s, rounded by the account" in page


def test_billable_left_unset_lets_the_activity_code_decide(browser, timetracking):
    """A checkbox would always send yes or no and override a non-billable code's default."""
    timetracking.answers["list_timers"] = {"items": [timer(activity_code="L110")]}
    timetracking.answers["start_timer"] = lambda body: timer()
    timetracking.answers["commit_timer"] = lambda _id, body: {"timer": timer(status="committed"), "entry": entry()}
    web = browser(Role.FEE_EARNER)
    page = web.get("/timers").text
    assert '<option value="">As the activity code says</option>' in page and 'type="checkbox" name="billable"' not in page
    post_form(web, "/timers", {"description": "Admin", "account_id": ACCOUNT, "activity_code": "L110", "billable": ""})
    assert "billable" not in calls(timetracking, "start_timer")[0][2][0]
    post_form(web, f"/timers/{TIMER}/commit", {"narrative": "Filed the notes", "activity_code": "L110", "billable": ""})
    assert calls(timetracking, "commit_timer")[0][2] == (TIMER, {"narrative": "Filed the notes",
                                                                 "activity_code": "L110"})


def test_committing_a_timer_already_committed_says_so_on_the_timers_page(browser, timetracking):
    timetracking.answers["list_timers"] = {"items": []}  # the first click committed it
    timetracking.answers["commit_timer"] = lambda *_a: (_ for _ in ()).throw(Conflict("the timer is committed already"))
    web = browser(Role.FEE_EARNER)
    response = post_form(web, f"/timers/{TIMER}/commit", {"narrative": "Fixed it", "billable": "true"})
    assert response.status_code == 302 and response.headers["Location"] == "/timers"
    assert "The timer is committed already." in web.get("/timers").text


def test_a_general_timer_is_assigned_then_committed(browser, timetracking):
    timetracking.answers["list_timers"] = {"items": [timer(assigned=False)]}
    timetracking.answers["update_timer"] = lambda _id, body: timer()
    timetracking.answers["commit_timer"] = lambda _id, body: {"timer": timer(), "entry": entry()}
    web = browser(Role.FEE_EARNER)
    assert "A general timer needs a ticket, matter or account" in web.get("/timers").text
    post_form(web, f"/timers/{TIMER}/commit", {"account_id": ACCOUNT, "matter_id": "", "narrative": "Research",
                                              "billable": "true"})
    assert calls(timetracking, "update_timer")[0][2] == (TIMER, {"account_id": ACCOUNT})
    assert len(calls(timetracking, "commit_timer")) == 1


def test_committing_an_unassigned_timer_shows_the_error_under_the_account(browser, timetracking):
    timetracking.answers["list_timers"] = {"items": [timer(assigned=False)]}
    timetracking.answers["commit_timer"] = lambda *_a: (_ for _ in ()).throw(ValidationFailed(
        "assign the timer to a ticket, matter or account before committing it", "account_id"))
    web = browser(Role.FEE_EARNER)
    response = post_form(web, f"/timers/{TIMER}/commit", {"account_id": "", "matter_id": "", "narrative": "x",
                                                         "billable": "true"})
    assert response.status_code == 422
    assert error_under(response.text, "account_id") == \
        "Assign the timer to a ticket, matter or account before committing it."
    assert "<details open>" in response.text


# --- the daily timesheet ---------------------------------------------------------------------


def day(entries=(), **fields):
    return lambda **query: {"date": query.get("date", "2026-11-20"), "user_id": fields.get("user_id", "me"),
                            "entries": list(entries), "expenses": [], "parts": [], "timers": [],
                            "totals": {"billable_minutes": 15, "non_billable_minutes": 30, "total_minutes": 45},
                            "recent_matters": []}


@pytest.fixture
def sheet(timetracking):
    return timetracking


def open_day(web, rpc, entries=(), query="?date=2026-11-20"):
    rpc.answers["timesheet"] = lambda **q: day(entries, user_id=str(web.user["id"]))(**q)
    return web.get("/timesheet" + query)


def test_the_timesheet_shows_the_day_its_totals_and_links_to_the_days_around_it(browser, sheet):
    web = browser(Role.FEE_EARNER)
    page = open_day(web, sheet, [entry(), entry(id="d" * 8 + ENTRY[8:], status="billed", invoice_number="INV-2026-000007",
                                           can_edit=False, can_delete=False, narrative="Old work")])
    assert page.status_code == 200
    assert "<h1>Timesheet · Friday 20 November 2026</h1>" in page.text
    assert calls(sheet, "timesheet")[0][3] == {"date": "2026-11-20"}
    assert 'href="/timesheet?date=2026-11-19"' in page.text and 'href="/timesheet?date=2026-11-21"' in page.text
    assert 'data-metric="day-billable">15 min<' in page.text and 'data-metric="day-total">45 min<' in page.text
    billed = re.search(r'<tr data-entry="dddddddd.*?</tr>', page.text, re.S).group(0)
    assert "Locked – entry linked to posted invoice INV-2026-000007" in billed and "Edit" not in billed
    own = re.search(rf'<tr data-entry="{ENTRY}">.*?</tr>', page.text, re.S).group(0)
    assert "<summary>Edit</summary>" in own and "Delete" in own
    assert "Add time to this day" in page.text


def test_a_partner_opens_a_delegates_day_read_only(browser, sheet, make_user, engine):
    delegate = make_user(Role.FEE_EARNER, name="Dee Delegate")
    web = browser(Role.PARTNER)
    with Session(engine) as session, session.begin():
        storage.delegations.add_delegation(session, web.user["id"], delegate["id"])
    sheet.answers["timesheet"] = day(user_id=str(delegate["id"]))
    page = web.get(f"/timesheet?date=2026-11-20&user_id={delegate['id']}")
    assert calls(sheet, "timesheet")[0][3] == {"date": "2026-11-20", "user_id": str(delegate["id"])}
    assert "Dee Delegate" in page.text and "Add time to this day" not in page.text


def test_adding_time_inline_records_it_on_that_day(browser, sheet):
    sheet.answers["record_time_entry"] = lambda body: entry()
    web = browser(Role.FEE_EARNER)
    response = post_form(web, "/timesheet", {"work_date": "2026-11-19", "account_id": ACCOUNT, "matter_id": "",
                                             "duration_minutes": "30", "narrative": "Call with the office manager",
                                             "activity_code": "", "billable": "true"})
    assert response.status_code == 302 and response.headers["Location"] == "/timesheet?date=2026-11-19"
    assert calls(sheet, "record_time_entry")[0][2][0] == {
        "account_id": ACCOUNT, "work_date": "2026-11-19", "duration_minutes": 30,
        "narrative": "Call with the office manager", "billable": True}


def test_adding_time_without_a_duration_shows_the_error_under_it(browser, sheet):
    web = browser(Role.FEE_EARNER)
    sheet.answers["timesheet"] = lambda **q: day(user_id=str(web.user["id"]))(**q)
    response = post_form(web, "/timesheet", {"work_date": "2026-11-19", "account_id": ACCOUNT,
                                             "narrative": "x", "billable": "true"})
    assert response.status_code == 422
    assert error_under(response.text, "duration_minutes") == ("Give a duration in minutes, or a start and an end "
                                                                "(duration_minutes, or started_at and ended_at).")
    assert calls(sheet, "timesheet")[0][3] == {"date": "2026-11-19"}


def test_editing_an_entry_inline_sends_the_changes_and_returns_to_the_day(browser, sheet):
    sheet.answers["update_time_entry"] = lambda _id, body: entry()
    web = browser(Role.FEE_EARNER)
    response = post_form(web, f"/time-entries/{ENTRY}/edit", {"date": "2026-11-20", "duration_minutes": "20",
                                                               "narrative": "Fixed it", "billable": "false"})
    assert response.headers["Location"] == "/timesheet?date=2026-11-20"
    assert calls(sheet, "update_time_entry")[0][2] == (ENTRY, {"duration_minutes": 20, "narrative": "Fixed it",
                                                               "billable": False})


def test_a_refused_edit_shows_why_next_to_the_entry(browser, sheet):
    sheet.answers["update_time_entry"] = lambda *_a: (_ for _ in ()).throw(
        ValidationFailed("duration_minutes: an entry may not be longer than 24 hours", "duration_minutes"))
    web = browser(Role.FEE_EARNER)
    sheet.answers["timesheet"] = lambda **q: day([entry()], user_id=str(web.user["id"]))(**q)
    response = post_form(web, f"/time-entries/{ENTRY}/edit", {"date": "2026-11-20", "duration_minutes": "20",
                                                               "narrative": "Fixed it", "billable": "true"})
    assert response.status_code == 422
    assert f'id="f-e{ENTRY[:8]}-duration_minutes-error"' in response.text
    assert error_under(response.text, "duration_minutes") == "An entry may not be longer than 24 hours."


def test_emptying_a_required_field_on_an_edit_is_an_error_not_ignored(browser, sheet):
    web = browser(Role.FEE_EARNER)
    sheet.answers["timesheet"] = lambda **q: day([entry()], user_id=str(web.user["id"]))(**q)
    response = post_form(web, f"/time-entries/{ENTRY}/edit", {"date": "2026-11-20", "duration_minutes": "15",
                                                               "narrative": "  ", "billable": "true"})
    assert response.status_code == 422 and error_under(response.text, "narrative") == "Required."
    assert calls(sheet, "update_time_entry") == []


def test_deleting_an_entry_asks_first_showing_what_goes(browser, sheet):
    sheet.answers["get_time_entry"] = lambda entry_id: entry(id=entry_id)
    sheet.answers["delete_time_entry"] = lambda _id: None
    web = browser(Role.FEE_EARNER)
    own = re.search(rf'<tr data-entry="{ENTRY}">.*?</tr>', open_day(web, sheet, [entry()]).text, re.S).group(0)
    link = f'href="/time-entries/{ENTRY}/delete?date=2026-11-20"'
    assert link in own and "<button" not in own.split("</details>")[-1]  # no delete in one click
    confirm = web.get(f"/time-entries/{ENTRY}/delete?date=2026-11-20").text
    assert "Delete this time entry?" in confirm and entry()["narrative"] in confirm
    assert calls(sheet, "delete_time_entry") == []
    deleted = post_form(web, f"/time-entries/{ENTRY}/delete", {"date": "2026-11-20"})
    assert deleted.headers["Location"] == "/timesheet?date=2026-11-20"
    assert len(calls(sheet, "delete_time_entry")) == 1


def test_deleting_an_entry_that_is_locked_says_why(browser, sheet):
    sheet.answers["delete_time_entry"] = lambda _id: (_ for _ in ()).throw(
        Conflict("the entry is on a draft invoice; it cannot be deleted"))
    web = browser(Role.FEE_EARNER)
    response = post_form(web, f"/time-entries/{ENTRY}/delete", {"date": "2026-11-20"})
    assert response.headers["Location"] == "/timesheet?date=2026-11-20"
    assert "The entry is on a draft invoice; it cannot be deleted." in open_day(web, sheet).text


# --- my stats ------------------------------------------------------------------------------------


def test_my_stats_show_hours_today_and_this_week_and_utilization_against_the_target(browser, services):
    page = browser(Role.FEE_EARNER).get("/stats")
    assert page.status_code == 200
    assert 'data-metric="billable-today">1.50 h<' in page.text and 'data-metric="billable-week">1.50 h<' in page.text
    assert 'data-metric="non-billable-week">0.50 h<' in page.text
    assert re.search(r"Utilization this week: <strong>3.8 %</strong>\s+of 40.00 h \(target 75 %, 30.00 h billable\)",
                     page.text)
    assert "28.50 h billable to go." in page.text
    assert [c[1] for c in services.calls] == ["time_stats"]


@pytest.mark.parametrize(("role", "shown"), [(Role.FEE_EARNER, True), (Role.PARTNER, True), (Role.BILLING, False)])
def test_the_dashboard_shows_your_hours_to_those_who_record_time(browser, services, role, shown):
    page = browser(role).get("/dashboard").text
    assert ("<h2>Your hours</h2>" in page) is shown
    assert ('data-metric="billable-week"' in page) is shown


# --- tickets and matters: the work panel -------------------------------------------------------------

PART_ITEM = "0b7f6f0e-2f4b-4c7e-9d1a-3c2b1a0f9e8d"


def matter(**fields):
    return {"id": MATTER, "account_id": ACCOUNT, "account_name": "Acme Dental", "kind": "ticket",
            "reference": "T-000042", "title": "Mail relay down", "status": "open", "past_due_warning": None,
            **fields}


def money(amount):
    return {"amount": amount, "currency": "USD"}


@pytest.fixture
def panel(timetracking):
    timetracking.answers.update({
        "get_matter": lambda _id: matter(),
        "list_parts": lambda **_f: {"items": [entry(sku="SSD-1TB", name="1 TB SSD", quantity="1",
                                                    work_date="2026-11-20", unit_price=money("120.00"),
                                                    serial_number="SN123")],
                                    "total": 1, "limit": 100, "offset": 0},
        "list_expenses": lambda **_f: {"items": [entry(category="parking", description="Parking downtown",
                                                       work_date="2026-11-20", amount=money("12.50"),
                                                       has_receipt=True, receipt={"filename": "parking.png"})],
                                       "total": 1, "limit": 100, "offset": 0},
        "matter_total": lambda _id: {"matter": matter(), "duration_minutes": 15,
                                     "counts": {"time_entries": 1, "expenses": 1, "parts": 1},
                                     "quote": {"currency": "USD", "lines": [], "subtotal": money("170.00"),
                                               "tax": money("13.60"), "total": money("183.60")}},
        "list_catalog_items": lambda *_a, **_k: {"items": [
            {"id": PART_ITEM, "sku": "SSD-1TB", "name": "1 TB SSD", "kind": "part", "unit_price": money("120.00"),
             "tax_rate": "0", "stock_on_hand": 3, "active": True},
            {"id": "1" * 8 + PART_ITEM[8:], "sku": "LAB", "name": "Labour", "kind": "service",
             "unit_price": money("90.00"), "tax_rate": "0", "stock_on_hand": None, "active": True}],
            "total": 2, "limit": 100, "offset": 0},
    })
    return timetracking


def test_the_work_panel_shows_time_parts_expenses_and_the_running_total(browser, panel):
    page = browser(Role.FEE_EARNER).get(f"/matters/{MATTER}")
    assert page.status_code == 200
    assert "T-000042 · Mail relay down" in page.text
    assert "SSD-1TB – 1 TB SSD" in page.text and "SN123" in page.text
    assert "Parking: Parking downtown" in page.text and "parking.png" in page.text
    assert 'data-amount="total">$183.60<' in page.text
    assert f'<option value="{PART_ITEM}">SSD-1TB – 1 TB SSD (120.00 USD, 3 in stock)</option>' in page.text
    assert "Labour" not in page.text.split("Add a part")[1].split("</select>")[0]  # services are not parts
    assert 'enctype="multipart/form-data"' in page.text
    assert ("timetracking", "list_parts") in [(c[0], c[1]) for c in panel.calls]
    assert [c[3] for c in calls(panel, "list_parts")] == [{"matter_id": MATTER, "limit": 100}]


def test_a_customer_sees_the_work_on_their_ticket_without_prices_or_forms(browser, panel):
    page = browser(Role.CUSTOMER).get(f"/matters/{MATTER}")
    assert page.status_code == 200 and "Mail relay down" in page.text
    assert "Running total" not in page.text and "Add a part" not in page.text and "Add an expense" not in page.text
    assert calls(panel, "matter_total") == [] and calls(panel, "list_catalog_items") == []


def test_adding_a_part_from_the_dropdown_puts_it_on_the_matter_in_the_address(browser, panel):
    panel.answers["add_part"] = lambda body: {"quantity": "2", "name": "1 TB SSD"}
    web = browser(Role.FEE_EARNER)
    response = post_form(web, f"/matters/{MATTER}/parts", {"matter_id": "someone-elses", "catalog_item_id": PART_ITEM,
                                                            "quantity": "2", "work_date": "2026-11-20",
                                                            "serial_number": "", "billable": "true"})
    assert response.headers["Location"] == f"/matters/{MATTER}"
    assert calls(panel, "add_part")[0][2][0] == {"matter_id": MATTER, "catalog_item_id": PART_ITEM, "quantity": "2",
                                                 "work_date": "2026-11-20", "billable": True}
    assert "Part added: 2 × 1 TB SSD." in web.get(f"/matters/{MATTER}").text


def test_an_expense_with_a_receipt_is_sent_as_the_api_sends_it(browser, panel):
    panel.answers["record_expense"] = lambda body: {"amount": money("12.50")}
    web = browser(Role.FEE_EARNER)
    response = post_form(web, f"/matters/{MATTER}/expenses", {
        "amount": "12.50", "currency": "", "work_date": "2026-11-20", "category": "parking",
        "description": "Parking downtown", "billable": "true",
        "receipt": (io.BytesIO(b"%PDF-1.4 receipt"), "parking.pdf", "application/pdf")},
        content_type="multipart/form-data")
    assert response.headers["Location"] == f"/matters/{MATTER}"
    sent = calls(panel, "record_expense")[0][2][0]
    assert sent["receipt"] == {"filename": "parking.pdf", "content_type": "application/pdf",
                               "content_base64": base64.b64encode(b"%PDF-1.4 receipt").decode()}
    assert sent["amount"] == "12.50" and sent["matter_id"] == MATTER and sent["category"] == "parking"
    assert "Expense recorded: 12.50 USD." in web.get(f"/matters/{MATTER}").text


def test_a_refused_receipt_shows_why_under_the_receipt_field(browser, panel):
    panel.answers["record_expense"] = lambda body: (_ for _ in ()).throw(ValidationFailed(
        "the receipt must be a photo (JPEG, PNG, HEIC, WebP) or a PDF", "receipt.content_type"))
    web = browser(Role.FEE_EARNER)
    response = post_form(web, f"/matters/{MATTER}/expenses", {
        "amount": "12.50", "work_date": "2026-11-20", "description": "Parking", "billable": "true",
        "receipt": (io.BytesIO(b"MZ"), "virus.exe", "application/octet-stream")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert error_under(response.text, "receipt") == "The receipt must be a photo (JPEG, PNG, HEIC, WebP) or a PDF."


def test_opening_a_ticket_goes_to_its_panel(browser, panel):
    panel.answers["open_matter"] = lambda body: matter()
    web = browser(Role.FEE_EARNER)
    page = web.get("/matters")
    assert page.status_code == 200 and "Open a ticket or matter" in page.text
    assert calls(panel, "list_matters")[0][3] == {"limit": 25, "offset": 0, "status": "open", "search": None}
    response = post_form(web, "/matters", {"account_id": ACCOUNT, "kind": "ticket", "reference": "",
                                           "title": "Mail relay down"})
    assert response.headers["Location"] == f"/matters/{MATTER}"
    assert calls(panel, "open_matter")[0][2][0] == {"account_id": ACCOUNT, "kind": "ticket",
                                                    "title": "Mail relay down"}


def test_own_unbilled_parts_and_expenses_come_off_the_ticket(browser, panel):
    panel.answers["delete_part"] = lambda _id: None
    panel.answers["delete_expense"] = lambda _id: (_ for _ in ()).throw(
        Conflict("locked – expense linked to posted invoice INV-2026-000007"))
    web = browser(Role.FEE_EARNER)
    page = web.get(f"/matters/{MATTER}").text
    assert f'action="/matters/{MATTER}/parts/{ENTRY}/remove"' in page and "Remove expense" in page
    removed = post_form(web, f"/matters/{MATTER}/parts/{ENTRY}/remove")
    assert removed.headers["Location"] == f"/matters/{MATTER}" and calls(panel, "delete_part")[0][2] == (ENTRY,)
    assert "Part removed; its stock goes back to the catalog." in web.get(f"/matters/{MATTER}").text
    post_form(web, f"/matters/{MATTER}/expenses/{ENTRY}/remove")
    assert "Locked – expense linked to posted invoice INV-2026-000007." in web.get(f"/matters/{MATTER}").text
    panel.answers["list_parts"] = lambda **_f: {"items": [entry(sku="X", name="Y", quantity="1", work_date="2026-11-20",
                                                                unit_price=money("1.00"), serial_number=None,
                                                                can_delete=False)],
                                                "total": 1, "limit": 100, "offset": 0}
    assert "Remove part" not in web.get(f"/matters/{MATTER}").text  # someone else's, or billed


def test_a_receipt_opens_from_the_panel(browser, panel):
    panel.answers["get_receipt"] = lambda _id: {"filename": "parking.png", "content_type": "image/png", "size": 4,
                                                "content_base64": base64.b64encode(b"\x89PNG").decode()}
    web = browser(Role.FEE_EARNER)
    assert f'href="/expenses/{ENTRY}/receipt">parking.png</a>' in web.get(f"/matters/{MATTER}").text
    receipt = web.get(f"/expenses/{ENTRY}/receipt")
    assert receipt.status_code == 200 and receipt.data == b"\x89PNG" and receipt.mimetype == "image/png"
    assert "parking.png" in receipt.headers["Content-Disposition"]


def test_an_empty_receipt_file_is_refused_under_its_field_and_sends_nothing(browser, panel):
    web = browser(Role.FEE_EARNER)
    response = post_form(web, f"/matters/{MATTER}/expenses", {
        "amount": "12.50", "work_date": "2026-11-20", "description": "Parking", "billable": "true",
        "receipt": (io.BytesIO(b""), "parking.pdf", "application/pdf")}, content_type="multipart/form-data")
    assert response.status_code == 422 and error_under(response.text, "receipt") == "The receipt file is empty."
    assert 'value="Parking"' in response.text  # what was typed is kept
    assert calls(panel, "record_expense") == []


def test_a_part_on_a_ticket_closed_meanwhile_says_so_on_the_panel(browser, panel):
    panel.answers["get_matter"] = lambda _id: matter(status="closed")
    panel.answers["add_part"] = lambda body: (_ for _ in ()).throw(
        ValidationFailed("ticket T-000042 is closed; reopen it to add work", "matter_id"))
    web = browser(Role.FEE_EARNER)
    response = post_form(web, f"/matters/{MATTER}/parts", {"catalog_item_id": PART_ITEM, "quantity": "1",
                                                            "work_date": "2026-11-20", "billable": "true"})
    assert response.headers["Location"] == f"/matters/{MATTER}"
    assert "Ticket T-000042 is closed; reopen it to add work." in web.get(f"/matters/{MATTER}").text


def test_the_matters_list_keeps_any_status_on_the_next_page(browser, panel):
    panel.answers["list_matters"] = lambda **_f: {"items": [matter()] * 25, "total": 30, "limit": 25, "offset": 0}
    page = browser(Role.FEE_EARNER).get("/matters?status=any").text
    assert calls(panel, "list_matters")[0][3]["status"] is None
    assert 'href="?status=any&amp;page=2"' in page


def test_billing_chooses_whose_stats_before_any_are_shown(browser, sheet):
    page = browser(Role.BILLING).get("/stats")
    assert page.status_code == 200 and "Choose whose hours to see" in page.text
    assert calls(sheet, "time_stats") == []


def test_billing_picks_anyone_who_records_time_to_see_their_day_and_stats(browser, sheet, make_user):
    tech = make_user(Role.FEE_EARNER, name="Terry Tech", org="acme")
    make_user(Role.ADMIN, name="Ada Admin", org="acme")
    web = browser(Role.BILLING, org="acme")
    sheet.answers["timesheet"] = day(user_id=str(web.user["id"]))
    page = web.get("/timesheet").text
    assert '<option value="" selected>Choose a person</option>' in page
    assert f'<option value="{tech["id"]}">Terry Tech</option>' in page and "Ada Admin" not in page
    assert "Add time to this day" not in page
    sheet.answers["time_stats"] = lambda **q: {**time_stats_view(), "user_id": q["user_id"]}
    stats = web.get(f"/stats?user_id={tech['id']}").text
    assert "<h1>Time stats · Terry Tech</h1>" in stats
    assert calls(sheet, "time_stats")[0][3] == {"user_id": str(tech["id"])}


# --- today, in UTC ---------------------------------------------------------------------------------


@pytest.fixture
def host_zone_off_utc():
    """The host's clock in a zone where the date is not UTC's right now (a day ahead or behind)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Etc/GMT-14" if datetime.now(UTC).hour >= 10 else "Etc/GMT+12"
    time.tzset()
    assert date.today() != today()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_new_work_is_dated_today_in_utc_whatever_the_hosts_zone(browser, panel, host_zone_off_utc):
    web = browser(Role.FEE_EARNER)
    utc_today = today().isoformat()
    assert f'name="work_date" type="date" value="{utc_today}"' in web.get("/time").text
    matter_page = web.get(f"/matters/{MATTER}").text
    assert matter_page.count(f'name="work_date" type="date" value="{utc_today}"') == 2  # a part, an expense
    open_day(web, panel, query="")
    assert calls(panel, "timesheet")[-1][3] == {"date": utc_today}
