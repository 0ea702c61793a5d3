"""The receivable table in PostgreSQL: events recorded in every order give the same rows to readers."""

from itertools import permutations

import pytest
from sqlalchemy.orm import Session

from ledgerline_contracts import NotFound
from ledgerline_servicekit.receivables.storage import open_receivables, posted_receivable, record

from kit_helpers import ORG
from kit_sample import receivables
from receivable_events import DUE, Invoice


@pytest.fixture
def session(sample_config, sample_engines):
    with Session(sample_engines["timetracking"]) as session:
        yield session


def seen(session, invoice):
    row = posted_receivable(session, receivables, ORG, invoice.invoice_id)
    return row.balance, row.status, row.disputed, row.due_date, row.billing_email


def test_every_order_of_arrival_leaves_the_same_row(session):
    results = set()
    for order in permutations(range(4)):
        invoice = Invoice()
        made = [invoice.posted(), invoice.payment("70.00"), invoice.disputed(), invoice.credit_note("40.00")]
        for i in order:
            record(session, receivables, made[i])
        results.add(seen(session, invoice))
    assert results == {(40, "open", True, DUE, "ap@acme.example")}


def test_readers_see_a_receivable_once_posted_and_while_it_is_owed(session):
    invoice, other = Invoice(), Invoice()
    payment = invoice.payment("60.00")
    before, after = record(session, receivables, payment)
    assert not before.posted and not after.posted and after.balance == 60
    with pytest.raises(NotFound):
        posted_receivable(session, receivables, ORG, invoice.invoice_id)
    assert open_receivables(session, receivables, ORG) == []

    before, after = record(session, receivables, invoice.posted())
    record(session, receivables, other.posted())
    assert not before.posted and after.posted
    assert {(r.invoice_id, r.balance) for r in open_receivables(session, receivables, ORG)} == {
        (invoice.invoice_id, 60), (other.invoice_id, 100)}
    assert [r.invoice_id for r in open_receivables(session, receivables, ORG, [other.account_id])] == [
        other.invoice_id]

    record(session, receivables, other.voided())
    record(session, receivables, other.payment("10.00"))  # overtaken by the voiding: stays closed at zero
    assert seen(session, other)[:2] == (0, "voided")
    assert [r.invoice_id for r in open_receivables(session, receivables, ORG)] == [invoice.invoice_id]
