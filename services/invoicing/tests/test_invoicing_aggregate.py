"""The Invoice aggregate's rules, one test each, without a database; and what the unit of work
makes of its domain events (the audit trail and the outgoing events)."""

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from ledgerline_contracts import Conflict, Money, NotFound, PermissionDenied, Role, ValidationFailed
from ledgerline_servicekit.testing.fixtures import make_actor
from ledgerline_servicekit.unit_of_work import InMemoryUnitOfWork

from ledgerline_invoicing.domain.invoice import Customer, Invoice, Line
from ledgerline_invoicing.domain.invoices import InvoiceStatus, LineState
from ledgerline_invoicing.use_cases.effects import INVOICING_EVENTS

from invoicing_in_memory import ORG, invoice, partner

ACCOUNT = uuid4()
billing = make_actor(Role.BILLING, org_id=ORG, name="Bea Billing")
TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def numbers():
    taken = iter(range(1, 100))
    return lambda: f"CN-2026-{next(taken):06d}"


def eur(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="EUR")


def pay(inv: Invoice, amount: str, received_on: date = TODAY):
    return inv.pay(billing, eur(amount), received_on, "check", "chk 1001", today=TODAY)


def effects(inv: Invoice) -> InMemoryUnitOfWork:
    uow = InMemoryUnitOfWork(INVOICING_EVENTS)
    with uow:
        uow.collect(inv)
    return uow


# --- drafting and editing ---------------------------------------------------------------------

def test_a_draft_needs_a_period_in_order_an_active_account_and_the_accounts_own_matter():
    def draft(**changes):
        facts = dict(account_id=ACCOUNT, account_active=True, currency="EUR", matter_id=None,
                     matter_account_id=None, date_from=None, date_to=None) | changes
        return Invoice.draft(partner, **facts)

    with pytest.raises(ValidationFailed, match="date_to is before date_from"):
        draft(date_from=date(2026, 11, 2), date_to=date(2026, 11, 1))
    with pytest.raises(ValidationFailed, match="inactive"):
        draft(account_active=False)
    with pytest.raises(ValidationFailed, match="another account") as refused:
        draft(matter_id=uuid4(), matter_account_id=uuid4())
    assert refused.value.field == "matter_id"
    with pytest.raises(ValidationFailed, match="no unbilled billable work"):
        draft().bill_work(partner, [], [])


def test_a_drafted_invoice_totals_its_lines_and_says_what_it_claimed():
    inv = Invoice.draft(partner, account_id=ACCOUNT, account_active=True, currency="EUR", matter_id=None,
                        matter_account_id=None, date_from=None, date_to=None)
    item = type("Item", (), {"id": uuid4(), "kind": "time"})()
    inv.bill_work(partner, [Line(id=uuid4(), amount=Decimal("100.00"), tax=Decimal("20.00"), kind="time",
                                 source_id=item.id, cost=Decimal("40"))], [item])
    assert (inv.total, inv.cost, [l.position for l in inv.lines]) == (Decimal("120.00"), Decimal("40"), [1])
    uow = effects(inv)
    assert uow.published[0].payload.items.time_entry_ids == [item.id]
    assert [(a.action, a.details) for a in uow.audited] == [("draft", {"lines": 1})]


def test_only_whoever_oversees_the_drafter_edits_a_draft_and_only_while_it_is_a_draft():
    inv = invoice(InvoiceStatus.DRAFT)
    with pytest.raises(PermissionDenied, match="only the partner who drafted it"):
        inv.reword_line(make_actor(Role.PARTNER, org_id=ORG), inv.lines[0].id, "Reworded")
    with pytest.raises(Conflict, match="cannot edit an invoice that is approved"):
        invoice(InvoiceStatus.APPROVED).reword_line(partner, inv.lines[0].id, "Reworded")
    with pytest.raises(NotFound, match="no such line"):
        inv.reword_line(partner, uuid4(), "Reworded")


def test_a_reworded_line_keeps_the_entrys_words_for_the_audit_trail():
    inv = invoice(InvoiceStatus.DRAFT)
    inv.lines[0].description = "Backup restore test"
    inv.reword_line(partner, inv.lines[0].id, "Disaster recovery drill")
    (entry,) = effects(inv).audited
    assert (entry.details["from"], entry.details["to"]) == ("Backup restore test", "Disaster recovery drill")


def test_a_manual_line_below_zero_total_is_refused_under_the_unit_price():
    inv = invoice(InvoiceStatus.DRAFT)
    with pytest.raises(ValidationFailed, match="would total -60.00 EUR") as refused:
        inv.add_line(partner, description="Discount", work_date=None, quantity=Decimal(1),
                     unit_price=Decimal("-250"), tax_rate=Decimal("0.2"))
    assert refused.value.field == "unit_price"
    with pytest.raises(ValidationFailed, match="more than four decimals"):
        inv.add_line(partner, description="Fee", work_date=None, quantity=Decimal(1),
                     unit_price=Decimal("1.00001"), tax_rate=Decimal("0.2"))
    inv.add_line(partner, description="Fee", work_date=None, quantity=Decimal(1), unit_price=Decimal("50"),
                 tax_rate=Decimal("0.2"))
    assert (inv.total, inv.lines[-1].position) == (Decimal("300.00"), 1)


def test_removing_a_line_gives_its_work_back():
    inv = invoice(InvoiceStatus.DRAFT)
    line = inv.lines[0]
    line.source_id = uuid4()
    given_back = [type("Item", (), {"id": line.source_id, "kind": "time"})()]
    inv.remove_line(partner, line.id, release=lambda ids: given_back if ids == [line.source_id] else [])
    assert (inv.total, inv.removed_lines) == (Decimal("120.00"), [line])
    (event,) = effects(inv).published
    assert (event.event_type, event.payload.whole_invoice) == ("invoice.items_released", False)


def test_reconciling_reprices_what_still_belongs_removes_the_rest_and_reopens_an_approved_draft():
    inv = invoice(InvoiceStatus.APPROVED)
    kept, gone = inv.lines

    def item(line, **fields):
        return type("Item", (), {"line_id": line.id, "id": uuid4(), "kind": "time", "deleted": False,
                                 "billable": True, "account_id": inv.account_id, "matter_id": None,
                                 "work_date": TODAY, **fields})()

    stale = [item(kept), item(gone, billable=False)]
    inv.reconcile(partner, stale, reprice=lambda i: {"amount": Decimal("50.00"), "tax": Decimal("10.00")},
                  release=lambda ids: [stale[1]])
    assert (inv.status, inv.approved_by, inv.total) == (InvoiceStatus.DRAFT, None, Decimal("60.00"))
    uow = effects(inv)
    assert [(a.action, a.details) for a in uow.audited] == [("reconcile", {"repriced": 1, "removed": 1})]
    assert [e.event_type for e in uow.published] == ["invoice.items_released"]


# --- approval, posting, deletion -------------------------------------------------------------

ACME = Customer(name="Acme", billing_email="ap@acme.test", payment_terms_days=30)


def post(inv: Invoice, confirm_unpriced: bool = False):
    inv.post(billing, ACME, confirm_unpriced=confirm_unpriced, at=NOW, prefix="INV", next_sequence=lambda year: 7,
             items=list)


def test_a_partner_approves_a_draft_whose_work_is_locked():
    inv = invoice(InvoiceStatus.DRAFT)
    inv.approve(partner, confirm_unpriced=False, at=NOW)
    assert (inv.status, inv.approved_by) == (InvoiceStatus.APPROVED, partner.user_id)
    uow = effects(inv)
    assert [e.event_type for e in uow.published] == ["invoice.approved"]
    assert [(a.action, a.details) for a in uow.audited] == [("approve", {"total": "240.00"})]


def test_a_draft_with_work_changed_or_not_yet_locked_is_not_approved():
    inv = invoice(InvoiceStatus.DRAFT)
    inv.lines[0].state = LineState.CHANGED
    with pytest.raises(Conflict, match="1 line changed after drafting; reconcile the draft, then approve it"):
        inv.approve(partner, confirm_unpriced=False, at=NOW)
    inv.lines[0].state = LineState.AWAITING_LOCK
    with pytest.raises(Conflict, match="has not yet locked the work of 1 line"):
        inv.approve(partner, confirm_unpriced=False, at=NOW)


def test_time_without_a_rate_is_approved_only_when_confirmed():
    inv = invoice(InvoiceStatus.DRAFT)
    inv.lines[0].rate_source = "none"
    with pytest.raises(Conflict, match="confirm_unpriced"):
        inv.approve(partner, confirm_unpriced=False, at=NOW)
    inv.approve(partner, confirm_unpriced=True, at=NOW)
    assert effects(inv).audited[0].details["unpriced_lines_confirmed"] == 1


def test_an_invoice_totalling_nothing_is_not_approved():
    with pytest.raises(Conflict, match="totals 0.00 EUR"):
        invoice(InvoiceStatus.DRAFT, total="0", tax="0").approve(partner, confirm_unpriced=False, at=NOW)


def test_posting_numbers_dates_and_sets_the_due_date_from_the_terms():
    inv = invoice(InvoiceStatus.APPROVED)
    post(inv)
    assert (inv.status, inv.number, inv.issue_date, inv.due_date) == (
        InvoiceStatus.POSTED, "INV-2026-000007", TODAY, date(2026, 12, 20))
    (event,) = effects(inv).published
    assert (event.event_type, event.payload.billing_email, event.payload.total) == (
        "invoice.posted", "ap@acme.test", eur("240.00"))


def test_only_an_approved_draft_is_posted_and_a_refused_posting_takes_no_number():
    taken = []
    inv = invoice(InvoiceStatus.DRAFT)
    with pytest.raises(Conflict, match="cannot post an invoice that is draft"):
        inv.post(billing, ACME, confirm_unpriced=False, at=NOW, prefix="INV",
                 next_sequence=lambda year: taken.append(year) or 1, items=list)
    assert taken == []


def test_deleting_a_draft_gives_its_work_back_and_a_posted_invoice_is_not_deleted():
    inv = invoice(InvoiceStatus.APPROVED)
    inv.delete(billing, at=NOW, release=list)
    assert (inv.status, inv.closed_by) == (InvoiceStatus.DELETED, billing.user_id)
    (event,) = effects(inv).published
    assert (event.event_type, event.payload.whole_invoice) == ("invoice.items_released", True)
    with pytest.raises(Conflict, match="cannot delete an invoice that is posted"):
        invoice().delete(billing, at=NOW, release=list)


# --- payments ---------------------------------------------------------------------------------

def test_a_payment_lowers_the_balance_and_is_audited_with_who_and_how():
    inv = invoice()
    pay(inv, "40.00")
    assert (inv.status, inv.balance.owed) == (InvoiceStatus.POSTED, eur("200.00"))
    uow = effects(inv)
    assert [e.event_type for e in uow.published] == ["payment.recorded"]
    (entry,) = uow.audited
    assert (entry.action, entry.user_name, entry.details["amount"], entry.details["balance"]) == (
        "payment", "Bea Billing", "40.00 EUR", "200.00 EUR")


def test_paying_the_whole_balance_makes_the_invoice_paid_on_the_latest_date_received():
    inv = invoice()
    pay(inv, "40.00", date(2026, 11, 15))
    pay(inv, "200.00", date(2026, 11, 10))
    assert (inv.status, inv.paid_on) == (InvoiceStatus.PAID, date(2026, 11, 15))
    assert [e.event_type for e in effects(inv).published] == ["payment.recorded", "payment.recorded", "invoice.paid"]


def test_a_payment_needs_a_posted_invoice():
    with pytest.raises(Conflict, match="cannot record a payment on an invoice that is draft"):
        pay(invoice(InvoiceStatus.DRAFT), "1.00")


def test_a_payment_beyond_the_balance_is_refused_naming_the_amount():
    with pytest.raises(ValidationFailed, match="more than the balance") as refused:
        pay(invoice(), "240.01")
    assert refused.value.field == "amount"


def test_a_payment_received_in_the_future_is_refused():
    with pytest.raises(ValidationFailed, match="in the future") as refused:
        pay(invoice(), "1.00", date(2026, 11, 22))
    assert refused.value.field == "received_on"


def test_mark_as_paid_pays_what_is_owed_once():
    inv = invoice(paid="40.00")
    inv.mark_paid(billing, TODAY, "check", "", today=TODAY, idempotency_key="k", already_marked=False)
    assert (inv.status, [p.amount for p in inv.new_payments]) == (InvoiceStatus.PAID, [eur("200.00")])
    inv.mark_paid(billing, TODAY, "check", "", today=TODAY, idempotency_key="k", already_marked=False)
    assert len(inv.new_payments) == 1


# --- credit notes and voiding ------------------------------------------------------------------

def test_a_credit_for_an_amount_carries_the_invoices_share_of_tax():
    inv = invoice()
    note = inv.credit_amount(billing, eur("120.00"), "goodwill", issued=TODAY, next_number=numbers())
    assert (note.number, note.tax, inv.balance.owed) == ("CN-2026-000001", eur("20.00"), eur("120.00"))
    (entry,) = effects(inv).audited
    assert (entry.action, entry.reason) == ("credit_note", "goodwill")


def test_crediting_everything_owed_leaves_the_invoice_credited():
    inv = invoice()
    inv.credit_amount(billing, eur("240.00"), "wrong client", issued=TODAY, next_number=numbers())
    assert inv.status is InvoiceStatus.CREDITED


def test_a_line_is_credited_once():
    inv = invoice()
    line = inv.lines[0]
    inv.credit_lines(billing, [line.id], "duplicate", issued=TODAY, next_number=numbers())
    with pytest.raises(ValidationFailed, match="already been credited") as refused:
        inv.credit_lines(billing, [line.id], "again", issued=TODAY, next_number=numbers())
    assert refused.value.field == "line_ids.0"


def test_a_credit_needs_a_posted_invoice_and_takes_no_number_when_refused():
    taken = []
    with pytest.raises(Conflict, match="cannot credit an invoice that is paid"):
        invoice(InvoiceStatus.PAID).credit_amount(billing, eur("1.00"), "x", issued=TODAY,
                                                  next_number=lambda: taken.append(1) or "CN")
    assert taken == []


def test_voiding_credits_what_is_still_owed_closes_the_dispute_and_gives_the_work_back():
    inv = invoice()
    inv.open_dispute(billing, "wrong client")
    effects(inv)
    released = [type("Item", (), {"id": uuid4(), "kind": "time"})()]
    inv.void(billing, "wrong client", issued=TODAY, at=NOW, next_number=numbers(), release=lambda: released)
    assert (inv.status, inv.closed_by, inv.disputed) == (InvoiceStatus.VOIDED, billing.user_id, False)
    assert [d.resolution for d in inv.closed_disputes] == ["voided"]
    uow = effects(inv)
    assert [e.event_type for e in uow.published] == ["credit_note.issued", "invoice.voided"]
    assert uow.published[1].payload.released.time_entry_ids == [released[0].id]
    assert [a.action for a in uow.audited] == ["void"]


def test_an_invoice_with_payments_cannot_be_voided():
    inv = invoice()
    pay(inv, "10.00")
    with pytest.raises(Conflict, match="with payments cannot be voided"):
        inv.void(billing, "x", issued=TODAY, at=NOW, next_number=numbers(), release=list)


def test_an_invoice_credited_in_full_is_voided_without_another_credit_note():
    inv = invoice()
    inv.credit_amount(billing, eur("240.00"), "wrong client", issued=TODAY, next_number=numbers())
    effects(inv)
    inv.void(billing, "rebill", issued=TODAY, at=NOW, next_number=numbers(), release=list)
    uow = effects(inv)
    assert [e.event_type for e in uow.published] == ["invoice.voided"]
    assert uow.published[0].payload.credit_note_number == "CN-2026-000001"
    assert [(a.action, a.reason) for a in uow.audited] == [("void", "rebill")]


# --- disputes and notes ---------------------------------------------------------------------------

def test_a_dispute_is_opened_once_and_resolved_once():
    inv = invoice()
    inv.open_dispute(billing, "hours too high")
    with pytest.raises(Conflict, match="already disputed"):
        inv.open_dispute(billing, "again")
    inv.resolve_dispute(billing, "explained", at=NOW)
    with pytest.raises(Conflict, match="not disputed"):
        inv.resolve_dispute(billing, "again", at=NOW)
    assert [(a.action, a.reason) for a in effects(inv).audited] == [
        ("dispute", "hours too high"), ("resolve_dispute", "explained")]


def test_only_a_posted_invoice_can_be_disputed():
    with pytest.raises(Conflict, match="cannot dispute an invoice that is credited"):
        invoice(InvoiceStatus.CREDITED).open_dispute(billing, "x")


# --- what may be done next -------------------------------------------------------------------------

def test_billing_may_pay_credit_dispute_and_void_a_posted_invoice():
    assert invoice().allowed_actions(billing) == [
        "record_payment", "mark_paid", "issue_credit_note", "dispute_invoice", "void_invoice", "add_note"]


def test_a_paid_invoice_can_neither_be_paid_nor_voided_and_the_page_says_why():
    inv = invoice(InvoiceStatus.PAID, paid="240.00")
    assert inv.allowed_actions(billing) == ["add_note"]
    assert inv.action_notes(billing) == ["An invoice with payments cannot be voided; credit what is still owed "
                                         "instead."]


def test_a_draft_is_approved_by_a_partner_and_edited_by_whoever_oversees_its_author():
    draft = invoice(InvoiceStatus.DRAFT)
    assert draft.allowed_actions(partner) == [
        "edit_line", "remove_line", "add_line", "reconcile_invoice", "approve_invoice"]
    assert draft.allowed_actions(billing) == ["delete_invoice", "add_note"]
    assert draft.allowed_actions(make_actor(Role.CUSTOMER, org_id=ORG)) == []
