"""Invoice page fixes from a user walkthrough: a draft's total never below zero, payments not in
the future, unnumbered invoices named as such, why an invoice cannot be voided."""

from gateway_helpers import post_form
from test_gateway_web_invoices import INVOICE, answering, error_of, invoice_view, usd

from ledgerline_contracts import Conflict, Role, ValidationFailed


def refusing(error):
    def refuse(*_):
        raise error
    return refuse


def test_a_line_that_would_take_the_draft_below_zero_is_refused_under_the_unit_price(browser, services, rpc):
    answering(rpc, invoice_view("draft"))
    message = "the draft would total -99,460.00 USD; an invoice cannot total less than zero"
    rpc.answers["add_line"] = refusing(ValidationFailed(message, "unit_price"))
    page = post_form(browser(Role.PARTNER), f"/invoices/{INVOICE}/lines",
                     {"description": "Oops", "quantity": "1", "unit_price": "-100000"})
    assert page.status_code == 422
    assert error_of(page.text, "unit_price") == "The draft would total -99,460.00 USD; an invoice cannot total " \
                                               "less than zero."


def test_approving_a_draft_that_totals_nothing_says_why_on_the_invoice(browser, services, rpc):
    answering(rpc, invoice_view("draft", total=usd("0.00")))
    rpc.answers["approve_invoice"] = refusing(Conflict(
        "cannot approve an invoice that totals 0.00 USD; an invoice must total more than zero "
        "(remove or change the lines that make it so)"))
    page = post_form(browser(Role.PARTNER), f"/invoices/{INVOICE}/approve", follow_redirects=True)
    assert "Cannot approve an invoice that totals 0.00 USD" in page.text


def test_a_payment_dated_in_the_future_is_refused_under_its_date(browser, services, rpc):
    answering(rpc, invoice_view())
    rpc.answers["record_payment"] = refusing(ValidationFailed(
        "the date received, 2031-01-01, is in the future; record a payment once it has been received",
        "received_on"))
    page = post_form(browser(Role.BILLING), f"/invoices/{INVOICE}/payments",
                     {"amount": "10.00", "received_on": "2031-01-01", "method": "check", "idempotency_key": "k1"})
    assert page.status_code == 422
    assert error_of(page.text, "received_on").startswith("The date received, 2031-01-01, is in the future")


def test_unnumbered_invoices_say_so_in_the_list_and_the_title(browser, services, rpc):
    approved = answering(rpc, invoice_view("approved"))
    rpc.answers["list_invoices"] = lambda **_: {"items": [approved, invoice_view()], "total": 2, "limit": 50,
                                                "offset": 0}
    rpc.answers["list_accounts"] = lambda **_: {"items": [], "total": 0, "limit": 50, "offset": 0}
    web = browser(Role.BILLING)
    listed = web.get("/invoices").text
    assert '<span class="muted">Not numbered yet</span>' in listed and "INV-2026-000007" in listed
    assert ">Draft<" not in listed
    page = web.get(f"/invoices/{INVOICE}").text
    assert "<title>Invoice (approved, not numbered yet)" in page
    assert "<h1>Invoice (approved, not numbered yet)</h1>" in page
    assert "Draft invoice" not in page
    delete = web.get(f"/invoices/{INVOICE}/delete").text
    assert "Invoice (approved, not numbered yet)" in delete and "Draft invoice" not in delete


def test_billing_is_told_why_an_invoice_with_payments_cannot_be_voided(browser, services, rpc):
    answering(rpc, invoice_view(payments=[{"id": "p1", "amount": usd("40.00"), "received_on": "2026-11-20",
                                           "method": "check", "reference": "chk 1"}], balance=usd("203.00")))
    page = browser(Role.BILLING).get(f"/invoices/{INVOICE}").text
    assert "An invoice with payments cannot be voided; credit what is still owed instead." in page
    assert "Void invoice" not in page
    answering(rpc, invoice_view())
    unpaid = browser(Role.BILLING).get(f"/invoices/{INVOICE}").text
    assert "Void invoice" in unpaid and "cannot be voided" not in unpaid
