"""Two tiny services built on the kit, standing in for real ones in the kit's tests.

They take real names from the catalog ("invoicing" emits account.*,
"timetracking" consumes it) so the catalog rules apply to them unchanged.
"""

from collections import Counter
from uuid import uuid4

from sqlalchemy import Column, Integer, MetaData, Table, Text, insert, select, text
from sqlalchemy.dialects.postgresql import UUID

from ledgerline_contracts import Role, ValidationFailed
from ledgerline_contracts.events.invoicing import Account
from ledgerline_servicekit.entrypoints import handle_event, rpc
from ledgerline_servicekit.calls import ServiceRpc
from ledgerline_servicekit.errors import TransientError
from ledgerline_servicekit.receivables.storage import receivable_table
from ledgerline_servicekit.service import LedgerlineService

sample_metadata = MetaData()
accounts = Table(
    "sample_accounts", sample_metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("name", Text, nullable=False),
)
applied = Table(
    "sample_applied", sample_metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("event_id", UUID(as_uuid=True), nullable=False),
    Column("name", Text, nullable=False),
)
receivables = receivable_table(sample_metadata)

# How many times each event was attempted, to script flaky failures.
attempts: Counter = Counter()


def account_payload(name: str) -> Account:
    return Account(account_id=uuid4(), version=1, name=name, billing_email="ap@example.test",
                   currency="EUR", payment_terms_days=30, tax_rate="0.2")


class Producer(LedgerlineService):
    name = "invoicing"

    @rpc(allow={Role.BILLING})
    def create_account(self, actor, name: str) -> dict:
        payload = account_payload(name)
        self.db.session.execute(insert(accounts).values(id=payload.account_id, name=name))
        envelope = self.db.record_event("account.created", actor.org_id, payload)
        return {"account_id": str(payload.account_id), "event_id": str(envelope.event_id)}

    @rpc(allow={Role.BILLING})
    def create_then_refuse(self, actor, name: str) -> dict:
        payload = account_payload(name)
        self.db.session.execute(insert(accounts).values(id=payload.account_id, name=name))
        self.db.record_event("account.created", actor.org_id, payload)
        raise ValidationFailed("name is not allowed", "name")

    @rpc(allow=set(Role))
    def whoami(self, actor) -> dict:
        return {"actor": actor, "correlation_id": self.db.correlation_id}

    @rpc(allow={Role.BILLING})
    def sleep_on_server(self, actor, seconds: float) -> dict:
        row = self.db.session.execute(
            text("SELECT clock_timestamp() AS started, pg_sleep(:s), clock_timestamp() AS ended"),
            {"s": seconds},
        ).one()
        return {"started": row.started.isoformat(), "ended": row.ended.isoformat()}

    @rpc(allow={Role.BILLING})
    def create_unnamed(self, actor) -> dict:
        self.db.session.execute(insert(accounts).values(id=uuid4(), name=None))
        return {}

    @rpc(allow={Role.BILLING})
    def lose_the_database(self, actor) -> dict:
        self.db.session.execute(insert(accounts).values(id=uuid4(), name="never kept"))
        self.db.session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return {}

    @rpc(allow={Role.BILLING})
    def count_accounts(self, actor) -> int:
        return len(self.db.session.execute(select(accounts.c.id)).all())


class Consumer(LedgerlineService):
    name = "timetracking"

    @handle_event("account.created", "account.updated")
    def on_account(self, envelope):
        name = envelope.payload["name"]
        attempts[envelope.event_id] += 1
        if name.startswith("boom"):
            raise ValueError("this handler always fails for boom accounts")
        if name.startswith("flaky") and attempts[envelope.event_id] <= 2:
            raise TransientError("database not ready yet")
        if name.startswith("stuck"):
            raise TransientError("what this event follows never arrives")
        self.db.session.execute(insert(applied).values(event_id=envelope.event_id, name=name))


class Caller(LedgerlineService):
    """Calls invoicing the way timetracking does, with a deadline."""

    name = "timetracking"
    invoicing = ServiceRpc("invoicing")

    @rpc(allow={Role.BILLING})
    def ask_invoicing(self, actor, method: str, *args) -> object:
        return getattr(self.invoicing, method)(*args)

    @rpc(allow={Role.BILLING})
    def ask_invoicing_for_each(self, actor, method: str, arguments: list) -> list:
        return [getattr(self.invoicing, method)(argument) for argument in arguments]

