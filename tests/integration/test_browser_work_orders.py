"""The field manager's pages in real Chromium against the running platform, with the demo's
field-service organization (Greenline): the job running over its estimate shows its alert and why,
the completed job opens the invoice drafted from it, on a desktop and on a 390 × 844 phone; another
organization's work order is not found."""

import re

import pytest
from playwright.sync_api import expect

from ledgerline_devstack import demo
from ledgerline_devstack.gateway_client import ApiClient

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def manager(platform):
    demo.load_field_service(platform.settings, platform.url, log=lambda _message: None)
    return ApiClient.sign_in(platform.url, "manager@greenline.example", demo.PASSWORD)


def signed_in_as_demo_manager(browse, viewport):
    """The demo's field manager signed in through the form (with the demo's password)."""
    page = browse(viewport)
    page.goto("/login")
    page.get_by_label("Email").fill("manager@greenline.example")
    page.get_by_label("Password").fill(demo.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def open_job(page, title: str, status: str) -> None:
    page.goto("/work-orders")
    page.get_by_label("With status").select_option(status)
    page.get_by_role("button", name="Show").click()
    page.get_by_role("row").filter(has_text=title).get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_manager_sees_the_overrun_alert_and_opens_a_completed_jobs_invoice(manager, browse, fits_the_screen,
                                                                            viewport):
    page = signed_in_as_demo_manager(browse, viewport)
    open_job(page, "Maple Ridge storm cleanup", "in_progress")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("This job is running over its estimate.")
    expect(alert).to_contain_text(re.compile(r"Hours: projected [\d.]+ h against [\d.]+ h estimated"))
    expect(page.locator("[data-metric=projected-margin]")).to_contain_text("%")
    expect(page.get_by_text("change order", exact=False).first).to_be_visible()
    fits_the_screen(page)

    open_job(page, "Birch Lane lot clearing", "completed")
    fits_the_screen(page)
    invoice = page.get_by_role("link", name=re.compile(r"Open (the draft )?invoice"))
    invoice.click()
    expect(page).to_have_url(re.compile(r"/invoices/[0-9a-f-]{36}$"))
    expect(page.get_by_text("Birch Lane Homes").first).to_be_visible()

    for path in ("/work-orders/week", "/proposals", "/crew", "/reports/estimate-accuracy"):
        page.goto(path)
        fits_the_screen(page)


def test_another_organizations_work_order_is_not_found(manager, org, signed_in):
    job = manager.get("/work-orders", params={"status": "in_progress"}).json()["items"][0]
    stranger = signed_in(org.user("partner"))
    assert stranger.goto(f"/work-orders/{job['id']}").status == 404
    assert stranger.goto(f"/work-orders/{job['id']}/schedule").status == 404
