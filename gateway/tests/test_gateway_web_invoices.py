"""The invoice pages with stand-in services: downloads, draft editing, settling a posted invoice,
and what a customer sees. Each test reads the page as its user would."""

import base64
import re

from gateway_helpers import ACCOUNT, INVOICE, LINE, invoice_view, post_form, usd
from werkzeug.http import parse_options_header

from ledgerline_contracts import Conflict, NotFound, Role, ValidationFailed

MANUAL = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"


def attachment(filename: str, content: bytes, content_type: str) -> dict:
    return {"filename": filename, "content": base64.b64encode(content).decode(), "content_type": content_type}


def calls(rpc, method: str) -> list:
    return [(args, kwargs) for _service, name, args, kwargs, *_ in rpc.calls if name == method]


def error_of(page: str, name: str) -> str:
    found = re.search(rf'id="f-{name}-error">([^<]+)<', page)
    return found.group(1) if found else ""


def answering(rpc, invoice: dict) -> dict:
    rpc.answers["get_invoice"] = lambda invoice_id: invoice
    return invoice


# --- downloads ------------------------------------------------------------------------------------

def test_the_invoice_pdf_downloads_named_by_its_number(browser, services, rpc):
    answering(rpc, invoice_view())
    rpc.answers["invoice_pdf"] = lambda invoice_id: attachment("INV-2026-000007.pdf", b"%PDF-1.4 fake",
                                                               "application/pdf")
    web = browser(Role.BILLING)
    assert f'href="/invoices/{INVOICE}/pdf"' in web.get(f"/invoices/{INVOICE}").text

    response = web.get(f"/invoices/{INVOICE}/pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.headers["Content-Type"] == "application/pdf"
    assert parse_options_header(response.headers["Content-Disposition"]) == ("attachment", {"filename": "INV-2026-000007.pdf"})
    assert calls(rpc, "invoice_pdf") == [((INVOICE,), {})]


def test_the_invoice_list_exports_with_its_filters(browser, services, rpc):
    rpc.answers["list_invoices"] = lambda **_: {"items": [invoice_view()], "total": 1, "limit": 25, "offset": 0}
    rpc.answers["export_invoices"] = lambda fmt, **_: attachment(f"invoices.{fmt}", b"number,total\n", "text/csv")
    web = browser(Role.BILLING)
    page = web.get(f"/invoices?status=posted&account_id={ACCOUNT}").text
    assert f"/invoices/export?format=csv&amp;status=posted&amp;account_id={ACCOUNT}" in page
    assert "/invoices/export?format=xlsx&amp;status=posted" in page

    response = web.get(f"/invoices/export?format=csv&status=posted&account_id={ACCOUNT}")
    assert parse_options_header(response.headers["Content-Disposition"]) == ("attachment", {"filename": "invoices.csv"})
    assert calls(rpc, "export_invoices") == [(("csv",), {"status": "posted", "account_id": ACCOUNT})]
    web.get("/invoices/export?format=exe")  # anything else is Excel
    assert calls(rpc, "export_invoices")[-1] == (("xlsx",), {"status": None, "account_id": None})


def test_one_invoice_or_draft_exports_to_excel_or_csv(browser, services, rpc):
    answering(rpc, invoice_view("draft"))
    rpc.answers["export_invoice"] = lambda invoice_id, fmt: attachment(f"draft-0b6a3f7e.{fmt}", b"PK", "application/x")
    web = browser(Role.PARTNER)
    page = web.get(f"/invoices/{INVOICE}").text
    assert "Download Excel" in page and "Download CSV" in page
    response = web.get(f"/invoices/{INVOICE}/export?format=xlsx")
    assert parse_options_header(response.headers["Content-Disposition"]) == ("attachment", {"filename": "draft-0b6a3f7e.xlsx"})
    assert calls(rpc, "export_invoice") == [((INVOICE, "xlsx"), {})]


# --- draft editing ----------------------------------------------------------------------------------

def test_a_partner_rewords_a_line_keeping_the_entrys_narrative_shown(browser, services, rpc):
    line = {**invoice_view("draft")["lines"][0], "description": "RAID repair", "narrative_override": "RAID repair"}
    answering(rpc, invoice_view("draft", lines=[line]))
    rpc.answers["edit_line"] = lambda *_: invoice_view("draft")
    web = browser(Role.PARTNER)
    detail = web.get(f"/invoices/{INVOICE}").text
    assert "RAID repair" in detail and "Reworded; the time entry says: Replaced the failing RAID disk" in detail
    assert '<td data-label="Quantity" class="num">1:30 h</td>' in detail  # × $150.00 = $225.00
    assert f'href="/invoices/{INVOICE}/lines/{LINE}"' in detail

    page = web.get(f"/invoices/{INVOICE}/lines/{LINE}").text
    assert "The time entry says:</span> Replaced the failing RAID disk" in page

    blank = post_form(web, f"/invoices/{INVOICE}/lines/{LINE}", {"narrative": " "})
    assert blank.status_code == 422 and error_of(blank.text, "narrative") == "Required."
    assert calls(rpc, "edit_line") == []

    saved = post_form(web, f"/invoices/{INVOICE}/lines/{LINE}", {"narrative": "Replaced a RAID disk (urgent)"})
    assert saved.status_code == 302 and saved.headers["Location"] == f"/invoices/{INVOICE}"
    post_form(web, f"/invoices/{INVOICE}/lines/{LINE}", {"narrative": "whatever", "revert": "1"})
    assert calls(rpc, "edit_line") == [((INVOICE, LINE, {"narrative": "Replaced a RAID disk (urgent)"}), {}),
                                       ((INVOICE, LINE, {"narrative": None}), {})]


def test_a_line_is_removed_and_a_manual_line_added_with_errors_by_their_fields(browser, services, rpc):
    answering(rpc, invoice_view("draft"))
    rpc.answers["remove_line"] = lambda *_: invoice_view("draft", lines=[])
    rpc.answers["add_line"] = lambda *_: invoice_view("draft")
    web = browser(Role.PARTNER)

    removed = post_form(web, f"/invoices/{INVOICE}/lines/{LINE}/remove", follow_redirects=True)
    assert "Line removed; any work on it is unbilled again." in removed.text
    assert calls(rpc, "remove_line") == [((INVOICE, LINE), {})]

    bad = post_form(web, f"/invoices/{INVOICE}/lines", {"description": "", "quantity": "0", "unit_price": "x"})
    assert bad.status_code == 422
    assert error_of(bad.text, "description") == "Required."
    assert error_of(bad.text, "quantity") == "Input should be greater than 0."
    assert error_of(bad.text, "unit_price") != ""
    assert "<details open>" in bad.text and calls(rpc, "add_line") == []

    added = post_form(web, f"/invoices/{INVOICE}/lines", {"description": "Loyalty discount", "quantity": "1",
                                                           "unit_price": "-20.00"}, follow_redirects=True)
    assert "Line added: Loyalty discount" in added.text
    sent = calls(rpc, "add_line")[0][0][1]
    assert sent["description"] == "Loyalty discount" and sent["unit_price"] == "-20.00"


def test_a_stale_draft_says_so_and_is_reconciled(browser, services, rpc):
    stale_line = {**invoice_view("draft")["lines"][0], "stale": True}
    answering(rpc, invoice_view("draft", lines=[stale_line], needs_reconciling=True))
    rpc.answers["reconcile_invoice"] = lambda *_: invoice_view("draft")
    web = browser(Role.PARTNER)
    page = web.get(f"/invoices/{INVOICE}").text
    assert "changed after it was drafted" in page and '<span class="badge stale">changed</span>' in page
    done = post_form(web, f"/invoices/{INVOICE}/reconcile", follow_redirects=True)
    assert "Draft brought up to date with the changed time entries." in done.text
    assert calls(rpc, "reconcile_invoice") == [((INVOICE,), {})]


def test_billing_deletes_a_draft_after_confirming(browser, services, rpc):
    answering(rpc, invoice_view("approved"))
    rpc.answers["delete_invoice"] = None
    web = browser(Role.BILLING)
    assert f'href="/invoices/{INVOICE}/delete"' in web.get(f"/invoices/{INVOICE}").text
    confirm = web.get(f"/invoices/{INVOICE}/delete").text
    assert "Delete this draft?" in confirm and "becomes unbilled again" in confirm
    assert calls(rpc, "delete_invoice") == []
    deleted = post_form(web, f"/invoices/{INVOICE}/delete")
    assert deleted.headers["Location"] == "/invoices"
    assert calls(rpc, "delete_invoice") == [((INVOICE,), {})]


def test_a_refused_delete_says_why_on_the_invoice(browser, services, rpc):
    answering(rpc, invoice_view("posted"))
    rpc.answers["delete_invoice"] = lambda *_: (_ for _ in ()).throw(Conflict("cannot delete a posted invoice"))
    web = browser(Role.BILLING)
    page = post_form(web, f"/invoices/{INVOICE}/delete", follow_redirects=True).text
    assert "Cannot delete a posted invoice." in page


# --- settling a posted invoice ----------------------------------------------------------------------

def test_a_credit_note_needs_a_reason_and_an_amount_or_lines(browser, services, rpc):
    answering(rpc, invoice_view())
    noted = invoice_view(credit_notes=[{"id": "c", "number": "CN-2026-000001", "amount": usd("243.00"),
                                        "subtotal": usd("225.00"), "tax": usd("18.00"), "issue_date": "2026-11-21",
                                        "kind": "lines", "reason": "duplicate work"}])
    rpc.answers["issue_credit_note"] = lambda *_: noted
    web = browser(Role.BILLING)
    assert f'href="/invoices/{INVOICE}/credit-note"' in web.get(f"/invoices/{INVOICE}").text
    page = web.get(f"/invoices/{INVOICE}/credit-note").text
    key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page).group(1)

    bad = post_form(web, f"/invoices/{INVOICE}/credit-note", {"idempotency_key": key})
    assert bad.status_code == 422 and error_of(bad.text, "reason") == "Required."
    both = post_form(web, f"/invoices/{INVOICE}/credit-note", {"reason": "x", "amount": "5", "line_ids": LINE,
                                                                "idempotency_key": key})
    assert "Give either an amount or the lines to credit (line_ids), not both." in both.text and calls(rpc, "issue_credit_note") == []

    issued = post_form(web, f"/invoices/{INVOICE}/credit-note",
                       {"reason": "duplicate work", "line_ids": [LINE], "idempotency_key": key}, follow_redirects=True)
    assert "Credit note CN-2026-000001 issued for 243.00 USD." in issued.text
    assert calls(rpc, "issue_credit_note") == [((INVOICE, {"reason": "duplicate work", "amount": None,
                                                          "line_ids": [LINE], "idempotency_key": key}), {})]


def test_voiding_needs_a_reason_and_says_the_work_is_billable_again(browser, services, rpc):
    answering(rpc, invoice_view())
    rpc.answers["void_invoice"] = lambda *_: invoice_view("voided")
    web = browser(Role.BILLING)
    page = web.get(f"/invoices/{INVOICE}/void").text
    assert "Its time entries become unbilled again" in page
    bad = post_form(web, f"/invoices/{INVOICE}/void", {"reason": ""})
    assert bad.status_code == 422 and error_of(bad.text, "reason") == "Required." and calls(rpc, "void_invoice") == []
    voided = post_form(web, f"/invoices/{INVOICE}/void", {"reason": "billed to the wrong client"},
                       follow_redirects=True)
    assert "Invoice voided: a full credit note is issued and its work can be billed again." in voided.text
    assert calls(rpc, "void_invoice") == [((INVOICE, {"reason": "billed to the wrong client"}), {})]


def test_a_refusal_from_invoicing_shows_on_the_form(browser, services, rpc):
    answering(rpc, invoice_view())

    def refuse(*_):
        raise Conflict("an invoice with payments cannot be voided; credit what is still owed instead")

    rpc.answers["void_invoice"] = refuse
    web = browser(Role.BILLING)
    page = post_form(web, f"/invoices/{INVOICE}/void", {"reason": "oops"})
    assert page.status_code == 422
    assert "An invoice with payments cannot be voided; credit what is still owed instead." in page.text


def test_dispute_resolve_and_internal_notes(browser, services, rpc):
    disputed = invoice_view(disputed=True, dispute={"id": "d", "reason": "Hours too high", "opened_by": "u",
                                                    "opened_at": "2026-11-21T09:00:00+00:00", "resolution": None,
                                                    "resolved_by": None, "resolved_at": None},
                            notes=[{"id": "n", "body": "Client called, promised payment Friday", "author_id": "u",
                                    "author_name": "Bea Billing", "created_at": "2026-11-21T10:00:00+00:00"}],
                            allowed_actions=["record_payment", "mark_paid", "issue_credit_note", "void_invoice",
                                             "resolve_dispute", "add_note"])
    answering(rpc, invoice_view())
    rpc.answers["dispute_invoice"] = lambda *_: disputed
    rpc.answers["resolve_dispute"] = lambda *_: invoice_view()
    rpc.answers["add_note"] = lambda *_: disputed
    web = browser(Role.BILLING)
    bad = post_form(web, f"/invoices/{INVOICE}/dispute", {"reason": ""})
    assert error_of(bad.text, "reason") == "Required."
    ok = post_form(web, f"/invoices/{INVOICE}/dispute", {"reason": "Hours too high"}, follow_redirects=True)
    assert "Invoice disputed: reminders are paused." in ok.text

    answering(rpc, disputed)
    page = web.get(f"/invoices/{INVOICE}").text
    assert "Hours too high" in page and "Resolve dispute" in page and "Mark disputed" not in page
    assert "Client called, promised payment Friday" in page and "Bea Billing" in page
    bad = post_form(web, f"/invoices/{INVOICE}/dispute/resolve", {"resolution": ""})
    assert bad.status_code == 422 and error_of(bad.text, "resolution") == "Required."
    post_form(web, f"/invoices/{INVOICE}/dispute/resolve", {"resolution": "Agreed a 10 % credit"})
    bad = post_form(web, f"/invoices/{INVOICE}/notes", {"body": ""})
    assert bad.status_code == 422 and error_of(bad.text, "body") == "Required."
    post_form(web, f"/invoices/{INVOICE}/notes", {"body": "Sent statement"})
    assert calls(rpc, "resolve_dispute") == [((INVOICE, {"resolution": "Agreed a 10 % credit"}), {})]
    assert calls(rpc, "add_note") == [((INVOICE, {"body": "Sent statement"}), {})]


def test_mark_as_paid_records_the_balance_once(browser, services, rpc):
    answering(rpc, invoice_view())
    rpc.answers["mark_paid"] = lambda *_: invoice_view("paid")
    web = browser(Role.BILLING)
    page = web.get(f"/invoices/{INVOICE}/mark-paid").text
    assert "Records one payment of the whole balance, $243.00." in page
    bad = post_form(web, f"/invoices/{INVOICE}/mark-paid", {"received_on": "not a date", "method": "check"})
    assert bad.status_code == 422 and error_of(bad.text, "received_on") != ""
    done = post_form(web, f"/invoices/{INVOICE}/mark-paid", {"received_on": "2026-11-21", "method": "check",
                                                              "reference": "chk 1002"}, follow_redirects=True)
    assert "Invoice marked as paid." in done.text
    assert calls(rpc, "mark_paid") == [((INVOICE, {"received_on": "2026-11-21", "method": "check",
                                                   "reference": "chk 1002"}), {})]


def test_the_history_page_shows_the_audit_trail_and_reminders(browser, services, rpc):
    answering(rpc, invoice_view())
    rpc.answers["audit_trail"] = lambda entity_id: {"entity_id": entity_id, "items": [
        {"at": "2026-11-21T09:30:00+00:00", "actor_id": "u", "actor_name": "Bea Billing", "action": "post",
         "entity": "invoice", "entity_id": entity_id, "details": {"number": "INV-2026-000007", "total": "445.5000"},
         "reason": None}]}
    rpc.answers["reminder_timeline"] = lambda invoice_id: {
        "invoice_id": invoice_id, "number": "INV-2026-000007", "collection_status": "open", "disputed": False,
        "paused": False, "balance": usd("243.00"),
        "reminders": [{"stage": "due", "label": "On the due date", "due_on": "2026-12-20", "status": "scheduled",
                       "sent_at": None, "recipient": None}]}
    web = browser(Role.BILLING)
    assert f'href="/invoices/{INVOICE}/history"' in web.get(f"/invoices/{INVOICE}").text
    page = web.get(f"/invoices/{INVOICE}/history").text
    assert "2026-11-21 09:30" in page and "Bea Billing" in page and "number: INV-2026-000007; total: $445.50" in page
    assert "On the due date" in page and "2026-12-20" in page

    rpc.answers["reminder_timeline"] = lambda *_: (_ for _ in ()).throw(NotFound("no such invoice", "invoice_id"))
    assert "it appears shortly after posting" in web.get(f"/invoices/{INVOICE}/history").text


# --- customers -------------------------------------------------------------------------------------

def test_a_customer_sees_their_invoice_with_its_pdf_and_nothing_internal(browser, services, rpc):
    mine = {k: v for k, v in invoice_view().items()
            if k not in ("notes", "dispute", "needs_reconciling", "lines_awaiting_lock", "unpriced_lines",
                         "action_notes")} | {"allowed_actions": []}
    # Even if a staff-only field slipped through, the page keeps it to staff.
    mine["lines"] = [{**mine["lines"][0], "description": "Storage repaired", "narrative_override": "Storage repaired",
                      "entry_description": "Swapped the disk Terry dropped"}]
    mine["credit_notes"] = [{"id": LINE, "number": "CN-2026-000001", "amount": usd("10.00"), "subtotal": usd("10.00"),
                             "tax": usd("0.00"), "issue_date": "2026-11-21", "kind": "amount",
                             "reason": "Goodwill after the outage we caused"}]
    answering(rpc, mine)
    rpc.answers["list_invoices"] = lambda **_: {"items": [mine], "total": 1, "limit": 10, "offset": 0}
    web = browser(Role.CUSTOMER)
    page = web.get(f"/invoices/{INVOICE}").text
    assert "Download PDF" in page
    assert "Storage repaired" in page and "CN-2026-000001" in page
    for staff_only in ("Download Excel", "Internal notes", "Record a payment", "Issue a credit note", "Void",
                       "Audit trail", "Edit", "Terry dropped", "Goodwill after the outage"):
        assert staff_only not in page, staff_only
    dashboard = web.get("/dashboard").text
    assert f'href="/invoices/{INVOICE}/pdf"' in dashboard
    for path in (f"/invoices/{INVOICE}/history", f"/invoices/{INVOICE}/void", f"/invoices/{INVOICE}/credit-note"):
        assert web.get(path).status_code == 403, path


def test_a_customer_asking_for_another_accounts_pdf_gets_not_found(browser, services, rpc):
    web = browser(Role.CUSTOMER)
    response = web.get(f"/invoices/{INVOICE}/pdf")
    assert response.status_code == 404 and "Not found" in response.text


def refusing(error):
    def refuse(*_, **__):
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


def test_time_without_a_rate_is_marked_and_approving_or_posting_it_takes_the_checkbox(browser, services, rpc):
    line = {**invoice_view("draft")["lines"][0], "amount": usd("0.00"), "unpriced": True}
    answering(rpc, invoice_view("draft", lines=[line], unpriced_lines=1))
    rpc.answers["approve_invoice"] = refusing(Conflict(
        "1 time line has no hourly rate and would be billed at 0.00; confirm billing them at zero "
        "(confirm_unpriced) to approve it, or remove them, set a rate and draft them again", "confirm_unpriced"))
    web = browser(Role.PARTNER)
    page = web.get(f"/invoices/{INVOICE}").text
    assert "no rate: billed at 0.00" in page
    assert '<input type="checkbox" name="confirm_unpriced" value="yes">' in page
    assert "1 time line has no hourly rate: bill it at 0.00" in page

    refused = post_form(web, f"/invoices/{INVOICE}/approve", follow_redirects=True)
    assert "1 time line has no hourly rate and would be billed at 0.00" in refused.text
    rpc.answers["approve_invoice"] = lambda *_, **__: invoice_view("approved")
    approved = post_form(web, f"/invoices/{INVOICE}/approve", {"confirm_unpriced": "yes"}, follow_redirects=True)
    assert "Invoice approved: billing can post it now." in approved.text
    assert calls(rpc, "approve_invoice") == [((INVOICE,), {"confirm_unpriced": False}),
                                             ((INVOICE,), {"confirm_unpriced": True})]

    answering(rpc, invoice_view("approved", lines=[line], unpriced_lines=1))
    rpc.answers["post_invoice"] = lambda *_, **__: invoice_view()
    billing = browser(Role.BILLING)
    assert 'name="confirm_unpriced"' in billing.get(f"/invoices/{INVOICE}").text
    post_form(billing, f"/invoices/{INVOICE}/post", {"confirm_unpriced": "yes"})
    assert calls(rpc, "post_invoice") == [((INVOICE,), {"confirm_unpriced": True})]


def test_a_draft_whose_work_is_being_locked_says_so_and_has_no_checkbox_without_unpriced_time(browser, services,
                                                                                              rpc):
    answering(rpc, invoice_view("draft", lines_awaiting_lock=1))
    page = browser(Role.PARTNER).get(f"/invoices/{INVOICE}").text
    assert "Time tracking is still locking the work on this draft against changes" in page
    assert "confirm_unpriced" not in page and "no rate" not in page


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
    assert '<span class="badge approved">approved</span>' in listed and "disputed" not in listed
    rpc.answers["list_invoices"] = lambda **_: {"items": [invoice_view(disputed=True)], "total": 1, "limit": 50,
                                                "offset": 0}
    assert '<span class="badge posted">posted</span> <span class="badge disputed">disputed</span>' in \
        web.get("/invoices").text
    assert ">Draft<" not in listed
    page = web.get(f"/invoices/{INVOICE}").text
    assert "<title>Invoice (approved, not numbered yet)" in page
    assert "<h1>Invoice (approved, not numbered yet)</h1>" in page
    assert "Draft invoice" not in page
    delete = web.get(f"/invoices/{INVOICE}/delete").text
    assert "Invoice (approved, not numbered yet)" in delete and "Draft invoice" not in delete


def test_billing_is_told_why_an_invoice_with_payments_cannot_be_voided(browser, services, rpc):
    answering(rpc, invoice_view(payments=[{"id": "p1", "amount": usd("40.00"), "received_on": "2026-11-20",
                                           "method": "check", "reference": "chk 1"}], balance=usd("203.00"),
                                allowed_actions=["record_payment", "mark_paid", "issue_credit_note", "add_note"],
                                action_notes=["An invoice with payments cannot be voided; credit what is still owed "
                                              "instead."]))
    page = browser(Role.BILLING).get(f"/invoices/{INVOICE}").text
    assert "An invoice with payments cannot be voided; credit what is still owed instead." in page
    assert "Void invoice" not in page
    answering(rpc, invoice_view())
    unpaid = browser(Role.BILLING).get(f"/invoices/{INVOICE}").text
    assert "Void invoice" in unpaid and "cannot be voided" not in unpaid


def test_the_same_check_recorded_again_asks_first_and_records_only_when_confirmed(browser, services, rpc):
    answering(rpc, invoice_view(payments=[{"id": "p1", "amount": usd("40.00"), "received_on": "2026-11-20",
                                           "method": "check", "reference": "Chk 1001"}], balance=usd("203.00")))
    rpc.answers["record_payment"] = lambda invoice_id, payment: invoice_view()
    web = browser(Role.BILLING)
    again = {"amount": "40.00", "received_on": "2026-11-21", "method": "check", "reference": "chk 1001 ",
             "idempotency_key": "k" * 32}  # after Back and submit again: a new form, the same check
    asked = post_form(web, f"/invoices/{INVOICE}/payments", again)
    assert asked.status_code == 409 and "Record this payment again?" in asked.text
    assert "A payment of $40.00 with reference <strong>Chk 1001</strong>" in asked.text
    assert calls(rpc, "record_payment") == []

    other = post_form(web, f"/invoices/{INVOICE}/payments", {**again, "amount": "50.00"})  # another amount
    assert other.status_code == 302 and len(calls(rpc, "record_payment")) == 1

    confirmed = post_form(web, f"/invoices/{INVOICE}/payments", {**again, "same_again": "yes"})
    assert confirmed.status_code == 302
    assert calls(rpc, "record_payment")[-1][0][1]["reference"] == "chk 1001"
