"""The timetracking service against its real database (nameko test containers)."""

from uuid import UUID, uuid4

import pytest

from ledgerline_contracts import NotFound, PermissionDenied, Role, ValidationFailed
from ledgerline_contracts.events import invoicing as billing
from ledgerline_contracts.money import Money
from ledgerline_servicekit.testing.fixtures import call_as, deliver, envelope_for, make_actor, recorded_events

ORG = uuid4()
alice = make_actor(Role.FEE_EARNER, ORG, name="Alice")
bob = make_actor(Role.FEE_EARNER, ORG, name="Bob")
partner = make_actor(Role.PARTNER, ORG, delegates=(alice.user_id,))


def known_account(timetracking, active=True, version=1, account_id=None):
    account = billing.Account(account_id=account_id or uuid4(), version=version, name="Acme", active=active,
                              billing_email="ap@acme.example", currency="EUR", payment_terms_days=30,
                              tax_rate="0")
    deliver(timetracking, "on_account", envelope_for("account.updated", ORG, account))
    return account


def record(timetracking, account, actor=alice, **fields):
    return call_as(timetracking, actor, "record_time_entry", {
        "account_id": str(account.account_id), "work_date": "2026-11-02", "duration_minutes": 45,
        "narrative": "Reset VPN tokens"} | fields)


def test_recording_time_emits_the_whole_entry(timetracking, database_url):
    account = known_account(timetracking)
    entry = record(timetracking, account)
    assert entry["status"] == "unbilled" and entry["user_name"] == "Alice"
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


def test_bad_input_names_the_field(timetracking):
    account = known_account(timetracking)
    with pytest.raises(ValidationFailed) as refused:
        record(timetracking, account, duration_minutes=0)
    assert refused.value.field == "duration_minutes"
    with pytest.raises(ValidationFailed) as refused:
        record(timetracking, account, status="billed")
    assert refused.value.field == "status"


def test_only_people_who_record_time_may_record_it(timetracking):
    account = known_account(timetracking)
    with pytest.raises(PermissionDenied):
        record(timetracking, account, actor=make_actor(Role.BILLING, ORG))


def test_each_role_sees_the_right_entries(timetracking):
    account = known_account(timetracking)
    mine = record(timetracking, account, actor=alice)
    record(timetracking, account, actor=bob)

    def ids(actor):
        return {e["id"] for e in call_as(timetracking, actor, "list_time_entries")["items"]}

    assert ids(alice) == {mine["id"]}
    assert ids(partner) == {mine["id"]}
    assert len(ids(make_actor(Role.ADMIN, ORG))) == 2
    customer = make_actor(Role.CUSTOMER, ORG, account_id=account.account_id)
    seen = call_as(timetracking, customer, "list_time_entries")["items"]
    assert len(seen) == 2 and "user_id" not in seen[0] and "invoice_id" not in seen[0]
    with pytest.raises(NotFound):
        call_as(timetracking, bob, "get_time_entry", mine["id"])
    assert ids(make_actor(Role.BILLING)) == set()  # another organization


def lock_event(kind, invoice_id, entry_ids, number="INV-2026-000001"):
    items = billing.InvoiceItems(time_entry_ids=entry_ids)
    account_id = uuid4()
    total = Money.of("10", "EUR")
    payload = {
        "invoice.drafted": lambda: billing.InvoiceDrafted(invoice_id=invoice_id, account_id=account_id,
                                                          drafted_by=uuid4(), items=items),
        "invoice.deleted": lambda: billing.InvoiceItemsReleased(invoice_id=invoice_id, account_id=account_id,
                                                                released=items),
        "invoice.posted": lambda: billing.InvoicePosted(
            invoice_id=invoice_id, number=number, account_id=account_id, account_name="Acme",
            billing_email="ap@acme.example", issue_date="2026-11-21", due_date="2026-12-21",
            subtotal=total, tax=Money.zero("EUR"), total=total, items=items),
        "invoice.voided": lambda: billing.InvoiceVoided(
            invoice_id=invoice_id, number=number, account_id=account_id, credit_note_id=uuid4(),
            credit_note_number="CN-2026-000001", reason="wrong client", released=items),
    }[kind]()
    return envelope_for(kind, ORG, payload)


HANDLERS = {"invoice.drafted": "on_invoice_drafted", "invoice.deleted": "on_invoice_deleted",
            "invoice.posted": "on_invoice_posted", "invoice.voided": "on_invoice_voided"}


@pytest.mark.parametrize(("events", "status", "number"), [
    (["invoice.drafted"], "drafted", None),
    (["invoice.drafted", "invoice.deleted"], "unbilled", None),
    (["invoice.drafted", "invoice.posted"], "billed", "INV-2026-000001"),
    (["invoice.posted", "invoice.drafted"], "billed", "INV-2026-000001"),  # late draft cannot unlock
    (["invoice.drafted", "invoice.posted", "invoice.voided"], "unbilled", None),
    (["invoice.voided", "invoice.posted", "invoice.drafted"], "unbilled", None),  # late posting cannot relock
])
def test_invoice_events_lock_and_release_entries_in_any_order(timetracking, events, status, number):
    account = known_account(timetracking)
    entry = record(timetracking, account)
    invoice_id = uuid4()
    for kind in events:
        deliver(timetracking, HANDLERS[kind], lock_event(kind, invoice_id, [UUID(entry["id"])]))
    seen = call_as(timetracking, alice, "get_time_entry", entry["id"])
    assert (seen["status"], seen["invoice_number"]) == (status, number)
