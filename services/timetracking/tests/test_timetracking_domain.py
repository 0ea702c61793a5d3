"""Unit tests of the rules that are not about timers or locks: access, entries, expenses,
receipts, stats, the live total's request."""

import base64
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from uuid import uuid4

import pytest
from pydantic import ValidationError

from ledgerline_contracts import Money, NotFound, PermissionDenied, Role, ValidationFailed
from ledgerline_contracts.commands.invoicing import CatalogItem
from ledgerline_contracts.commands.timetracking import (
    NARRATIVE_MAX, NewExpense, NewTimeEntry, ReceiptUpload, WorkFilters,
)
from ledgerline_servicekit.testing.fixtures import make_actor

from ledgerline_timetracking.domain import access, receipts, stats
from ledgerline_timetracking.domain import work as rules

ACCOUNT = uuid4()


def entry(**fields):
    return NewTimeEntry(**({"account_id": ACCOUNT, "work_date": date(2026, 11, 2), "duration_minutes": 30,
                            "narrative": "Call with client"} | fields))


def at(hour, minute=0, day=2):
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


# --- time entries: durations, periods, narrative -----------------------------------------

@pytest.mark.parametrize("minutes", [0, -5, 24 * 60 + 1])
def test_duration_must_be_positive_and_at_most_a_day(minutes):
    with pytest.raises(ValidationError, match="duration_minutes"):
        entry(duration_minutes=minutes)


def test_work_is_dated_at_the_latest_tomorrow():
    today = datetime.now(UTC).date()
    assert entry(work_date=today + timedelta(days=1)).work_date == today + timedelta(days=1)  # another time zone
    for later in (entry, lambda **f: NewExpense(account_id=ACCOUNT, amount="5", description="Parking",
                                                 work_date=f["work_date"])):
        with pytest.raises(ValidationError, match="is in the future; record work on the day it was done"):
            later(work_date=today + timedelta(days=2))


def test_a_whole_day_is_the_longest_entry():
    assert entry(duration_minutes=24 * 60).duration_minutes == 1440
    assert entry(duration_minutes=None, work_date=None, started_at=at(0), ended_at=at(0, day=3)).duration_minutes == 1440
    with pytest.raises(ValidationFailed) as refused:
        entry(duration_minutes=None, started_at=at(0), ended_at=at(0, 1, day=3))
    assert refused.value.field == "ended_at"


def test_a_period_gives_the_duration_and_date_and_drops_seconds():
    local = timezone(timedelta(hours=-8))
    made = entry(duration_minutes=None, work_date=None, started_at=datetime(2026, 11, 2, 21, 0, 40, tzinfo=local),
                 ended_at=datetime(2026, 11, 2, 22, 30, 10, tzinfo=local))
    assert made.duration_minutes == 90
    assert made.work_date == date(2026, 11, 2)  # the person's date, not UTC's (already the 3rd)
    assert made.started_at.second == 0


@pytest.mark.parametrize(("fields", "field"), [
    ({"started_at": at(10), "ended_at": at(9)}, "ended_at"),
    ({"started_at": at(10), "ended_at": at(10)}, "ended_at"),
    ({"started_at": at(10)}, "ended_at"),
    ({"ended_at": at(10)}, "started_at"),
    ({"started_at": at(9), "ended_at": at(10), "duration_minutes": 45}, "duration_minutes"),
    ({"duration_minutes": None}, "duration_minutes"),
    ({"work_date": None}, "work_date"),
    ({"account_id": None}, "account_id"),
])
def test_inconsistent_entries_name_the_field(fields, field):
    with pytest.raises(ValidationFailed) as refused:
        entry(**fields)
    assert refused.value.field == field


def test_times_must_carry_a_timezone():
    with pytest.raises(ValidationError, match="started_at"):
        entry(duration_minutes=None, started_at="2026-11-02T09:00:00", ended_at="2026-11-02T10:00:00+00:00")


def test_narrative_is_required_and_trimmed_and_activity_codes_are_capitals():
    assert entry(narrative="  Reviewed lease  ").narrative == "Reviewed lease"
    assert entry(activity_code=" l110 ").activity_code == "L110"
    with pytest.raises(ValidationError, match="narrative"):
        entry(narrative="   ")
    with pytest.raises(ValidationError, match="narrative"):
        entry(narrative="x" * (NARRATIVE_MAX + 1))
    with pytest.raises(ValidationError, match="status"):
        entry(status="billed")  # unknown fields are refused


def test_a_matter_is_enough_its_account_is_resolved():
    matter_account = uuid4()
    assert entry(account_id=None, matter_id=uuid4()).account_id is None
    assert rules.resolve_account(None, matter_account, "T-000001") == matter_account
    assert rules.resolve_account(matter_account, matter_account, "T-000001") == matter_account
    assert rules.resolve_account(ACCOUNT, None, None) == ACCOUNT
    with pytest.raises(ValidationFailed, match="T-000001 belongs to another account") as refused:
        rules.resolve_account(ACCOUNT, matter_account, "T-000001")
    assert refused.value.field == "matter_id"


def test_only_open_matters_take_work():
    rules.require_open("ticket", "T-000004", "open")
    with pytest.raises(ValidationFailed, match="ticket T-000004 is closed") as refused:
        rules.require_open("ticket", "T-000004", "closed")
    assert refused.value.field == "matter_id"
    assert rules.default_reference("ticket", 42) == "T-000042"
    assert rules.default_reference("matter", 7) == "M-000007"


def test_billable_follows_the_choice_else_the_activity_code_else_yes():
    assert rules.resolve_billable(None, None) is True
    assert rules.resolve_billable(None, False) is False
    assert rules.resolve_billable(True, False) is True
    assert rules.resolve_billable(False, True) is False


def test_filters_refuse_a_backwards_period():
    with pytest.raises(ValidationFailed) as refused:
        WorkFilters(date_from=date(2026, 11, 5), date_to=date(2026, 11, 1))
    assert refused.value.field == "date_from"


# --- overlap -------------------------------------------------------------------------------

def period(start, end, narrative="Patched the firewall"):
    return rules.Period(uuid4(), start, end, narrative)


def test_entries_of_one_person_may_touch_but_not_overlap():
    other = period(at(9), at(10))
    rules.require_no_overlap(at(10), at(11), [other])
    rules.require_no_overlap(at(8), at(9), [other])
    for start, end in [(at(9, 30), at(10, 30)), (at(8), at(11)), (at(9, 15), at(9, 45)), (at(8, 30), at(9, 1))]:
        with pytest.raises(ValidationFailed) as refused:
            rules.require_no_overlap(start, end, [other])
        assert refused.value.field == "started_at"
        assert str(other.entry_id) in refused.value.message


def test_the_overlap_error_names_the_other_entry_in_words():
    local = timezone(timedelta(hours=2))
    other = period(datetime(2026, 11, 2, 11, 0, tzinfo=local), datetime(2026, 11, 2, 12, 0, tzinfo=local),
                   "Migrated the mailboxes of the whole sales team to the new tenant, then tested")
    with pytest.raises(ValidationFailed) as refused:
        rules.require_no_overlap(at(9, 30), at(10, 30), [other])
    assert "2026-11-02 09:00–10:00 UTC" in refused.value.message
    assert "(“Migrated the mailboxes of the whole sales team to the new...”)" in refused.value.message


# --- edits -----------------------------------------------------------------------------------

def current_entry(**fields):
    return {"account_id": ACCOUNT, "matter_id": None, "work_date": date(2026, 11, 2), "started_at": at(9),
            "ended_at": at(10), "duration_minutes": 60, "billable": True, "activity_code": None,
            "narrative": "Patched the firewall"} | fields


def test_an_edit_with_a_new_end_recomputes_duration_and_date():
    edited = NewTimeEntry.model_validate(rules.merged_entry(current_entry(), {"ended_at": at(11)}))
    assert (edited.duration_minutes, edited.started_at, edited.work_date) == (120, at(9), date(2026, 11, 2))
    moved = NewTimeEntry.model_validate(rules.merged_entry(current_entry(), {"started_at": at(9, day=3),
                                                                             "ended_at": at(10, day=3)}))
    assert moved.work_date == date(2026, 11, 3)


def test_an_edit_to_a_plain_duration_drops_the_period():
    edited = NewTimeEntry.model_validate(rules.merged_entry(current_entry(), {"duration_minutes": 45}))
    assert (edited.duration_minutes, edited.started_at, edited.ended_at) == (45, None, None)


def test_an_edit_to_another_matter_takes_that_matters_account():
    merged = rules.merged_entry(current_entry(), {"matter_id": uuid4()})
    assert merged["account_id"] is None
    assert rules.changed_fields(current_entry(), current_entry(narrative="x")) == {"narrative"}


# --- expenses, parts and receipts ---------------------------------------------------------------

def test_expenses_are_in_the_accounts_currency_to_its_minor_unit():
    assert rules.expense_amount(Decimal("12.5"), None, "EUR") == Money.of("12.50", "EUR")
    with pytest.raises(ValidationFailed, match="in EUR, not USD") as refused:
        rules.expense_amount(Decimal("12.50"), "USD", "EUR")
    assert refused.value.field == "currency"
    with pytest.raises(ValidationFailed, match="more decimals than JPY allows") as refused:
        rules.expense_amount(Decimal("100.5"), None, "JPY")
    assert refused.value.field == "amount"


def test_expense_amounts_are_decimal_strings_never_floats():
    base = {"account_id": str(ACCOUNT), "work_date": "2026-11-02", "category": "parking", "description": "Garage"}
    assert NewExpense.model_validate(base | {"amount": "8.40"}).amount == Decimal("8.40")
    for bad in (8.4, "0", "-1", "abc"):
        with pytest.raises(ValidationError, match="amount"):
            NewExpense.model_validate(base | {"amount": bad})
    with pytest.raises(ValidationError, match="category"):
        NewExpense.model_validate(base | {"amount": "1", "category": "bribes"})


def test_services_from_the_catalog_are_not_parts():
    item = CatalogItem(id=uuid4(), sku="SVC-1", name="Onsite hour", kind="service",
                       unit_price=Money.of("90", "EUR"), tax_rate="0.2")
    with pytest.raises(ValidationFailed, match="is a service") as refused:
        rules.require_part(item)
    assert refused.value.field == "catalog_item_id"


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def upload(content: bytes, content_type: str, filename="receipt") -> ReceiptUpload:
    return ReceiptUpload(filename=filename, content_type=content_type,
                         content_base64=base64.b64encode(content).decode())


def test_receipts_are_photos_or_pdfs_judged_by_their_bytes():
    assert receipts.checked_receipt(upload(PNG, "image/png")).content_type == "image/png"
    assert receipts.checked_receipt(upload(PDF, "application/pdf")).size == len(PDF)
    assert receipts.checked_receipt(upload(b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpg")).content_type == "image/jpeg"
    with pytest.raises(ValidationFailed, match="a photo .* or a PDF") as refused:
        receipts.checked_receipt(upload(b"MZ\x90\x00 not a receipt", "application/pdf"))
    assert refused.value.field == "receipt.content_type"
    with pytest.raises(ValidationFailed, match="declared as image/png but is a PDF") as refused:
        receipts.checked_receipt(upload(PDF, "image/png"))
    assert refused.value.field == "receipt.content_type"


def test_receipts_have_a_size_limit_and_must_be_base64():
    with pytest.raises(ValidationFailed, match="the limit is") as refused:
        receipts.checked_receipt(upload(PNG, "image/png"), max_bytes=len(PNG) - 1)
    assert refused.value.field == "receipt.content_base64"
    with pytest.raises(ValidationFailed, match="not valid base64") as refused:
        receipts.checked_receipt(ReceiptUpload(filename="r", content_type="image/png", content_base64="@@@"))
    assert refused.value.field == "receipt.content_base64"


# --- the live total's request ----------------------------------------------------------------------

def test_a_quote_request_sums_time_per_person_and_activity():
    alice, bob = uuid4(), uuid4()
    request = rules.quote_request(ACCOUNT, None, [
        rules.TimeWork(alice, None, 30), rules.TimeWork(alice, None, 45), rules.TimeWork(alice, "L110", 60),
        rules.TimeWork(bob, None, 15)], [Money.of("8.40", "EUR")],
        [rules.PartWork(uuid4(), Decimal("2"), Money.of("19.99", "EUR"))])
    assert sorted((t.user_id == alice, t.activity_code or "", t.duration_minutes) for t in request.time) == [
        (False, "", 15), (True, "", 75), (True, "L110", 60)]
    assert [(e.amount, e.currency) for e in request.expenses] == [(Decimal("8.40"), "EUR")]
    assert request.parts[0].quantity == 2


# --- who sees what -----------------------------------------------------------------------------------

def test_who_sees_whose_work():
    org = uuid4()
    fee_earner = make_actor(Role.FEE_EARNER, org)
    delegate = uuid4()
    partner = make_actor(Role.PARTNER, org, delegates=(delegate,))
    customer = make_actor(Role.CUSTOMER, org, account_id=ACCOUNT)
    assert access.visible_user_ids(fee_earner) == {fee_earner.user_id}
    assert access.visible_user_ids(partner) == {partner.user_id, delegate}
    assert access.visible_user_ids(make_actor(Role.BILLING)) is None
    assert access.visible_user_ids(make_actor(Role.ADMIN)) is None
    assert access.scope_for(customer).allows(uuid4(), ACCOUNT)
    assert not access.scope_for(customer).allows(uuid4(), uuid4())
    assert access.scope_for(partner).narrowed_to(uuid4()).user_ids == frozenset()
    with pytest.raises(PermissionDenied):
        access.visible_user_ids(customer)


def test_timesheets_and_stats_are_your_own_or_your_delegates():
    delegate = uuid4()
    partner = make_actor(Role.PARTNER, delegates=(delegate,))
    assert access.person_for(partner, None) == partner.user_id
    assert access.person_for(partner, delegate) == delegate
    assert access.person_for(make_actor(Role.ADMIN), delegate) == delegate
    with pytest.raises(NotFound):  # not theirs to see, nor to learn exists
        access.person_for(make_actor(Role.FEE_EARNER), delegate)


def test_only_the_person_who_recorded_work_changes_it():
    partner = make_actor(Role.PARTNER)
    access.require_own(partner, partner.user_id, "time")
    with pytest.raises(PermissionDenied, match="only your own time"):
        access.require_own(partner, uuid4(), "time")


# --- stats -----------------------------------------------------------------------------------------------

def test_weeks_run_monday_to_sunday():
    assert stats.week_of(date(2026, 11, 4)) == (date(2026, 11, 2), date(2026, 11, 8))
    assert stats.week_of(date(2026, 11, 2)) == (date(2026, 11, 2), date(2026, 11, 8))
    assert stats.week_of(date(2026, 11, 8)) == (date(2026, 11, 2), date(2026, 11, 8))


def test_utilization_is_billable_hours_over_capacity_against_a_target():
    use = stats.utilization(24 * 60, stats.Capacity())
    assert (use.percent, use.target_hours, use.hours_to_target, use.on_target) == (
        Decimal("60.0"), Decimal("30.00"), Decimal("6.00"), False)
    use = stats.utilization(30 * 60 + 20, stats.Capacity(Decimal("37.5"), 80))
    assert (use.percent, use.target_hours, use.hours_to_target, use.on_target) == (
        Decimal("80.9"), Decimal("30.00"), Decimal("0.00"), True)
    assert stats.utilization(60, stats.Capacity(Decimal(0), 75)).percent is None
    assert stats.hours(50) == Decimal("0.83")


# --- past due ---------------------------------------------------------------------------------------------

def test_an_account_is_past_due_when_an_invoice_is_owed_after_its_due_date():
    from uuid import uuid4

    from ledgerline_servicekit.receivables.rules import Receivable as Owed
    from ledgerline_timetracking.domain.past_due import warning_for

    def Receivable(due_date, balance, currency):  # noqa: N802 — reads like the record it makes
        return Owed(invoice_id=uuid4(), org_id=uuid4(), account_id=uuid4(), number="INV-1", currency=currency,
                    balance=balance, due_date=due_date)

    today = date(2026, 11, 20)
    assert not warning_for([], today).past_due
    assert not warning_for([Receivable(date(2026, 11, 20), Decimal("100"), "EUR")], today).past_due  # due today
    assert not warning_for([Receivable(date(2026, 11, 1), Decimal("0"), "EUR")], today).past_due  # paid
    assert not warning_for([Receivable(None, Decimal("50"), "EUR")], today).past_due  # posting not seen yet
    late = warning_for([Receivable(date(2026, 11, 1), Decimal("100"), "EUR"),
                        Receivable(date(2026, 10, 21), Decimal("20.50"), "EUR"),
                        Receivable(date(2026, 12, 1), Decimal("70"), "EUR")], today)
    assert (late.past_due, late.overdue_invoices, late.overdue_amount, late.oldest_due_date, late.days_overdue) == (
        True, 2, Decimal("120.50"), date(2026, 10, 21), 30)
