"""Time entries against the real database: periods and overlaps, edits and deletes of own unbilled time."""

from datetime import date
from uuid import uuid4

import pytest

from ledgerline_contracts import Money, NotFound, PermissionDenied, ValidationFailed
from ledgerline_contracts.events import invoicing as billing
from ledgerline_servicekit.testing.fixtures import call_as, deliver, envelope_for, recorded_events

from timetracking_helpers import ORG, alice, billing_user, bob, customer_of, known_account, open_ticket, partner, record


def timed(timetracking, account, start, end, actor=alice, **fields):
    return record(timetracking, account, actor=actor, duration_minutes=None, work_date=None,
                  started_at=f"2026-11-02T{start}:00Z", ended_at=f"2026-11-02T{end}:00Z", **fields)


def test_an_entry_with_start_and_end_gets_its_duration_and_date(timetracking, database_url):
    account = known_account(timetracking)
    entry = record(timetracking, account, duration_minutes=None, work_date=None,
                   started_at="2026-11-02T21:15:00-08:00", ended_at="2026-11-02T23:00:00-08:00")
    assert (entry["duration_minutes"], entry["work_date"]) == (105, "2026-11-02")
    assert entry["started_at"] == "2026-11-03T05:15:00+00:00"  # stored and shown in UTC
    (event,) = recorded_events(database_url, "time_entry.recorded")
    assert event.payload["started_at"] == "2026-11-03T05:15:00Z"


def test_overlapping_entries_of_one_person_are_refused_naming_the_other(timetracking, database_url):
    account = known_account(timetracking)
    first = timed(timetracking, account, "09:00", "10:00", narrative="Server patching")
    with pytest.raises(ValidationFailed) as refused:
        timed(timetracking, account, "09:30", "10:30")
    assert refused.value.field == "started_at"
    assert first["id"] in refused.value.message and "Server patching" in refused.value.message
    timed(timetracking, account, "10:00", "11:00")  # touching is fine
    timed(timetracking, account, "09:30", "10:30", actor=bob)  # someone else's time never overlaps mine
    record(timetracking, account, duration_minutes=600)  # a plain duration has no period to overlap
    assert len(recorded_events(database_url, "time_entry.recorded")) == 4


def test_moving_an_entry_onto_another_is_refused_but_it_may_overlap_itself(timetracking):
    account = known_account(timetracking)
    morning = timed(timetracking, account, "09:00", "10:00")
    later = timed(timetracking, account, "11:00", "12:00")
    with pytest.raises(ValidationFailed, match=morning["id"]):
        call_as(timetracking, alice, "update_time_entry", later["id"], {"started_at": "2026-11-02T09:45:00Z"})
    moved = call_as(timetracking, alice, "update_time_entry", later["id"], {"started_at": "2026-11-02T10:30:00Z"})
    assert moved["duration_minutes"] == 90
    stretched = call_as(timetracking, alice, "update_time_entry", later["id"], {"ended_at": "2026-11-02T12:30:00Z"})
    assert stretched["duration_minutes"] == 120


def test_editing_own_unbilled_time_emits_the_next_version(timetracking, database_url):
    account = known_account(timetracking)
    ticket = open_ticket(timetracking, account)
    entry = record(timetracking, account)
    edited = call_as(timetracking, alice, "update_time_entry", entry["id"], {
        "narrative": "  Reset VPN tokens for the sales team ", "billable": False, "matter_id": ticket["id"]})
    assert (edited["narrative"], edited["billable"], edited["matter_reference"], edited["version"]) == (
        "Reset VPN tokens for the sales team", False, ticket["reference"], 2)
    (event,) = recorded_events(database_url, "time_entry.updated")
    assert event.payload["version"] == 2 and event.payload["matter_id"] == ticket["id"]
    unchanged = call_as(timetracking, alice, "update_time_entry", entry["id"], {"billable": False})
    assert unchanged["version"] == 2  # nothing changed, nothing announced
    assert len(recorded_events(database_url, "time_entry.updated")) == 1


BAD_EDITS = [
    ({"duration_minutes": 0}, "duration_minutes"),
    ({"narrative": ""}, "narrative"),
    ({"narrative": None}, "narrative"),
    ({"account_id": None}, "account_id"),
    ({"ended_at": "2026-11-02T10:00:00Z"}, "started_at"),
    ({"activity_code": "GONE"}, "activity_code"),
    ({"user_id": str(uuid4())}, "user_id"),
]


def test_a_bad_edit_names_the_field_and_changes_nothing(timetracking, database_url):
    account = known_account(timetracking)
    entry = record(timetracking, account)
    for changes, field in BAD_EDITS:
        with pytest.raises(ValidationFailed) as refused:
            call_as(timetracking, alice, "update_time_entry", entry["id"], changes)
        assert refused.value.field == field, changes
    assert call_as(timetracking, alice, "get_time_entry", entry["id"]) == entry
    assert recorded_events(database_url, "time_entry.updated") == []


def test_only_your_own_time_is_yours_to_change(timetracking):
    account = known_account(timetracking)
    entry = record(timetracking, account, actor=alice)
    with pytest.raises(PermissionDenied, match="only your own time"):  # a partner sees a delegate's time ...
        call_as(timetracking, partner, "update_time_entry", entry["id"], {"narrative": "Mine now"})
    with pytest.raises(PermissionDenied):
        call_as(timetracking, partner, "delete_time_entry", entry["id"])
    with pytest.raises(NotFound):  # ... and a colleague does not even see it
        call_as(timetracking, bob, "delete_time_entry", entry["id"])
    with pytest.raises(PermissionDenied):  # billing reads, never writes
        call_as(timetracking, billing_user, "delete_time_entry", entry["id"])
    assert not call_as(timetracking, partner, "get_time_entry", entry["id"])["can_edit"]
    assert call_as(timetracking, alice, "get_time_entry", entry["id"])["narrative"] == "Reset VPN tokens"


def test_deleting_own_unbilled_time_leaves_a_tombstone_event(timetracking, database_url):
    account = known_account(timetracking)
    entry = record(timetracking, account)
    assert call_as(timetracking, alice, "delete_time_entry", entry["id"]) is None
    with pytest.raises(NotFound):
        call_as(timetracking, alice, "get_time_entry", entry["id"])
    (event,) = recorded_events(database_url, "time_entry.deleted")
    assert event.payload["entry_id"] == entry["id"] and event.payload["version"] == 2


def test_time_goes_on_open_matters_and_tickets_whose_account_it_takes(timetracking):
    account = known_account(timetracking)
    ticket = open_ticket(timetracking, account)
    entry = record(timetracking, matter_id=ticket["id"])
    assert (entry["account_id"], entry["matter_reference"]) == (str(account.account_id), ticket["reference"])
    other = known_account(timetracking, name="Globex")
    with pytest.raises(ValidationFailed, match="belongs to another account") as refused:
        record(timetracking, other, matter_id=ticket["id"])
    assert refused.value.field == "matter_id"
    call_as(timetracking, alice, "update_matter", ticket["id"], {"status": "closed"})
    with pytest.raises(ValidationFailed, match="is closed") as refused:
        record(timetracking, matter_id=ticket["id"])
    assert refused.value.field == "matter_id"
    # An entry already on the closed ticket may still be corrected.
    assert call_as(timetracking, alice, "update_time_entry", entry["id"], {"narrative": "Fixed"})["narrative"] == "Fixed"
    with pytest.raises(NotFound) as missing:
        record(timetracking, matter_id=str(uuid4()))
    assert missing.value.field == "matter_id"


def test_activity_codes_give_the_billable_default(timetracking):
    account = known_account(timetracking)
    for code, billable in (("L110", True), ("ADMIN", False)):
        call_as(timetracking, billing_user, "create_activity_code", {"code": code, "name": code, "billable": billable})
    assert record(timetracking, account, activity_code="admin")["billable"] is False
    assert record(timetracking, account, activity_code="L110")["billable"] is True
    assert record(timetracking, account, activity_code="ADMIN", billable=True)["billable"] is True


def test_customers_see_only_their_accounts_billable_work(timetracking):
    account = known_account(timetracking)
    billed = record(timetracking, account)
    lunch = record(timetracking, account, narrative="Lunch break", billable=False)
    customer = customer_of(account)
    listed = call_as(timetracking, customer, "list_time_entries")
    assert [e["narrative"] for e in listed["items"]] == ["Reset VPN tokens"] and listed["total"] == 1
    assert call_as(timetracking, customer, "list_time_entries", billable=False)["items"] == []
    with pytest.raises(NotFound):
        call_as(timetracking, customer, "get_time_entry", lunch["id"])
    assert call_as(timetracking, customer, "get_time_entry", billed["id"])["narrative"] == "Reset VPN tokens"
    assert call_as(timetracking, alice, "list_time_entries")["total"] == 2  # the firm still sees both


def test_customers_read_billed_time_in_their_invoices_words(timetracking, invoicing):
    account = known_account(timetracking)
    reworded = record(timetracking, account, narrative="Fixed the mess Terry made of the DNS")
    unbilled = record(timetracking, account, narrative="Checked the backups", work_date="2026-11-03")
    number = "INV-2026-000042"
    deliver(timetracking, "on_invoice_posted", envelope_for("invoice.posted", ORG, billing.InvoicePosted(
        invoice_id=uuid4(), number=number, account_id=account.account_id, account_name="Acme",
        billing_email="ap@acme.example", issue_date=date(2026, 11, 20), due_date=date(2026, 12, 20),
        subtotal=Money.of("150", "EUR"), tax=Money.zero("EUR"), total=Money.of("150", "EUR"),
        items=billing.InvoiceItems(time_entry_ids=[reworded["id"]]))))
    invoicing.wording[reworded["id"]] = "DNS configuration"  # the partner's wording on the invoice
    customer = customer_of(account)
    seen = {e["id"]: (e["narrative"], e["invoice_number"])
            for e in call_as(timetracking, customer, "list_time_entries")["items"]}
    assert seen == {reworded["id"]: ("DNS configuration", number), unbilled["id"]: ("Checked the backups", None)}
    assert call_as(timetracking, customer, "get_time_entry", reworded["id"])["narrative"] == "DNS configuration"
    assert call_as(timetracking, alice, "get_time_entry", reworded["id"])["narrative"] == \
        "Fixed the mess Terry made of the DNS"  # the firm keeps the technician's words


def test_customers_see_their_accounts_time_read_only_without_internal_fields(timetracking):
    account = known_account(timetracking)
    entry = record(timetracking, account)
    customer = customer_of(account)
    seen = call_as(timetracking, customer, "get_time_entry", entry["id"])
    assert seen["narrative"] == "Reset VPN tokens" and seen["user_name"] == "Alice"
    assert not {"user_id", "invoice_id", "version", "can_edit", "timer_id", "raw_duration_seconds"} & seen.keys()
    with pytest.raises(PermissionDenied):
        call_as(timetracking, customer, "update_time_entry", entry["id"], {"narrative": "Free of charge"})
