"""The field crew's phone pages in real Chromium at 390 × 844, on the real services: a crew lead
starts a job, clocks two crew members in, takes a photo, completes the line item, ticks the
checklist, the customer signs on the canvas and the job is completed; and what they refuse
(another organization's job; clocking in someone not on the crew)."""

import base64
import re

from playwright.sync_api import expect

from ledgerline_devstack.demo import PNG
from ledgerline_devstack.testing import Organization, eventually
from ledgerline_servicekit.clock import today

PHONE = {"width": 390, "height": 844}


def field_job(org, title: str = "Birch Lane lot clearing") -> dict:
    """A scheduled job for today with Cody (who signs in) and Mike on its crew, and Lee, who is not."""
    billing, manager = org.user("billing"), org.user("partner", name="Fran Field")
    lead = org.user("fee_earner", name="Cody Crew")
    account = billing.post("/accounts", {"name": "Birch Lane Homes", "billing_email": "ap@birch.example",
                                         "currency": "USD", "tax_rate": "0", "hourly_rate": "150.00"},
                           expect=201).json()

    def employee(name: str, user_id: str | None = None) -> dict:
        return manager.post("/employees", {"name": name, "user_id": user_id, "role": "ground crew",
                                           "hourly_wage": "30.00", "burden_multiplier": "1.5"}, expect=201).json()

    cody, mike, lee = employee("Cody Crew", lead.user_id), employee("Mike Johnson"), employee("Lee Spare")
    mulcher = manager.post("/equipment", {"name": "Supertrak", "kind": "mulcher", "hourly_rate": "100.00"},
                           expect=201).json()
    manager.request("PUT", "/work-order-settings", expect=200, json={"minimum_after_photos": 1})

    def create():
        response = manager.post("/work-orders", {
            "account_id": account["id"], "title": title, "site_address": "4 Birch Lane, Springfield",
            "contract_amount": "2400.00", "line_items": [{
                "service_type": "Forestry Mulching", "description": "Clear 1.5 acres of brush",
                "production_hours": "3.00", "pricing_method": "fixed", "cost": "900.00", "price": "2400.00"}]})
        return response.json() if response.status_code == 201 else None

    order = eventually(create, message="the account to reach workorders")
    manager.post(f"/work-orders/{order['id']}/schedule", {
        "scheduled_on": today().isoformat(), "start_time": "08:00", "crew_employee_ids": [cody["id"], mike["id"]],
        "equipment_ids": [mulcher["id"]]}, expect=200)
    return {"order": order, "lead": lead, "manager": manager, "lee": lee, "mike": mike}


def test_a_crew_lead_works_a_job_and_the_customer_signs_it_off_on_the_phone(org, signed_in, fits_the_screen):
    job = field_job(org)
    page = signed_in(job["lead"], viewport=PHONE)

    page.goto("/jobs")
    card = page.locator("article.job").filter(has_text="Birch Lane lot clearing")
    expect(card.get_by_role("link", name="4 Birch Lane, Springfield (map)")).to_be_visible()
    fits_the_screen(page, card.get_by_role("link", name="START WORK"))
    card.get_by_role("link", name="START WORK").click()

    page.get_by_label("Weather").fill("Clear, 75°F")
    page.get_by_label("Cody Crew").check()
    page.get_by_label("Mike Johnson").check()
    page.get_by_label("PPE verified for everyone on site").check()
    fits_the_screen(page, page.get_by_role("button", name="START WORK"))
    page.get_by_role("button", name="START WORK").click()
    expect(page.get_by_role("status")).to_contain_text("Work started")

    line = page.locator("article.line").first
    line.get_by_role("button", name="START").click()
    expect(page.get_by_role("status")).to_contain_text("Line item started")
    line.get_by_label("Equipment for Cody Crew").select_option(label="Supertrak")
    line.get_by_role("button", name="Clock in Cody Crew").click()
    expect(page.get_by_role("status")).to_contain_text("Cody Crew clocked in")
    line.get_by_role("button", name="Clock in Mike Johnson").click()
    expect(page.get_by_role("status")).to_contain_text("Mike Johnson clocked in")
    clocks = line.locator("time.ticking")
    expect(clocks).to_have_count(2)
    expect(clocks.first).to_have_text(re.compile(r"^0:00:\d\d$"))  # the script ticks the seconds
    fits_the_screen(page, line.get_by_role("button"), page.get_by_role("link", name="Report an issue"))
    for button in line.get_by_role("button").all():
        assert button.bounding_box()["height"] >= 48

    photos = page.locator("#photos")
    expect(photos).to_contain_text("After photos: 0 of 1")
    photos.get_by_label("Photo", exact=True).set_input_files(
        files=[{"name": "lot.png", "mimeType": "image/png", "buffer": base64.b64decode(PNG)}])
    photos.get_by_label("When").select_option("after")
    photos.get_by_role("button", name="Add photo").click()
    expect(page.get_by_role("status")).to_contain_text("After photo added")
    expect(page.locator("#photos")).to_contain_text("After photos: 1 of 1")

    page.locator("article.line").first.get_by_role("button", name="COMPLETE").click()
    expect(page.get_by_role("status")).to_contain_text("Line item completed")
    expect(page.locator("time.ticking")).to_have_count(0)  # completing clocked everyone out

    page.get_by_role("link", name="Finish the job").click()
    # Signing before the checklist is met: refused, the open items named next to them.
    draw_a_signature(page)
    page.get_by_label("Printed name").fill("Dana Oakley")
    page.get_by_role("button", name="Complete the job").click()
    expect(page.locator(".checklist .unmet").filter(has_text="Site restored")).to_contain_text("Still needed")
    expect(page.get_by_label("Printed name")).to_have_value("Dana Oakley")

    for item in ("Walkthrough with the customer complete", "Debris removed", "Site restored", "Equipment cleaned"):
        page.get_by_label(item).check()
    page.get_by_label("Walkthrough comment").fill("Customer walked the lot and is happy.")
    page.get_by_role("button", name="Save checklist").click()
    expect(page.get_by_role("status")).to_contain_text("Checklist saved")
    expect(page.locator(".checklist .unmet")).to_have_count(0)

    draw_a_signature(page)
    page.get_by_label("Printed name").fill("Dana Oakley")
    fits_the_screen(page, page.get_by_role("button", name="Complete the job"), page.locator("canvas"))
    page.get_by_role("button", name="Complete the job").click()
    expect(page.get_by_role("status")).to_contain_text("Job completed")
    expect(page.get_by_text("By Dana Oakley")).to_be_visible()
    done = job["manager"].get(f"/work-orders/{job['order']['id']}").json()
    assert done["status"] == "completed" and done["signoff"]["printed_name"] == "Dana Oakley"
    assert {e["employee_name"] for e in done["time_entries"]} == {"Cody Crew", "Mike Johnson"}


def draw_a_signature(page) -> None:
    """A finger's stroke across the signature box (pointer events, as a touch makes them)."""
    canvas = page.locator("canvas.signature-pad")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 40)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + 40 + (step % 3) * 30)
    page.mouse.up()
    expect(page.locator("input[name=signature]")).to_have_value(re.compile(r"^data:image/png;base64,"))


def test_another_organizations_job_is_not_found_on_the_crew_pages(platform, org, signed_in):
    theirs = field_job(Organization(platform.settings, platform.url, "Globex Field"), title="Their job")
    ours = org.user("fee_earner")
    page = signed_in(ours, viewport=PHONE)
    for path in ("", "/start", "/complete"):
        assert page.goto(f"/jobs/{theirs['order']['id']}{path}").status == 404
    page.goto("/jobs")
    expect(page.get_by_text("Their job")).to_have_count(0)


def test_a_crew_member_not_on_the_crew_cannot_be_clocked_in(org, signed_in):
    job = field_job(org)
    order = job["order"]["id"]
    page = signed_in(job["lead"], viewport=PHONE)
    page.goto(f"/jobs/{order}/start")
    page.get_by_label("Weather").fill("Overcast")
    page.get_by_label("Cody Crew").check()
    page.get_by_label("PPE verified for everyone on site").check()
    page.get_by_role("button", name="START WORK").click()
    page.locator("article.line").first.get_by_role("button", name="START").click()
    expect(page.get_by_role("status")).to_contain_text("Line item started")
    line_id = page.locator("article.line").first.get_attribute("data-line")
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    response = page.request.post(f"/jobs/{order}/lines/{line_id}/clock-in", max_redirects=0, form={
        "csrf_token": token, "request_key": "lee-1", "employee_ids": job["lee"]["id"], "name": "Lee Spare"})
    assert response.status == 302  # back on the job, saying why
    page.goto(f"/jobs/{order}")
    expect(page.get_by_role("alert")).to_contain_text("not on this job's crew")
    entries = job["manager"].get(f"/work-orders/{order}").json()["time_entries"]
    assert entries == []
