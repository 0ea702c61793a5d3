"""The base every Ledgerline nameko service derives from."""

from __future__ import annotations

from ledgerline_servicekit.db import Database
from ledgerline_servicekit.entrypoints import ActorContext, RequestKey, system_rpc
from ledgerline_servicekit.observability import Observability


class LedgerlineService:
    """Gives a service its database (``self.db``), acting user (``self.actor``), the
    caller's request key (``self.request_key``), logs and metrics, and a ``ping`` RPC
    used for readiness checks."""

    name: str

    db = Database()
    actor = ActorContext()
    request_key = RequestKey()
    observability = Observability()

    @system_rpc
    def ping(self) -> dict:
        return {"service": self.name, "status": "ok"}
