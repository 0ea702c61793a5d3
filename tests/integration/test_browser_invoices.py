"""Invoices in real Chromium against the running platform: downloads, draft editing, settling, the customer's view."""

import re
from pathlib import Path

from playwright.sync_api import expect

from ledgerline_devstack.testing import eventually

PHONE = {"width": 390, "height": 844}


def download(page, link_name: str) -> tuple[str, bytes]:
    with page.expect_download() as started:
        page.get_by_role("link", name=link_name).first.click()
    saved = started.value
    return saved.suggested_filename, Path(saved.path()).read_bytes()


def test_billing_posts_downloads_the_pdf_and_records_a_payment(firm, signed_in):
    account = firm.account()
    firm.record(account)
    invoice = firm.approved(account)
    page = signed_in(firm.billing)
    page.goto(f"/invoices/{invoice['id']}")
    page.get_by_role("button", name="Post invoice").click()
    expect(page.get_by_role("status")).to_have_text("Invoice posted and numbered.")
    number = re.search(r"INV-\d{4}-\d{6}", page.get_by_role("heading", level=1).inner_text()).group(0)

    name, content = download(page, "Download PDF")
    assert name == f"{number}.pdf" and content.startswith(b"%PDF")
    name, content = download(page, "Download Excel")
    assert name == f"{number}.xlsx" and content.startswith(b"PK")  # an .xlsx is a zip

    page.get_by_label("Amount (USD)").fill("243.00")
    page.get_by_label("Method").select_option(label="Bank transfer")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_role("status")).to_have_text("Payment of 243.00 USD recorded. The invoice is paid in full.")
    expect(page.locator("[data-amount=balance]")).to_have_text("$0.00")

    page.get_by_role("link", name="Invoices", exact=True).click()
    page.get_by_label("With status").select_option("paid")
    page.get_by_role("button", name="Show").click()
    name, content = download(page, "Download CSV")
    assert name == "invoices.csv" and number in content.decode()


def test_a_partner_edits_a_draft_and_billing_deletes_it(firm, signed_in):
    account = firm.account()
    firm.record(account, 60, "Patched the firewall")
    firm.record(account, 30, "Reset a password")
    invoice = firm.draft(account, entries=2)
    page = signed_in(firm.partner, PHONE)
    page.goto(f"/invoices/{invoice['id']}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # the lines scroll in their box

    page.get_by_role("row").filter(has_text="Patched the firewall").get_by_role("link", name=re.compile("Edit")).click()
    page.get_by_label("Wording on the invoice").fill("")
    page.get_by_role("button", name="Save wording").click()
    expect(page.locator("#f-narrative-error")).to_have_text("Required.")
    page.get_by_label("Wording on the invoice").fill("Firewall security update")
    page.get_by_role("button", name="Save wording").click()
    expect(page.get_by_role("status")).to_have_text("Line reworded; the time entry keeps its own narrative.")
    expect(page.get_by_role("row").filter(has_text="Firewall security update")).to_contain_text(
        "the time entry says: Patched the firewall")

    page.get_by_role("row").filter(has_text="Reset a password").get_by_role("link", name=re.compile("Edit")).click()
    page.get_by_role("button", name="Remove line").click()
    expect(page.get_by_role("status")).to_have_text("Line removed; any work on it is unbilled again.")
    expect(page.get_by_role("row").filter(has_text="Reset a password")).to_have_count(0)

    page.get_by_text("Add a line (a fixed fee, a discount)").click()
    page.get_by_label("Description").fill("Loyalty discount")
    page.get_by_label("Unit price (USD)").fill("-10.00")
    page.get_by_role("button", name="Add line").click()
    expect(page.get_by_role("status")).to_have_text("Line added: Loyalty discount")
    expect(page.locator("[data-amount=total]")).to_have_text("$151.20")  # (150 − 10) × 1.08

    billing = signed_in(firm.billing)
    billing.goto(f"/invoices/{invoice['id']}")
    billing.get_by_role("link", name="Delete draft").click()
    expect(billing.get_by_role("heading", level=1)).to_have_text("Delete this draft?")
    billing.get_by_role("button", name="Delete draft").click()
    expect(billing.get_by_role("status")).to_have_text("Draft deleted; its work is unbilled again.")
    eventually(lambda: len(firm.partner.get(f"/accounts/{account['id']}/unbilled").json()["items"]) == 2,
               message="both entries to be unbilled again")


def test_billing_credits_a_line_then_voids_with_reasons(firm, signed_in):
    account = firm.account()
    firm.record(account, 60, "Patched the firewall")
    firm.record(account, 30, "Reset a password")
    invoice = firm.draft(account, entries=2)
    firm.partner.post(f"/invoices/{invoice['id']}/approve", expect=200)
    firm.billing.post(f"/invoices/{invoice['id']}/post", expect=200)
    page = signed_in(firm.billing, PHONE)
    page.goto(f"/invoices/{invoice['id']}")

    page.get_by_role("link", name="Issue a credit note").click()
    page.get_by_role("button", name="Issue credit note").click()
    expect(page.locator("#f-reason-error")).to_have_text("Required.")
    page.get_by_label("Reason").fill("Password resets are free under the contract")
    page.get_by_label(re.compile("Reset a password")).check()
    page.get_by_role("button", name="Issue credit note").click()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"Credit note CN-\d{4}-\d{6} issued for 81.00 USD."))
    expect(page.locator("[data-amount=balance]")).to_have_text("$162.00")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("link", name="Void invoice").click()
    expect(page.get_by_role("main")).to_contain_text("Its time entries become unbilled again")
    page.get_by_role("button", name="Void invoice").click()
    expect(page.locator("#f-reason-error")).to_have_text("Required.")
    page.get_by_label("Reason").fill("Billed to the wrong client")
    page.get_by_role("button", name="Void invoice").click()
    expect(page.get_by_role("status")).to_have_text(
        "Invoice voided: a full credit note is issued and its work can be billed again.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("voided")

    page.get_by_role("link", name="Audit trail and reminders").click()
    expect(page.get_by_role("row").filter(has_text="Billed to the wrong client")).to_contain_text("Bea Billing")


def test_a_customer_sees_only_their_account_and_downloads_their_pdf(org, firm, signed_in):
    mine, theirs = firm.account(), firm.account()
    firm.record(mine, 45, "Configured the new printer")
    firm.record(theirs)
    my_invoice, their_invoice = firm.posted(mine), firm.posted(theirs)
    customer = org.user("customer", name="Casey Customer", account_id=mine["id"])

    page = signed_in(customer, PHONE)
    expect(page.get_by_role("main")).to_contain_text("Configured the new printer")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    name, content = download(page, f"Download {my_invoice['number']} as PDF")
    assert name == f"{my_invoice['number']}.pdf" and content.startswith(b"%PDF")

    page.goto(f"/invoices/{my_invoice['id']}")
    expect(page.get_by_role("link", name="Download Excel")).to_have_count(0)
    expect(page.get_by_role("heading", name="Internal notes")).to_have_count(0)
    name, content = download(page, "Download PDF")
    assert name == f"{my_invoice['number']}.pdf" and content.startswith(b"%PDF")

    page.goto("/time")
    expect(page.get_by_role("heading", level=1)).to_have_text("Time")
    expect(page.get_by_role("main")).to_contain_text("Configured the new printer")
    expect(page.get_by_role("main")).not_to_contain_text("Replaced the failing RAID disk")

    for path in (f"/invoices/{their_invoice['id']}", f"/invoices/{their_invoice['id']}/pdf"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text("Not found")


def test_a_dispute_pauses_reminders_and_internal_notes_stay_internal(org, firm, signed_in):
    account = firm.account()
    firm.record(account)
    invoice = firm.posted(account)
    page = signed_in(firm.billing)
    page.goto(f"/invoices/{invoice['id']}")

    page.get_by_role("link", name="Mark disputed").click()
    page.get_by_label("What the customer disputes").fill("Says the disk was under warranty")
    page.get_by_role("button", name="Mark disputed").click()
    expect(page.get_by_role("status")).to_have_text("Invoice disputed: reminders are paused.")
    page.get_by_label("Note").fill("Check the warranty with the vendor before calling back")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("status")).to_have_text("Internal note added.")
    expect(page.get_by_role("main")).to_contain_text("Check the warranty with the vendor before calling back")

    def paused():
        page.goto(f"/invoices/{invoice['id']}/history")
        return "Reminders are paused while the invoice is disputed." in page.get_by_role("main").inner_text()

    eventually(paused, message="dunning to pause the reminders")

    customer = signed_in(org.user("customer", name="Casey Customer", account_id=account["id"]))
    customer.goto(f"/invoices/{invoice['id']}")
    expect(customer.get_by_role("heading", level=1)).to_contain_text(invoice["number"])
    expect(customer.get_by_role("main")).not_to_contain_text("warranty")

    page.goto(f"/invoices/{invoice['id']}")
    page.get_by_role("button", name="Resolve dispute").click()
    expect(page.locator("#f-resolution-error")).to_have_text("Required.")
    page.get_by_label("How it was resolved").fill("Warranty did not cover labour; client agreed")
    page.get_by_role("button", name="Resolve dispute").click()
    expect(page.get_by_role("status")).to_have_text("Dispute resolved.")
    expect(page.get_by_role("link", name="Mark disputed")).to_be_visible()  # open again for a new dispute
    page.get_by_role("link", name="Audit trail and reminders").click()
    expect(page.get_by_role("main")).to_contain_text("Warranty did not cover labour; client agreed")


def test_a_customer_reads_the_whole_invoice_on_a_phone(org, firm, signed_in):
    account = firm.account()
    firm.record(account, 45, "Configured the new printer for the front desk and the two treatment rooms")
    invoice = firm.posted(account)
    firm.billing.post(f"/invoices/{invoice['id']}/payments",
                      {"amount": "10.00", "received_on": invoice["issue_date"], "method": "check",
                       "reference": "chk 1001"}, expect=201)
    page = signed_in(org.user("customer", name="Casey Customer", account_id=account["id"]), PHONE)
    page.goto(f"/invoices/{invoice['id']}")

    def within_the_screen(locator):
        expect(locator).to_be_visible()
        box = locator.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (locator, box)

    for figure in ("total", "balance"):
        within_the_screen(page.locator(f"[data-amount={figure}]"))
    line = page.get_by_role("row").filter(has_text="Configured the new printer")
    for label in ("Unit price", "Amount"):
        within_the_screen(line.locator(f"td[data-label='{label}']"))
    within_the_screen(page.get_by_role("row").filter(has_text="Tax").locator("td.num"))
    payment = page.get_by_role("row").filter(has_text="chk 1001")
    within_the_screen(payment.locator("td[data-label='Amount']"))
    expect(payment).to_contain_text("$10.00")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_minutes_multiply_out_and_a_customer_reads_only_billed_work_in_the_invoices_words(org, firm, signed_in):
    account = firm.account()
    dns = firm.record(account, 25, "Undid Terry's DNS mess")
    firm.record(account, 1, "Reset a password")
    firm.tech.post("/time-entries", {"account_id": account["id"], "work_date": dns["work_date"],
                                     "duration_minutes": 30, "narrative": "Lunch break", "billable": False},
                   expect=201)
    eventually(lambda: len(firm.partner.get(f"/accounts/{account['id']}/unbilled").json()["items"]) == 2,
               message="invoicing to see the billable work")
    page = signed_in(firm.partner)
    page.goto(f"/accounts/{account['id']}")
    expect(page.get_by_role("row").filter(has_text="Undid Terry's DNS mess")).to_contain_text("0:25 h$62.50")
    expect(page.get_by_role("row").filter(has_text="Reset a password")).to_contain_text("0:01 h$2.50")
    page.get_by_role("button", name="Draft invoice").click()
    expect(page.get_by_role("status")).to_contain_text("Draft invoice created")
    line = page.get_by_role("row").filter(has_text="Undid Terry's DNS mess")
    expect(line.locator("td[data-label=Quantity]")).to_have_text("0:25 h")  # × $150.00 = $62.50
    expect(line.locator("td[data-label=Amount]")).to_have_text("$62.50")

    invoice_id = page.url.rsplit("/", 1)[1]
    invoice = firm.partner.get(f"/invoices/{invoice_id}").json()
    reworded = next(l for l in invoice["lines"] if l["description"] == "Undid Terry's DNS mess")
    firm.partner.request("PATCH", f"/invoices/{invoice_id}/lines/{reworded['id']}",
                         json={"narrative": "DNS configuration"}, expect=200)
    firm.partner.post(f"/invoices/{invoice_id}/approve", expect=200)
    number = firm.billing.post(f"/invoices/{invoice_id}/post", expect=200).json()["number"]

    customer = signed_in(org.user("customer", name="Casey Customer", account_id=account["id"]))

    def shows_the_invoice_number():
        customer.goto("/time")
        return number in customer.get_by_role("main").inner_text()

    eventually(shows_the_invoice_number, message="timetracking to learn of the posting")
    main = customer.get_by_role("main")
    expect(main).to_contain_text("DNS configuration")
    expect(main).not_to_contain_text("DNS mess")
    expect(main).not_to_contain_text("Lunch break")


def test_the_same_check_entered_again_is_recorded_only_after_confirming(firm, signed_in):
    account = firm.account()
    firm.record(account)
    invoice = firm.posted(account)
    page = signed_in(firm.billing)
    for attempt in ("first", "again"):
        page.goto(f"/invoices/{invoice['id']}")  # Back and submit again: a new form each time
        page.get_by_label("Amount (USD)").fill("100.00")
        page.get_by_label("Method").select_option(label="Check")
        page.get_by_label("Reference").fill("chk 2044")
        page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record this payment again?")
    expect(page.get_by_role("alert")).to_contain_text("A payment of $100.00 with reference chk 2044")
    page.get_by_role("link", name="Back to the invoice").click()
    expect(page.locator("[data-amount=balance]")).to_have_text("$143.00")  # recorded once
