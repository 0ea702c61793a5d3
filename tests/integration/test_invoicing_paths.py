"""Invoicing end to end through the gateway, every service a process on the real broker.

1. record → draft → approve → post → partial payment → payment → paid (with the PDF and exports);
2. post → credit note → void: the time entries are unbilled again in timetracking and are
   drafted again on a new invoice.
"""

import io
import re
from uuid import uuid4

from openpyxl import load_workbook
from pypdf import PdfReader

from ledgerline_devstack.testing import eventually, locked_draft
from ledgerline_servicekit.clock import today


def _billing_setup(org):
    tech = org.user("fee_earner", name="Terry Tech")
    partner = org.user("partner", delegates=(tech,))
    billing = org.user("billing")
    billing.request("PUT", "/billing-profile", expect=200, json={
        "name": "Northwind Legal & IT", "address": "1 Harbour Road", "invoice_prefix": "NW",
        "payment_instructions": "IBAN GB33 BUKB 2020 1555 5555 55"})
    account = billing.post("/accounts", {"name": f"Acme Dental {uuid4().hex[:6]}", "billing_email": "ap@acme.example",
                                         "currency": "USD", "payment_terms_days": 30, "tax_rate": "0.10"},
                           expect=201).json()
    billing.request("PUT", "/rates", expect=200, json={"rate": "150.00", "account_id": account["id"]})
    billing.request("PUT", "/rates", expect=200, json={"rate": "120.00", "account_id": account["id"],
                                                       "activity_code": "REMOTE"})
    return tech, partner, billing, account


def _record(tech, account_id, minutes, narrative):
    response = tech.post("/time-entries", {"account_id": account_id, "work_date": today().isoformat(),
                                           "duration_minutes": minutes, "narrative": narrative})
    if response.status_code == 404:  # timetracking has not heard of the account yet
        return None
    assert response.status_code == 201, response.text
    return response.json()


def _status(tech, entry_id, status):
    entry = tech.get(f"/time-entries/{entry_id}").json()
    return entry if entry["status"] == status else None


def _unbilled_ids(partner, account_id):
    return {i["entry_id"] for i in partner.get(f"/accounts/{account_id}/unbilled").json()["items"]}


def test_record_draft_approve_post_and_get_paid_in_two_payments(platform, org):
    tech, partner, billing, account = _billing_setup(org)
    first = eventually(lambda: _record(tech, account["id"], 90, "Replaced the failing RAID disk"),
                       message="the account to reach timetracking")
    second = _record(tech, account["id"], 30, "Checked the backups")
    eventually(lambda: _unbilled_ids(partner, account["id"]) == {first["id"], second["id"]},
               message="invoicing to see both entries")

    draft = partner.post("/invoices", {"account_id": account["id"]}, expect=201).json()
    assert draft["total"] == {"amount": "330.00", "currency": "USD"}  # 2 h × 150 + 10 %
    line = next(l for l in draft["lines"] if l["source_id"] == second["id"])
    partner.request("PATCH", f"/invoices/{draft['id']}/lines/{line['id']}", expect=200,
                    json={"narrative": "Verified last night's backups restore"})
    locked_draft(partner, draft["id"])
    assert _status(tech, first["id"], "drafted")
    review = load_workbook(io.BytesIO(partner.get(f"/invoices/{draft['id']}/export?format=xlsx").content)).active
    assert "Verified last night's backups restore" in [row[3] for row in review.iter_rows(values_only=True)]

    partner.post(f"/invoices/{draft['id']}/approve", expect=200)
    posted = billing.post(f"/invoices/{draft['id']}/post", expect=200).json()
    assert re.fullmatch(rf"NW-{today().year}-\d{{6}}", posted["number"])
    billed = eventually(lambda: _status(tech, first["id"], "billed"), message="the entries to be billed")
    assert billed["invoice_number"] == posted["number"]

    partial = billing.post(f"/invoices/{draft['id']}/payments",
                           {"amount": "100.00", "received_on": today().isoformat(), "method": "check",
                            "reference": "chk 1001"}, headers={"Idempotency-Key": f"chk-{posted['id']}"},
                           expect=201).json()
    again = billing.post(f"/invoices/{draft['id']}/payments",
                         {"amount": "100.00", "received_on": today().isoformat(), "method": "check",
                          "reference": "chk 1001"}, headers={"Idempotency-Key": f"chk-{posted['id']}"},
                         expect=201).json()
    assert partial == again and partial["balance"] == {"amount": "230.00", "currency": "USD"}
    billing.post(f"/invoices/{draft['id']}/payments", {"amount": "230.01", "received_on": today().isoformat(),
                                                       "method": "card"}, expect=422)
    paid = billing.post(f"/invoices/{draft['id']}/payments",
                        {"amount": "230.00", "received_on": today().isoformat(), "method": "bank_transfer"},
                        expect=201).json()
    assert (paid["status"], paid["balance"]["amount"]) == ("paid", "0.00")
    assert billing.post(f"/invoices/{draft['id']}/mark-paid", {}, expect=200).json()["payments"] == paid["payments"]

    eventually(lambda: {r["status"] for r in billing.get(f"/invoices/{draft['id']}/reminders").json()["reminders"]}
               == {"cancelled"}, message="dunning to cancel the reminders")
    customer = org.user("customer", account_id=account["id"])
    pdf = customer.get(f"/invoices/{draft['id']}/pdf")
    assert pdf.headers["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert posted["number"] in text and "330.00 USD" in text and "Verified last night's backups restore" in text
    assert [i["id"] for i in customer.get("/invoices").json()["items"]] == [draft["id"]]
    audit = [e["action"] for e in billing.get(f"/invoices/{draft['id']}/audit-trail").json()["items"]]
    assert audit == ["draft", "edit_line", "approve", "post", "payment", "payment"]


def test_post_credit_note_void_and_the_work_is_billed_again(platform, org):
    tech, partner, billing, account = _billing_setup(org)
    entry = eventually(lambda: _record(tech, account["id"], 60, "Migrated the mailboxes"),
                       message="the account to reach timetracking")
    eventually(lambda: _unbilled_ids(partner, account["id"]) == {entry["id"]}, message="invoicing to see the entry")
    invoice = partner.post("/invoices", {"account_id": account["id"]}, expect=201).json()
    locked_draft(partner, invoice["id"])
    partner.post(f"/invoices/{invoice['id']}/approve", expect=200)
    posted = billing.post(f"/invoices/{invoice['id']}/post", expect=200).json()
    assert posted["total"]["amount"] == "165.00"
    eventually(lambda: _status(tech, entry["id"], "billed"), message="the entry to be billed")

    credited = billing.post(f"/invoices/{invoice['id']}/credit-notes",
                            {"amount": "16.50", "reason": "goodwill: slow response"}, expect=201).json()
    assert credited["balance"]["amount"] == "148.50"
    assert credited["credit_notes"][0]["number"].startswith(f"CN-{today().year}-")
    billing.post(f"/invoices/{invoice['id']}/void", {"reason": ""}, expect=422)
    voided = billing.post(f"/invoices/{invoice['id']}/void", {"reason": "billed to the wrong matter"},
                          expect=200).json()
    assert (voided["status"], voided["balance"]["amount"], voided["credited"]["amount"]) == ("voided", "0.00",
                                                                                             "165.00")

    eventually(lambda: _status(tech, entry["id"], "unbilled"), message="timetracking to release the entry")
    assert _unbilled_ids(partner, account["id"]) == {entry["id"]}
    again = partner.post("/invoices", {"account_id": account["id"]}, expect=201).json()
    assert [l["source_id"] for l in again["lines"]] == [entry["id"]] and again["id"] != invoice["id"]
    eventually(lambda: _status(tech, entry["id"], "drafted"), message="the entry to be locked by the new draft")
    eventually(lambda: {r["status"] for r in billing.get(f"/invoices/{invoice['id']}/reminders").json()["reminders"]}
               == {"cancelled"}, message="dunning to stop reminding the voided invoice")


def test_time_without_a_rate_is_approved_and_posted_only_when_confirmed(platform, org):
    tech = org.user("fee_earner", name="Terry Tech")
    partner = org.user("partner", delegates=(tech,))
    billing = org.user("billing")
    account = billing.post("/accounts", {"name": f"No Rate Ltd {uuid4().hex[:6]}", "billing_email": "ap@norate.example",
                                         "currency": "USD", "payment_terms_days": 30, "tax_rate": "0"},
                           expect=201).json()
    entry = eventually(lambda: _record(tech, account["id"], 60, "Onboarding call"),
                       message="the account to reach timetracking")
    expense = tech.post("/expenses", {"account_id": account["id"], "work_date": today().isoformat(),
                                      "category": "travel", "description": "Train", "amount": "40.00"},
                        expect=201).json()
    eventually(lambda: _unbilled_ids(partner, account["id"]) == {entry["id"], expense["id"]},
               message="invoicing to see the work")
    draft = partner.post("/invoices", {"account_id": account["id"]}, expect=201).json()
    draft = locked_draft(partner, draft["id"])
    assert draft["unpriced_lines"] == 1
    assert [l["unpriced"] for l in draft["lines"] if l["kind"] == "time"] == [True]

    refused = partner.post(f"/invoices/{draft['id']}/approve", expect=409).json()["error"]
    assert refused["field"] == "confirm_unpriced"
    assert refused["message"].startswith("1 time line has no hourly rate and would be billed at 0.00")
    partner.post(f"/invoices/{draft['id']}/approve?confirm_unpriced=true", expect=200)
    assert billing.post(f"/invoices/{draft['id']}/post", expect=409).json()["error"]["field"] == "confirm_unpriced"
    posted = billing.post(f"/invoices/{draft['id']}/post?confirm_unpriced=true", expect=200).json()
    assert posted["total"]["amount"] == "40.00"
    trail = billing.get(f"/invoices/{draft['id']}/audit-trail").json()["items"]
    assert [t["details"].get("unpriced_lines_confirmed") for t in trail if t["action"] in ("approve", "post")] == [1, 1]
