"""The account replica, from invoicing's account events (work orders are for known, active accounts)."""

from __future__ import annotations

from ledgerline_contracts import Envelope
from ledgerline_servicekit import replicas
from ledgerline_servicekit.entrypoints import handle_event

from ledgerline_workorders import storage


class AccountEntrypoints:
    @handle_event("account.created", "account.updated")
    def on_account(self, envelope: Envelope) -> None:
        replicas.apply_account_event(self.db.session, storage.accounts, envelope)
