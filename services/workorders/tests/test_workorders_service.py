from uuid import uuid4

import pytest

from ledgerline_contracts import NotFound, PermissionDenied, Role, ValidationFailed
from ledgerline_contracts.events import invoicing as billing
from ledgerline_servicekit.testing.fixtures import call_as, deliver, envelope_for, make_actor

ORG = uuid4()
partner = make_actor(Role.PARTNER, ORG)


def known_account(workorders, active=True):
    account = billing.Account(account_id=uuid4(), version=1, name="Oak Street HOA", active=active,
                              billing_email="board@oak.example", currency="USD", payment_terms_days=30,
                              tax_rate="0")
    deliver(workorders, "on_account", envelope_for("account.created", ORG, account))
    return account


def test_a_partner_schedules_a_work_order_for_a_known_account(workorders):
    account = known_account(workorders)
    order = call_as(workorders, partner, "schedule_work_order", {
        "account_id": str(account.account_id), "title": "  Clear lot 7  ", "scheduled_on": "2026-12-02"})
    assert (order["title"], order["account_name"], order["status"]) == ("Clear lot 7", "Oak Street HOA", "scheduled")
    listed = call_as(workorders, make_actor(Role.FEE_EARNER, ORG), "list_work_orders")
    assert [o["id"] for o in listed["items"]] == [order["id"]]


def test_unknown_inactive_or_bad_input_is_refused(workorders):
    with pytest.raises(NotFound):
        call_as(workorders, partner, "schedule_work_order",
                {"account_id": str(uuid4()), "title": "x", "scheduled_on": "2026-12-02"})
    inactive = known_account(workorders, active=False)
    with pytest.raises(ValidationFailed, match="inactive"):
        call_as(workorders, partner, "schedule_work_order",
                {"account_id": str(inactive.account_id), "title": "x", "scheduled_on": "2026-12-02"})
    with pytest.raises(ValidationFailed) as refused:
        call_as(workorders, partner, "schedule_work_order",
                {"account_id": str(inactive.account_id), "title": "x", "scheduled_on": "soon"})
    assert refused.value.field == "scheduled_on"
    with pytest.raises(PermissionDenied):
        call_as(workorders, make_actor(Role.FEE_EARNER, ORG), "schedule_work_order",
                {"account_id": str(inactive.account_id), "title": "x", "scheduled_on": "2026-12-02"})
