"""The invoicing service against its real database (nameko test containers)."""

from datetime import date
from uuid import UUID, uuid4

import pytest

from ledgerline_contracts import Conflict, NotFound, PermissionDenied, Role, ValidationFailed
from ledgerline_contracts.events.timetracking import TimeEntry, TimeEntryDeleted
from ledgerline_servicekit.testing.fixtures import call_as, deliver, envelope_for, make_actor, recorded_events

from invoicing_helpers import lock_work

ORG = uuid4()
billing = make_actor(Role.BILLING, ORG)
fee_earner = make_actor(Role.FEE_EARNER, ORG)
partner = make_actor(Role.PARTNER, ORG, delegates=(fee_earner.user_id,))


def new_account(invoicing, **overrides):
    fields = {"name": "Acme Dental", "billing_email": "ap@acme.example", "currency": "EUR",
              "payment_terms_days": 14, "tax_rate": "0.20", "hourly_rate": "120.00"} | overrides
    return call_as(invoicing, billing, "create_account", fields)


def record_time(invoicing, account_id, minutes=90, version=1, entry_id=None, user=fee_earner, **fields):
    entry = TimeEntry(entry_id=entry_id or uuid4(), version=version, user_id=user.user_id,
                      account_id=account_id, work_date=date(2026, 11, 2), duration_minutes=minutes,
                      billable=True, narrative="Replaced failing disk", **fields)
    deliver(invoicing, "on_time_entry", envelope_for("time_entry.recorded", ORG, entry))
    return entry


def test_creating_an_account_emits_account_created(invoicing, database_url):
    account = new_account(invoicing)
    assert account["currency"] == "EUR" and account["active"] is True
    (event,) = recorded_events(database_url, "account.created")
    assert event.payload["name"] == "Acme Dental" and event.org_id == ORG


def test_bad_account_input_names_the_field_and_changes_nothing(invoicing, database_url):
    with pytest.raises(ValidationFailed) as refused:
        new_account(invoicing, billing_email="not-an-email")
    assert refused.value.field == "billing_email"
    new_account(invoicing)
    with pytest.raises(ValidationFailed, match="already exists"):
        new_account(invoicing, name="ACME dental")
    assert len(recorded_events(database_url, "account.created")) == 1


def test_draft_post_and_pay(invoicing, database_url):
    account = new_account(invoicing)
    entry = record_time(invoicing, account["id"], minutes=90)
    draft = call_as(invoicing, partner, "draft_invoice", {"account_id": account["id"]})
    assert draft["status"] == "draft" and draft["number"] is None
    assert [l["description"] for l in draft["lines"]] == ["Replaced failing disk"]
    assert draft["total"] == {"amount": "216.00", "currency": "EUR"}  # 1.5 h × 120 + 20 %
    (drafted,) = recorded_events(database_url, "invoice.drafted")
    assert drafted.payload["items"]["time_entry_ids"] == [str(entry.entry_id)]

    with pytest.raises(Conflict, match="cannot post an invoice that is draft"):
        call_as(invoicing, billing, "post_invoice", draft["id"])
    assert draft["lines_awaiting_lock"] == 1 and draft["lines"][0]["awaiting_lock"] is True
    with pytest.raises(Conflict, match="time tracking has not yet locked the work of 1 line against changes; "
                                       "approve it again in a moment"):
        call_as(invoicing, partner, "approve_invoice", draft["id"])
    lock_work(invoicing, draft, org=ORG)
    call_as(invoicing, partner, "approve_invoice", draft["id"])
    posted = call_as(invoicing, billing, "post_invoice", draft["id"])
    assert posted["number"] == f"INV-{date.today().year}-000001"
    assert posted["status"] == "posted"

    partial = call_as(invoicing, billing, "record_payment", draft["id"],
                      {"amount": "16.00", "received_on": "2026-11-20", "method": "check", "reference": "1001"})
    assert partial["balance"] == {"amount": "200.00", "currency": "EUR"}
    with pytest.raises(ValidationFailed, match="more than the balance"):
        call_as(invoicing, billing, "record_payment", draft["id"],
                {"amount": "200.01", "received_on": "2026-11-20", "method": "card"})
    paid = call_as(invoicing, billing, "record_payment", draft["id"],
                   {"amount": "200.00", "received_on": "2026-11-21", "method": "bank_transfer"})
    assert paid["status"] == "paid" and paid["balance"]["amount"] == "0.00"
    assert [e.event_type for e in recorded_events(database_url)] == [
        "account.created", "invoice.drafted", "invoice.approved", "invoice.posted",
        "payment.recorded", "payment.recorded", "invoice.paid"]


def test_a_repeated_payment_key_returns_the_first_result(invoicing, database_url):
    account = new_account(invoicing)
    record_time(invoicing, account["id"])
    invoice = call_as(invoicing, partner, "draft_invoice", {"account_id": account["id"]})
    lock_work(invoicing, invoice, org=ORG)
    call_as(invoicing, partner, "approve_invoice", invoice["id"])
    call_as(invoicing, billing, "post_invoice", invoice["id"])
    payment = {"amount": "10.00", "received_on": "2026-11-20", "method": "cash", "idempotency_key": "k-1"}
    first = call_as(invoicing, billing, "record_payment", invoice["id"], payment)
    again = call_as(invoicing, billing, "record_payment", invoice["id"], payment)
    assert again == first and len(first["payments"]) == 1
    assert len(recorded_events(database_url, "payment.recorded")) == 1


def test_work_changed_after_drafting_blocks_posting(invoicing):
    account = new_account(invoicing)
    entry = record_time(invoicing, account["id"])
    invoice = call_as(invoicing, partner, "draft_invoice", {"account_id": account["id"]})
    lock_work(invoicing, invoice, org=ORG)
    call_as(invoicing, partner, "approve_invoice", invoice["id"])
    record_time(invoicing, account["id"], minutes=120, version=2, entry_id=entry.entry_id)
    with pytest.raises(Conflict, match="changed after drafting"):
        call_as(invoicing, billing, "post_invoice", invoice["id"])


def test_an_edit_that_beat_the_lock_must_be_reconciled_before_approval(invoicing):
    """The draft bills version 1; the fee earner's edit (version 2) landed before timetracking locked
    the entry, so the lock is at version 2: the draft is out of date even before invoicing hears of
    version 2, and approving it waits for reconciling, which bills what timetracking keeps."""
    account = new_account(invoicing)
    entry = record_time(invoicing, account["id"], minutes=60)
    invoice = call_as(invoicing, partner, "draft_invoice", {"account_id": account["id"]})
    lock_work(invoicing, invoice, versions={str(entry.entry_id): 2}, org=ORG)
    seen = call_as(invoicing, partner, "get_invoice", invoice["id"])
    assert seen["needs_reconciling"] is True and seen["lines"][0]["stale"] is True
    with pytest.raises(Conflict, match="1 line changed after drafting; reconcile the draft, then approve it"):
        call_as(invoicing, partner, "approve_invoice", invoice["id"])
    record_time(invoicing, account["id"], minutes=90, version=2, entry_id=entry.entry_id)
    reconciled = call_as(invoicing, partner, "reconcile_invoice", invoice["id"])
    assert reconciled["needs_reconciling"] is False and reconciled["lines"][0]["source_version"] == 2
    approved = call_as(invoicing, partner, "approve_invoice", invoice["id"])
    assert approved["total"] == {"amount": "216.00", "currency": "EUR"}  # 1.5 h × 120 + 20 %
    assert call_as(invoicing, billing, "post_invoice", invoice["id"])["total"] == approved["total"]


def test_a_lock_confirmed_for_another_invoice_does_not_count(invoicing):
    """The confirmation names the invoice: a new draft of released work waits for its own."""
    account = new_account(invoicing)
    record_time(invoicing, account["id"])
    first = call_as(invoicing, partner, "draft_invoice", {"account_id": account["id"]})
    lock_work(invoicing, first, org=ORG)
    call_as(invoicing, billing, "delete_invoice", first["id"])
    second = call_as(invoicing, partner, "draft_invoice", {"account_id": account["id"]})
    lock_work(invoicing, first, org=ORG)  # a late repeat of the first draft's confirmation
    with pytest.raises(Conflict, match="has not yet locked"):
        call_as(invoicing, partner, "approve_invoice", second["id"])
    lock_work(invoicing, second, org=make_actor(Role.PARTNER).org_id)  # another organization's event
    with pytest.raises(Conflict, match="has not yet locked"):
        call_as(invoicing, partner, "approve_invoice", second["id"])
    lock_work(invoicing, second, org=ORG)
    assert call_as(invoicing, partner, "approve_invoice", second["id"])["status"] == "approved"


def test_entry_versions_older_than_held_are_ignored_and_deletions_stick(invoicing):
    account = new_account(invoicing)
    entry = record_time(invoicing, account["id"], minutes=60, version=2)
    record_time(invoicing, account["id"], minutes=999, version=1, entry_id=entry.entry_id)
    unbilled = call_as(invoicing, partner, "list_unbilled", account["id"])
    assert [i["quantity"] for i in unbilled["items"]] == ["1.00"]
    gone = TimeEntryDeleted(entry_id=entry.entry_id, version=3, user_id=fee_earner.user_id,
                            account_id=entry.account_id)
    deliver(invoicing, "on_time_entry_deleted", envelope_for("time_entry.deleted", ORG, gone))
    record_time(invoicing, account["id"], minutes=30, version=2, entry_id=entry.entry_id)  # late arrival
    assert call_as(invoicing, partner, "list_unbilled", account["id"])["items"] == []


def test_drafting_is_limited_to_self_and_delegates_and_to_the_organization(invoicing):
    account = new_account(invoicing)
    stranger = make_actor(Role.FEE_EARNER, ORG)
    record_time(invoicing, account["id"], user=stranger)
    with pytest.raises(ValidationFailed, match="no unbilled billable work"):
        call_as(invoicing, partner, "draft_invoice", {"account_id": account["id"]})
    other_org_partner = make_actor(Role.PARTNER)
    with pytest.raises(NotFound):
        call_as(invoicing, other_org_partner, "draft_invoice", {"account_id": account["id"]})
    with pytest.raises(PermissionDenied):
        call_as(invoicing, fee_earner, "draft_invoice", {"account_id": account["id"]})


def test_customers_see_only_their_own_posted_invoices(invoicing):
    account = new_account(invoicing)
    record_time(invoicing, account["id"])
    invoice = call_as(invoicing, partner, "draft_invoice", {"account_id": account["id"]})
    lock_work(invoicing, invoice, org=ORG)
    customer = make_actor(Role.CUSTOMER, ORG, account_id=UUID(account["id"]))
    with pytest.raises(NotFound):
        call_as(invoicing, customer, "get_invoice", invoice["id"])
    assert call_as(invoicing, customer, "list_invoices")["items"] == []
    call_as(invoicing, partner, "approve_invoice", invoice["id"])
    call_as(invoicing, billing, "post_invoice", invoice["id"])
    assert [i["id"] for i in call_as(invoicing, customer, "list_invoices")["items"]] == [invoice["id"]]
    other_customer = make_actor(Role.CUSTOMER, ORG, account_id=uuid4())
    with pytest.raises(NotFound):
        call_as(invoicing, other_customer, "get_invoice", invoice["id"])
