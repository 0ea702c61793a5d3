"""The Invoice aggregate's rules for drafts made from completed work orders, and how their line
items are priced; without a database."""

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from ledgerline_contracts import Conflict, Money, PermissionDenied, Role, ValidationFailed
from ledgerline_servicekit.testing.fixtures import make_actor
from ledgerline_servicekit.unit_of_work import InMemoryUnitOfWork

from ledgerline_invoicing.domain.invoice import Customer, Invoice, Line
from ledgerline_invoicing.domain.invoices import WORK_ORDER, WORK_ORDER_DRAFTER, LineState
from ledgerline_invoicing.domain.pricing import PriceBook, RateRule, RateScope
from ledgerline_invoicing.use_cases.effects import INVOICING_EVENTS

ORG, ACCOUNT, WORK_ORDER_ID = uuid4(), uuid4(), uuid4()
partner = make_actor(Role.PARTNER, org_id=ORG)
other_partner = make_actor(Role.PARTNER, org_id=ORG)
associate = make_actor(Role.ASSOCIATE_PARTNER, org_id=ORG)
billing = make_actor(Role.BILLING, org_id=ORG)
NOW = datetime(2026, 11, 28, 16, tzinfo=UTC)


def eur(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="EUR")


def job_line(amount="1000.00", rate_source=None) -> Line:
    return Line(id=uuid4(), kind=WORK_ORDER, source_id=uuid4(), amount=Decimal(amount), tax=Decimal(0),
                cost=Decimal("400.00"), rate_source=rate_source, description="WO-20261128-001: Clear the lot")


def from_work_order(*lines: Line) -> Invoice:
    return Invoice.draft_from_work_order(org_id=ORG, account_id=ACCOUNT, currency="EUR",
                                         work_order_id=WORK_ORDER_ID, work_order_number="WO-20261128-001",
                                         lines=list(lines))


def effects(inv: Invoice) -> InMemoryUnitOfWork:
    uow = InMemoryUnitOfWork(INVOICING_EVENTS)
    with uow:
        uow.collect(inv)
    return uow


def test_a_work_orders_draft_has_no_person_as_drafter_and_says_where_it_came_from():
    inv = from_work_order(job_line("1000.00"), job_line("250.00"))
    assert (inv.created_by, inv.work_order_id, inv.status) == (WORK_ORDER_DRAFTER, WORK_ORDER_ID, "draft")
    assert [l.position for l in inv.lines] == [1, 2]
    assert (inv.subtotal, inv.cost) == (Decimal("1250.00"), Decimal("800.00"))
    uow = effects(inv)
    (entry,) = uow.audited
    assert (entry.user_id, entry.user_name, entry.action) == (
        WORK_ORDER_DRAFTER, "Ledgerline, from work order WO-20261128-001", "draft")
    (drafted,) = uow.published
    assert drafted.event_type == "invoice.drafted"
    assert (drafted.payload.work_order_id, drafted.payload.drafted_by) == (WORK_ORDER_ID, WORK_ORDER_DRAFTER)
    assert drafted.payload.items.is_empty()


def test_a_work_order_without_line_items_makes_no_draft():
    with pytest.raises(ValidationFailed, match="no line items"):
        from_work_order()


def test_work_order_lines_wait_for_no_lock_but_timetracking_work_on_the_same_draft_does():
    inv = from_work_order(job_line())
    inv.approve(partner, confirm_unpriced=False, at=NOW)  # nothing for timetracking to lock
    assert inv.status == "approved"
    mixed = from_work_order(job_line())
    mixed.lines.append(Line(id=uuid4(), kind="time", source_id=uuid4(), amount=Decimal("100.00"),
                            tax=Decimal(0), rate_source="account", state=LineState.AWAITING_LOCK))
    with pytest.raises(Conflict, match="not yet locked the work of 1 line"):
        mixed.approve(partner, confirm_unpriced=False, at=NOW)


def test_removing_a_work_order_line_gives_nothing_back_to_work_in_progress():
    inv = from_work_order(job_line(), job_line())
    released = []
    inv.remove_line(partner, inv.lines[0].id, release=lambda ids: released.extend(ids) or ids)
    assert released == [] and len(inv.lines) == 1


def test_any_partner_edits_a_work_orders_draft_and_nobody_else():
    inv = from_work_order(job_line())
    assert "add_line" in inv.allowed_actions(other_partner)
    inv.add_line(other_partner, description="Discount", work_date=None, quantity=Decimal(1),
                 unit_price=Decimal("-50"), tax_rate=Decimal(0))
    for actor in (associate, billing):
        assert "add_line" not in inv.allowed_actions(actor)
    with pytest.raises(PermissionDenied):
        inv.reword_line(associate, inv.lines[0].id, "Cleared the lot")


def test_unpriced_hours_on_a_work_orders_draft_need_confirming():
    inv = from_work_order(job_line("0.00", rate_source="none"), job_line("100.00"))
    with pytest.raises(Conflict, match="1 time line has no hourly rate") as refused:
        inv.approve(partner, confirm_unpriced=False, at=NOW)
    assert refused.value.field == "confirm_unpriced"
    inv.approve(partner, confirm_unpriced=True, at=NOW)


def test_the_posting_names_the_work_order():
    inv = from_work_order(job_line())
    inv.approve(partner, confirm_unpriced=False, at=NOW)
    inv.pull_events()
    inv.post(billing, Customer(name="Oak Street HOA", billing_email="ap@oak.example", payment_terms_days=30),
             confirm_unpriced=False, at=NOW, prefix="INV", next_sequence=lambda year: 7, items=lambda: [])
    (posted,) = effects(inv).published
    assert posted.event_type == "invoice.posted"
    assert (posted.payload.work_order_id, posted.payload.cost) == (WORK_ORDER_ID, eur("400.00"))


def test_hourly_line_items_are_priced_at_the_accounts_rate_and_fixed_ones_at_their_price():
    rules = (RateRule(scope=RateScope.ACCOUNT, rate=eur("120"), account_id=ACCOUNT),
             RateRule(scope=RateScope.ACCOUNT, rate=eur("95"), account_id=ACCOUNT, activity_code="Stump Grinding"),
             RateRule(scope=RateScope.ACCOUNT, rate=eur("500"), account_id=ACCOUNT, user_id=uuid4()))
    book = PriceBook(account_id=ACCOUNT, currency="EUR", tax_rate=Decimal("0.20"), rules=rules)
    hours = book.work_order_hours(hours=Decimal("16.90"), service_type="Forestry Mulching", cost=eur("1005.55"))
    assert (hours.line.amount, hours.line.tax, hours.rate_source, hours.cost) == (
        eur("2028.00"), eur("405.60"), "account", eur("1005.55"))
    stumps = book.work_order_hours(hours=Decimal("2.50"), service_type="stump grinding", cost=eur("0"))
    assert (stumps.line.amount, stumps.rate_source) == (eur("237.50"), "account (activity)")
    bare = PriceBook(account_id=ACCOUNT, currency="EUR", tax_rate=Decimal(0))
    assert bare.work_order_hours(hours=Decimal(1), service_type="X", cost=eur("1")).rate_source == "none"
    fixed = book.work_order_price(eur("9184.98"), Money.of("10", "USD"))
    assert (fixed.line.amount, fixed.line.tax, fixed.cost) == (eur("9184.98"), eur("1837.00"), None)
    with pytest.raises(ValidationFailed, match="bills in EUR"):
        book.work_order_price(Money.of("10", "USD"), eur("1"), "lines.0.price")


def test_fixed_price_work_bills_the_agreed_contract_amount_where_there_is_one():
    book = PriceBook(account_id=ACCOUNT, currency="EUR", tax_rate=Decimal("0.10"))
    assert book.contract_balance(None, [eur("100")]) is None  # a proposal's work order: its prices
    assert book.contract_balance(eur("300"), [eur("100"), eur("200")]) is None
    short = book.contract_balance(eur("15000"), [eur("12000")])
    assert (short.line.amount, short.line.tax, short.cost) == (eur("3000.00"), eur("300.00"), None)
    assert book.contract_balance(eur("100"), [eur("150")]).line.amount == eur("-50.00")
