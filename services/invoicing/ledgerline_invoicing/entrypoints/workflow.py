"""A draft's way to a posted invoice: approval, posting, deletion. Each method is a use case
(:mod:`ledgerline_invoicing.use_cases.workflow`) run in a unit of work."""

from __future__ import annotations

from ledgerline_contracts import Actor, Role
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_invoicing.use_cases import workflow


class WorkflowEntrypoints:
    @rpc(allow={Role.PARTNER})
    def approve_invoice(self, actor: Actor, invoice_id: str, confirm_unpriced: bool = False) -> dict:
        return self._view(actor, workflow.approve_invoice(self._unit_of_work(), actor, invoice_id, confirm_unpriced))

    @rpc(allow={Role.BILLING})
    def post_invoice(self, actor: Actor, invoice_id: str, confirm_unpriced: bool = False) -> dict:
        """Number it (gapless per organization and year), date it, set its due date from the
        account's terms, freeze it."""
        return self._view(actor, workflow.post_invoice(self._unit_of_work(), actor, invoice_id, confirm_unpriced))

    @rpc(allow={Role.BILLING})
    def delete_invoice(self, actor: Actor, invoice_id: str) -> None:
        """Throw a draft (or approved draft) away: every entry it claimed is billable again."""
        workflow.delete_invoice(self._unit_of_work(), actor, invoice_id)
