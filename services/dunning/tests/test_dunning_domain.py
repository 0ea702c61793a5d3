from dataclasses import replace
from datetime import date
from decimal import Decimal
from uuid import uuid4

from ledgerline_servicekit.receivables.rules import Receivable, ReceivableStatus

from ledgerline_dunning.domain import reminders


def test_the_default_schedule_runs_from_three_days_before_to_thirty_days_after():
    due = date(2026, 12, 1)
    assert [(s.key, d) for s, d in reminders.schedule(due)] == [
        ("before_due", date(2026, 11, 28)), ("due", date(2026, 12, 1)), ("overdue_7", date(2026, 12, 8)),
        ("overdue_14", date(2026, 12, 15)), ("overdue_30", date(2026, 12, 31))]


def test_only_the_latest_due_stage_is_sent_after_an_outage():
    pending = [(s.key, d) for s, d in reminders.schedule(date(2026, 12, 1))]
    assert reminders.decide(pending, date(2026, 11, 27)) == reminders.Decision(send=None, skip=())
    assert reminders.decide(pending, date(2026, 11, 28)) == reminders.Decision(send="before_due", skip=())
    assert reminders.decide(pending, date(2026, 12, 16)) == reminders.Decision(
        send="overdue_14", skip=("before_due", "due", "overdue_7"))


def test_no_reminders_for_paid_voided_disputed_paused_or_settled_invoices():
    owed = Receivable(invoice_id=uuid4(), org_id=uuid4(), account_id=uuid4(), number="INV-1", currency="EUR",
                      balance=Decimal("10"), due_date=date(2026, 12, 1))
    assert reminders.may_remind(owed, paused=False)
    assert not reminders.may_remind(replace(owed, status=ReceivableStatus.PAID, balance=Decimal(0)), paused=False)
    assert not reminders.may_remind(replace(owed, status=ReceivableStatus.VOIDED, balance=Decimal(0)), paused=False)
    assert not reminders.may_remind(replace(owed, disputed=True), paused=False)
    assert not reminders.may_remind(owed, paused=True)
    assert not reminders.may_remind(replace(owed, balance=Decimal(0)), paused=False)  # credited down to zero
