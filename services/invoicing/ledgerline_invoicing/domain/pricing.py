"""Pricing: which hourly rate applies, what a line costs, and the one place money is rounded.

Rounding (docs/rules.md, rule 1) happens in :func:`price_line` only: a line's amount is
quantity × unit price rounded half-up to the currency's minor unit, and its tax is
that rounded amount × the line's tax rate, rounded again. Quantities are never rounded
before multiplying (50 minutes is 50/60 hours, not 0.83). Invoice totals are sums of
rounded lines (:func:`totals`), so they always add up on paper.

Hourly rate resolution order (the first rule that matches wins):

1. a **matter override** for the matter the work is on,
2. an **account override** for the account,
3. a **standard rate**,

and within each of those, the most specific rule: for this user *and* this activity
code, then for the activity code, then for the user, then for everyone. Rules in a
currency other than the account's never apply. No rule: the rate is zero and the line
says so (``rate_source == "none"``), so a review catches it instead of it going unbilled.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from uuid import UUID

from ledgerline_contracts import Money, ValidationFailed

MINUTES_PER_HOUR = Decimal(60)


class RateScope(StrEnum):
    STANDARD = "standard"
    ACCOUNT = "account"
    MATTER = "matter"


@dataclass(frozen=True)
class RateRule:
    scope: RateScope
    rate: Money
    account_id: UUID | None = None
    matter_id: UUID | None = None
    user_id: UUID | None = None
    activity_code: str | None = None

    def matches(self, user_id: UUID | None, activity_code: str | None) -> bool:
        return ((self.user_id is None or self.user_id == user_id)
                and (self.activity_code is None or same_code(self.activity_code, activity_code)))

    @property
    def specificity(self) -> int:
        """Lower is more specific: user and activity, activity, user, everyone."""
        if self.user_id and self.activity_code:
            return 0
        if self.activity_code:
            return 1
        if self.user_id:
            return 2
        return 3

    def describe(self) -> str:
        narrowed = [part for part in (
            "user and activity" if self.user_id and self.activity_code else None,
            "activity" if self.activity_code and not self.user_id else None,
            "user" if self.user_id and not self.activity_code else None) if part]
        return f"{self.scope.value}" + (f" ({narrowed[0]})" if narrowed else "")


def same_code(a: str | None, b: str | None) -> bool:
    """Activity codes compare without regard to case or surrounding spaces."""
    return a is not None and b is not None and a.strip().casefold() == b.strip().casefold()


@dataclass(frozen=True)
class ResolvedRate:
    rate: Money
    source: str  # "matter (user)", "account", "standard (activity)", ... or "none"


def scope_of(account_id: UUID | None, matter_id: UUID | None) -> RateScope:
    if matter_id is not None:
        return RateScope.MATTER
    if account_id is not None:
        return RateScope.ACCOUNT
    return RateScope.STANDARD


def resolve_rate(rules: list[RateRule], *, currency: str, user_id: UUID | None, activity_code: str | None,
                 account_id: UUID, matter_id: UUID | None) -> ResolvedRate:
    """The hourly rate for one piece of work, by the resolution order above."""
    def in_scope(rule: RateRule, scope: RateScope) -> bool:
        if rule.scope is not scope or rule.rate.currency != currency:
            return False
        if scope is RateScope.MATTER:
            return matter_id is not None and rule.matter_id == matter_id
        if scope is RateScope.ACCOUNT:
            return rule.account_id == account_id
        return True

    for scope in (RateScope.MATTER, RateScope.ACCOUNT, RateScope.STANDARD):
        candidates = [r for r in rules if in_scope(r, scope) and r.matches(user_id, activity_code)]
        if candidates:
            best = min(candidates, key=lambda r: r.specificity)
            return ResolvedRate(rate=best.rate, source=best.describe())
    return ResolvedRate(rate=Money.zero(currency), source="none")


def line_tax_rate(account_rate: Decimal, item_rate: Decimal | None = None) -> Decimal:
    """Lines are taxed at the account's rate, except catalog parts, which carry their own;
    a tax-exempt account (rate zero) pays no tax on anything."""
    if account_rate == 0 or item_rate is None:
        return account_rate
    return item_rate


@dataclass(frozen=True)
class PricedLine:
    quantity: Decimal
    unit_price: Money
    amount: Money  # rounded
    tax_rate: Decimal
    tax: Money  # rounded


def price_line(quantity: Decimal, unit_price: Money, tax_rate: Decimal) -> PricedLine:
    """The one place money is rounded: amount and tax, half-up, per line."""
    amount = (unit_price * quantity).rounded()
    return PricedLine(quantity=quantity, unit_price=unit_price, amount=amount, tax_rate=tax_rate,
                      tax=(amount * tax_rate).rounded())


def hours(minutes: int) -> Decimal:
    """Minutes as exact hours: what a time line's rate is multiplied by."""
    return Decimal(minutes) / MINUTES_PER_HOUR


def shown_hours(minutes: int) -> Decimal:
    """Hours to two places: what a time line stores as its quantity (it shows minutes, see
    hours_and_minutes, which are recovered from it exactly: two places are within 0.3 minutes)."""
    return hours(minutes).quantize(Decimal("0.01"))


def hours_and_minutes(minutes: int) -> str:
    """Time as an invoice shows it, "0:25" for 25 minutes: exact, so that it times the hourly
    rate is the line's amount (0.42 h × 150.00 would not be 62.50)."""
    return "{}:{:02d}".format(*divmod(minutes, 60))


def time_cost(minutes: int, cost_rate: Money | None, currency: str) -> Money | None:
    """What the time cost the firm (for margins); unknown without a cost rate in the currency."""
    if cost_rate is None or cost_rate.currency != currency:
        return None
    return (cost_rate * hours(minutes)).rounded()


@dataclass(frozen=True)
class Totals:
    subtotal: Money
    tax: Money
    total: Money


def totals(lines: list[tuple[Money, Money]], currency: str) -> Totals:
    """Sum of rounded line amounts and of rounded line taxes."""
    subtotal, tax = Money.zero(currency), Money.zero(currency)
    for amount, line_tax in lines:
        subtotal, tax = subtotal + amount, tax + line_tax
    return Totals(subtotal=subtotal, tax=tax, total=subtotal + tax)


def require_currency(money: Money, currency: str, field: str) -> Money:
    if money.currency != currency:
        raise ValidationFailed(f"{field} is in {money.currency}; this account bills in {currency}", field)
    return money


def stock_units(quantity: Decimal) -> int:
    """Whole units a part entry takes from stock: a part cut from stock uses a whole unit."""
    return int(quantity.to_integral_value(rounding=ROUND_CEILING))


@dataclass(frozen=True)
class CatalogPrice:
    """What pricing needs to know of a catalog item."""

    name: str
    tax_rate: Decimal
    unit_cost: Money


@dataclass(frozen=True)
class Priced:
    line: PricedLine
    cost: Money | None  # what the work cost the firm, when known
    rate_source: str | None = None  # time lines: which rule set the rate


@dataclass(frozen=True)
class PriceBook:
    """Everything needed to price an account's work: its currency and tax rate, the rate
    rules that can apply, users' cost rates and the catalog items involved."""

    account_id: UUID
    currency: str
    tax_rate: Decimal
    rules: tuple[RateRule, ...] = ()
    cost_rates: dict[UUID, Money] | None = None
    items: dict[UUID, CatalogPrice] | None = None

    def time(self, *, user_id: UUID, activity_code: str | None, minutes: int,
             matter_id: UUID | None) -> Priced:
        resolved = resolve_rate(list(self.rules), currency=self.currency, user_id=user_id,
                                activity_code=activity_code, account_id=self.account_id, matter_id=matter_id)
        return Priced(line=price_line(hours(minutes), resolved.rate, self.tax_rate),
                      cost=time_cost(minutes, (self.cost_rates or {}).get(user_id), self.currency),
                      rate_source=resolved.source)

    def expense(self, amount: Money, field: str = "amount") -> Priced:
        """Expenses are billed at what they cost, taxed at the account's rate."""
        require_currency(amount, self.currency, field)
        return Priced(line=price_line(Decimal(1), amount, self.tax_rate), cost=amount.rounded())

    def part(self, *, catalog_item_id: UUID | None, quantity: Decimal, unit_price: Money,
             field: str = "unit_price") -> Priced:
        """Parts are billed at the price snapshotted when they were used, taxed at their item's rate."""
        require_currency(unit_price, self.currency, field)
        item = (self.items or {}).get(catalog_item_id) if catalog_item_id else None
        line = price_line(quantity, unit_price, line_tax_rate(self.tax_rate, item.tax_rate if item else None))
        cost = None
        if item is not None and item.unit_cost.currency == self.currency:
            cost = (item.unit_cost * quantity).rounded()
        return Priced(line=line, cost=cost)

    def work_order_hours(self, *, hours: Decimal, service_type: str, cost: Money) -> Priced:
        """A work order's hourly line item: its actual hours at the account's rate for everyone's
        work, or for the service type where a rule names it as the activity code. No rate: zero,
        flagged like unpriced time."""
        resolved = resolve_rate(list(self.rules), currency=self.currency, user_id=None, activity_code=service_type,
                                account_id=self.account_id, matter_id=None)
        return Priced(line=price_line(hours, resolved.rate, self.tax_rate), cost=self._known(cost),
                      rate_source=resolved.source)

    def work_order_price(self, price: Money, cost: Money, field: str = "price") -> Priced:
        """A work order's fixed-price line item: the price agreed, taxed at the account's rate."""
        require_currency(price, self.currency, field)
        return Priced(line=price_line(Decimal(1), price, self.tax_rate), cost=self._known(cost))

    def contract_balance(self, contract_amount: Money | None, prices: list[Money]) -> Priced | None:
        """A work order's agreed contract amount (a direct work order's) is what its fixed-price work
        bills: where the line items' prices add up to something else, the difference is one more
        line, so the fixed-price part of the invoice is the contract amount."""
        if contract_amount is None:
            return None
        balance = require_currency(contract_amount, self.currency, "contract_amount")
        for price in prices:
            balance = balance - price
        if balance.is_zero():
            return None
        return Priced(line=price_line(Decimal(1), balance, self.tax_rate), cost=None)

    def _known(self, cost: Money) -> Money | None:
        """A cost counts towards margins only in the account's currency."""
        return cost.rounded() if cost.currency == self.currency else None

    def part_name(self, catalog_item_id: UUID | None) -> str | None:
        item = (self.items or {}).get(catalog_item_id) if catalog_item_id else None
        return item.name if item else None
