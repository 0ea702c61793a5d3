from datetime import date

from ledgerline_dunning import domain


def test_the_default_schedule_runs_from_three_days_before_to_thirty_days_after():
    due = date(2026, 12, 1)
    assert [(s.key, d) for s, d in domain.schedule(due)] == [
        ("before_due", date(2026, 11, 28)), ("due", date(2026, 12, 1)), ("overdue_7", date(2026, 12, 8)),
        ("overdue_14", date(2026, 12, 15)), ("overdue_30", date(2026, 12, 31))]


def test_only_the_latest_due_stage_is_sent_after_an_outage():
    pending = [(s.key, d) for s, d in domain.schedule(date(2026, 12, 1))]
    assert domain.decide(pending, date(2026, 11, 27)) == domain.Decision(send=None, skip=())
    assert domain.decide(pending, date(2026, 11, 28)) == domain.Decision(send="before_due", skip=())
    assert domain.decide(pending, date(2026, 12, 16)) == domain.Decision(
        send="overdue_14", skip=("before_due", "due", "overdue_7"))


def test_no_reminders_for_paid_voided_disputed_paused_or_settled_invoices():
    assert domain.may_remind("open", disputed=False, paused=False, balance_is_zero=False)
    assert not domain.may_remind("paid", False, False, False)
    assert not domain.may_remind("voided", False, False, False)
    assert not domain.may_remind("open", disputed=True, paused=False, balance_is_zero=False)
    assert not domain.may_remind("open", disputed=False, paused=True, balance_is_zero=False)
    assert not domain.may_remind("open", disputed=False, paused=False, balance_is_zero=True)
