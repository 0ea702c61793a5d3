"""Time tracking in real Chromium against the running platform: timers, the daily timesheet, the work on a ticket."""

import re

from playwright.sync_api import expect

from ledgerline_devstack.testing import eventually

PHONE = {"width": 390, "height": 844}


def test_a_fee_earner_times_work_on_an_account_and_finds_it_in_the_timesheet(firm, signed_in):
    account = firm.account()
    firm.record(account, 30, "Checked last night's backups")  # timetracking knows the account now
    firm.billing.request("PUT", f"/rounding-rules/accounts/{account['id']}",
                         json={"mode": "up", "increment_minutes": 15}, expect=200)
    page = signed_in(firm.tech)
    page.get_by_role("link", name="Timers", exact=True).click()
    start = page.locator("form").filter(has=page.get_by_role("button", name="Start timer"))
    status = page.get_by_role("status")

    start.get_by_label("What you are working on").fill("Patch the firewall")
    start.get_by_label("Account").select_option(label=account["name"])
    start.get_by_role("button", name="Start timer").click()
    expect(status).to_have_text("Timer “Patch the firewall” started.")
    timed = page.get_by_role("row").filter(has_text="Patch the firewall")
    expect(timed).to_contain_text("running")
    expect(timed).to_contain_text(account["name"])

    # A general timer for something else pauses the first one.
    start.get_by_label("What you are working on").fill("Read up on the new VPN client")
    start.get_by_role("button", name="Start timer").click()
    expect(status).to_have_text("Timer “Read up on the new VPN client” started. "
                                "Your timer “Patch the firewall” is paused.")
    expect(timed).to_contain_text("paused")
    general = page.get_by_role("row").filter(has_text="Read up on the new VPN client")
    expect(general).to_contain_text("General (not assigned)")
    general.get_by_role("button", name="Discard").click()
    expect(status).to_have_text("Timer discarded; no time was recorded.")
    expect(general).to_have_count(0)

    timed.get_by_role("button", name="Resume").click()
    expect(timed).to_contain_text("running")
    page.wait_for_timeout(1500)  # a timer must measure a second or more to become time
    timed.get_by_text("Commit", exact=True).click()
    timed.get_by_label("What you did").fill("Patched the firewall and checked the rules")
    timed.get_by_role("button", name="Commit to a time entry").click()
    expect(status).to_contain_text(re.compile(r"^Time entry recorded: 15 min on \d{4}-\d\d-\d\d \(measured 0 min"))
    expect(page.get_by_text("No timers running or paused.")).to_be_visible()

    page.get_by_role("link", name="Timesheet", exact=True).click()
    entry = page.get_by_role("row").filter(has_text="Patched the firewall and checked the rules")
    expect(entry).to_contain_text("15 min")
    expect(entry).to_contain_text(account["name"])
    expect(page.locator("[data-metric=day-billable]")).to_have_text("45 min")


def test_a_general_timer_needs_an_assignment_before_it_becomes_time(firm, signed_in):
    account = firm.account()
    firm.record(account, 30, "Checked last night's backups")
    page = signed_in(firm.tech, viewport=PHONE)
    page.goto("/timers")
    start = page.locator("form").filter(has=page.get_by_role("button", name="Start timer"))
    start.get_by_label("What you are working on").fill("Triage the morning's alerts")
    start.get_by_role("button", name="Start timer").click()
    timer = page.locator("tr[data-timer]").filter(has_text="Triage the morning's alerts")
    timer.get_by_text("Commit", exact=True).click()
    timer.get_by_role("button", name="Commit to a time entry").click()
    expect(timer.locator(".field-error")).to_have_text(
        "Assign the timer to a ticket, matter or account before committing it.")

    page.wait_for_timeout(1000)  # a timer must measure a second or more to become time
    timer.get_by_label("Account").select_option(label=account["name"])
    timer.get_by_role("button", name="Commit to a time entry").click()
    expect(page.get_by_role("status")).to_contain_text("Time entry recorded: 1 min")


def test_a_technician_adds_a_part_and_an_expense_with_a_receipt_to_a_ticket_and_sees_the_total(firm, signed_in):
    account = firm.account(tax_rate="0")
    firm.record(account, 30, "Checked last night's backups")  # timetracking knows the account now
    firm.billing.post("/catalog-items", {"sku": "SSD-1TB", "name": "1 TB SSD", "unit_price": "120.00",
                                         "currency": "USD", "stock_on_hand": 4}, expect=201)
    page = signed_in(firm.tech, viewport=PHONE)
    page.goto("/matters")
    page.get_by_label("Account").select_option(label=account["name"])
    page.get_by_label("Title", exact=True).fill("Laptop will not boot")
    page.get_by_role("button", name="Open", exact=True).click()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^Ticket T-\d+ opened\.$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Laptop will not boot")

    page.get_by_text("Add a part", exact=True).click()
    page.get_by_label("Part", exact=True).select_option(label="SSD-1TB – 1 TB SSD (120.00 USD, 4 in stock)")
    page.get_by_label("Serial number").fill("S4EVNX0N")
    page.get_by_role("button", name="Add part").click()
    expect(page.get_by_role("status")).to_have_text("Part added: 1 × 1 TB SSD.")
    expect(page.get_by_role("row").filter(has_text="S4EVNX0N")).to_contain_text("1 TB SSD")

    page.get_by_text("Add an expense", exact=True).click()
    page.get_by_label("Amount", exact=True).fill("12.50")
    page.get_by_label("Category").select_option(label="Parking")
    page.get_by_label("Description").fill("Parking at the client's office")
    page.get_by_label("Receipt").set_input_files(
        {"name": "parking.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%receipt\n"})
    page.get_by_role("button", name="Add expense").click()
    expect(page.get_by_role("status")).to_have_text("Expense recorded: 12.50 USD.")
    expect(page.get_by_role("row").filter(has_text="parking.pdf")).to_contain_text("Parking at the client's office")
    expect(page.locator("[data-amount=total]")).to_have_text("$132.50")
    # The running total names the expense, not just "Expense".
    total = page.locator("section").filter(has=page.get_by_role("heading", name="Running total (not yet billed)"))
    expect(total.get_by_role("row").filter(has_text="Parking: Parking at the client's office")).to_contain_text(
        "$12.50")

    # The part was a mistake: it comes off the ticket, and its stock goes back.
    page.get_by_role("row").filter(has_text="S4EVNX0N").get_by_role("button", name="Remove part").click()
    expect(page.get_by_role("status")).to_have_text("Part removed; its stock goes back to the catalog.")
    expect(page.get_by_role("row").filter(has_text="S4EVNX0N")).to_have_count(0)
    expect(page.locator("[data-amount=total]")).to_have_text("$12.50")
    eventually(lambda: [i["stock_on_hand"] for i in firm.billing.get("/catalog-items").json()["items"]
                        if i["sku"] == "SSD-1TB"] == [4], message="the SSD back in stock")
