"""Accounts: create, change, deactivate (use cases in :mod:`ledgerline_invoicing.use_cases.accounts`,
which emit ``account.*``), read."""

from __future__ import annotations

from ledgerline_contracts import Actor, NotFound, Role
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import STAFF, rpc

from ledgerline_invoicing import storage
from ledgerline_invoicing.use_cases import accounts
from ledgerline_invoicing.views.accounts import account_view


class AccountEntrypoints:
    @rpc(allow={Role.BILLING})
    def create_account(self, actor: Actor, account: dict) -> dict:
        command = commands.NewAccount.model_validate(account)
        return account_view(accounts.create_account(self._unit_of_work(), actor, command))

    @rpc(allow={Role.BILLING})
    def update_account(self, actor: Actor, account_id: str, changes: dict) -> dict:
        command = commands.AccountChanges.model_validate(changes)
        return account_view(accounts.update_account(self._unit_of_work(), actor, account_id, command))

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
