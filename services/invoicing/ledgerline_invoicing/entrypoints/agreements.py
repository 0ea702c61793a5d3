"""Agreements: each change a use case (:mod:`ledgerline_invoicing.use_cases.agreements`); reads
straight on storage."""

from __future__ import annotations

from ledgerline_contracts import Actor, Role
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_invoicing import storage
from ledgerline_invoicing.use_cases import agreements
from ledgerline_invoicing.views.agreements import agreement_view

AGREEMENT_MANAGERS = {Role.BILLING}


class AgreementEntrypoints:
    @rpc(allow=AGREEMENT_MANAGERS)
    def create_agreement(self, actor: Actor, request: dict) -> dict:
        command = commands.NewAgreement.model_validate(request)
        return self._agreement(actor, agreements.create_agreement(self._unit_of_work(), actor, command))

    @rpc(allow=AGREEMENT_MANAGERS)
    def update_agreement(self, actor: Actor, agreement_id: str, changes: dict) -> dict:
        command = commands.AgreementChanges.model_validate(changes)
        return self._agreement(actor, agreements.change_agreement(self._unit_of_work(), actor, agreement_id, command))

    @rpc(allow=AGREEMENT_MANAGERS)
    def end_agreement(self, actor: Actor, agreement_id: str, request: dict) -> dict:
        command = commands.EndAgreement.model_validate(request)
        return self._agreement(actor, agreements.end_agreement(self._unit_of_work(), actor, agreement_id, command))

    @rpc(allow=AGREEMENT_MANAGERS)
    def get_agreement(self, actor: Actor, agreement_id: str) -> dict:
        return self._agreement(actor, inputs.parse_id(agreement_id, "agreement_id"))

    @rpc(allow=AGREEMENT_MANAGERS)
    def list_agreements(self, actor: Actor, account_id: str | None = None, include_ended: bool = False,
                        limit: int = 50, offset: int = 0) -> dict:
        limit, offset = inputs.page(limit, offset)
        account = inputs.parse_id(account_id, "account_id") if account_id else None
        if account is not None:  # another organization's account: not found
            storage.accounts.get_account(self.db.session, actor.org_id, account)
        rows, total = storage.agreements.list_agreements(self.db.session, actor.org_id, account_id=account,
                                                         include_ended=include_ended, limit=limit, offset=offset)
        return inputs.paged([agreement_view(a, name) for a, name in rows], total, limit, offset)

    def _agreement(self, actor: Actor, agreement_id) -> dict:
        session = self.db.session
        agreement = storage.agreements.load(session, actor.org_id, agreement_id)
        return agreement_view(agreement, storage.accounts.get_account(session, actor.org_id,
                                                                      agreement.account_id).name)
