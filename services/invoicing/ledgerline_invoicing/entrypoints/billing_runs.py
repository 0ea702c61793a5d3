"""Billing runs: start, progress, resume, the pre-flight review, bulk approval and posting
(:mod:`ledgerline_invoicing.use_cases.billing_runs`), and the handler that drafts one account —
every replica consumes ``billing_run.account_due`` from the same queue."""

from __future__ import annotations

from decimal import Decimal

from ledgerline_contracts import Actor, Envelope, Role
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_contracts.events.invoicing import BillingRunAccountDue
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import handle_event, rpc

from ledgerline_invoicing import storage
from ledgerline_invoicing.use_cases import billing_runs
from ledgerline_invoicing.views import billing_runs as views

RUN_MANAGERS = {Role.BILLING}


class BillingRunEntrypoints:
    @rpc(allow=RUN_MANAGERS)
    def start_billing_run(self, actor: Actor, request: dict) -> dict:
        command = commands.NewBillingRun.model_validate(request)
        return self._run(actor, billing_runs.start_run(self._unit_of_work(), actor, command))

    @rpc(allow=RUN_MANAGERS)
    def resume_billing_run(self, actor: Actor, run_id: str) -> dict:
        return self._run(actor, billing_runs.resume_run(self._unit_of_work(), actor, run_id))

    @rpc(allow=RUN_MANAGERS)
    def get_billing_run(self, actor: Actor, run_id: str) -> dict:
        return self._run(actor, inputs.parse_id(run_id, "run_id"))

    @rpc(allow=RUN_MANAGERS)
    def list_billing_runs(self, actor: Actor, limit: int = 50, offset: int = 0) -> dict:
        limit, offset = inputs.page(limit, offset)
        runs, total = storage.billing_runs.list_runs(self.db.session, actor.org_id, limit=limit, offset=offset)
        return inputs.paged([views.run_view(run, storage.billing_runs.run_accounts(self.db.session, run.id))
                             for run in runs], total, limit, offset)

    @rpc(allow=RUN_MANAGERS)
    def review_billing_run(self, actor: Actor, run_id: str, jump_percent: str = "50") -> dict:
        percent = commands.ReviewFilters.model_validate({"jump_percent": jump_percent}).jump_percent
        run, reviewed = billing_runs.review_run(self.db.session, actor, run_id, Decimal(percent))
        return views.review_view(run, reviewed, percent)

    @rpc(allow={Role.PARTNER})
    def approve_run_drafts(self, actor: Actor, run_id: str, request: dict) -> dict:
        command = commands.DraftSelection.model_validate(request)
        return views.bulk_view(billing_runs.approve_drafts(self._unit_of_work(), actor, run_id, command))

    @rpc(allow={Role.BILLING})
    def post_run_drafts(self, actor: Actor, run_id: str, request: dict) -> dict:
        command = commands.DraftSelection.model_validate(request)
        return views.bulk_view(billing_runs.post_drafts(self._unit_of_work(), actor, run_id, command))

    @handle_event("billing_run.account_due")
    def on_billing_run_account_due(self, envelope: Envelope) -> None:
        billing_runs.bill_account(self._unit_of_work(), envelope.org_id, envelope.payload_as(BillingRunAccountDue))

    def _run(self, actor: Actor, run_id) -> dict:
        session = self.db.session
        run = storage.billing_runs.get_run(session, actor.org_id, run_id)
        return views.run_view(run, storage.billing_runs.run_accounts(session, run.id))
