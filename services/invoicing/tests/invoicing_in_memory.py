"""Invoicing's use cases without a database: invoices kept in a dict behind the same repository
the service uses over PostgreSQL (``storage.aggregates.InvoiceRepository``), and a posted or
draft invoice to start from."""

from __future__ import annotations

from copy import deepcopy
from decimal import Decimal
from types import SimpleNamespace
from uuid import UUID, uuid4

from ledgerline_contracts import NotFound, Role
from ledgerline_servicekit.testing.fixtures import make_actor
from ledgerline_servicekit.unit_of_work import InMemoryUnitOfWork

from ledgerline_invoicing.domain.invoice import Invoice, Line
from ledgerline_invoicing.domain.invoices import UNPOSTED, InvoiceStatus, LineState, Series, document_number
from ledgerline_invoicing.use_cases.effects import INVOICING_EVENTS

ORG = uuid4()
partner = make_actor(Role.PARTNER, org_id=ORG)
PREFIXES = {Series.INVOICE: "INV", Series.CREDIT_NOTE: "CN"}  # the billing profile's defaults


def invoice(status=InvoiceStatus.POSTED, *, total="240.00", tax="40.00", paid="0", credited="0",
            disputed=False) -> Invoice:
    """A posted invoice of 240.00 EUR: two lines of 100.00 plus 20 % tax, their work locked."""
    return Invoice(id=uuid4(), org_id=ORG, account_id=uuid4(), created_by=partner.user_id, status=status,
                   currency="EUR", number=None if status in UNPOSTED else "INV-2026-000001",
                   subtotal=Decimal(total) - Decimal(tax), tax=Decimal(tax), total=Decimal(total),
                   amount_paid=Decimal(paid), credited=Decimal(credited), disputed=disputed,
                   lines=[Line(id=uuid4(), amount=Decimal("100.00"), tax=Decimal("20.00"), kind="time",
                               rate_source="rule", state=LineState.LOCKED) for _ in range(2)])


class InMemoryInvoices:
    """What :class:`~ledgerline_invoicing.storage.aggregates.InvoiceRepository` does, over a dict.

    Each ``get`` hands out a copy, as loading rows would, so a refused change leaves the stored
    invoice as it was; ``work`` is what each invoice claimed, given back by ``release_work``.
    """

    def __init__(self, *invoices: Invoice):
        self.invoices = {i.id: deepcopy(i) for i in invoices}
        self.payments: list = []
        self.credit_notes: list = []
        self.work: dict[UUID, list] = {}
        self.sequences: dict[tuple, int] = {}

    def get(self, org_id: UUID, invoice_id: UUID) -> Invoice:
        invoice = self.invoices.get(invoice_id)
        if invoice is None or invoice.org_id != org_id:
            raise NotFound("no such invoice", "invoice_id")
        return deepcopy(invoice)

    def save(self, invoice: Invoice) -> None:
        self.payments += [self._row(invoice, p) for p in invoice.new_payments]
        self.credit_notes += [self._row(invoice, c) for c in invoice.new_credit_notes]
        invoice.saved()
        self.invoices[invoice.id] = deepcopy(invoice)

    @staticmethod
    def _row(invoice: Invoice, record) -> SimpleNamespace:
        """A payment or credit note as its row reads: the invoice's id, the amount without its currency."""
        return SimpleNamespace(**vars(record) | {"invoice_id": invoice.id, "amount": record.amount.amount,
                                                 "currency": record.amount.currency})

    def payment_by_key(self, org_id: UUID, key: str):
        return next((p for p in self.payments if p.idempotency_key == key), None)

    def credit_note_by_key(self, org_id: UUID, key: str):
        return next((c for c in self.credit_notes if c.idempotency_key == key), None)

    def release_work(self, invoice_id: UUID) -> list:
        return self.work.pop(invoice_id, [])

    def next_number(self, org_id: UUID, series: Series, year: int) -> str:
        taken = self.sequences[org_id, series, year] = self.sequences.get((org_id, series, year), 0) + 1
        return document_number(PREFIXES[series], year, taken)


def unit_of_work(*invoices: Invoice) -> InMemoryUnitOfWork:
    """A unit of work holding these invoices (``uow.invoices``), writing its effects to lists."""
    return InMemoryUnitOfWork(INVOICING_EVENTS, invoices=InMemoryInvoices(*invoices))
