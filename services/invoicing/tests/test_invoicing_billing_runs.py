"""Agreements and billing runs in the service, against its real database: a run drafts recurring
lines and the period's work; rerunning bills nothing twice, even at once; a failing account is set
aside; the review flags; drafts are approved and posted in bulk."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import eventlet
import pytest
from sqlalchemy import create_engine, text

from ledgerline_contracts import Conflict, NotFound, PermissionDenied, ValidationFailed
from ledgerline_servicekit.testing.fixtures import call_as, deliver, recorded_events

from invoicing_helpers import billing, new_account, partner, posted_invoice, record_time

MONTHLY = {"description": "Managed services", "quantity": "1", "unit_price": "500.00", "cycle": "monthly",
           "timing": "advance", "start_date": "2026-01-01"}


def new_agreement(invoicing, account: dict, *lines: dict, name="Managed IT") -> dict:
    return call_as(invoicing, billing, "create_agreement", {"account_id": account["id"], "name": name,
                                                            "lines": list(lines) or [MONTHLY]})


def hand_out(invoicing, database_url, run: dict) -> list:
    """Deliver the run's account_due messages, as the broker would to any replica."""
    due = [e for e in recorded_events(database_url, "billing_run.account_due")
           if e.payload["run_id"] == run["id"]]
    for envelope in due:
        deliver(invoicing, "on_billing_run_account_due", envelope)
    return due


def run_month(invoicing, database_url, period="2026-11") -> dict:
    run = call_as(invoicing, billing, "start_billing_run", {"period": period})
    hand_out(invoicing, database_url, run)
    return call_as(invoicing, billing, "get_billing_run", run["id"])


def drafts_of(database_url) -> list:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(
                "SELECT invoice_id, account_id, status FROM billing_run_accounts WHERE invoice_id IS NOT NULL")).all()
    finally:
        engine.dispose()


def test_agreements_are_made_listed_changed_and_ended_with_events_and_audit(invoicing, database_url):
    account = new_account(invoicing)
    made = new_agreement(invoicing, account)
    assert made["status"] == "active" and made["lines"][0]["unit_price"] == {"amount": "500.00", "currency": "EUR"}
    listed = call_as(invoicing, billing, "list_agreements", account_id=account["id"])
    assert listed["total"] == 1 and listed["items"][0]["id"] == made["id"]
    line_id = made["lines"][0]["id"]
    changed = call_as(invoicing, billing, "update_agreement", made["id"], {
        "name": "Managed IT plus", "lines": [MONTHLY | {"id": line_id}, MONTHLY | {"description": "Backup"}]})
    assert changed["name"] == "Managed IT plus" and changed["lines"][0]["id"] == line_id
    assert len(changed["lines"]) == 2 and changed["version"] == 2
    ended = call_as(invoicing, billing, "end_agreement", made["id"], {"end_date": "2026-12-31"})
    assert ended["status"] == "ended" and {l["end_date"] for l in ended["lines"]} == {"2026-12-31"}
    assert [e.event_type for e in recorded_events(database_url) if e.event_type.startswith("agreement.")] == [
        "agreement.created", "agreement.updated", "agreement.ended"]
    trail = call_as(invoicing, billing, "audit_trail", made["id"])
    assert [e["action"] for e in trail["items"]] == ["create", "update", "end"]
    assert call_as(invoicing, billing, "list_agreements", account_id=account["id"])["total"] == 0


def test_bad_agreements_are_refused_naming_the_field_and_change_nothing(invoicing, database_url):
    account = new_account(invoicing)
    with pytest.raises(ValidationFailed) as refused:
        new_agreement(invoicing, account, MONTHLY | {"start_date": "2026-11-01", "end_date": "2026-10-01"})
    assert refused.value.field == "lines.0.end_date"
    with pytest.raises(ValidationFailed):
        new_agreement(invoicing, account, MONTHLY | {"cycle": "weekly"})
    with pytest.raises(ValidationFailed) as refused:
        new_agreement(invoicing, account, MONTHLY | {"catalog_item_id": str(uuid4())})
    assert refused.value.field == "lines.0.catalog_item_id"
    with pytest.raises(PermissionDenied):
        call_as(invoicing, partner, "create_agreement", {"account_id": account["id"], "name": "x", "lines": [MONTHLY]})
    assert call_as(invoicing, billing, "list_agreements", include_ended=True)["total"] == 0
    assert not [e for e in recorded_events(database_url) if e.event_type.startswith("agreement.")]


def test_a_run_drafts_recurring_lines_and_the_periods_work_once_per_account(invoicing, database_url):
    fixed, hourly, idle = new_account(invoicing), new_account(invoicing), new_account(invoicing)
    new_agreement(invoicing, fixed)
    new_agreement(invoicing, fixed, MONTHLY | {"description": "Firewall", "unit_price": "90.00",
                                               "start_date": "2026-11-16"}, name="Firewall")
    record_time(invoicing, hourly["id"], minutes=90, work_date=date(2026, 11, 3))
    run = run_month(invoicing, database_url)
    assert (run["status"], run["accounts"], run["drafted"], run["remaining"]) == ("completed", 2, 2, 0)
    by_account = {str(r.account_id): r.invoice_id for r in drafts_of(database_url)}
    assert idle["id"] not in by_account
    fixed_draft = call_as(invoicing, billing, "get_invoice", str(by_account[fixed["id"]]))
    assert [(l["kind"], l["amount"]["amount"]) for l in fixed_draft["lines"]] == [
        ("recurring", "500.00"), ("recurring", "45.00")]  # 15 of 30 days
    assert "prorated: 15 of 30 days" in fixed_draft["lines"][1]["description"]
    hourly_draft = call_as(invoicing, billing, "get_invoice", str(by_account[hourly["id"]]))
    assert [(l["kind"], l["amount"]["amount"]) for l in hourly_draft["lines"]] == [("time", "180.00")]
    drafted = recorded_events(database_url, "invoice.drafted")
    assert len(drafted) == 2 and len(recorded_events(database_url, "billing_run.completed")) == 1


def test_a_month_is_run_once_and_redelivered_messages_draft_nothing_more(invoicing, database_url):
    account = new_account(invoicing)
    new_agreement(invoicing, account)
    first = call_as(invoicing, billing, "start_billing_run", {"period": "2026-11"})
    hand_out(invoicing, database_url, first)
    with pytest.raises(Conflict) as refused:
        call_as(invoicing, billing, "start_billing_run", {"period": "2026-11"})
    assert refused.value.field == "period"
    with pytest.raises(ValidationFailed) as refused:
        call_as(invoicing, billing, "start_billing_run", {"period": "2026-13"})
    assert refused.value.field == "period"
    # The same messages again, as new deliveries (another replica, a redelivery): nothing more.
    for envelope in recorded_events(database_url, "billing_run.account_due"):
        deliver(invoicing, "on_billing_run_account_due", envelope.model_copy(update={"event_id": uuid4()}))
    assert len(drafts_of(database_url)) == 1 and len(recorded_events(database_url, "invoice.drafted")) == 1


def test_two_replicas_drafting_the_same_account_at_once_bill_it_once(invoicing, database_url):
    account = new_account(invoicing)
    new_agreement(invoicing, account)
    record_time(invoicing, account["id"], work_date=date(2026, 11, 4))
    run = call_as(invoicing, billing, "start_billing_run", {"period": "2026-11"})
    [due] = recorded_events(database_url, "billing_run.account_due")
    copies = [due, due.model_copy(update={"event_id": uuid4()})]
    pool = eventlet.GreenPool()
    for envelope in copies:
        pool.spawn(deliver, invoicing, "on_billing_run_account_due", envelope)
    pool.waitall()
    assert len(drafts_of(database_url)) == 1
    assert call_as(invoicing, billing, "get_billing_run", run["id"])["drafted"] == 1
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM billed_periods")).scalar() == 1
            assert connection.execute(text("SELECT count(*) FROM invoices")).scalar() == 1
    finally:
        engine.dispose()


def test_a_failing_account_is_set_aside_with_its_reason_and_the_run_goes_on(invoicing, database_url):
    good, bad = new_account(invoicing, name="A good one"), new_account(invoicing, name="B bad one")
    new_agreement(invoicing, good)
    new_agreement(invoicing, bad)
    # The bad account is deactivated after the run hands it out: drafting it is refused.
    run = call_as(invoicing, billing, "start_billing_run", {"period": "2026-11"})
    call_as(invoicing, billing, "update_account", bad["id"], {"active": False})
    hand_out(invoicing, database_url, run)
    progress = call_as(invoicing, billing, "get_billing_run", run["id"])
    assert (progress["drafted"], progress["set_aside"], progress["remaining"]) == (1, 1, 0)
    [aside] = progress["set_aside_accounts"]
    assert aside["account_id"] == bad["id"] and "inactive" in aside["reason"]
    # Fixed, resumed: the set-aside account is drafted, the drafted one not again.
    call_as(invoicing, billing, "update_account", bad["id"], {"active": True})
    call_as(invoicing, billing, "resume_billing_run", run["id"])
    hand_out(invoicing, database_url, run)
    progress = call_as(invoicing, billing, "get_billing_run", run["id"])
    assert (progress["drafted"], progress["set_aside"], progress["status"]) == (2, 0, "completed")
    assert len(drafts_of(database_url)) == 2 and len(recorded_events(database_url, "billing_run.completed")) == 2
    with pytest.raises(Conflict):
        call_as(invoicing, billing, "resume_billing_run", run["id"])


def test_a_deleted_draft_gives_its_periods_back_and_resuming_drafts_the_account_again(invoicing, database_url):
    account = new_account(invoicing)
    new_agreement(invoicing, account)
    run = run_month(invoicing, database_url)
    [row] = drafts_of(database_url)
    call_as(invoicing, billing, "delete_invoice", str(row.invoice_id))
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM billed_periods")).scalar() == 0
    finally:
        engine.dispose()
    call_as(invoicing, billing, "resume_billing_run", run["id"])
    hand_out(invoicing, database_url, run)
    [again] = drafts_of(database_url)
    assert again.invoice_id != row.invoice_id
    assert call_as(invoicing, billing, "get_invoice", str(again.invoice_id))["total"]["amount"] == "600.00"


def test_the_review_flags_and_scores_and_clean_drafts_are_approved_and_posted_in_bulk(invoicing, database_url):
    clean, odd = new_account(invoicing, name="Clean"), new_account(invoicing, name="Odd")
    new_agreement(invoicing, clean)
    new_agreement(invoicing, odd, MONTHLY | {"description": "Free monitoring", "unit_price": "0"})
    record_time(invoicing, odd["id"], work_date=date(2026, 9, 1))  # older than the period: left out
    run = run_month(invoicing, database_url)
    reviewed = call_as(invoicing, billing, "review_billing_run", run["id"])
    assert [i["account_name"] for i in reviewed["items"]] == ["Odd", "Clean"]
    flagged, fine = reviewed["items"]
    assert {a["check"] for a in flagged["anomalies"]} == {"zero_priced_line", "older_work_left_out"}
    assert flagged["score"] > 0 and fine["score"] == 0 and fine["anomalies"] == []
    approved = call_as(invoicing, partner, "approve_run_drafts", run["id"],
                       {"invoice_ids": [fine["invoice_id"], flagged["invoice_id"], str(uuid4())]})
    assert approved["done"] == 1 and approved["refused"] == 2  # a 0.00 draft cannot be approved; a stranger
    posted = call_as(invoicing, billing, "post_run_drafts", run["id"], {"invoice_ids": [fine["invoice_id"]]})
    assert posted["done"] == 1
    assert call_as(invoicing, billing, "get_invoice", fine["invoice_id"])["status"] == "posted"
    after = call_as(invoicing, billing, "review_billing_run", run["id"])
    assert [i["invoice_id"] for i in after["items"]] == [flagged["invoice_id"]]


def test_a_total_far_from_the_accounts_history_is_flagged(invoicing, database_url):
    account = new_account(invoicing)
    record_time(invoicing, account["id"], minutes=60, work_date=date(2026, 10, 5))
    posted_invoice(invoicing, account)  # 120.00 + tax
    new_agreement(invoicing, account, MONTHLY | {"unit_price": "5000.00"})
    run = run_month(invoicing, database_url)
    [item] = call_as(invoicing, billing, "review_billing_run", run["id"])["items"]
    assert "total_jump" in {a["check"] for a in item["anomalies"]}
    [item] = call_as(invoicing, billing, "review_billing_run", run["id"], jump_percent="9000")["items"]
    assert "total_jump" not in {a["check"] for a in item["anomalies"]}


def test_runs_and_reviews_of_another_organization_are_not_found(invoicing, database_url):
    from ledgerline_contracts import Role
    from ledgerline_servicekit.testing.fixtures import make_actor

    account = new_account(invoicing)
    new_agreement(invoicing, account)
    run = run_month(invoicing, database_url)
    stranger = make_actor(Role.BILLING, uuid4())
    with pytest.raises(NotFound):
        call_as(invoicing, stranger, "get_billing_run", run["id"])
    with pytest.raises(NotFound):
        call_as(invoicing, stranger, "review_billing_run", run["id"])
    assert call_as(invoicing, stranger, "list_agreements")["total"] == 0
