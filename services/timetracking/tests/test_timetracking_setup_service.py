"""Matters and tickets, activity codes, rounding rules and capacities against the real database."""

from uuid import uuid4

import pytest

from ledgerline_contracts import NotFound, PermissionDenied, ValidationFailed
from ledgerline_servicekit.testing.fixtures import call_as, recorded_events

from timetracking_helpers import admin, alice, billing_user, customer_of, known_account, open_ticket, partner


def test_matters_and_tickets_are_numbered_per_kind_unless_given(timetracking, database_url):
    account = known_account(timetracking)
    first = open_ticket(timetracking, account)
    second = open_ticket(timetracking, account, title="Laptop won't boot")
    matter = call_as(timetracking, partner, "open_matter", {"account_id": str(account.account_id),
                                                             "title": "Lease renewal"})
    helpdesk = open_ticket(timetracking, account, reference="HD-4711")
    assert [first["reference"], second["reference"], matter["reference"], helpdesk["reference"]] == [
        "T-000001", "T-000002", "M-000001", "HD-4711"]
    assert first["status"] == "open" and first["account_name"] == "Acme"
    opened = recorded_events(database_url, "matter.opened")
    assert [e.payload["reference"] for e in opened] == ["T-000001", "T-000002", "M-000001", "HD-4711"]
    with pytest.raises(ValidationFailed, match="HD-4711 is already used") as refused:
        open_ticket(timetracking, account, reference="HD-4711")
    assert refused.value.field == "reference"


def test_a_hand_typed_reference_is_skipped_by_the_numbering(timetracking):
    account = known_account(timetracking)
    open_ticket(timetracking, account, reference="T-000001")
    assert open_ticket(timetracking, account)["reference"] == "T-000002"


def test_matters_need_an_active_account(timetracking):
    with pytest.raises(NotFound) as missing:
        call_as(timetracking, alice, "open_matter", {"account_id": str(uuid4()), "title": "Ghost"})
    assert missing.value.field == "account_id"
    inactive = known_account(timetracking, active=False)
    with pytest.raises(ValidationFailed, match="inactive"):
        open_ticket(timetracking, inactive)


def test_closing_and_reopening_a_matter_announces_each_version(timetracking, database_url):
    account = known_account(timetracking)
    ticket = open_ticket(timetracking, account)
    closed = call_as(timetracking, alice, "update_matter", ticket["id"], {"status": "closed", "title": "Printer fixed"})
    assert (closed["status"], closed["title"], closed["version"]) == ("closed", "Printer fixed", 2)
    call_as(timetracking, alice, "update_matter", ticket["id"], {"status": "open"})
    assert [e.payload["version"] for e in recorded_events(database_url, "matter.updated")] == [2, 3]
    with pytest.raises(ValidationFailed) as refused:
        call_as(timetracking, alice, "update_matter", ticket["id"], {"status": "archived"})
    assert refused.value.field == "status"
    with pytest.raises(PermissionDenied):
        call_as(timetracking, billing_user, "update_matter", ticket["id"], {"status": "closed"})


def test_matters_are_listed_and_searched_and_customers_see_their_own(timetracking):
    acme = known_account(timetracking)
    globex = known_account(timetracking, name="Globex")
    printer = open_ticket(timetracking, acme)
    open_ticket(timetracking, acme, title="Email bounce")
    lease = call_as(timetracking, partner, "open_matter", {"account_id": str(globex.account_id), "title": "Lease"})
    call_as(timetracking, alice, "update_matter", printer["id"], {"status": "closed"})

    def refs(actor=alice, **filters):
        return sorted(m["reference"] for m in call_as(timetracking, actor, "list_matters", **filters)["items"])

    assert refs() == ["M-000001", "T-000001", "T-000002"]
    assert refs(status="open", kind="ticket") == ["T-000002"]
    assert refs(search="print") == ["T-000001"]
    assert refs(search="m-0") == ["M-000001"]
    assert refs(search="100%") == []
    assert refs(account_id=str(globex.account_id)) == ["M-000001"]
    customer = customer_of(globex)
    assert refs(customer) == ["M-000001"]
    assert "opened_by" not in call_as(timetracking, customer, "get_matter", lease["id"])
    with pytest.raises(NotFound):
        call_as(timetracking, customer, "get_matter", printer["id"])


def test_activity_codes_are_billings_to_manage_and_everyones_to_use(timetracking):
    code = call_as(timetracking, billing_user, "create_activity_code", {"code": "l110", "name": "Fact gathering"})
    assert (code["code"], code["billable"], code["active"]) == ("L110", True, True)
    with pytest.raises(ValidationFailed, match="already exists") as refused:
        call_as(timetracking, billing_user, "create_activity_code", {"code": "L110", "name": "Again"})
    assert refused.value.field == "code"
    with pytest.raises(ValidationFailed) as refused:
        call_as(timetracking, billing_user, "create_activity_code", {"code": "no spaces", "name": "x"})
    assert refused.value.field == "code"
    with pytest.raises(PermissionDenied):
        call_as(timetracking, alice, "create_activity_code", {"code": "X1", "name": "Mine"})
    call_as(timetracking, billing_user, "update_activity_code", code["id"], {"active": False})
    assert call_as(timetracking, alice, "list_activity_codes")["items"] == []
    assert len(call_as(timetracking, alice, "list_activity_codes", include_inactive=True)["items"]) == 1
    account = known_account(timetracking)
    with pytest.raises(ValidationFailed, match="L110 is not an active activity code"):
        call_as(timetracking, alice, "record_time_entry", {
            "account_id": str(account.account_id), "work_date": "2026-11-02", "duration_minutes": 6,
            "narrative": "x", "activity_code": "L110"})


def test_rounding_rules_per_account_fall_back_to_the_organizations(timetracking):
    account = known_account(timetracking)
    assert call_as(timetracking, alice, "get_rounding_rules")["default"] == {
        "mode": "up", "increment_minutes": 1, "description": "up to the next minute", "set": False}
    rules = call_as(timetracking, billing_user, "set_rounding_rule", {"mode": "nearest", "increment_minutes": 6},
                    account_id=str(account.account_id))
    assert rules["accounts"][0] | {"account_id": None} == {
        "account_id": None, "account_name": "Acme", "mode": "nearest", "increment_minutes": 6,
        "description": "to the nearest 6 minutes"}
    assert call_as(timetracking, billing_user, "clear_rounding_rule", str(account.account_id))["accounts"] == []
    with pytest.raises(ValidationFailed) as refused:
        call_as(timetracking, billing_user, "set_rounding_rule", {"mode": "up", "increment_minutes": 7})
    assert refused.value.field == "increment_minutes"
    with pytest.raises(NotFound):
        call_as(timetracking, billing_user, "set_rounding_rule", {"mode": "up"}, account_id=str(uuid4()))
    with pytest.raises(PermissionDenied):
        call_as(timetracking, alice, "set_rounding_rule", {"mode": "up", "increment_minutes": 15})


def test_capacity_is_set_by_the_admin(timetracking):
    saved = call_as(timetracking, admin, "set_capacity", str(alice.user_id),
                    {"weekly_hours": "32", "target_percent": 80})
    assert saved == {"user_id": str(alice.user_id), "weekly_hours": "32.00", "target_percent": 80}
    with pytest.raises(ValidationFailed) as refused:
        call_as(timetracking, admin, "set_capacity", str(alice.user_id), {"weekly_hours": "200"})
    assert refused.value.field == "weekly_hours"
    with pytest.raises(PermissionDenied):
        call_as(timetracking, alice, "set_capacity", str(alice.user_id), {"weekly_hours": "60"})
