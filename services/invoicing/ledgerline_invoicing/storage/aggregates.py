"""Loading an Invoice aggregate from its rows, and writing back what its methods changed."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.orm import Session

from ledgerline_contracts import Money
from ledgerline_invoicing.domain.invoice import CreditNote, Dispute, Invoice, Line
from ledgerline_invoicing.domain.invoices import UNPOSTED, InvoiceStatus, Series, document_number, line_state
from ledgerline_invoicing.storage import billing_runs, invoices, profiles, settlement, work

PREFIXES = {Series.INVOICE: "invoice_prefix", Series.CREDIT_NOTE: "credit_note_prefix"}


# What a line stores besides its id and invoice (locked_version is the lock handshake's, written
# by storage.invoices.record_locks; the aggregate reads it as the line's state).
LINE_COLUMNS = ("position", "kind", "source_id", "source_version", "user_id", "description", "narrative_override",
                "work_date", "quantity", "unit_price", "amount", "tax_rate", "tax", "cost", "rate_source",
                "credit_note_id")


def _line_values(line: Line) -> dict:
    return {name: getattr(line, name) for name in LINE_COLUMNS}


def insert_invoice(session: Session, invoice: Invoice) -> None:
    """A new draft's row, so that work can be claimed for it before it is saved."""
    invoices.insert_invoice(session, {
        "id": invoice.id, "org_id": invoice.org_id, "account_id": invoice.account_id,
        "matter_id": invoice.matter_id, "date_from": invoice.date_from, "date_to": invoice.date_to,
        "work_order_id": invoice.work_order_id, "work_order_number": invoice.work_order_number,
        "status": invoice.status, "currency": invoice.currency, "subtotal": invoice.subtotal, "tax": invoice.tax,
        "total": invoice.total, "created_by": invoice.created_by})


def load_invoice(session: Session, org_id: UUID, invoice_id: UUID, *, for_update: bool = False) -> Invoice:
    """The invoice with what its rules need; ``for_update`` locks its row until the transaction
    ends, which serializes every change to one invoice."""
    row = invoices.get_invoice(session, org_id, invoice_id, for_update=for_update)
    dispute = settlement.current_dispute(session, row.id)
    status = InvoiceStatus(row.status)
    # Where each work line stands in the lock handshake matters only until posting.
    states = {w.line_id: line_state(w.source_version, w.work_version, w.deleted, w.locked_version)
              for w in invoices.work_lines(session, row.id)} if status in UNPOSTED else {}
    return Invoice(
        id=row.id, org_id=row.org_id, account_id=row.account_id, created_by=row.created_by, status=status,
        currency=row.currency, number=row.number, subtotal=row.subtotal, tax=row.tax, total=row.total,
        amount_paid=row.amount_paid, credited=row.credited, disputed=row.disputed, matter_id=row.matter_id,
        cost=row.cost, approved_by=row.approved_by, approved_at=row.approved_at, issue_date=row.issue_date,
        due_date=row.due_date, posted_by=row.posted_by, posted_at=row.posted_at, paid_on=row.paid_on,
        closed_by=row.closed_by, closed_at=row.closed_at,
        date_from=row.date_from, date_to=row.date_to, work_order_id=row.work_order_id,
        work_order_number=row.work_order_number,
        lines=[Line(**{name: getattr(l, name) for name in LINE_COLUMNS}, id=l.id, state=states.get(l.id))
               for l in invoices.lines_of(session, row.id)],
        credit_notes=[CreditNote(id=c.id, number=c.number, kind=c.kind, amount=Money.stored(c.amount, c.currency),
                                 tax=Money.stored(c.tax, c.currency), reason=c.reason, issue_date=c.issue_date,
                                 issued_by=c.issued_by, idempotency_key=c.idempotency_key)
                      for c in settlement.credit_notes_of(session, row.id)],
        last_received_on=settlement.last_payment_date(session, row.id),
        dispute=Dispute(id=dispute.id, reason=dispute.reason, opened_by=dispute.opened_by) if dispute else None,
    )


def save_invoice(session: Session, invoice: Invoice) -> None:
    """Write the invoice's state and the records its methods added; each is written once."""
    for payment in invoice.new_payments:
        settlement.insert_payment(session, {
            "id": payment.id, "org_id": invoice.org_id, "invoice_id": invoice.id, "amount": payment.amount.amount,
            "currency": payment.amount.currency, "received_on": payment.received_on, "method": payment.method,
            "reference": payment.reference, "idempotency_key": payment.idempotency_key,
            "recorded_by": payment.recorded_by})
    for note in invoice.new_credit_notes:
        settlement.insert_credit_note(session, {
            "id": note.id, "org_id": invoice.org_id, "invoice_id": invoice.id, "number": note.number,
            "kind": note.kind, "currency": note.amount.currency, "subtotal": (note.amount - note.tax).amount,
            "tax": note.tax.amount, "amount": note.amount.amount, "reason": note.reason,
            "issue_date": note.issue_date, "issued_by": note.issued_by, "idempotency_key": note.idempotency_key})
    invoices.delete_lines(session, [line.id for line in invoice.removed_lines])
    invoices.insert_lines(session, [{"id": line.id, "invoice_id": invoice.id, **_line_values(line)}
                                    for line in invoice.new_lines])
    for line in invoice.changed_lines:
        invoices.update_line(session, line.id, **_line_values(line))
    for dispute in invoice.new_disputes:
        settlement.open_dispute(session, {"id": dispute.id, "org_id": invoice.org_id, "invoice_id": invoice.id,
                                          "reason": dispute.reason, "opened_by": dispute.opened_by})
    for dispute in invoice.closed_disputes:
        settlement.resolve_dispute(session, dispute.id, resolution=dispute.resolution,
                                   resolved_by=dispute.resolved_by, resolved_at=dispute.resolved_at)
    for note in invoice.new_notes:
        settlement.add_note(session, {"id": note.id, "org_id": invoice.org_id, "invoice_id": invoice.id,
                                      "body": note.body, "author_id": note.author_id,
                                      "author_name": note.author_name})
    invoices.update_invoice(
        session, invoice.id, status=invoice.status, number=invoice.number, subtotal=invoice.subtotal,
        tax=invoice.tax, total=invoice.total, cost=invoice.cost, approved_by=invoice.approved_by,
        approved_at=invoice.approved_at, issue_date=invoice.issue_date, due_date=invoice.due_date,
        posted_by=invoice.posted_by, posted_at=invoice.posted_at, amount_paid=invoice.amount_paid,
        credited=invoice.credited, disputed=invoice.disputed, paid_on=invoice.paid_on, closed_by=invoice.closed_by,
        closed_at=invoice.closed_at)
    invoice.saved()


class InvoiceRepository:
    """Invoices as the use cases load and save them, in the worker's transaction (the unit of
    work's ``invoices``; tests put an in-memory one in its place)."""

    def __init__(self, db):
        self.db = db  # the worker's database: its session is the current transaction's

    def get(self, org_id: UUID, invoice_id: UUID) -> Invoice:
        """The invoice, its row locked until the change commits (saving writes its whole state)."""
        return load_invoice(self.db.session, org_id, invoice_id, for_update=True)

    def save(self, invoice: Invoice) -> None:
        save_invoice(self.db.session, invoice)

    def payment_by_key(self, org_id: UUID, key: str):
        """The payment recorded with this idempotency key (``invoice_id`` and what was paid), if any."""
        return settlement.payment_by_key(self.db.session, org_id, key)

    def credit_note_by_key(self, org_id: UUID, key: str):
        """The credit note issued with this idempotency key (and its ``invoice_id``), if any."""
        return settlement.credit_note_by_key(self.db.session, org_id, key)

    def release_work(self, invoice_id: UUID) -> list:
        """Give the invoice's work back to work in progress, and the agreement periods it billed back
        to the ledger (a deleted or voided invoice bills nothing); (id, kind) of each work item."""
        billing_runs.release_periods(self.db.session, invoice_id)
        return work.release(self.db.session, invoice_id)

    def next_number(self, org_id: UUID, series: Series, year: int) -> str:
        """The next number of a gapless series, taken under the series' lock (a rolled-back change
        gives it back), with the organization's prefix for it."""
        prefix = profiles.get_profile(self.db.session, org_id)[PREFIXES[series]]
        return document_number(prefix, year, invoices.next_number(self.db.session, org_id, series, year))
