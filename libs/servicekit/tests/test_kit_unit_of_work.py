"""The unit of work: an aggregate's domain events become outbox events and audit entries with
its change, in one transaction, in one place."""

from dataclasses import dataclass, field
from uuid import uuid4

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import sessionmaker

from ledgerline_servicekit.db import WorkerDatabase
from ledgerline_servicekit.tables import outbox
from ledgerline_servicekit.unit_of_work import AuditEntry, EventMap, InMemoryUnitOfWork, Outgoing, SqlUnitOfWork

from kit_helpers import ORG
from kit_sample import account_payload, applied

USER = uuid4()


@dataclass(frozen=True)
class Opened:
    name: str


@dataclass(frozen=True)
class Forgotten:
    pass


@dataclass
class Account:
    events: list = field(default_factory=list)

    def open(self, name: str) -> None:
        self.events.append(Opened(name))

    def pull_events(self) -> list:
        events, self.events = self.events, []
        return events


def write_audit(session, entry: AuditEntry) -> None:
    session.execute(insert(applied).values(event_id=entry.entity_id, name=f"{entry.action}:{entry.user_name}"))


EVENTS = EventMap(write_audit)
EVENTS.register(Opened, lambda e: [
    Outgoing("account.created", ORG, account_payload(e.name)),
    AuditEntry(ORG, USER, "Ada", "open", "account", uuid4(), {"name": e.name})])


@pytest.fixture
def db(sample_config, sample_engines):
    worker = WorkerDatabase(sessionmaker(sample_engines["invoicing"]), producer="invoicing", correlation_id="c-1")
    yield worker
    worker.close()


def written(db) -> tuple[int, list[str]]:
    with db.transaction() as session:
        events = session.execute(select(func.count()).select_from(outbox)).scalar_one()
        return events, list(session.execute(select(applied.c.name)).scalars())


def test_the_events_an_aggregate_records_are_published_and_audited_when_the_block_ends(db):
    account = Account()
    with SqlUnitOfWork(db, EVENTS) as uow:
        account.open("Acme")
        uow.collect(account)
        assert written(db) == (0, [])  # nothing before the block ends
    assert written(db) == (1, ["open:Ada"])
    assert account.pull_events() == []  # each event is written once


def test_a_refused_use_case_writes_neither_event_nor_audit_entry(db):
    with pytest.raises(ValueError), SqlUnitOfWork(db, EVENTS) as uow:
        account = Account()
        account.open("Acme")
        uow.collect(account)
        raise ValueError("refused")
    assert written(db) == (0, [])


def test_an_event_no_rule_maps_is_refused_and_nothing_is_written(db):
    with pytest.raises(LookupError, match="Forgotten"), SqlUnitOfWork(db, EVENTS) as uow:
        account = Account()
        account.open("Acme")
        uow.collect(account)
        uow.record(Forgotten())
    assert written(db) == (0, [])


def test_the_in_memory_unit_of_work_keeps_what_it_would_write():
    account = Account()
    uow = InMemoryUnitOfWork(EVENTS)
    with uow:
        account.open("Acme")
        uow.collect(account, account)
    assert [e.event_type for e in uow.published] == ["account.created"]
    assert [(a.action, a.details) for a in uow.audited] == [("open", {"name": "Acme"})]
    assert uow.committed == 1
