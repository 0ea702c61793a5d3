"""Payments, mark as paid, credit notes, voids, disputes, internal notes, the audit trail,
and what customers see."""

from datetime import date, timedelta

import pytest

from ledgerline_contracts import Conflict, NotFound, PermissionDenied, Role, ValidationFailed
from ledgerline_servicekit import clock
from ledgerline_servicekit.testing.fixtures import call_as, make_actor, recorded_events

from invoicing_helpers import (
    billing, customer_of, lock_work, new_account, partner, posted_invoice, record_expense, record_time,
)


def pay(invoicing, invoice, amount, **fields):
    return call_as(invoicing, billing, "record_payment", invoice["id"],
                   {"amount": amount, "received_on": "2026-11-10", "method": "bank_transfer", **fields})


def eur(amount):
    return {"amount": amount, "currency": "EUR"}


@pytest.fixture
def invoice(invoicing):
    """A posted invoice of 240.00 EUR: two hours at 100.00 plus 20 % tax."""
    account = new_account(invoicing, hourly_rate="100", tax_rate="0.20")
    record_time(invoicing, account["id"], minutes=60, narrative="Backup restore test")
    record_time(invoicing, account["id"], minutes=60, narrative="Firewall rules review")
    posted = posted_invoice(invoicing, account)
    assert posted["total"] == eur("240.00")
    return posted


def test_mark_as_paid_pays_the_remaining_balance_once(invoicing, invoice, database_url):
    pay(invoicing, invoice, "40.00", reference="chk 1001", method="check")
    paid = call_as(invoicing, billing, "mark_paid", invoice["id"], {"received_on": "2026-11-15"})
    again = call_as(invoicing, billing, "mark_paid", invoice["id"], {"received_on": "2026-11-16"})
    assert paid == again
    assert (paid["status"], paid["balance"], paid["paid_on"]) == ("paid", eur("0.00"), "2026-11-15")
    assert [p["amount"]["amount"] for p in paid["payments"]] == ["40.00", "200.00"]
    assert [e.payload["balance"]["amount"] for e in recorded_events(database_url, "payment.recorded")] == [
        "200.00", "0.00"]
    (event,) = recorded_events(database_url, "invoice.paid")
    assert event.payload["paid_on"] == "2026-11-15"
    with pytest.raises(Conflict, match="cannot record a payment on an invoice that is paid"):
        pay(invoicing, invoice, "1.00")


def test_payments_are_refused_beyond_the_balance_or_in_fractions_of_a_cent(invoicing, invoice):
    with pytest.raises(ValidationFailed, match="more than the balance") as refused:
        pay(invoicing, invoice, "240.01")
    assert refused.value.field == "amount"
    with pytest.raises(ValidationFailed, match="more decimals"):
        pay(invoicing, invoice, "10.005")
    with pytest.raises(ValidationFailed) as refused:
        pay(invoicing, invoice, "0")
    assert refused.value.field == "amount"
    assert call_as(invoicing, billing, "get_invoice", invoice["id"])["payments"] == []


def test_a_payment_is_recorded_once_received_not_in_the_future(invoicing, invoice):
    with pytest.raises(ValidationFailed, match="the date received, 2031-01-01, is in the future") as refused:
        pay(invoicing, invoice, "10.00", received_on="2031-01-01")
    assert refused.value.field == "received_on"
    day_after_tomorrow = (clock.today() + timedelta(days=2)).isoformat()
    with pytest.raises(ValidationFailed, match="in the future") as refused:
        call_as(invoicing, billing, "mark_paid", invoice["id"], {"received_on": day_after_tomorrow})
    assert refused.value.field == "received_on"
    assert call_as(invoicing, billing, "get_invoice", invoice["id"])["payments"] == []
    # Tomorrow in UTC is today for a payer east of it.
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    assert pay(invoicing, invoice, "10.00", received_on=tomorrow)["payments"][0]["received_on"] == tomorrow


def test_an_idempotency_key_belongs_to_one_invoice(invoicing, invoice):
    first = pay(invoicing, invoice, "10.00", idempotency_key="bank-ref-77")
    assert pay(invoicing, invoice, "10.00", idempotency_key="bank-ref-77") == first
    account = new_account(invoicing)
    record_time(invoicing, account["id"])
    other = posted_invoice(invoicing, account)
    with pytest.raises(Conflict, match="another invoice"):
        pay(invoicing, other, "10.00", idempotency_key="bank-ref-77")


def test_a_client_key_can_never_be_mark_as_paids_own_and_a_reused_key_must_describe_the_same_payment(
        invoicing, invoice):
    # The attack: a payment sent with the key mark as paid uses for itself ...
    pay(invoicing, invoice, "40.00", idempotency_key=f"mark-paid:{invoice['id']}")
    paid = call_as(invoicing, billing, "mark_paid", invoice["id"], {})
    # ... no longer makes "mark as paid" believe it already ran.
    assert (paid["status"], paid["balance"]) == ("paid", eur("0.00"))
    assert [p["amount"]["amount"] for p in paid["payments"]] == ["40.00", "200.00"]


def test_a_payment_key_reused_for_a_different_payment_is_refused_naming_it(invoicing, invoice):
    pay(invoicing, invoice, "10.00", idempotency_key="bank-ref-78")
    with pytest.raises(ValidationFailed, match="different payment") as refused:
        pay(invoicing, invoice, "11.00", idempotency_key="bank-ref-78")
    assert refused.value.field == "idempotency_key"


def test_credit_notes_for_an_amount_or_chosen_lines_have_their_own_series(invoicing, invoice, database_url):
    year = date.today().year
    with pytest.raises(ValidationFailed, match="either an amount or the lines to credit"):
        call_as(invoicing, billing, "issue_credit_note", invoice["id"], {"reason": "goodwill"})
    with pytest.raises(ValidationFailed) as refused:
        call_as(invoicing, billing, "issue_credit_note", invoice["id"], {"amount": "10", "reason": " "})
    assert refused.value.field == "reason"
    credited = call_as(invoicing, billing, "issue_credit_note", invoice["id"],
                       {"amount": "60.00", "reason": "goodwill after the outage"})
    note = credited["credit_notes"][0]
    assert (note["number"], note["amount"], note["tax"], note["subtotal"]) == (
        f"CN-{year}-000001", eur("60.00"), eur("10.00"), eur("50.00"))
    assert credited["balance"] == eur("180.00") and credited["credited"] == eur("60.00")
    line = credited["lines"][1]
    by_line = call_as(invoicing, billing, "issue_credit_note", invoice["id"],
                      {"line_ids": [line["id"]], "reason": "review was not requested"})
    assert by_line["credit_notes"][1]["number"] == f"CN-{year}-000002"
    assert by_line["credit_notes"][1]["amount"] == eur("120.00")
    assert by_line["lines"][1]["credited"] is True and by_line["balance"] == eur("60.00")
    with pytest.raises(ValidationFailed, match="already been credited"):
        call_as(invoicing, billing, "issue_credit_note", invoice["id"],
                {"line_ids": [line["id"]], "reason": "again"})
    with pytest.raises(ValidationFailed, match="more than the balance"):
        call_as(invoicing, billing, "issue_credit_note", invoice["id"],
                {"line_ids": [by_line["lines"][0]["id"]], "reason": "too much"})
    last = call_as(invoicing, billing, "issue_credit_note", invoice["id"], {"amount": "60.00", "reason": "rest"})
    assert (last["status"], last["balance"]) == ("credited", eur("0.00"))
    assert [e.payload["balance"]["amount"] for e in recorded_events(database_url, "credit_note.issued")] == [
        "180.00", "60.00", "0.00"]
    assert recorded_events(database_url, "invoice.paid") == []
    trail = call_as(invoicing, billing, "audit_trail", invoice["id"])["items"]
    assert [(t["action"], t["reason"]) for t in trail if t["action"] == "credit_note"] == [
        ("credit_note", "goodwill after the outage"), ("credit_note", "review was not requested"),
        ("credit_note", "rest")]


def test_voiding_credits_everything_and_releases_the_entries_for_rebilling(invoicing, database_url):
    account = new_account(invoicing, hourly_rate="100", tax_rate="0")
    entry = record_time(invoicing, account["id"])
    expense = record_expense(invoicing, account["id"], amount="20.00")
    invoice = posted_invoice(invoicing, account)
    call_as(invoicing, billing, "issue_credit_note", invoice["id"], {"amount": "30.00", "reason": "discount"})
    call_as(invoicing, billing, "dispute_invoice", invoice["id"], {"reason": "wrong rate"})
    with pytest.raises(ValidationFailed):
        call_as(invoicing, billing, "void_invoice", invoice["id"], {"reason": ""})
    voided = call_as(invoicing, billing, "void_invoice", invoice["id"], {"reason": "billed to the wrong client"})
    assert (voided["status"], voided["balance"], voided["disputed"]) == ("voided", eur("0.00"), False)
    assert voided["credit_notes"][-1]["amount"] == eur("140.00")  # 170.00 less the 30.00 already credited
    assert voided["credited"] == voided["total"]
    (event,) = recorded_events(database_url, "invoice.voided")
    assert event.payload["released"]["time_entry_ids"] == [str(entry.entry_id)]
    assert event.payload["released"]["expense_ids"] == [str(expense.expense_id)]
    assert event.payload["reason"] == "billed to the wrong client"
    assert event.payload["credit_note_number"] == voided["credit_notes"][-1]["number"]
    again = call_as(invoicing, partner, "draft_invoice", {"account_id": account["id"]})
    assert len(again["lines"]) == 2
    with pytest.raises(Conflict, match="cannot void an invoice that is voided"):
        call_as(invoicing, billing, "void_invoice", invoice["id"], {"reason": "twice"})


def test_an_invoice_with_payments_cannot_be_voided(invoicing, invoice):
    pay(invoicing, invoice, "10.00")
    with pytest.raises(Conflict, match="with payments cannot be voided"):
        call_as(invoicing, billing, "void_invoice", invoice["id"], {"reason": "mistake"})


def test_each_caller_is_told_what_they_may_do_next_with_the_invoice(invoicing, invoice):
    assert invoice["allowed_actions"] == [
        "record_payment", "mark_paid", "issue_credit_note", "dispute_invoice", "void_invoice", "add_note"]
    paid_in_part = pay(invoicing, invoice, "10.00")
    assert "void_invoice" not in paid_in_part["allowed_actions"]
    assert paid_in_part["action_notes"] == [
        "An invoice with payments cannot be voided; credit what is still owed instead."]
    account = call_as(invoicing, billing, "get_account", invoice["account_id"])
    as_customer = call_as(invoicing, customer_of(account), "get_invoice", invoice["id"])
    assert as_customer["allowed_actions"] == [] and "action_notes" not in as_customer
    as_partner = call_as(invoicing, partner, "get_invoice", invoice["id"])
    assert as_partner["allowed_actions"] == []


def test_disputes_need_a_reason_and_are_resolved(invoicing, invoice, database_url):
    disputed = call_as(invoicing, billing, "dispute_invoice", invoice["id"], {"reason": "hours look high"})
    assert disputed["disputed"] and disputed["dispute"]["reason"] == "hours look high"
    with pytest.raises(Conflict, match="already disputed"):
        call_as(invoicing, billing, "dispute_invoice", invoice["id"], {"reason": "again"})
    resolved = call_as(invoicing, billing, "resolve_dispute", invoice["id"],
                       {"resolution": "walked through the timesheets"})
    assert not resolved["disputed"] and resolved["dispute"] is None
    with pytest.raises(Conflict, match="not disputed"):
        call_as(invoicing, billing, "resolve_dispute", invoice["id"], {"resolution": "x"})
    (opened,) = recorded_events(database_url, "invoice.disputed")
    assert opened.payload["balance"] == eur("240.00") and opened.payload["reason"] == "hours look high"
    (closed,) = recorded_events(database_url, "invoice.dispute_resolved")
    assert closed.payload["resolution"] == "walked through the timesheets"
    actions = [(t["action"], t["reason"]) for t in
               call_as(invoicing, billing, "audit_trail", invoice["id"])["items"]]
    assert actions[-2:] == [("dispute", "hours look high"), ("resolve_dispute", "walked through the timesheets")]


def test_customers_see_their_sent_invoices_without_internal_notes(invoicing, invoice):
    call_as(invoicing, billing, "add_note", invoice["id"], {"body": "Client is slow to pay; call Jo in AP"})
    staff = call_as(invoicing, partner, "get_invoice", invoice["id"])
    assert [n["body"] for n in staff["notes"]] == ["Client is slow to pay; call Jo in AP"]
    account = {"id": invoice["account_id"]}
    customer = customer_of(account)
    seen = call_as(invoicing, customer, "get_invoice", invoice["id"])
    assert "notes" not in seen and "cost" not in seen and "created_by" not in seen
    assert "Client is slow" not in str(seen)
    assert seen["total"] == invoice["total"] and len(seen["lines"]) == 2
    assert "rate_source" not in seen["lines"][0]
    assert [i["id"] for i in call_as(invoicing, customer, "list_invoices")["items"]] == [invoice["id"]]
    with pytest.raises(PermissionDenied):
        call_as(invoicing, customer, "add_note", invoice["id"], {"body": "hi"})
    with pytest.raises(PermissionDenied):
        call_as(invoicing, customer, "record_payment", invoice["id"],
                {"amount": "1", "received_on": "2026-11-10", "method": "card"})


def test_customers_never_see_drafts_or_other_accounts(invoicing):
    account = new_account(invoicing)
    record_time(invoicing, account["id"])
    draft = call_as(invoicing, partner, "draft_invoice", {"account_id": account["id"]})
    lock_work(invoicing, draft)
    customer = customer_of(account)
    with pytest.raises(NotFound):
        call_as(invoicing, customer, "get_invoice", draft["id"])
    assert call_as(invoicing, customer, "list_invoices")["items"] == []
    assert call_as(invoicing, customer, "list_invoices", status="draft")["items"] == []
    other = customer_of(new_account(invoicing))
    call_as(invoicing, partner, "approve_invoice", draft["id"])
    call_as(invoicing, billing, "post_invoice", draft["id"])
    assert call_as(invoicing, customer, "get_invoice", draft["id"])["status"] == "posted"
    with pytest.raises(NotFound):
        call_as(invoicing, other, "get_invoice", draft["id"])
    with pytest.raises(NotFound):  # not their account: as unknown as another organization's
        call_as(invoicing, other, "list_invoices", account_id=account["id"])
    with pytest.raises(NotFound):
        call_as(invoicing, make_actor(Role.BILLING), "list_invoices", account_id=account["id"])
    with pytest.raises(NotFound):
        call_as(invoicing, make_actor(Role.BILLING), "export_invoices", "csv", account_id=account["id"])
    with pytest.raises(NotFound):
        call_as(invoicing, make_actor(Role.BILLING), "list_rates", account_id=account["id"])


def test_another_organizations_audit_trail_is_not_found(invoicing, invoice):
    assert call_as(invoicing, billing, "audit_trail", invoice["id"])["items"]
    with pytest.raises(NotFound):
        call_as(invoicing, make_actor(Role.BILLING), "audit_trail", invoice["id"])


def test_an_invoice_credited_in_full_can_still_be_voided_to_bill_its_work_again(invoicing, invoice, database_url):
    credited = call_as(invoicing, billing, "issue_credit_note", invoice["id"], {"amount": "240.00", "reason": "all"})
    assert credited["status"] == "credited"
    voided = call_as(invoicing, billing, "void_invoice", invoice["id"], {"reason": "rebill to the parent company"})
    assert (voided["status"], voided["balance"]) == ("voided", eur("0.00"))
    assert len(voided["credit_notes"]) == 1  # nothing was left to credit
    (event,) = recorded_events(database_url, "invoice.voided")
    assert len(event.payload["released"]["time_entry_ids"]) == 2
    assert event.payload["credit_note_number"] == credited["credit_notes"][0]["number"]


def test_a_repeated_credit_note_key_credits_once(invoicing, invoice, database_url):
    request = {"amount": "40.00", "reason": "goodwill", "idempotency_key": "cn-1"}
    first = call_as(invoicing, billing, "issue_credit_note", invoice["id"], request)
    again = call_as(invoicing, billing, "issue_credit_note", invoice["id"], request)
    assert again == first and len(first["credit_notes"]) == 1 and first["balance"] == eur("200.00")
    assert len(recorded_events(database_url, "credit_note.issued")) == 1
