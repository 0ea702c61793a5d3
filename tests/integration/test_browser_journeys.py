"""Each role's journey in real Chromium against the running platform (every service and the gateway)."""

import re

import pytest
from playwright.sync_api import expect

from ledgerline_devstack.testing import eventually, locked_draft

PHONE = {"width": 390, "height": 844}


def test_each_role_signs_in_and_lands_on_its_start_page(org, firm, signed_in):
    account = firm.account()
    customer = org.user("customer", name="Casey Customer", account_id=account["id"])
    admin = org.user("admin", name="Ada Admin")
    associate = org.user("associate_partner", name="Ari Associate")
    expected = [
        (firm.tech, "/dashboard", "Your unbilled time"),
        (associate, "/dashboard", "Unbilled work — you and your delegates"),
        (firm.partner, "/dashboard", "Unbilled work — you and your delegates"),
        (firm.billing, "/dashboard", "Billing overview"),
        (admin, "/admin/users", "Users"),
        (customer, "/dashboard", account["name"]),
    ]
    for user, path, heading in expected:
        page = signed_in(user)
        expect(page).to_have_url(re.compile(re.escape(path) + "$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        page.context.close()


def test_a_fee_earner_records_time_and_sees_it_with_its_status(firm, signed_in):
    account = firm.account()
    firm.record(account, 30, "Checked last night's backups")  # timetracking knows the account now
    page = signed_in(firm.tech)
    page.get_by_role("link", name="Time", exact=True).click()

    page.get_by_label("Account", exact=True).select_option(label=account["name"])
    page.get_by_label("Duration (minutes)").fill("0")
    page.get_by_role("button", name="Record time").click()
    expect(page.locator("#f-duration_minutes-error")).to_have_text("Input should be greater than 0.")
    expect(page.locator("#f-narrative-error")).to_have_text("Required.")

    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("What you did").fill("Configured VPN access for the new hygienist")
    page.get_by_role("button", name="Record time").click()
    expect(page.get_by_role("status")).to_have_text("Time recorded.")
    row = page.get_by_role("row").filter(has_text="Configured VPN access for the new hygienist")
    expect(row).to_contain_text("45 min")
    expect(row).to_contain_text("unbilled")

    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.locator("[data-metric=unbilled-hours]")).to_have_text("1.25")


def test_a_partner_drafts_from_the_dashboard_and_approves(firm, signed_in):
    account = firm.account()
    entry = firm.record(account, 90, "Replaced the failing RAID disk")
    eventually(lambda: firm.partner.get(f"/accounts/{account['id']}/unbilled").json()["items"],
               message="invoicing to see the work")
    page = signed_in(firm.partner)
    row = page.get_by_role("row").filter(has_text=account["name"]).filter(has=page.get_by_role("button"))
    expect(row).to_contain_text("$225.00")  # 1.5 h × $150, before tax
    row.get_by_role("button", name="Draft invoice").click()

    expect(page.get_by_role("status")).to_have_text("Draft invoice created: 243.00 USD.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("draft")
    expect(page.locator("[data-amount=total]")).to_have_text("$243.00")
    locked_draft(firm.partner, page.url.rstrip("/").rsplit("/", 1)[-1])  # time tracking locks the work
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_have_text("Invoice approved: billing can post it now.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("approved")

    # The fee earner sees why the entry can no longer change.
    tech = signed_in(firm.tech)

    def locked():
        tech.goto("/time")
        return "Locked – entry is on a draft invoice" in tech.get_by_role("row").filter(
            has_text=entry["narrative"]).inner_text()

    eventually(locked, message="the entry to be locked by the draft")


def test_billing_posts_an_invoice_and_records_payments(firm, signed_in):
    account = firm.account()
    firm.record(account)
    invoice = firm.approved(account)
    page = signed_in(firm.billing)
    page.get_by_role("link", name="Invoices", exact=True).click()
    page.get_by_label("With status").select_option("approved")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("row").filter(has_text=account["name"]).get_by_role("link").click()
    expect(page).to_have_url(re.compile(invoice["id"]))

    page.get_by_role("button", name="Post invoice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"INV-\d{4}-\d{6}\s+posted"))

    page.get_by_label("Amount (USD)").fill("43.00")
    page.get_by_label("Method").select_option(label="Check")
    page.get_by_label("Reference").fill("chk 1001")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_role("status")).to_have_text("Payment of 43.00 USD recorded.")
    expect(page.locator("[data-amount=balance]")).to_have_text("$200.00")

    expect(page.get_by_label("Amount (USD)")).to_have_value("200.00")  # the balance, ready to pay
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_role("status")).to_have_text("Payment of 200.00 USD recorded. The invoice is paid in full.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("paid")
    expect(page.get_by_role("row").filter(has_text="chk 1001")).to_contain_text("$43.00")


def test_a_customer_sees_only_their_accounts_invoices(org, firm, signed_in):
    mine, theirs = firm.account(), firm.account()
    firm.record(mine)
    firm.record(theirs)
    my_invoice, their_invoice = firm.posted(mine), firm.posted(theirs)
    customer = org.user("customer", name="Casey Customer", account_id=mine["id"])

    page = signed_in(customer)
    expect(page.get_by_role("heading", level=1)).to_have_text(mine["name"])
    expect(page.get_by_role("main")).to_contain_text(my_invoice["number"])
    expect(page.get_by_role("main")).not_to_contain_text(their_invoice["number"])
    page.get_by_role("link", name="Invoices", exact=True).click()
    expect(page.get_by_role("main")).to_contain_text(my_invoice["number"])
    expect(page.get_by_role("main")).not_to_contain_text(their_invoice["number"])

    page.goto(f"/invoices/{their_invoice['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    page.goto(f"/accounts/{theirs['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    page.goto(f"/invoices/{my_invoice['id']}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(my_invoice["number"])
    expect(page.get_by_role("button", name="Record payment")).to_have_count(0)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_technician_records_time_on_a_phone(firm, signed_in, viewport):
    account = firm.account()
    firm.record(account, 15, "Warm-up")
    page = signed_in(firm.tech, viewport)
    expect(page.get_by_role("link", name="Time", exact=True)).to_be_hidden()  # the menu folds away on a small screen
    page.get_by_text("Menu").click()
    page.get_by_role("link", name="Time", exact=True).click()
    page.get_by_label("Account", exact=True).select_option(label=account["name"])
    page.get_by_label("Duration (minutes)").fill("20")
    page.get_by_label("What you did").fill("Swapped the reception printer toner")
    page.get_by_label("Billable").uncheck()
    page.get_by_role("button", name="Record time").click()
    expect(page.get_by_role("status")).to_have_text("Time recorded.")
    row = page.get_by_role("row").filter(has_text="Swapped the reception printer toner")
    expect(row).to_contain_text("No")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing but the tables' own scrollers is wider than the screen
