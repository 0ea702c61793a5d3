"""Pricing rules: rate resolution order, line pricing, the one place money is rounded."""

from decimal import Decimal
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerline_contracts import Money, ValidationFailed
from ledgerline_contracts.commands.invoicing import NewAccount, RateRequest
from ledgerline_invoicing.domain.pricing import (
    CatalogPrice, PriceBook, RateRule, RateScope, line_tax_rate, price_line, resolve_rate, shown_hours,
    stock_units, totals,
)

USER, OTHER_USER = uuid4(), uuid4()
ACCOUNT, MATTER = uuid4(), uuid4()


def usd(amount) -> Money:
    return Money.of(amount, "USD")


def rule(scope, rate, **narrowing) -> RateRule:
    places = {RateScope.ACCOUNT: {"account_id": ACCOUNT},
              RateScope.MATTER: {"account_id": ACCOUNT, "matter_id": MATTER}}.get(scope, {})
    return RateRule(scope=scope, rate=usd(rate), **places, **narrowing)


ALL_RULES = [
    rule(RateScope.STANDARD, "100"),
    rule(RateScope.STANDARD, "110", user_id=USER),
    rule(RateScope.STANDARD, "120", activity_code="ONSITE"),
    rule(RateScope.STANDARD, "130", user_id=USER, activity_code="ONSITE"),
    rule(RateScope.ACCOUNT, "200"),
    rule(RateScope.ACCOUNT, "210", user_id=USER),
    rule(RateScope.ACCOUNT, "220", activity_code="onsite"),
    rule(RateScope.ACCOUNT, "230", user_id=USER, activity_code="ONSITE"),
    rule(RateScope.MATTER, "300"),
    rule(RateScope.MATTER, "310", user_id=USER),
    rule(RateScope.MATTER, "320", activity_code="ONSITE"),
    rule(RateScope.MATTER, "330", user_id=USER, activity_code="ONSITE"),
]


def resolve(rules, user=USER, code="ONSITE", matter=MATTER):
    return resolve_rate(rules, currency="USD", user_id=user, activity_code=code, account_id=ACCOUNT,
                        matter_id=matter)


def test_the_resolution_order_is_matter_then_account_then_standard_most_specific_first():
    # Remove the winning rule one at a time: the next one in the documented order takes over.
    rules = list(ALL_RULES)
    seen = []
    while rules:
        resolved = resolve(rules)
        seen.append((resolved.rate.amount, resolved.source))
        rules = [r for r in rules if r.rate != resolved.rate]
    assert seen == [
        (330, "matter (user and activity)"), (320, "matter (activity)"), (310, "matter (user)"), (300, "matter"),
        (230, "account (user and activity)"), (220, "account (activity)"), (210, "account (user)"),
        (200, "account"),
        (130, "standard (user and activity)"), (120, "standard (activity)"), (110, "standard (user)"),
        (100, "standard"),
    ]
    assert resolve([]) .rate == usd(0) and resolve([]).source == "none"


def test_rules_for_other_users_activities_matters_or_currencies_never_apply():
    assert resolve(ALL_RULES, user=OTHER_USER, code="REMOTE").rate == usd(300)
    assert resolve(ALL_RULES, user=OTHER_USER, code="REMOTE", matter=None).rate == usd(200)
    assert resolve(ALL_RULES, user=OTHER_USER, code=None, matter=uuid4()).rate == usd(200)
    euro = [RateRule(scope=RateScope.ACCOUNT, rate=Money.of("999", "EUR"), account_id=ACCOUNT)]
    assert resolve(euro).source == "none"
    other_account = [RateRule(scope=RateScope.ACCOUNT, rate=usd("999"), account_id=uuid4())]
    assert resolve(other_account).source == "none"


def test_a_time_line_is_minutes_times_rate_rounded_once_on_the_line():
    book = PriceBook(account_id=ACCOUNT, currency="EUR", tax_rate=Decimal("0.20"),
                     rules=(RateRule(scope=RateScope.ACCOUNT, rate=Money.of("100.00", "EUR"), account_id=ACCOUNT),))
    priced = book.time(user_id=USER, activity_code=None, minutes=50, matter_id=None)
    assert shown_hours(50) == Decimal("0.83")  # shown to two places
    assert priced.line.amount == Money.of("83.33", "EUR")  # 50/60 × 100 = 83.333…, not 0.83 × 100
    assert priced.line.tax == Money.of("16.67", "EUR")  # 16.666… half-up
    assert priced.rate_source == "account" and priced.cost is None


def test_costs_come_from_cost_rates_and_catalog_unit_costs():
    item = uuid4()
    book = PriceBook(account_id=ACCOUNT, currency="USD", tax_rate=Decimal("0.10"),
                     cost_rates={USER: usd("45.00")},
                     items={item: CatalogPrice(name="SSD 1TB", tax_rate=Decimal("0.05"), unit_cost=usd("61.10"))})
    assert book.time(user_id=USER, activity_code=None, minutes=90, matter_id=None).cost == usd("67.50")
    assert book.time(user_id=OTHER_USER, activity_code=None, minutes=90, matter_id=None).cost is None
    part = book.part(catalog_item_id=item, quantity=Decimal("2"), unit_price=usd("99.99"))
    assert (part.line.amount, part.line.tax, part.cost) == (usd("199.98"), usd("10.00"), usd("122.20"))
    assert book.expense(usd("12.345")).line.amount == usd("12.35")
    with pytest.raises(ValidationFailed, match="bills in USD") as refused:
        book.expense(Money.of("10", "EUR"), field="expenses.0")
    assert refused.value.field == "expenses.0"


def test_parts_carry_their_own_tax_rate_unless_the_account_is_exempt():
    assert line_tax_rate(Decimal("0.20")) == Decimal("0.20")
    assert line_tax_rate(Decimal("0.20"), Decimal("0.05")) == Decimal("0.05")
    assert line_tax_rate(Decimal("0"), Decimal("0.05")) == Decimal("0")


def test_stock_is_taken_in_whole_units():
    assert [stock_units(Decimal(q)) for q in ("1", "2.5", "0.001", "3.000")] == [1, 3, 1, 3]


money_amounts = st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=4)
quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1000"), places=3)
tax_rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("0.30"), places=4)


@given(st.lists(st.tuples(quantities, money_amounts, tax_rates), min_size=1, max_size=30),
       st.sampled_from(["USD", "EUR", "JPY", "BHD"]))
def test_totals_equal_the_sum_of_rounded_lines(lines, currency):
    priced = [price_line(q, Money.of(p, currency), t) for q, p, t in lines]
    for line in priced:
        assert line.amount == line.amount.rounded() and line.tax == line.tax.rounded()
    sums = totals([(p.amount, p.tax) for p in priced], currency)
    assert sums.subtotal.amount == sum(p.amount.amount for p in priced)
    assert sums.tax.amount == sum(p.tax.amount for p in priced)
    assert sums.total == sums.subtotal + sums.tax
    assert sums.total == sums.total.rounded()


def test_requests_are_validated_and_trimmed():
    account = NewAccount(name="  Acme  ", billing_email="ap@acme.example", currency="eur")
    assert (account.name, account.currency, account.payment_terms_days, account.hourly_rate) == (
        "Acme", "EUR", 30, None)
    with pytest.raises(ValueError, match="ISO 4217"):
        NewAccount(name="Acme", billing_email="ap@acme.example", currency="EURO")
    with pytest.raises(ValueError, match="Extra inputs"):
        NewAccount(name="Acme", billing_email="ap@acme.example", org_id=str(uuid4()))
    assert RateRequest(rate="95", currency="usd", activity_code=" ONSITE ").activity_code == "ONSITE"
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        RateRequest(rate="-1", currency="USD")
