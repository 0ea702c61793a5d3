"""Work in progress from timetracking's events: time, expenses, parts and matters."""

from uuid import uuid4

import pytest

from ledgerline_contracts import Envelope, ValidationFailed
from ledgerline_servicekit.testing.fixtures import call_as, deliver

from invoicing_helpers import (
    ORG, billing, delete_expense, delete_part, fee_earner, new_account, open_matter, partner, record_expense,
    record_part, record_time,
)


def unbilled(invoicing, account, **kwargs):
    return call_as(invoicing, partner, "list_unbilled", account["id"], **kwargs)


def test_expenses_and_parts_are_work_in_progress_priced_like_a_draft(invoicing):
    account = new_account(invoicing, tax_rate="0.20")
    item = call_as(invoicing, billing, "create_catalog_item", {
        "sku": "SSD-1TB", "name": "SSD 1TB", "unit_price": "120", "unit_cost": "80", "currency": "EUR",
        "tax_rate": "0.10", "stock_on_hand": 5})
    record_time(invoicing, account["id"], minutes=30)
    record_expense(invoicing, account["id"], amount="18.40")
    record_part(invoicing, account["id"], item, quantity="2", unit_price="115.00")
    listed = unbilled(invoicing, account)
    assert sorted((i["kind"], i["amount"]["amount"], i["quantity"]) for i in listed["items"]) == [
        ("expense", "18.40", "1"), ("part", "230.00", "2"), ("time", "60.00", "0.50")]
    assert [i["duration_minutes"] for i in listed["items"]] == [None, None, 30]
    assert listed["total"] == {"amount": "308.40", "currency": "EUR"}


def test_versions_older_than_held_are_ignored_and_deletions_stick(invoicing):
    account = new_account(invoicing)
    expense = record_expense(invoicing, account["id"], amount="30.00", version=2)
    record_expense(invoicing, account["id"], amount="99.00", version=1, expense_id=expense.expense_id)
    assert [i["amount"]["amount"] for i in unbilled(invoicing, account)["items"]] == ["30.00"]
    delete_expense(invoicing, expense, version=3)
    record_expense(invoicing, account["id"], amount="45.00", version=2, expense_id=expense.expense_id)  # late
    assert unbilled(invoicing, account)["items"] == []


def test_parts_take_whole_units_of_stock_and_give_them_back(invoicing):
    account = new_account(invoicing)
    item = call_as(invoicing, billing, "create_catalog_item", {
        "sku": "CAB-5M", "name": "Cable 5 m", "unit_price": "9", "currency": "EUR", "stock_on_hand": 10})

    def stock():
        return call_as(invoicing, billing, "get_catalog_item", item["id"])["stock_on_hand"]

    part = record_part(invoicing, account["id"], item, quantity="2.5")
    assert stock() == 7  # 2.5 takes three whole units
    record_part(invoicing, account["id"], item, quantity="1", version=2, part_id=part.part_id)
    assert stock() == 9
    record_part(invoicing, account["id"], item, quantity="6", version=1, part_id=part.part_id)  # stale
    assert stock() == 9
    unbillable = record_part(invoicing, account["id"], item, quantity="4", billable=False)
    assert stock() == 5  # used is used, billed or not
    delete_part(invoicing, part, version=3)
    delete_part(invoicing, part, version=3)  # a redelivery changes nothing
    assert stock() == 6
    delete_part(invoicing, unbillable, version=2)
    assert stock() == 10
    record_part(invoicing, account["id"], None, quantity="3")  # not from the catalog
    assert stock() == 10


def test_money_in_another_currency_is_listed_with_the_reason_it_cannot_be_billed(invoicing):
    account = new_account(invoicing, currency="EUR")
    record_expense(invoicing, account["id"], amount="12.00", currency="USD")
    (item,) = unbilled(invoicing, account)["items"]
    assert item["problem"] == "in USD; the account bills in EUR" and "amount" not in item


def test_matters_scope_rates_and_the_unbilled_list(invoicing):
    account = new_account(invoicing, currency="EUR", hourly_rate="100")
    matter = open_matter(invoicing, account["id"], reference="T-1001")
    open_matter(invoicing, account["id"], reference="T-old", version=0, matter_id=matter.matter_id)  # stale
    rate = call_as(invoicing, billing, "set_rate", {"rate": "140", "matter_id": str(matter.matter_id)})
    assert (rate["scope"], rate["account_id"]) == ("matter", account["id"])
    record_time(invoicing, account["id"], minutes=60, matter_id=matter.matter_id)
    record_time(invoicing, account["id"], minutes=60)
    everything = unbilled(invoicing, account)["items"]
    assert sorted((i["amount"]["amount"], i["rate_source"]) for i in everything) == [
        ("100.00", "account"), ("140.00", "matter")]
    only_matter = unbilled(invoicing, account, matter_id=str(matter.matter_id))["items"]
    assert [i["amount"]["amount"] for i in only_matter] == ["140.00"]
    other = new_account(invoicing)
    with pytest.raises(ValidationFailed, match="another account"):
        call_as(invoicing, billing, "set_rate", {"rate": "1", "matter_id": str(matter.matter_id),
                                                 "account_id": other["id"]})


def test_a_part_queued_under_its_old_event_name_is_still_work_in_progress(invoicing):
    """material.* events published before 0.2.0 (v1: material_id, used_on) are still applied."""
    account = new_account(invoicing)
    part_id = uuid4()
    old = {"material_id": str(part_id), "version": 1, "user_id": str(fee_earner.user_id), "account_id": account["id"],
           "used_on": "2026-11-02", "sku": "CAB-5M", "name": "Cable 5 m", "quantity": "2",
           "unit_price": {"amount": "9.00", "currency": "EUR"}}
    deliver(invoicing, "on_part", Envelope(event_type="material.recorded", org_id=ORG, producer="timetracking",
                                           payload=old))
    (item,) = unbilled(invoicing, account)["items"]
    assert (item["entry_id"], item["kind"], item["work_date"], item["amount"]["amount"]) == (
        str(part_id), "part", "2026-11-02", "18.00")
    deliver(invoicing, "on_part_deleted", Envelope(
        event_type="material.deleted", org_id=ORG, producer="timetracking",
        payload={"material_id": str(part_id), "version": 2, "user_id": str(fee_earner.user_id),
                 "account_id": account["id"]}))
    assert unbilled(invoicing, account)["items"] == []
