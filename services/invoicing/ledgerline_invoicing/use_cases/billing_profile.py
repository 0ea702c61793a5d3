"""Changing the organization's billing profile (in the audit trail through ``effects``)."""

from __future__ import annotations

from ledgerline_contracts import Actor
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_invoicing import storage
from ledgerline_invoicing.domain.setup import BillingProfileChanged


def update_billing_profile(uow: SqlUnitOfWork, actor: Actor, command: commands.BillingProfile) -> dict:
    """The profile as saved; the prefixes number what is posted next."""
    with uow:
        session = uow.session
        before = storage.profiles.get_profile(session, actor.org_id)
        changes = {k: v for k, v in command.model_dump().items() if before[k] != v}
        storage.profiles.save_profile(session, actor.org_id, command.model_dump(), actor.user_id)
        if changes:
            uow.record(BillingProfileChanged(actor, changes))
        return storage.profiles.get_profile(session, actor.org_id)
