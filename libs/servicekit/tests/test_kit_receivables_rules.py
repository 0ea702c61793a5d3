"""The receivable read model's rules: the same receivable whatever order invoicing's events arrive in."""

from decimal import Decimal
from functools import reduce

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerline_servicekit.receivables.rules import ReceivableStatus, combine, told_by

from receivable_events import DUE, Invoice


def known_after(envelopes):
    return reduce(combine, [told_by(e) for e in envelopes], None)


def lives():
    """An invoice's events as invoicing makes them: posted, then payments and credit notes lowering
    the balance, disputes and resolutions, perhaps ended by paid or voided."""

    @st.composite
    def life(draw):
        invoice = Invoice()
        events = [invoice.posted()]
        balance = Decimal(100)
        for step in draw(st.lists(st.sampled_from(["payment", "credit_note", "disputed", "dispute_resolved"]),
                                  max_size=5)):
            if step in ("payment", "credit_note"):
                balance -= draw(st.integers(min_value=1, max_value=40))
                balance = max(balance, Decimal(0))
                events.append(getattr(invoice, step)(f"{balance}.00"))
            else:
                events.append(getattr(invoice, step)())
        ending = draw(st.sampled_from([None, "paid", "voided"]))
        if ending:
            events.append(getattr(invoice, ending)())
        return events

    return life()


@settings(max_examples=60, deadline=None)
@given(data=st.data(), made=lives())
def test_every_order_of_arrival_and_every_repeat_gives_the_receivable_of_the_order_they_were_made(data, made):
    arrived = data.draw(st.permutations(made + data.draw(st.lists(st.sampled_from(made), max_size=3))))
    assert known_after(arrived) == known_after(made)


@settings(max_examples=60, deadline=None)
@given(made=lives())
def test_the_balance_is_the_lowest_reported_and_closing_leaves_nothing_owed(made):
    known = known_after(made)
    closing = {"invoice.paid": ReceivableStatus.PAID, "invoice.voided": ReceivableStatus.VOIDED}
    last = made[-1].event_type
    assert known.status == closing.get(last, ReceivableStatus.OPEN)
    reported = [Decimal(e.payload["balance"]["amount"]) for e in made
                if e.event_type in ("payment.recorded", "credit_note.issued")]
    if last in closing:
        assert known.balance == 0 and known.settled
    else:
        assert known.balance == min([Decimal(100), *reported])
    disputes = [e for e in made if e.event_type.startswith("invoice.dispute")]
    assert known.disputed == (bool(disputes) and disputes[-1].event_type == "invoice.disputed")


def test_an_event_that_overtakes_the_posting_is_kept_until_the_posting_completes_it():
    invoice = Invoice()
    posted, payment = invoice.posted(), invoice.payment("60.00")
    early = known_after([payment])
    assert not early.posted and early.balance == Decimal("60.00") and early.due_date is None
    known = known_after([payment, posted])
    assert known.posted and known.due_date == DUE and known.total == Decimal("100.00")
    assert known.balance == Decimal("60.00") and known.account_name == "Acme"


def test_a_balance_is_never_below_zero_and_a_closed_invoice_never_reopens():
    invoice = Invoice()
    posted, overpaid, paid = invoice.posted(), invoice.payment("-5.00"), invoice.paid()
    assert known_after([posted, overpaid]).balance == 0
    later_payment = invoice.payment("30.00")
    known = known_after([posted, paid, later_payment])
    assert known.status == ReceivableStatus.PAID and known.balance == 0
