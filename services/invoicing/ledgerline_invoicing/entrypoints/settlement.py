"""A posted invoice's money: payments, "mark as paid", credit notes, voiding; disputes and
internal notes. Each method is a use case (:mod:`ledgerline_invoicing.use_cases.settlement`) run
in a unit of work, answered with the invoice as the caller sees it."""

from __future__ import annotations

from ledgerline_contracts import Actor, Role
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_invoicing.use_cases import settlement


class SettlementEntrypoints:
    @rpc(allow={Role.BILLING})
    def record_payment(self, actor: Actor, invoice_id: str, payment: dict) -> dict:
        """A payment, partial or whole; with an idempotency key a repeat returns the first result."""
        command = commands.PaymentRequest.model_validate(payment)
        return self._view(actor, settlement.record_payment(self._unit_of_work(), actor, invoice_id, command))

    @rpc(allow={Role.BILLING})
    def mark_paid(self, actor: Actor, invoice_id: str, request: dict | None = None) -> dict:
        """Pay whatever is still owed, once: asking again records nothing more."""
        command = commands.MarkPaidRequest.model_validate(request or {})
        return self._view(actor, settlement.mark_paid(self._unit_of_work(), actor, invoice_id, command))

    @rpc(allow={Role.BILLING})
    def issue_credit_note(self, actor: Actor, invoice_id: str, request: dict) -> dict:
        """Credit an amount (tax included) or chosen lines; numbered in its own gapless series."""
        command = commands.CreditNoteRequest.model_validate(request)
        return self._view(actor, settlement.issue_credit_note(self._unit_of_work(), actor, invoice_id, command))

    @rpc(allow={Role.BILLING})
    def void_invoice(self, actor: Actor, invoice_id: str, request: dict) -> dict:
        """Cancel a posted (or fully credited), unpaid invoice with a credit note for all it still
        charges, and give its entries back to work in progress for rebilling."""
        command = commands.Reason.model_validate(request)
        return self._view(actor, settlement.void_invoice(self._unit_of_work(), actor, invoice_id, command))

    @rpc(allow={Role.BILLING})
    def dispute_invoice(self, actor: Actor, invoice_id: str, request: dict) -> dict:
        """The customer disputes it: reminders pause until it is resolved."""
        command = commands.Reason.model_validate(request)
        return self._view(actor, settlement.dispute_invoice(self._unit_of_work(), actor, invoice_id, command))

    @rpc(allow={Role.BILLING})
    def resolve_dispute(self, actor: Actor, invoice_id: str, request: dict) -> dict:
        command = commands.DisputeResolution.model_validate(request)
        return self._view(actor, settlement.resolve_dispute(self._unit_of_work(), actor, invoice_id, command))

    @rpc(allow={Role.BILLING})
    def add_note(self, actor: Actor, invoice_id: str, note: dict) -> dict:
        """An internal note: the firm sees it on the invoice; customers and the PDF never do."""
        command = commands.InternalNote.model_validate(note)
        return self._view(actor, settlement.add_note(self._unit_of_work(), actor, invoice_id, command))
