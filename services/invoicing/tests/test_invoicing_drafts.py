"""Drafting from work in progress, editing drafts, reconciling, approving, posting, deleting."""

from datetime import date, timedelta
from uuid import uuid4

import pytest

from ledgerline_contracts import Conflict, NotFound, PermissionDenied, Role, ValidationFailed
from ledgerline_servicekit.testing.fixtures import call_as, make_actor, recorded_events

from invoicing_helpers import (
    WORK_DATE, associate, billing, delete_time, draft, fee_earner, lock_work, new_account, open_matter, partner,
    posted_invoice, record_expense, record_part, record_time,
)


def test_a_draft_has_a_line_per_entry_expense_and_part_with_tax_per_line(invoicing, database_url):
    account = new_account(invoicing, tax_rate="0.20", hourly_rate="120")
    item = call_as(invoicing, billing, "create_catalog_item", {
        "sku": "SSD-1TB", "name": "SSD 1TB", "unit_price": "100", "unit_cost": "70", "currency": "EUR",
        "tax_rate": "0.05"})
    call_as(invoicing, billing, "set_cost_rate", str(fee_earner.user_id), {"rate": "50", "currency": "EUR"})
    time = record_time(invoicing, account["id"], minutes=50, narrative="Patched the firewall")
    expense = record_expense(invoicing, account["id"], amount="12.50", description="Parking")
    part = record_part(invoicing, account["id"], item, quantity="2", unit_price="99.99")
    invoice = draft(invoicing, account)
    assert [(l["kind"], l["description"], l["quantity"], l["amount"]["amount"], l["tax"]["amount"])
            for l in invoice["lines"]] == [
        ("expense", "Parking", "1", "12.50", "2.50"),
        ("part", "SSD 1TB (SSD-1TB)", "2", "199.98", "10.00"),  # the part's own 5 %
        ("time", "Patched the firewall", "0.83", "100.00", "20.00"),  # 50 min × 120, rounded once
    ]
    assert [l["duration_minutes"] for l in invoice["lines"]] == [None, None, 50]
    assert (invoice["subtotal"]["amount"], invoice["tax"]["amount"], invoice["total"]["amount"]) == (
        "312.48", "32.50", "344.98")
    assert invoice["cost"] == {"amount": "194.17", "currency": "EUR"}  # 12.50 + 2 × 70 + 50/60 × 50
    (drafted,) = recorded_events(database_url, "invoice.drafted")
    assert drafted.payload["items"] == {"time_entry_ids": [str(time.entry_id)],
                                        "expense_ids": [str(expense.expense_id)],
                                        "part_ids": [str(part.part_id)]}


def test_a_draft_can_be_limited_to_a_matter_and_a_period(invoicing):
    account = new_account(invoicing)
    matter = open_matter(invoicing, account["id"])
    on_matter = record_time(invoicing, account["id"], matter_id=matter.matter_id)
    record_time(invoicing, account["id"], matter_id=matter.matter_id, work_date=WORK_DATE - timedelta(days=40))
    record_time(invoicing, account["id"])
    invoice = draft(invoicing, account, matter_id=str(matter.matter_id),
                    date_from=(WORK_DATE - timedelta(days=7)).isoformat(), date_to=WORK_DATE.isoformat())
    assert [l["source_id"] for l in invoice["lines"]] == [str(on_matter.entry_id)]
    assert invoice["matter"]["reference"] == "M-1"
    assert len(call_as(invoicing, partner, "list_unbilled", account["id"])["items"]) == 2
    with pytest.raises(ValidationFailed, match="before date_from"):
        draft(invoicing, account, date_from="2026-11-10", date_to="2026-11-01")
    other = new_account(invoicing)
    with pytest.raises(ValidationFailed, match="another account"):
        draft(invoicing, other, matter_id=str(matter.matter_id))


def test_drafting_is_limited_to_self_and_delegates_and_to_the_organization(invoicing):
    account = new_account(invoicing)
    record_time(invoicing, account["id"], user=associate)  # not the partner's delegate
    with pytest.raises(ValidationFailed, match="no unbilled billable work"):
        draft(invoicing, account)
    mine = draft(invoicing, account, actor=associate)
    assert len(mine["lines"]) == 1
    with pytest.raises(NotFound):
        draft(invoicing, account, actor=make_actor(Role.PARTNER))
    with pytest.raises(PermissionDenied):
        draft(invoicing, account, actor=fee_earner)
    call_as(invoicing, billing, "update_account", account["id"], {"active": False})
    record_time(invoicing, account["id"], user=associate)
    with pytest.raises(ValidationFailed, match="inactive"):
        draft(invoicing, account, actor=associate)


def test_editing_a_draft_keeps_the_narrative_apart_and_removing_a_line_releases_its_entry(invoicing,
                                                                                          database_url):
    account = new_account(invoicing, hourly_rate="100", tax_rate="0")
    kept = record_time(invoicing, account["id"], minutes=60, narrative="Call with the client")
    dropped = record_time(invoicing, account["id"], minutes=30, narrative="Coffee")
    invoice = draft(invoicing, account)
    line = {l["source_id"]: l for l in invoice["lines"]}
    edited = call_as(invoicing, partner, "edit_line", invoice["id"], line[str(kept.entry_id)]["id"],
                     {"narrative": "Strategy call: data retention policy"})
    shown = {l["source_id"]: l for l in edited["lines"]}[str(kept.entry_id)]
    assert (shown["description"], shown["entry_description"]) == (
        "Strategy call: data retention policy", "Call with the client")
    after = call_as(invoicing, partner, "remove_line", invoice["id"], line[str(dropped.entry_id)]["id"])
    assert [l["source_id"] for l in after["lines"]] == [str(kept.entry_id)]
    assert after["total"]["amount"] == "100.00"
    (released,) = recorded_events(database_url, "invoice.items_released")
    assert released.payload["whole_invoice"] is False
    assert released.payload["released"]["time_entry_ids"] == [str(dropped.entry_id)]
    unbilled = call_as(invoicing, partner, "list_unbilled", account["id"])["items"]
    assert [i["entry_id"] for i in unbilled] == [str(dropped.entry_id)]
    with_fee = call_as(invoicing, partner, "add_line", invoice["id"], {
        "description": "Fixed fee: onboarding", "unit_price": "250", "tax_rate": "0.20"})
    manual = with_fee["lines"][-1]
    assert (manual["kind"], manual["amount"]["amount"], manual["tax"]["amount"]) == ("manual", "250.00", "50.00")
    assert with_fee["total"]["amount"] == "400.00"
    with_discount = call_as(invoicing, partner, "add_line", invoice["id"], {
        "description": "Loyalty discount", "unit_price": "-50"})
    assert with_discount["total"]["amount"] == "350.00"
    reverted = call_as(invoicing, partner, "edit_line", invoice["id"], line[str(kept.entry_id)]["id"],
                       {"narrative": None})
    assert reverted["lines"][0]["description"] == "Call with the client"


def test_a_change_that_would_take_a_draft_below_zero_is_refused_when_it_is_made(invoicing):
    account = new_account(invoicing, hourly_rate="540", tax_rate="0", currency="USD")
    record_time(invoicing, account["id"], minutes=60)
    invoice = draft(invoicing, account)
    with pytest.raises(ValidationFailed) as refused:
        call_as(invoicing, partner, "add_line", invoice["id"], {"description": "Oops", "unit_price": "-100000"})
    assert str(refused.value) == "the draft would total -99,460.00 USD; an invoice cannot total less than zero"
    assert refused.value.field == "unit_price"
    assert call_as(invoicing, partner, "get_invoice", invoice["id"])["total"]["amount"] == "540.00"
    # Down to zero is a change a draft may take (approval asks for more); below it is not.
    discounted = call_as(invoicing, partner, "add_line", invoice["id"],
                         {"description": "Goodwill", "unit_price": "-540"})
    assert discounted["total"]["amount"] == "0.00"
    work_line = discounted["lines"][0]["id"]
    with pytest.raises(ValidationFailed, match="would total -540.00 USD"):
        call_as(invoicing, partner, "remove_line", invoice["id"], work_line)
    with pytest.raises(Conflict, match="cannot approve an invoice that totals 0.00 USD"):
        call_as(invoicing, partner, "approve_invoice", invoice["id"])


def test_only_drafts_are_edited_and_only_by_their_drafters(invoicing):
    account = new_account(invoicing)
    record_time(invoicing, account["id"], user=associate)
    invoice = draft(invoicing, account, actor=associate)
    line_id = invoice["lines"][0]["id"]
    with pytest.raises(PermissionDenied, match="drafted it"):
        call_as(invoicing, partner, "edit_line", invoice["id"], line_id, {"narrative": "x"})
    with pytest.raises(PermissionDenied):
        call_as(invoicing, billing, "edit_line", invoice["id"], line_id, {"narrative": "x"})
    with pytest.raises(NotFound):
        call_as(invoicing, associate, "edit_line", invoice["id"], str(uuid4()), {"narrative": "x"})
    call_as(invoicing, partner, "approve_invoice", invoice["id"])
    with pytest.raises(Conflict, match="cannot edit an invoice that is approved"):
        call_as(invoicing, associate, "remove_line", invoice["id"], line_id)


def test_a_changed_entry_blocks_approval_and_posting_until_the_draft_is_reconciled(invoicing, database_url):
    account = new_account(invoicing, hourly_rate="100", tax_rate="0")
    changed = record_time(invoicing, account["id"], minutes=60)
    moved = record_time(invoicing, account["id"], minutes=60)
    gone = record_time(invoicing, account["id"], minutes=60)
    invoice = draft(invoicing, account, locked=False)
    # Changed before timetracking locked them: it locks the two that still exist at version 2.
    record_time(invoicing, account["id"], minutes=90, version=2, entry_id=changed.entry_id)
    record_time(invoicing, new_account(invoicing)["id"], minutes=60, version=2, entry_id=moved.entry_id)
    delete_time(invoicing, gone, version=2)
    lock_work(invoicing, invoice | {"lines": [l for l in invoice["lines"] if l["source_id"] != str(gone.entry_id)]},
              versions={str(changed.entry_id): 2, str(moved.entry_id): 2})
    with pytest.raises(Conflict, match="3 lines changed after drafting; reconcile the draft, then approve it"):
        call_as(invoicing, partner, "approve_invoice", invoice["id"])
    stale = call_as(invoicing, partner, "get_invoice", invoice["id"])
    assert stale["needs_reconciling"] and sum(l["stale"] for l in stale["lines"]) == 3
    reconciled = call_as(invoicing, partner, "reconcile_invoice", invoice["id"])
    assert [(l["source_id"], l["quantity"]) for l in reconciled["lines"]] == [(str(changed.entry_id), "1.50")]
    assert reconciled["total"]["amount"] == "150.00" and not reconciled["needs_reconciling"]
    (released,) = recorded_events(database_url, "invoice.items_released")
    assert released.payload["released"]["time_entry_ids"] == [str(moved.entry_id)]  # not the deleted one
    call_as(invoicing, partner, "approve_invoice", invoice["id"])
    assert call_as(invoicing, billing, "post_invoice", invoice["id"])["status"] == "posted"


def test_time_without_a_rate_is_flagged_and_approving_or_posting_it_needs_a_confirmation(invoicing):
    account = new_account(invoicing, hourly_rate=None)
    record_time(invoicing, account["id"], minutes=60)
    record_expense(invoicing, account["id"], amount="25.00")
    invoice = draft(invoicing, account)
    assert invoice["unpriced_lines"] == 1
    assert sorted((l["kind"], l["unpriced"], l["amount"]["amount"]) for l in invoice["lines"]) == [
        ("expense", False, "25.00"), ("time", True, "0.00")]
    for action, actor in (("approve", partner), ("post", billing)):
        with pytest.raises(Conflict, match=f"1 time line has no hourly rate and would be billed at 0.00; confirm "
                                           f"billing them at zero \\(confirm_unpriced\\) to {action} it") as refused:
            call_as(invoicing, actor, f"{action}_invoice", invoice["id"])
        assert refused.value.field == "confirm_unpriced"
        done = call_as(invoicing, actor, f"{action}_invoice", invoice["id"], confirm_unpriced=True)
        assert done["total"]["amount"] == "30.00"
    trail = call_as(invoicing, billing, "audit_trail", invoice["id"])["items"]
    assert [(t["action"], t["details"].get("unpriced_lines_confirmed")) for t in trail
            if t["action"] in ("approve", "post")] == [("approve", 1), ("post", 1)]


def test_a_draft_without_unpriced_time_needs_no_confirmation(invoicing):
    account = new_account(invoicing)
    record_time(invoicing, account["id"], minutes=60)
    invoice = draft(invoicing, account)
    assert invoice["unpriced_lines"] == 0 and invoice["lines"][0]["unpriced"] is False
    call_as(invoicing, partner, "approve_invoice", invoice["id"])
    trail = call_as(invoicing, billing, "audit_trail", invoice["id"])["items"]
    assert "unpriced_lines_confirmed" not in [t for t in trail if t["action"] == "approve"][0]["details"]


def test_deleting_a_draft_releases_every_entry_it_claimed(invoicing, database_url):
    account = new_account(invoicing)
    entries = {record_time(invoicing, account["id"]).entry_id for _ in range(3)}
    expense = record_expense(invoicing, account["id"])
    invoice = draft(invoicing, account)
    with pytest.raises(PermissionDenied):
        call_as(invoicing, partner, "delete_invoice", invoice["id"])
    assert call_as(invoicing, billing, "delete_invoice", invoice["id"]) is None
    (deleted,) = recorded_events(database_url, "invoice.items_released")
    assert deleted.payload["whole_invoice"] is True
    assert set(deleted.payload["released"]["time_entry_ids"]) == {str(e) for e in entries}
    assert deleted.payload["released"]["expense_ids"] == [str(expense.expense_id)]
    assert call_as(invoicing, billing, "list_invoices")["items"] == []
    assert call_as(invoicing, billing, "list_invoices", status="deleted")["total"] == 1
    again = draft(invoicing, account)
    assert len(again["lines"]) == 4
    call_as(invoicing, partner, "approve_invoice", again["id"])
    call_as(invoicing, billing, "post_invoice", again["id"])
    with pytest.raises(Conflict, match="cannot delete an invoice that is posted"):
        call_as(invoicing, billing, "delete_invoice", again["id"])


def test_posting_numbers_dates_and_freezes(invoicing, database_url):
    account = new_account(invoicing, payment_terms_days=14)
    record_time(invoicing, account["id"])
    call_as(invoicing, billing, "update_billing_profile", {"invoice_prefix": "NW"})
    posted = posted_invoice(invoicing, account)
    today = date.today()
    assert posted["number"] == f"NW-{today.year}-000001"
    assert (posted["issue_date"], posted["due_date"]) == (today.isoformat(),
                                                          (today + timedelta(days=14)).isoformat())
    (event,) = recorded_events(database_url, "invoice.posted")
    assert event.payload["number"] == posted["number"] and event.payload["total"] == posted["total"]
    line_id = posted["lines"][0]["id"]
    with pytest.raises(Conflict, match="cannot edit an invoice that is posted"):
        call_as(invoicing, partner, "edit_line", posted["id"], line_id, {"narrative": "x"})
    with pytest.raises(Conflict, match="cannot approve an invoice that is posted"):
        call_as(invoicing, partner, "approve_invoice", posted["id"])
