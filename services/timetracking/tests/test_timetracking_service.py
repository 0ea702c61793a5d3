"""The timetracking service against its real database: recording time, who sees it, and the
locks invoicing's events put on it, in any order of arrival."""

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from ledgerline_contracts import Envelope, Locked, NotFound, PermissionDenied, Role, ValidationFailed
from ledgerline_contracts.events import invoicing as billing
from ledgerline_servicekit.testing.fixtures import call_as, deliver, make_actor, recorded_events

from timetracking_helpers import (
    ORG, admin, alice, bob, billing_user, customer_of, deliver_invoice_event, known_account, partner, record,
    time_items,
)


def test_recording_time_emits_the_whole_entry(timetracking, database_url):
    account = known_account(timetracking)
    entry = record(timetracking, account)
    assert entry["status"] == "unbilled" and entry["user_name"] == "Alice" and entry["account_name"] == "Acme"
    (event,) = recorded_events(database_url, "time_entry.recorded")
    assert event.payload["entry_id"] == entry["id"]
    assert event.payload["version"] == 1 and event.payload["duration_minutes"] == 45


def test_time_needs_an_active_account_known_from_invoicing(timetracking, database_url):
    with pytest.raises(NotFound) as missing:
        call_as(timetracking, alice, "record_time_entry", {
            "account_id": str(uuid4()), "work_date": "2026-11-02", "duration_minutes": 45, "narrative": "x"})
    assert missing.value.field == "account_id"
    account = known_account(timetracking)
    known_account(timetracking, active=False, version=2, account_id=account.account_id)
    with pytest.raises(ValidationFailed, match="inactive"):
        record(timetracking, account)
    assert recorded_events(database_url) == []


BAD_ENTRIES = [
    ({"duration_minutes": 0}, "duration_minutes"),
    ({"duration_minutes": 24 * 60 + 1}, "duration_minutes"),
    ({"narrative": "   "}, "narrative"),
    ({"narrative": "x" * 2001}, "narrative"),
    ({"status": "billed"}, "status"),
    ({"work_date": "yesterday"}, "work_date"),
    ({"activity_code": "NOPE"}, "activity_code"),
    ({"duration_minutes": None, "started_at": "2026-11-02T10:00:00Z", "ended_at": "2026-11-02T09:00:00Z"},
     "ended_at"),
]


def test_bad_input_names_the_field_and_changes_nothing(timetracking, database_url):
    account = known_account(timetracking)
    for fields, field in BAD_ENTRIES:
        with pytest.raises(ValidationFailed) as refused:
            record(timetracking, account, **fields)
        assert refused.value.field == field, fields
    assert call_as(timetracking, alice, "list_time_entries")["total"] == 0
    assert recorded_events(database_url, "time_entry.recorded") == []


def test_only_people_who_record_time_may_record_it(timetracking):
    account = known_account(timetracking)
    for role in (Role.BILLING, Role.ADMIN, Role.CUSTOMER):
        with pytest.raises(PermissionDenied):
            record(timetracking, account, actor=make_actor(role, ORG, account_id=account.account_id))


def test_each_role_sees_the_right_entries(timetracking):
    account = known_account(timetracking)
    other_account = known_account(timetracking, name="Globex")
    mine = record(timetracking, account, actor=alice)
    record(timetracking, account, actor=bob)
    record(timetracking, other_account, actor=bob)

    def ids(actor, **filters):
        return {e["id"] for e in call_as(timetracking, actor, "list_time_entries", **filters)["items"]}

    assert ids(alice) == {mine["id"]}
    assert ids(partner) == {mine["id"]}  # own + delegates
    assert ids(partner, user_id=str(bob.user_id)) == set()  # not a delegate: filtering does not widen
    assert len(ids(admin)) == len(ids(billing_user)) == 3
    customer = customer_of(account)
    seen = call_as(timetracking, customer, "list_time_entries")["items"]
    assert len(seen) == 2
    assert not {"user_id", "invoice_id", "version", "raw_duration_seconds", "activity_code"} & seen[0].keys()
    with pytest.raises(NotFound):
        call_as(timetracking, bob, "get_time_entry", mine["id"])
    with pytest.raises(NotFound):
        call_as(timetracking, customer_of(other_account), "get_time_entry", mine["id"])
    assert ids(make_actor(Role.BILLING)) == set()  # another organization


def test_lists_filter_by_period_matter_account_billable_and_status(timetracking):
    account = known_account(timetracking)
    other = known_account(timetracking, name="Globex")
    ticket = call_as(timetracking, alice, "open_matter", {"account_id": str(account.account_id), "title": "VPN"})
    on_ticket = record(timetracking, matter_id=ticket["id"], work_date="2026-11-03")
    early = record(timetracking, account, work_date="2026-10-30", billable=False)
    elsewhere = record(timetracking, other, work_date="2026-11-04")

    def ids(**filters):
        return [e["id"] for e in call_as(timetracking, alice, "list_time_entries", **filters)["items"]]

    assert ids() == [elsewhere["id"], on_ticket["id"], early["id"]]  # newest work first
    assert ids(date_from="2026-11-01", date_to="2026-11-03") == [on_ticket["id"]]
    assert ids(matter_id=ticket["id"]) == [on_ticket["id"]]
    assert ids(account_id=str(account.account_id)) == [on_ticket["id"], early["id"]]
    assert ids(billable=False) == [early["id"]]
    assert ids(status="billed") == []
    assert ids(limit=1, offset=1) == [on_ticket["id"]]
    # Another organization's account or ticket, or (for a customer) not their own: not found.
    for who, filters in [(make_actor(Role.BILLING), {"account_id": str(account.account_id)}),
                         (make_actor(Role.BILLING), {"matter_id": ticket["id"]}),
                         (customer_of(other), {"account_id": str(account.account_id)}),
                         (customer_of(other), {"matter_id": ticket["id"]})]:
        with pytest.raises(NotFound):
            call_as(timetracking, who, "list_time_entries", **filters)
    with pytest.raises(NotFound):
        call_as(timetracking, make_actor(Role.BILLING), "list_matters", account_id=str(account.account_id))
    with pytest.raises(ValidationFailed) as refused:
        ids(status="lost")
    assert refused.value.field == "status"
    with pytest.raises(ValidationFailed) as refused:
        ids(limit=1000)
    assert refused.value.field == "limit"


def test_recent_entries_are_my_last_ten_submissions(timetracking):
    account = known_account(timetracking)
    made = [record(timetracking, account, narrative=f"entry {i}")["id"] for i in range(12)]
    record(timetracking, account, actor=bob)
    recent = call_as(timetracking, alice, "recent_time_entries")["items"]
    assert [e["id"] for e in recent] == made[::-1][:10]


# --- locks from invoicing's events, in any order ----------------------------------------------

LOCK_SCENARIOS = [
    (["invoice.drafted"], "drafted", None),
    (["invoice.drafted", "invoice.items_released"], "unbilled", None),
    (["invoice.items_released", "invoice.drafted"], "unbilled", None),  # late draft of a deleted draft cannot lock
    (["invoice.drafted", "invoice.posted"], "billed", "INV-2026-000001"),
    (["invoice.posted", "invoice.drafted"], "billed", "INV-2026-000001"),  # late draft cannot unlock
    (["invoice.drafted", "invoice.posted", "invoice.voided"], "unbilled", None),
    (["invoice.voided", "invoice.posted", "invoice.drafted"], "unbilled", None),  # late posting cannot relock
    (["invoice.drafted", "invoice.drafted"], "drafted", None),  # redelivered
]


def test_invoice_events_lock_and_release_entries_in_any_order(timetracking):
    account = known_account(timetracking)
    # Each event carries the time invoicing emitted it, whatever order it arrives in.
    emitted = {"invoice.drafted": 0, "invoice.items_released": 1, "invoice.posted": 1, "invoice.voided": 2}
    for events, status, number in LOCK_SCENARIOS:
        entry = record(timetracking, account)
        invoice_id = uuid4()
        start = datetime.now(UTC)
        for kind in events:
            deliver_invoice_event(timetracking, kind, invoice_id, time_items(entry),
                                  occurred_at=start + timedelta(seconds=emitted[kind]))
        seen = call_as(timetracking, alice, "get_time_entry", entry["id"])
        assert (seen["status"], seen["invoice_number"]) == (status, number), events


def test_lines_removed_from_a_draft_before_its_drafted_event_arrives_stay_released(timetracking):
    account = known_account(timetracking)
    kept, removed = record(timetracking, account), record(timetracking, account, narrative="Removed line")
    draft = uuid4()
    drafted_at = datetime.now(UTC)
    deliver_invoice_event(timetracking, "invoice.items_released", draft, time_items(removed), whole_invoice=False,
                          occurred_at=drafted_at + timedelta(seconds=5))
    deliver_invoice_event(timetracking, "invoice.drafted", draft, time_items(kept, removed), occurred_at=drafted_at)
    assert call_as(timetracking, alice, "get_time_entry", kept["id"])["status"] == "drafted"
    assert call_as(timetracking, alice, "get_time_entry", removed["id"])["status"] == "unbilled"
    # ... and when invoicing adds it back to the same draft later, it is drafted again.
    deliver_invoice_event(timetracking, "invoice.drafted", draft, time_items(removed),
                          occurred_at=drafted_at + timedelta(seconds=9))
    assert call_as(timetracking, alice, "get_time_entry", removed["id"])["status"] == "drafted"


def test_a_posting_releases_lines_the_draft_lost_whose_release_has_not_arrived(timetracking):
    account = known_account(timetracking)
    kept, removed = record(timetracking, account), record(timetracking, account, narrative="Removed line")
    invoice_id = uuid4()
    deliver_invoice_event(timetracking, "invoice.drafted", invoice_id, time_items(kept, removed))
    deliver_invoice_event(timetracking, "invoice.posted", invoice_id, time_items(kept), number="INV-2026-000003")
    assert call_as(timetracking, alice, "get_time_entry", kept["id"])["status"] == "billed"
    assert call_as(timetracking, alice, "get_time_entry", removed["id"])["status"] == "unbilled"


def test_work_released_by_one_invoice_stays_locked_by_the_next(timetracking):
    """Draft A deleted, the entry drafted into B: A's late release must not unlock it."""
    account = known_account(timetracking)
    entry = record(timetracking, account)
    first, second = uuid4(), uuid4()
    t0 = datetime.now(UTC)
    deliver_invoice_event(timetracking, "invoice.drafted", first, time_items(entry), occurred_at=t0)
    deliver_invoice_event(timetracking, "invoice.drafted", second, time_items(entry),
                          occurred_at=t0 + timedelta(seconds=2))
    deliver_invoice_event(timetracking, "invoice.items_released", first, time_items(entry),
                          occurred_at=t0 + timedelta(seconds=1))
    seen = call_as(timetracking, alice, "get_time_entry", entry["id"])
    assert seen["status"] == "drafted" and seen["invoice_id"] == str(second)


def test_another_organizations_invoice_cannot_touch_my_entries_of_course(timetracking):
    """Invoice events are scoped by the envelope's organization; the ids would not match anyway."""
    account = known_account(timetracking)
    entry = record(timetracking, account)
    deliver_invoice_event(timetracking, "invoice.drafted", uuid4(),
                          billing.InvoiceItems(time_entry_ids=[uuid4()]))
    assert call_as(timetracking, alice, "get_time_entry", entry["id"])["status"] == "unbilled"


def test_locked_entries_refuse_changes_and_say_why(timetracking, database_url):
    account = known_account(timetracking)
    other = known_account(timetracking, name="Globex")
    drafted, billed = record(timetracking, account), record(timetracking, account, narrative="Billed work")
    deliver_invoice_event(timetracking, "invoice.drafted", uuid4(), time_items(drafted))
    posted = uuid4()
    deliver_invoice_event(timetracking, "invoice.drafted", posted, time_items(billed))
    deliver_invoice_event(timetracking, "invoice.posted", posted, time_items(billed), number="INV-2026-000042")
    events_before = len(recorded_events(database_url))

    with pytest.raises(Locked, match="locked – entry linked to posted invoice INV-2026-000042"):
        call_as(timetracking, alice, "update_time_entry", billed["id"], {"narrative": "Rewritten"})
    with pytest.raises(Locked, match="locked – entry linked to posted invoice INV-2026-000042"):
        call_as(timetracking, alice, "delete_time_entry", billed["id"])
    with pytest.raises(Locked, match="linked to a draft invoice; it cannot be deleted"):
        call_as(timetracking, alice, "delete_time_entry", drafted["id"])
    for changes in ({"account_id": str(other.account_id)}, {"narrative": "Reworded"}, {"duration_minutes": 600}):
        with pytest.raises(Locked, match="linked to a draft invoice; it cannot change until its line is removed"):
            call_as(timetracking, alice, "update_time_entry", drafted["id"], changes)
    assert len(recorded_events(database_url)) == events_before
    assert call_as(timetracking, alice, "get_time_entry", billed["id"])["narrative"] == "Billed work"
    seen = call_as(timetracking, alice, "get_time_entry", drafted["id"])
    assert (seen["duration_minutes"], seen["version"], seen["can_edit"]) == (45, 1, False)
    assert not call_as(timetracking, alice, "get_time_entry", billed["id"])["can_edit"]


def _confirmations(database_url) -> list[tuple[str, list[tuple[str, str, int]]]]:
    return [(e.payload["invoice_id"], [(i["kind"], i["item_id"], i["version"]) for i in e.payload["items"]])
            for e in recorded_events(database_url, "work.locked")]


def test_locking_drafted_work_confirms_each_item_at_the_version_it_keeps(timetracking, database_url):
    """An edit that lands before the lock makes a newer version: the confirmation tells invoicing which."""
    account = known_account(timetracking)
    edited, untouched = record(timetracking, account), record(timetracking, account, narrative="Other work")
    call_as(timetracking, alice, "update_time_entry", edited["id"], {"duration_minutes": 600})
    invoice_id = uuid4()
    deliver_invoice_event(timetracking, "invoice.drafted", invoice_id, time_items(edited, untouched))
    deliver_invoice_event(timetracking, "invoice.drafted", invoice_id, time_items(edited, untouched))  # again
    assert _confirmations(database_url) == [
        (str(invoice_id), sorted([("time", edited["id"], 2), ("time", untouched["id"], 1)],
                                 key=lambda item: UUID(item[1])))]
    # Posting changes the lock, not whom it is for: nothing more to confirm.
    deliver_invoice_event(timetracking, "invoice.posted", invoice_id, time_items(edited, untouched))
    assert len(_confirmations(database_url)) == 1


def test_released_work_claimed_by_a_new_draft_gets_a_fresh_confirmation_naming_it(timetracking, database_url):
    account = known_account(timetracking)
    entry = record(timetracking, account)
    first, second = uuid4(), uuid4()
    t0 = datetime.now(UTC)
    deliver_invoice_event(timetracking, "invoice.drafted", first, time_items(entry), occurred_at=t0)
    deliver_invoice_event(timetracking, "invoice.items_released", first, time_items(entry), whole_invoice=False,
                          occurred_at=t0 + timedelta(seconds=1))
    changed = call_as(timetracking, alice, "update_time_entry", entry["id"], {"narrative": "Reworded once free"})
    deliver_invoice_event(timetracking, "invoice.drafted", second, time_items(entry),
                          occurred_at=t0 + timedelta(seconds=2))
    assert _confirmations(database_url) == [(str(first), [("time", entry["id"], 1)]),
                                            (str(second), [("time", entry["id"], changed["version"])])]


def test_a_claim_that_arrives_after_the_release_confirms_nothing(timetracking, database_url):
    account = known_account(timetracking)
    entry = record(timetracking, account)
    invoice_id, t0 = uuid4(), datetime.now(UTC)
    deliver_invoice_event(timetracking, "invoice.items_released", invoice_id, time_items(entry),
                          occurred_at=t0 + timedelta(seconds=1))
    deliver_invoice_event(timetracking, "invoice.drafted", invoice_id, time_items(entry), occurred_at=t0)
    assert _confirmations(database_url) == []


def test_expenses_and_parts_are_locked_like_time(timetracking, invoicing, database_url):
    account = known_account(timetracking)
    expense = call_as(timetracking, alice, "record_expense", {
        "account_id": str(account.account_id), "work_date": "2026-11-02", "category": "parking",
        "description": "Garage", "amount": "8.40"})
    item = invoicing.add_item()
    part = call_as(timetracking, alice, "add_part", {"account_id": str(account.account_id),
                                                      "catalog_item_id": str(item.id), "work_date": "2026-11-02"})
    invoice_id = uuid4()
    items = billing.InvoiceItems(expense_ids=[UUID(expense["id"])], part_ids=[UUID(part["id"])])
    deliver_invoice_event(timetracking, "invoice.drafted", invoice_id, items)
    with pytest.raises(Locked, match="expense linked to a draft invoice; it cannot change"):
        call_as(timetracking, alice, "update_expense", expense["id"], {"receipt": None})
    with pytest.raises(Locked, match="part linked to a draft invoice; it cannot change"):
        call_as(timetracking, alice, "update_part", part["id"], {"quantity": "3"})
    with pytest.raises(Locked, match="part linked to a draft invoice; it cannot be deleted"):
        call_as(timetracking, alice, "delete_part", part["id"])
    assert sorted(kind for _, items_locked in _confirmations(database_url) for kind, _, _ in items_locked) == [
        "expense", "part"]
    deliver_invoice_event(timetracking, "invoice.posted", invoice_id, items, number="INV-2026-000011")
    assert call_as(timetracking, alice, "get_expense", expense["id"])["status"] == "billed"
    assert call_as(timetracking, alice, "get_part", part["id"])["invoice_number"] == "INV-2026-000011"
    with pytest.raises(Locked, match="expense linked to posted invoice INV-2026-000011"):
        call_as(timetracking, alice, "update_expense", expense["id"], {"amount": "9.00"})
    with pytest.raises(Locked, match="part linked to posted invoice INV-2026-000011"):
        call_as(timetracking, alice, "delete_part", part["id"])
    deliver_invoice_event(timetracking, "invoice.voided", invoice_id, items)
    assert call_as(timetracking, alice, "update_expense", expense["id"], {"amount": "9.00"})["amount"] == {
        "amount": "9.00", "currency": "EUR"}


def test_a_release_queued_under_its_old_event_name_still_frees_the_part(timetracking, invoicing):
    """invoice.deleted (v1, material_ids) published before 0.2.0 releases work like invoice.items_released."""
    account = known_account(timetracking)
    part = call_as(timetracking, alice, "add_part", {"account_id": str(account.account_id),
                                                      "catalog_item_id": str(invoicing.add_item().id),
                                                      "work_date": "2026-11-02"})
    invoice_id = uuid4()
    claimed = billing.InvoiceItems(part_ids=[UUID(part["id"])])
    deliver_invoice_event(timetracking, "invoice.drafted", invoice_id, claimed)
    assert call_as(timetracking, alice, "get_part", part["id"])["status"] == "drafted"
    deliver(timetracking, "on_items_released", Envelope(
        event_type="invoice.deleted", org_id=ORG, producer="invoicing",
        payload={"invoice_id": str(invoice_id), "account_id": str(account.account_id),
                 "released": {"material_ids": [part["id"]]}, "whole_invoice": True}))
    assert call_as(timetracking, alice, "get_part", part["id"])["status"] == "unbilled"
