"""Agreements and the billing run's rules, with no database: proration, what each cycle bills in
which month, the ledger of billed periods, run progress and each pre-flight review check."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from uuid import uuid4

import pytest

from ledgerline_contracts import Conflict, Role, ValidationFailed
from ledgerline_servicekit.testing.fixtures import make_actor

from ledgerline_invoicing.domain import review
from ledgerline_invoicing.domain.agreements import (
    Agreement, AgreementCreated, AgreementEnded, AgreementLine, AgreementStatus, Period, cycle_period, month,
    parse_month, prorate,
)
from ledgerline_invoicing.domain.billing_runs import (
    AccountStatus, charges_due, not_yet_billed, progress, require_not_run,
)

billing = make_actor(Role.BILLING, uuid4(), name="Bea Billing")
NOV = month(2026, 11)


def line(cycle="monthly", timing="advance", start=date(2026, 1, 1), end=None, price="300.00", quantity="1"):
    return AgreementLine(id=uuid4(), description="Managed services", quantity=Decimal(quantity),
                         unit_price=Decimal(price), cycle=cycle, timing=timing, start_date=start, end_date=end)


def agreement(*lines: AgreementLine) -> Agreement:
    return Agreement.create(billing, account_id=uuid4(), account_active=True, currency="USD", name="Managed IT",
                            lines=list(lines) or [line()])


# --- periods and proration ------------------------------------------------------------------------

def test_a_period_is_a_calendar_month_written_year_dash_month():
    assert parse_month("2026-11") == Period(date(2026, 11, 1), date(2026, 11, 30))
    for bad in ("2026-13", "2026-1", "26-11", "november", "2026-11-01"):
        with pytest.raises(ValidationFailed) as refused:
            parse_month(bad)
        assert refused.value.field == "period"


def test_cycles_are_calendar_months_quarters_and_years():
    assert cycle_period("monthly", date(2026, 11, 17)) == Period(date(2026, 11, 1), date(2026, 11, 30))
    assert cycle_period("quarterly", date(2026, 11, 17)) == Period(date(2026, 10, 1), date(2026, 12, 31))
    assert cycle_period("yearly", date(2026, 11, 17)) == Period(date(2026, 1, 1), date(2026, 12, 31))


def test_a_whole_period_bills_the_whole_price_and_a_partial_one_by_days():
    assert prorate(Decimal("300.00"), 30, 30) == Decimal("300.00")
    assert prorate(Decimal("300.00"), 15, 30) == Decimal("150.0000")
    assert prorate(Decimal("100.00"), 1, 3) == Decimal("33.3333")


def test_a_line_starting_mid_month_bills_the_rest_of_the_month_prorated():
    charge = line(start=date(2026, 11, 21)).charge_for(NOV)
    assert charge.covered == Period(date(2026, 11, 21), date(2026, 11, 30))
    assert charge.unit_price == Decimal("100.0000")  # 10 of 30 days
    assert charge.prorated and "prorated: 10 of 30 days" in charge.description


def test_a_line_ending_mid_month_in_arrears_bills_up_to_its_end():
    charge = line(timing="arrears", end=date(2026, 11, 15)).charge_for(NOV)
    assert charge.covered == Period(date(2026, 11, 1), date(2026, 11, 15))
    assert charge.unit_price == Decimal("150.0000")


def test_advance_bills_a_quarter_in_its_first_month_and_arrears_in_its_last():
    advance, arrears = line(cycle="quarterly"), line(cycle="quarterly", timing="arrears")
    assert advance.charge_for(month(2026, 10)).period == Period(date(2026, 10, 1), date(2026, 12, 31))
    assert advance.charge_for(NOV) is None
    assert arrears.charge_for(NOV) is None
    assert arrears.charge_for(month(2026, 12)).covered == Period(date(2026, 10, 1), date(2026, 12, 31))


def test_a_yearly_line_started_mid_year_bills_the_rest_of_the_year_in_its_first_month():
    yearly = line(cycle="yearly", start=date(2026, 7, 1), price="3650.00")
    charge = yearly.charge_for(month(2026, 7))
    assert charge.covered == Period(date(2026, 7, 1), date(2026, 12, 31))
    assert charge.unit_price == Decimal("1840.0000")  # 184 of 365 days
    assert yearly.charge_for(NOV) is None
    assert yearly.charge_for(month(2027, 1)).unit_price == Decimal("3650.00")


def test_nothing_is_due_before_a_line_starts_or_after_it_ends():
    assert line(start=date(2026, 12, 1)).charge_for(NOV) is None
    assert line(end=date(2026, 10, 31)).charge_for(NOV) is None


# --- the agreement's rules ---------------------------------------------------------------------------

def test_an_agreement_records_its_creation_and_numbers_its_lines():
    made = agreement(line(), line(price="50.00"))
    assert [l.position for l in made.lines] == [1, 2]
    assert [type(e) for e in made.pull_events()] == [AgreementCreated]


@pytest.mark.parametrize("bad, field", [
    (dict(cycle="weekly"), "lines.0.cycle"),
    (dict(timing="whenever"), "lines.0.timing"),
    (dict(start=date(2026, 11, 1), end=date(2026, 10, 31)), "lines.0.end_date"),
])
def test_a_bad_line_is_refused_naming_its_field(bad, field):
    with pytest.raises(ValidationFailed) as refused:
        agreement(line(**bad))
    assert refused.value.field == field


def test_an_inactive_account_gets_no_agreement():
    with pytest.raises(ValidationFailed) as refused:
        Agreement.create(billing, account_id=uuid4(), account_active=False, currency="USD", name="x", lines=[line()])
    assert refused.value.field == "account_id"


def test_a_billed_line_cannot_be_removed_but_an_unbilled_one_can():
    billed, unbilled = line(), line()
    made = agreement(billed, unbilled)
    with pytest.raises(Conflict):
        made.change(billing, name=None, lines=[unbilled], billed_line_ids={billed.id})
    made.change(billing, name="Renamed", lines=[billed], billed_line_ids={billed.id})
    assert made.removed_lines == [unbilled.id] and made.name == "Renamed" and made.version == 2


def test_ending_an_agreement_ends_every_line_and_refuses_an_end_before_it_starts():
    made = agreement(line(start=date(2026, 1, 1)), line(start=date(2027, 1, 1)))
    with pytest.raises(ValidationFailed) as refused:
        made.end(billing, date(2025, 12, 31))
    assert refused.value.field == "end_date"
    made.pull_events()
    made.end(billing, date(2026, 11, 15))
    assert made.status is AgreementStatus.ENDED
    assert made.lines[0].end_date == date(2026, 11, 15)
    assert made.lines[1].charge_for(month(2027, 1)) is None  # would only have started after the end
    assert [type(e) for e in made.pull_events()] == [AgreementEnded]
    with pytest.raises(Conflict):
        made.end(billing, date(2026, 11, 20))


# --- the billing run ---------------------------------------------------------------------------------

def test_the_ledger_leaves_out_every_period_already_billed():
    first, second = line(), line(cycle="quarterly", start=date(2026, 10, 1), timing="arrears")
    due = charges_due([first, second], month(2026, 12))
    assert {c.line_id for c in due} == {first.id, second.id}
    rest = not_yet_billed(due, {(first.id, date(2026, 12, 1))})
    assert [c.line_id for c in rest] == [second.id]
    assert not_yet_billed(due, {(c.line_id, c.period.start) for c in due}) == []


def test_a_month_is_run_once():
    require_not_run("2026-11", None)
    with pytest.raises(Conflict) as refused:
        require_not_run("2026-11", uuid4())
    assert refused.value.field == "period"


def test_progress_counts_done_set_aside_and_remaining():
    counted = progress([AccountStatus.DRAFTED, AccountStatus.NOTHING_DUE, AccountStatus.SET_ASIDE,
                        AccountStatus.PENDING])
    assert (counted.accounts, counted.done, counted.set_aside, counted.remaining) == (4, 2, 1, 1)
    assert not counted.complete
    assert progress([AccountStatus.DRAFTED, AccountStatus.SET_ASIDE]).complete


# --- the pre-flight review's checks --------------------------------------------------------------------

def invoice_line(amount="100.00", kind="recurring", rate_source=None, description="Managed services"):
    return SimpleNamespace(amount=Decimal(amount), kind=kind, rate_source=rate_source, description=description)


def test_a_zero_priced_line_is_flagged():
    found = review.zero_priced_lines([invoice_line("0"), invoice_line("10.00")])
    assert [a.check for a in found] == ["zero_priced_line"]


def test_time_without_a_rate_is_flagged_as_such_not_as_zero_priced():
    unpriced = invoice_line("0", kind="time", rate_source="none")
    assert [a.check for a in review.lines_without_rate([unpriced])] == ["line_without_rate"]
    assert review.zero_priced_lines([unpriced]) == []


def test_a_total_far_from_the_last_three_posted_invoices_is_flagged():
    history = [Decimal("100"), Decimal("110"), Decimal("90")]
    assert review.total_jump(Decimal("140"), history, Decimal("50")) == []
    assert [a.check for a in review.total_jump(Decimal("160"), history, Decimal("50"))] == ["total_jump"]
    assert [a.check for a in review.total_jump(Decimal("40"), history, Decimal("50"))] == ["total_jump"]
    assert review.total_jump(Decimal("1000"), [], Decimal("50")) == []  # nothing to compare with


def test_unbilled_work_older_than_the_period_is_flagged():
    assert review.older_work_left_out(0, None, NOV.start) == []
    found = review.older_work_left_out(2, date(2026, 9, 3), NOV.start)
    assert found[0].check == "older_work_left_out" and "2026-09-03" in found[0].reason


def test_an_agreement_line_without_a_matching_catalog_price_is_flagged():
    item = uuid4()
    lines = [SimpleNamespace(description="Backup", catalog_item_id=item, unit_price=Decimal("40.00")),
             SimpleNamespace(description="Support", catalog_item_id=None, unit_price=Decimal("10"))]
    priced = SimpleNamespace(active=True, currency="USD", unit_price=Decimal("40.00"))
    assert review.no_catalog_price(lines, "USD", {item: priced}) == []
    assert len(review.no_catalog_price(lines, "USD", {})) == 1
    assert len(review.no_catalog_price(lines, "USD", {item: SimpleNamespace(
        active=False, currency="USD", unit_price=Decimal("40.00"))})) == 1
    assert len(review.no_catalog_price(lines, "EUR", {item: priced})) == 1
    assert len(review.no_catalog_price(lines, "USD", {item: SimpleNamespace(
        active=True, currency="USD", unit_price=Decimal("45.00"))})) == 1


def test_a_customer_with_overdue_invoices_is_flagged():
    assert review.overdue_invoices(0, Decimal(0), None) == []
    assert review.overdue_invoices(1, Decimal("80"), date(2026, 10, 1))[0].check == "overdue_invoices"


def test_the_score_is_the_sum_of_the_weights():
    found = [*review.zero_priced_lines([invoice_line("0")]), *review.overdue_invoices(1, Decimal(1), None)]
    assert review.score(found) == review.WEIGHTS["zero_priced_line"] + review.WEIGHTS["overdue_invoices"]
