"""Rates, cost rates, the catalog and quotes, against the real database."""

from uuid import uuid4

import pytest
from sqlalchemy import create_engine, text

from ledgerline_contracts import NotFound, PermissionDenied, Role, ValidationFailed
from ledgerline_contracts.events.timetracking import Matter
from ledgerline_servicekit.testing.fixtures import call_as, deliver, envelope_for, make_actor

from invoicing_helpers import admin, billing, customer_of, fee_earner, new_account, open_matter, partner


def usd(amount):
    return {"amount": amount, "currency": "USD"}


def test_a_quote_prices_time_by_the_resolution_order_and_parts_and_expenses(invoicing):
    account = new_account(invoicing, currency="USD", tax_rate="0.10", hourly_rate=None)
    call_as(invoicing, billing, "set_rate", {"rate": "100", "currency": "USD"})
    call_as(invoicing, billing, "set_rate", {"rate": "150", "currency": "USD", "activity_code": "ONSITE"})
    call_as(invoicing, billing, "set_rate", {"rate": "180", "account_id": account["id"],
                                             "user_id": str(fee_earner.user_id)})
    item = call_as(invoicing, billing, "create_catalog_item", {
        "sku": "SSD-1TB", "name": "SSD 1TB", "unit_price": "120.00", "unit_cost": "80.00", "currency": "USD",
        "tax_rate": "0.05", "stock_on_hand": 10})
    quote = call_as(invoicing, fee_earner, "quote", {
        "account_id": account["id"],
        "time": [{"user_id": str(fee_earner.user_id), "activity_code": "ONSITE", "duration_minutes": 30},
                 {"user_id": str(partner.user_id), "activity_code": "onsite", "duration_minutes": 50},
                 {"user_id": str(partner.user_id), "minutes": 60}],  # the name before 0.2.0, still accepted
        "expenses": [{"amount": "12.50", "currency": "USD"}],
        "parts": [{"catalog_item_id": item["id"], "quantity": "2", "unit_price": usd("119.99")}],
    })
    assert [(l["kind"], l["amount"]["amount"], (l.get("hourly_rate") or {}).get("amount")) for l in quote["lines"]] == [
        ("time", "90.00", "180.00"),  # the account override for the user beats the activity's standard rate
        ("time", "125.00", "150.00"),  # 50 minutes at the ONSITE standard rate: 125.00, not 0.83 × 150
        ("time", "100.00", "100.00"),
        ("expense", "12.50", None),
        ("part", "239.98", None),
    ]
    # Tax per line: 10 % on time and the expense, the part's own 5 %.
    assert quote["subtotal"] == usd("567.48")
    assert quote["tax"] == usd("44.75")  # 9.00 + 12.50 + 10.00 + 1.25 + 12.00
    assert quote["total"] == usd("612.23")


def test_a_quote_refuses_money_in_another_currency_and_other_organizations_accounts(invoicing):
    account = new_account(invoicing, currency="USD")
    with pytest.raises(ValidationFailed) as refused:
        call_as(invoicing, fee_earner, "quote", {"account_id": account["id"],
                                                 "expenses": [{"amount": "5", "currency": "EUR"}]})
    assert refused.value.field == "expenses.0"
    from ledgerline_servicekit.testing.fixtures import make_actor
    from ledgerline_contracts import Role
    with pytest.raises(NotFound):
        call_as(invoicing, make_actor(Role.FEE_EARNER), "quote", {"account_id": account["id"]})
    with pytest.raises(PermissionDenied):
        call_as(invoicing, customer_of(account), "quote", {"account_id": account["id"]})


def test_a_quote_finds_no_catalog_item_or_matter_of_another_organization(invoicing):
    account = new_account(invoicing, currency="USD")
    theirs = make_actor(Role.BILLING)
    their_account = call_as(invoicing, theirs, "create_account", {
        "name": "Globex", "billing_email": "ap@globex.example", "currency": "USD"})
    their_item = call_as(invoicing, theirs, "create_catalog_item", {
        "sku": "SSD-1TB", "name": "SSD 1TB", "unit_price": "120.00", "currency": "USD"})
    their_matter = Matter(matter_id=uuid4(), version=1, account_id=their_account["id"], reference="M-1",
                          title="Their migration", status="open")
    deliver(invoicing, "on_matter", envelope_for("matter.opened", theirs.org_id, their_matter))
    part = {"catalog_item_id": their_item["id"], "quantity": "1", "unit_price": usd("120.00")}
    with pytest.raises(NotFound) as refused:
        call_as(invoicing, fee_earner, "quote", {"account_id": account["id"], "parts": [part]})
    assert refused.value.field == "parts.0.catalog_item_id"
    with pytest.raises(NotFound) as refused:
        call_as(invoicing, fee_earner, "quote", {"account_id": account["id"],
                                                 "matter_id": str(their_matter.matter_id)})
    assert refused.value.field == "matter_id"
    mine = open_matter(invoicing, account["id"])
    quote = call_as(invoicing, fee_earner, "quote", {"account_id": account["id"], "matter_id": str(mine.matter_id)})
    assert quote["lines"] == []


def test_setting_a_rate_again_replaces_it_and_every_change_is_audited(invoicing, database_url):
    account = new_account(invoicing, currency="USD", hourly_rate="150")
    listed = call_as(invoicing, billing, "list_rates", account_id=account["id"])
    assert [(r["scope"], r["rate"]) for r in listed["items"]] == [("account", usd("150.00"))]
    again = call_as(invoicing, billing, "set_rate", {"rate": "175", "account_id": account["id"]})
    assert again["id"] == listed["items"][0]["id"] and again["rate"] == usd("175.00")
    code = call_as(invoicing, billing, "set_rate", {"rate": "90", "account_id": account["id"],
                                                    "activity_code": "Travel"})
    same = call_as(invoicing, billing, "set_rate", {"rate": "95", "account_id": account["id"],
                                                    "activity_code": "TRAVEL"})
    assert same["id"] == code["id"]
    assert call_as(invoicing, billing, "list_rates", account_id=account["id"])["total"] == 2
    call_as(invoicing, billing, "delete_rate", code["id"])
    assert call_as(invoicing, billing, "list_rates", account_id=account["id"])["total"] == 1
    engine = create_engine(database_url)
    with engine.connect() as connection:
        actions = connection.execute(text("SELECT action FROM audit_log ORDER BY at, id")).scalars().all()
    engine.dispose()
    assert sorted(actions) == sorted(["create", "set_rate", "set_rate", "set_rate", "delete_rate"])


def test_rate_requests_are_checked(invoicing):
    account = new_account(invoicing, currency="USD")
    with pytest.raises(ValidationFailed, match="needs a currency"):
        call_as(invoicing, billing, "set_rate", {"rate": "100"})
    with pytest.raises(ValidationFailed, match="bills in USD") as refused:
        call_as(invoicing, billing, "set_rate", {"rate": "100", "account_id": account["id"], "currency": "EUR"})
    assert refused.value.field == "currency"
    with pytest.raises(ValidationFailed, match="no such matter"):
        call_as(invoicing, billing, "set_rate", {"rate": "100", "matter_id": str(uuid4())})
    with pytest.raises(NotFound):
        call_as(invoicing, billing, "set_rate", {"rate": "100", "account_id": str(uuid4())})
    for who in (partner, fee_earner, admin):
        with pytest.raises(PermissionDenied):
            call_as(invoicing, who, "set_rate", {"rate": "100", "currency": "USD"})


def test_cost_rates_are_kept_per_user(invoicing):
    call_as(invoicing, billing, "set_cost_rate", str(fee_earner.user_id), {"rate": "40", "currency": "USD"})
    updated = call_as(invoicing, billing, "set_cost_rate", str(fee_earner.user_id),
                      {"rate": "42.5", "currency": "USD"})
    assert updated["rate"] == usd("42.50")
    assert [r["rate"] for r in call_as(invoicing, billing, "list_cost_rates")["items"]] == [usd("42.50")]


def test_the_catalog_is_searchable_paged_and_shows_costs_to_billing_only(invoicing):
    for sku, name in (("SSD-1TB", "SSD 1TB"), ("SSD-2TB", "SSD 2TB"), ("CAB-CAT6", "Cat6 cable 5m")):
        call_as(invoicing, billing, "create_catalog_item", {"sku": sku, "name": name, "unit_price": "10",
                                                            "unit_cost": "6", "currency": "USD"})
    with pytest.raises(ValidationFailed, match="already in the catalog"):
        call_as(invoicing, billing, "create_catalog_item", {"sku": "ssd-1tb", "name": "x", "unit_price": "1",
                                                            "currency": "USD"})
    page = call_as(invoicing, fee_earner, "list_catalog_items", "ssd", limit=1, offset=0)
    assert (page["total"], page["limit"], len(page["items"])) == (2, 1, 1)
    assert page["items"][0]["name"] == "SSD 1TB" and page["items"][0]["unit_cost"] is None
    assert page["items"][0]["unit_price"] == usd("10.00")
    cable = call_as(invoicing, billing, "list_catalog_items", "cat6")["items"][0]
    assert cable["unit_cost"] == usd("6.00")
    call_as(invoicing, billing, "update_catalog_item", cable["id"], {"active": False, "unit_price": "11.50"})
    assert call_as(invoicing, fee_earner, "list_catalog_items", "cat6")["total"] == 0
    got = call_as(invoicing, fee_earner, "get_catalog_item", cable["id"])
    assert (got["active"], got["unit_price"]) == (False, usd("11.50"))
    with pytest.raises(NotFound):
        call_as(invoicing, fee_earner, "get_catalog_item", str(uuid4()))
    with pytest.raises(PermissionDenied):
        call_as(invoicing, fee_earner, "create_catalog_item", {"sku": "X", "name": "x", "unit_price": "1",
                                                               "currency": "USD"})


def test_stock_adjustments_need_a_reason_and_a_stocked_item(invoicing, database_url):
    stocked = call_as(invoicing, billing, "create_catalog_item", {
        "sku": "RAM-16", "name": "RAM 16GB", "unit_price": "80", "currency": "USD", "stock_on_hand": 4})
    after = call_as(invoicing, billing, "adjust_stock", stocked["id"], {"change": 6, "reason": "delivery 118"})
    assert after["stock_on_hand"] == 10
    with pytest.raises(ValidationFailed) as refused:
        call_as(invoicing, billing, "adjust_stock", stocked["id"], {"change": 1, "reason": " "})
    assert refused.value.field == "reason"
    service = call_as(invoicing, billing, "create_catalog_item", {
        "sku": "SVC-1", "name": "Setup", "kind": "service", "unit_price": "50", "currency": "USD"})
    with pytest.raises(ValidationFailed, match="not a stocked item"):
        call_as(invoicing, billing, "adjust_stock", service["id"], {"change": 1, "reason": "count"})
