"""Opening and changing accounts (``account.created``/``account.updated`` and the audit entry come
from the domain events, through ``effects``)."""

from __future__ import annotations

from uuid import uuid4

from ledgerline_contracts import Actor, Conflict, ValidationFailed
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit import inputs
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_invoicing import storage
from ledgerline_invoicing.domain.pricing import RateScope
from ledgerline_invoicing.domain.setup import AccountChanged, AccountCreated

REQUIRED = ("name", "billing_email", "currency", "payment_terms_days", "tax_rate", "active")


def create_account(uow: SqlUnitOfWork, actor: Actor, command: commands.NewAccount):
    """The new account as stored; its own hourly rate, if given, becomes its account rate."""
    with uow:
        session = uow.session
        if storage.accounts.name_taken(session, actor.org_id, command.name):
            raise ValidationFailed(f"an account named {command.name!r} already exists", "name")
        values = {"id": uuid4(), "org_id": actor.org_id, "version": 1, "active": True,
                  **command.model_dump(exclude={"hourly_rate"})}
        storage.accounts.insert_account(session, values)
        if command.hourly_rate is not None:
            storage.rates.set_rate(session, {
                "org_id": actor.org_id, "scope": RateScope.ACCOUNT, "account_id": values["id"],
                "rate": command.hourly_rate, "currency": command.currency, "updated_by": actor.user_id})
        account = storage.accounts.get_account(session, actor.org_id, values["id"])
        uow.record(AccountCreated(actor, account, command.hourly_rate))
        return account


def update_account(uow: SqlUnitOfWork, actor: Actor, account_id, command: commands.AccountChanges):
    """The account as stored after the change; a change to nothing changes nothing (no event)."""
    with uow:
        session = uow.session
        account = storage.accounts.get_account(session, actor.org_id, inputs.parse_id(account_id, "account_id"),
                                               for_update=True)
        values = command.model_dump(exclude_unset=True)
        for required in REQUIRED:
            if required in values and values[required] is None:
                raise ValidationFailed(f"{required} cannot be empty", required)
        values = {k: v for k, v in values.items() if getattr(account, k) != v}
        if not values:
            return account
        if "name" in values and storage.accounts.name_taken(session, actor.org_id, values["name"],
                                                            other_than=account.id):
            raise ValidationFailed(f"an account named {values['name']!r} already exists", "name")
        if "currency" in values and storage.accounts.has_invoices(session, account.id):
            raise Conflict("the currency of an account with invoices cannot change")
        storage.accounts.update_account(session, account.id, **values)
        account = storage.accounts.get_account(session, actor.org_id, account.id)
        uow.record(AccountChanged(actor, account, values))
        return account
