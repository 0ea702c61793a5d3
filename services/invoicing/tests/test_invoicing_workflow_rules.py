"""Invoice workflow rules: numbering, due dates, who sees what, and the balance."""

from datetime import date
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerline_contracts import Conflict, Money, Role, ValidationFailed
from ledgerline_invoicing.domain import invoices as domain
from ledgerline_invoicing.domain.invoices import Balance, InvoiceStatus
from ledgerline_servicekit.testing.fixtures import make_actor


def eur(amount) -> Money:
    return Money.of(amount, "EUR")


def test_numbers_and_due_dates():
    assert domain.document_number("INV", 2026, 123) == "INV-2026-000123"
    assert domain.document_number("CN", 2027, 1) == "CN-2027-000001"
    assert domain.due_date(date(2026, 12, 15), 30) == date(2027, 1, 14)


def test_workflow_states():
    domain.require_status("draft", {InvoiceStatus.DRAFT}, "approve")
    with pytest.raises(Conflict, match="cannot post an invoice that is draft"):
        domain.require_status("draft", {InvoiceStatus.APPROVED}, "post")
    with pytest.raises(Conflict, match="cannot approve an invoice without lines"):
        domain.postable_total(0, eur("10"), "approve")
    with pytest.raises(Conflict, match="cannot post an invoice that totals -99,460.00 EUR;"):
        domain.postable_total(2, eur("-99460.0000"), "post")
    with pytest.raises(Conflict, match="cannot approve an invoice that totals 0.00 EUR;"):
        domain.postable_total(2, eur("0"), "approve")


def test_who_sees_which_invoice():
    org, author, account = uuid4(), uuid4(), uuid4()
    associate = make_actor(Role.ASSOCIATE_PARTNER, org, delegates=(author,))
    stranger = make_actor(Role.ASSOCIATE_PARTNER, org)
    customer = make_actor(Role.CUSTOMER, org, account_id=account)
    seen = {"created_by": author, "account_id": account}
    assert domain.may_see(make_actor(Role.PARTNER, org), status="draft", **seen)
    assert domain.may_see(make_actor(Role.BILLING, org), status="draft", **seen)
    assert domain.may_see(associate, status="draft", **seen)
    assert not domain.may_see(stranger, status="posted", **seen)
    assert not domain.may_see(customer, status="approved", **seen)
    assert all(domain.may_see(customer, status=s, **seen) for s in ("posted", "paid", "credited", "voided"))
    assert not domain.may_see(make_actor(Role.CUSTOMER, org, account_id=uuid4()), status="posted", **seen)
    assert not domain.may_see(make_actor(Role.FEE_EARNER, org, user_id=author), status="draft", **seen)
    assert domain.may_edit_draft(associate, author) and not domain.may_edit_draft(stranger, author)


def test_payments_and_credits_never_take_the_balance_below_zero():
    balance = Balance(total=eur("100.00"), paid=eur("0"), credited=eur("0"))
    after = balance.pay(eur("40.00")).credit(eur("10.00"))
    assert after.owed == eur("50.00") and after.settled_status() is InvoiceStatus.POSTED
    with pytest.raises(ValidationFailed, match="more than the balance") as refused:
        after.pay(eur("50.01"))
    assert refused.value.field == "amount"
    with pytest.raises(ValidationFailed, match="more decimals"):
        after.pay(eur("0.001"))
    assert after.pay(eur("50.00")).settled_status() is InvoiceStatus.PAID
    assert balance.credit(eur("100.00")).settled_status() is InvoiceStatus.CREDITED


def test_the_tax_inside_a_credit_follows_the_invoices_share():
    assert domain.credit_tax_share(eur("60.00"), eur("20.00"), eur("120.00")) == eur("10.00")
    assert domain.credit_tax_share(eur("10.00"), eur("0"), eur("100.00")) == eur("0.00")


cents = st.integers(min_value=-5_000, max_value=20_000).map(lambda c: eur(f"{c / 100:.2f}"))


@given(st.integers(min_value=1, max_value=100_000), st.lists(st.tuples(st.booleans(), cents), max_size=25))
def test_the_balance_is_total_minus_payments_minus_credits_and_never_negative(total_cents, moves):
    balance = Balance(total=eur(f"{total_cents / 100:.2f}"), paid=eur("0"), credited=eur("0"))
    paid = credited = eur("0")
    for is_payment, amount in moves:
        try:
            balance = balance.pay(amount) if is_payment else balance.credit(amount)
        except ValidationFailed:
            assert amount.amount <= 0 or amount > balance.owed
            continue
        paid, credited = (paid + amount, credited) if is_payment else (paid, credited + amount)
        assert balance.owed.amount >= 0
    assert balance.owed == balance.total - paid - credited


def test_a_changed_entry_still_belongs_on_its_draft_only_within_the_drafts_scope():
    from types import SimpleNamespace

    account, matter = uuid4(), uuid4()
    draft = SimpleNamespace(account_id=account, matter_id=matter, date_from=date(2026, 11, 1),
                            date_to=date(2026, 11, 30))
    entry = dict(deleted=False, billable=True, account_id=account, matter_id=matter, work_date=date(2026, 11, 2))
    assert domain.still_belongs(draft, SimpleNamespace(**entry))
    for change in ({"deleted": True}, {"billable": False}, {"account_id": uuid4()}, {"matter_id": None},
                   {"work_date": date(2026, 12, 1)}):
        assert not domain.still_belongs(draft, SimpleNamespace(**(entry | change))), change


# --- a draft is ready when its work is locked at the versions its lines bill ---------------------

LOCKED, CHANGED, AWAITING = domain.LineState.LOCKED, domain.LineState.CHANGED, domain.LineState.AWAITING_LOCK


@pytest.mark.parametrize(("line", "work", "deleted", "locked", "state"), [
    (1, 1, False, 1, LOCKED),
    (1, 1, False, None, AWAITING),  # timetracking's confirmation is on its way
    (1, 2, False, None, CHANGED),  # invoicing already holds a newer version
    (1, 1, False, 2, CHANGED),  # locked at a version invoicing has not received yet
    (2, 2, False, 2, LOCKED),  # reconciled to the version timetracking keeps
    (1, 2, True, None, CHANGED),  # deleted before the lock landed
])
def test_a_line_is_ready_only_when_its_work_is_locked_at_the_version_it_bills(line, work, deleted, locked, state):
    assert domain.line_state(line, work, deleted, locked) is state


def test_approving_or_posting_needs_every_line_ready_changed_lines_first():
    domain.require_up_to_date([LOCKED, LOCKED], "approve")
    with pytest.raises(Conflict, match="^2 lines changed after drafting; reconcile the draft, then post it$"):
        domain.require_up_to_date([CHANGED, AWAITING, CHANGED], "post")
    with pytest.raises(Conflict, match="not yet locked the work of 1 line against changes; approve it again"):
        domain.require_up_to_date([LOCKED, AWAITING], "approve")


def test_only_time_no_rate_matched_is_unpriced_and_it_takes_a_confirmation():
    assert domain.is_unpriced("time", "none") and not domain.is_unpriced("time", "account")
    assert not domain.is_unpriced("expense", None) and not domain.is_unpriced("manual", None)
    domain.require_unpriced_confirmed(0, False, "post")
    domain.require_unpriced_confirmed(2, True, "post")
    with pytest.raises(Conflict, match="^2 time lines have no hourly rate") as refused:
        domain.require_unpriced_confirmed(2, False, "post")
    assert refused.value.field == "confirm_unpriced"
