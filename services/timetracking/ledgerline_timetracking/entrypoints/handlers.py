"""Handlers of invoicing's events: the account replica, the locks invoices put on work and
their confirmation to invoicing (:mod:`ledgerline_timetracking.use_cases.locks`), and what
accounts still owe (the kit's receivables, for the past-due warning, :mod:`..domain.past_due`).
``handle_event`` makes each idempotent: a repeated event is skipped.
"""

from __future__ import annotations

from ledgerline_contracts import Envelope
from ledgerline_servicekit import replicas
from ledgerline_servicekit.entrypoints import handle_event
from ledgerline_servicekit.receivables import storage as receivables

from ledgerline_timetracking.storage import tables
from ledgerline_timetracking.use_cases import locks


class InvoicingEventHandlers:
    @handle_event("account.created", "account.updated")
    def on_account(self, envelope: Envelope) -> None:
        replicas.apply_account_event(self.db.session, tables.accounts, envelope)

    @handle_event("invoice.drafted")
    def on_invoice_drafted(self, envelope: Envelope) -> None:
        locks.invoice_drafted(self._unit_of_work(), envelope)

    # invoice.deleted is the name invoice.items_released had before 0.2.0, read until 0.3.0.
    @handle_event("invoice.items_released", "invoice.deleted")
    def on_items_released(self, envelope: Envelope) -> None:
        locks.items_released(self._unit_of_work(), envelope)

    @handle_event("invoice.posted")
    def on_invoice_posted(self, envelope: Envelope) -> None:
        locks.invoice_posted(self._unit_of_work(), envelope)

    @handle_event("invoice.voided")
    def on_invoice_voided(self, envelope: Envelope) -> None:
        locks.invoice_voided(self._unit_of_work(), envelope)

    @handle_event("invoice.paid", "payment.recorded", "credit_note.issued")
    def on_balance_reduced(self, envelope: Envelope) -> None:
        receivables.record(self.db.session, tables.receivables, envelope)
