"""Invoicing's use cases over the in-memory repository and unit of work: what each leaves stored,
published and audited, in milliseconds and without a database (the container tests run the same
use cases over PostgreSQL)."""

from decimal import Decimal
from types import SimpleNamespace
from uuid import uuid4

import pytest

from ledgerline_contracts import Conflict, NotFound, Role, ValidationFailed
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit import clock
from ledgerline_servicekit.testing.fixtures import make_actor

from ledgerline_invoicing.domain.invoices import InvoiceStatus, LineState
from ledgerline_invoicing.use_cases import settlement, workflow

from invoicing_in_memory import ORG, invoice, partner, unit_of_work

billing = make_actor(Role.BILLING, org_id=ORG, name="Bea Billing")


def payment(amount: str, key: str | None = None) -> commands.PaymentRequest:
    return commands.PaymentRequest(amount=Decimal(amount), received_on=clock.today(), method="bank_transfer",
                                   reference="ref 1", idempotency_key=key)


def test_approving_a_locked_draft_stores_it_approved_and_announces_it():
    draft = invoice(InvoiceStatus.DRAFT)
    uow = unit_of_work(draft)
    workflow.approve_invoice(uow, partner, str(draft.id), confirm_unpriced=False)
    stored = uow.invoices.invoices[draft.id]
    assert (stored.status, stored.approved_by) == (InvoiceStatus.APPROVED, partner.user_id)
    assert [e.event_type for e in uow.published] == ["invoice.approved"]
    assert [(a.action, a.entity_id) for a in uow.audited] == [("approve", draft.id)]


def test_a_refused_approval_changes_nothing_and_writes_nothing():
    draft = invoice(InvoiceStatus.DRAFT)
    draft.lines[0].state = LineState.CHANGED
    uow = unit_of_work(draft)
    with pytest.raises(Conflict, match="reconcile the draft"):
        workflow.approve_invoice(uow, partner, str(draft.id), confirm_unpriced=False)
    assert uow.invoices.invoices[draft.id].status is InvoiceStatus.DRAFT
    assert (uow.published, uow.audited, uow.committed) == ([], [], 0)


def test_another_organizations_invoice_is_not_found():
    theirs = invoice()
    uow = unit_of_work(theirs)
    with pytest.raises(NotFound):
        settlement.record_payment(uow, make_actor(Role.BILLING), str(theirs.id), payment("10.00"))
    with pytest.raises(NotFound):
        workflow.approve_invoice(uow, partner, str(uuid4()), confirm_unpriced=False)


def test_a_payment_is_stored_and_a_repeat_with_its_key_records_nothing_more():
    posted = invoice()
    uow = unit_of_work(posted)
    settlement.record_payment(uow, billing, str(posted.id), payment("40.00", key="p-1"))
    settlement.record_payment(uow, billing, str(posted.id), payment("40.00", key="p-1"))
    assert uow.invoices.invoices[posted.id].amount_paid == Decimal("40.00")
    assert [p.amount for p in uow.invoices.payments] == [Decimal("40.00")]
    assert [e.event_type for e in uow.published] == ["payment.recorded"]
    with pytest.raises(ValidationFailed, match="different payment") as refused:
        settlement.record_payment(uow, billing, str(posted.id), payment("41.00", key="p-1"))
    assert refused.value.field == "idempotency_key"


def test_paying_the_balance_stores_the_invoice_paid_and_announces_both():
    posted = invoice()
    uow = unit_of_work(posted)
    settlement.record_payment(uow, billing, str(posted.id), payment("240.00"))
    assert uow.invoices.invoices[posted.id].status is InvoiceStatus.PAID
    assert [e.event_type for e in uow.published] == ["payment.recorded", "invoice.paid"]
    assert [a.action for a in uow.audited] == ["payment"]


def test_voiding_numbers_a_credit_note_and_gives_the_work_back():
    posted = invoice()
    uow = unit_of_work(posted)
    work = [SimpleNamespace(id=uuid4(), kind="time")]
    uow.invoices.work[posted.id] = work
    settlement.void_invoice(uow, billing, str(posted.id), commands.Reason(reason="wrong client"))
    stored = uow.invoices.invoices[posted.id]
    assert stored.status is InvoiceStatus.VOIDED
    (note,) = uow.invoices.credit_notes
    assert (note.number, note.amount) == (f"CN-{clock.today().year}-000001", Decimal("240.00"))
    assert uow.invoices.work == {}
    assert [e.event_type for e in uow.published] == ["credit_note.issued", "invoice.voided"]
    assert uow.published[1].payload.released.time_entry_ids == [work[0].id]
    assert [(a.action, a.reason) for a in uow.audited] == [("void", "wrong client")]


def test_an_invoice_with_payments_is_not_voided_and_takes_no_number():
    posted = invoice(paid="40.00")
    uow = unit_of_work(posted)
    with pytest.raises(Conflict, match="cannot be voided"):
        settlement.void_invoice(uow, billing, str(posted.id), commands.Reason(reason="x"))
    assert uow.invoices.invoices[posted.id].status is InvoiceStatus.POSTED
    assert (uow.invoices.sequences, uow.invoices.credit_notes, uow.published) == ({}, [], [])
