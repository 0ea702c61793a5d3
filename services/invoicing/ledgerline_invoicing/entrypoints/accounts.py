"""Accounts: create, change, deactivate, read. Emits ``account.*``."""

from __future__ import annotations

from uuid import uuid4

from ledgerline_contracts import Actor, Conflict, NotFound, Role, ValidationFailed
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import STAFF, rpc

from ledgerline_invoicing import storage
from ledgerline_invoicing.domain.pricing import RateScope
from ledgerline_invoicing.views.accounts import account_event, account_view


class AccountEndpoints:
    @rpc(allow={Role.BILLING})
    def create_account(self, actor: Actor, account: dict) -> dict:
        command = commands.NewAccount.model_validate(account)
        session = self.db.session
        if storage.accounts.name_taken(session, actor.org_id, command.name):
            raise ValidationFailed(f"an account named {command.name!r} already exists", "name")
        values = {"id": uuid4(), "org_id": actor.org_id, "version": 1, "active": True,
                  **command.model_dump(exclude={"hourly_rate"})}
        storage.accounts.insert_account(session, values)
        if command.hourly_rate is not None:
            storage.rates.set_rate(session, {
                "org_id": actor.org_id, "scope": RateScope.ACCOUNT, "account_id": values["id"],
                "rate": command.hourly_rate, "currency": command.currency, "updated_by": actor.user_id})
        row = storage.accounts.get_account(session, actor.org_id, values["id"])
        storage.audit.record(session, actor, "create", "account", row.id,
                             {"name": row.name, "hourly_rate": str(command.hourly_rate)
                              if command.hourly_rate is not None else None})
        self.db.record_event("account.created", actor.org_id, account_event(row))
        return account_view(row)

    @rpc(allow={Role.BILLING})
    def update_account(self, actor: Actor, account_id: str, changes: dict) -> dict:
        command = commands.AccountChanges.model_validate(changes)
        session = self.db.session
        account = storage.accounts.get_account(session, actor.org_id, inputs.parse_id(account_id, "account_id"),
                                               for_update=True)
        values = command.model_dump(exclude_unset=True)
        for required in ("name", "billing_email", "currency", "payment_terms_days", "tax_rate", "active"):
            if required in values and values[required] is None:
                raise ValidationFailed(f"{required} cannot be empty", required)
        values = {k: v for k, v in values.items() if getattr(account, k) != v}
        if not values:
            return account_view(account)
        if "name" in values and storage.accounts.name_taken(session, actor.org_id, values["name"],
                                                            other_than=account.id):
            raise ValidationFailed(f"an account named {values['name']!r} already exists", "name")
        if "currency" in values and storage.accounts.has_invoices(session, account.id):
            raise Conflict("the currency of an account with invoices cannot change")
        storage.accounts.update_account(session, account.id, **values)
        row = storage.accounts.get_account(session, actor.org_id, account.id)
        storage.audit.record(session, actor, "update", "account", row.id,
                             {k: str(v) for k, v in values.items()})
        self.db.record_event("account.updated", actor.org_id, account_event(row))
        return account_view(row)

    @rpc(allow=STAFF | {Role.CUSTOMER})
    def get_account(self, actor: Actor, account_id: str) -> dict:
        account_id = inputs.parse_id(account_id, "account_id")
        if actor.is_customer and account_id != actor.account_id:
            raise NotFound("no such account", "account_id")
        return account_view(storage.accounts.get_account(self.db.session, actor.org_id, account_id))

    @rpc(allow=STAFF)
    def list_accounts(self, actor: Actor, limit: int = 50, offset: int = 0) -> dict:
        limit, offset = inputs.page(limit, offset)
        rows, total = storage.accounts.list_accounts(self.db.session, actor.org_id, limit=limit, offset=offset)
        return inputs.paged([account_view(r) for r in rows], total, limit, offset)
