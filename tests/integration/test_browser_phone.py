"""On a 390 × 844 phone, in real Chromium: no page is wider than the screen and the buttons a
person needs are on it, even with a narrative holding one long word (a URL)."""

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}

URL = ("https://support.northwind.example/tickets/2026/11/20/printer-queue-stuck-again-see-the-vendor-knowledge-"
       "base-article-about-spooler-restarts?utm_source=ledgerline&session=8f14e45fceea167a5a36dedd4bea2543")


def test_timers_time_and_the_timesheet_fit_a_phone_with_a_long_url_in_a_narrative(firm, signed_in, fits_the_screen):
    account = firm.account()
    firm.record(account, 30, f"Followed {URL} to fix the print queue")
    firm.tech.post("/timers", {"description": URL, "account_id": account["id"]}, expect=201)
    page = signed_in(firm.tech, viewport=PHONE)

    page.goto("/timers")
    timer = page.locator("tr[data-timer]")
    timer.get_by_text("Commit", exact=True).click()
    fits_the_screen(page, timer.get_by_role("button"), timer.get_by_label("What you did"))

    page.goto("/time")
    expect(page.get_by_text("to fix the print queue")).to_be_visible()
    fits_the_screen(page, page.get_by_role("button", name="Record time"))

    page.goto("/timesheet")
    row = page.get_by_role("row").filter(has_text="to fix the print queue")
    row.get_by_text("Edit", exact=True).click()
    fits_the_screen(page, row.get_by_role("button", name="Save"), row.get_by_role("link", name="Delete"))


def test_drafting_and_a_draft_invoice_fit_a_phone(firm, signed_in, fits_the_screen):
    account = firm.account(name="Acme Dental and Orthodontics of Greater Springfield")
    firm.record(account, 25, f"Printer queue: see {URL}")
    firm.draft(account)  # one draft to approve on the dashboard …
    firm.record(account, 1, "Reset a password")  # … and work for another
    page = signed_in(firm.partner, viewport=PHONE)

    page.goto("/dashboard")
    expect(page.get_by_role("button", name="Draft invoice")).to_be_visible()
    fits_the_screen(page, page.get_by_role("button", name="Draft invoice"))

    page.goto(f"/accounts/{account['id']}")
    fits_the_screen(page, page.get_by_role("button", name="Draft invoice"))
    page.get_by_role("button", name="Draft invoice").click()
    expect(page.get_by_role("status")).to_contain_text("Draft invoice created")
    fits_the_screen(page, page.get_by_role("button", name="Approve"),
                           page.get_by_role("link", name="Download PDF"))
