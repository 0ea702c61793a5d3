"""Setting and deleting bill rates (standard, account, matter) and cost rates; each change is in
the audit trail through ``effects``."""

from __future__ import annotations

from ledgerline_contracts import Actor, ValidationFailed
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit import inputs
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_invoicing import storage
from ledgerline_invoicing.domain.pricing import RateScope, scope_of
from ledgerline_invoicing.domain.setup import CostRateSet, RateDeleted, RateSet


def set_rate(uow: SqlUnitOfWork, actor: Actor, command: commands.RateRequest):
    """The rate as stored, replacing what was at its place in the resolution order."""
    with uow:
        session = uow.session
        scope = scope_of(command.account_id, command.matter_id)
        account_id, currency = command.account_id, command.currency
        if scope is RateScope.MATTER:
            matter = storage.work.get_matter(session, actor.org_id, command.matter_id)
            if matter is None:
                raise ValidationFailed("no such matter (or its opening has not reached invoicing yet)", "matter_id")
            if account_id is not None and account_id != matter.account_id:
                raise ValidationFailed("the matter belongs to another account", "matter_id")
            account_id = matter.account_id
        if scope is not RateScope.STANDARD:
            account = storage.accounts.get_account(session, actor.org_id, account_id)
            if currency is not None and currency != account.currency:
                raise ValidationFailed(f"this account bills in {account.currency}", "currency")
            currency = account.currency
        elif currency is None:
            raise ValidationFailed("a standard rate needs a currency", "currency")
        rate = storage.rates.set_rate(session, {
            "org_id": actor.org_id, "scope": scope, "account_id": account_id, "matter_id": command.matter_id,
            "user_id": command.user_id, "activity_code": command.activity_code, "rate": command.rate,
            "currency": currency, "updated_by": actor.user_id})
        uow.record(RateSet(actor, rate))
        return rate


def delete_rate(uow: SqlUnitOfWork, actor: Actor, rate_id) -> None:
    with uow:
        rate = storage.rates.get_rate(uow.session, actor.org_id, inputs.parse_id(rate_id, "rate_id"))
        storage.rates.delete_rate(uow.session, rate.id)
        uow.record(RateDeleted(actor, rate))


def set_cost_rate(uow: SqlUnitOfWork, actor: Actor, user_id, command: commands.CostRateRequest):
    """The user's cost rate as stored (what their time costs the firm, for margins)."""
    with uow:
        session = uow.session
        user = inputs.parse_id(user_id, "user_id")
        storage.rates.set_cost_rate(session, {"org_id": actor.org_id, "user_id": user, "rate": command.rate,
                                              "currency": command.currency, "updated_by": actor.user_id})
        uow.record(CostRateSet(actor, user, command.rate, command.currency))
        (rate,) = [r for r in storage.rates.list_cost_rates(session, actor.org_id) if r.user_id == user]
        return rate
