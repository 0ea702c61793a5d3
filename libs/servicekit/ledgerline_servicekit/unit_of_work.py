"""The unit of work a use case runs in: one place where domain events become outbox events and
audit entries, in the same transaction as the change.

An aggregate records what happened as plain domain events; it knows nothing of the outbox or
of a service's audit table. The use case hands the aggregate to :meth:`UnitOfWork.collect`;
when the ``with`` block ends, the unit of work asks the service's :class:`EventMap` what each
domain event becomes — outbox events (:class:`Outgoing`) and audit entries
(:class:`AuditEntry`) — and writes them before the transaction commits. A block that raises
writes nothing, and the transaction rolls back.

:class:`SqlUnitOfWork` works over the worker's :class:`~ledgerline_servicekit.db.WorkerDatabase`
inside the ``rpc``/``handle_event`` decorators (its block nests in their transaction, so request
keys and outage handling are theirs); :class:`InMemoryUnitOfWork` keeps what it would have
written in lists, for use-case tests without a database. Either can carry a service's
repositories by name (``SqlUnitOfWork(db, events, invoices=...)`` gives ``uow.invoices``), so a
use case loads and saves its aggregates the same way over the database and over memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

from pydantic import BaseModel

if TYPE_CHECKING:
    from ledgerline_servicekit.db import WorkerDatabase


@dataclass(frozen=True)
class Outgoing:
    """An event for other services, published through the outbox."""

    event_type: str
    org_id: UUID
    payload: BaseModel


@dataclass(frozen=True)
class AuditEntry:
    """Who did what to which entity, and why: a row in the service's own audit table."""

    org_id: UUID
    user_id: UUID
    user_name: str
    action: str
    entity: str
    entity_id: UUID
    details: dict = field(default_factory=dict)
    reason: str | None = None


Effect = Outgoing | AuditEntry


class RecordsEvents(Protocol):
    """An aggregate: it records domain events as it changes, and gives them up once."""

    def pull_events(self) -> list[Any]: ...


class EventMap:
    """A service's rules for what each kind of domain event becomes.

    ``register(EventClass, fn)`` with ``fn(event) -> iterable of Outgoing | AuditEntry``; every
    domain event a unit of work collects must have a rule, so none is silently dropped.
    ``write_audit(session, entry)`` stores an audit entry in the service's table.
    """

    def __init__(self, write_audit: Callable[[Any, AuditEntry], None] | None = None):
        self._rules: dict[type, Callable[[Any], Iterable[Effect]]] = {}
        self.write_audit = write_audit

    def register(self, event_class: type, rule: Callable[[Any], Iterable[Effect]]) -> None:
        self._rules[event_class] = rule

    def effects_of(self, event: Any) -> list[Effect]:
        rule = self._rules.get(type(event))
        if rule is None:
            raise LookupError(f"no rule says what {type(event).__name__} becomes")
        return list(rule(event))


class UnitOfWork:
    """``with uow: ...; uow.collect(aggregate)`` — the block's domain events are written at its end.

    ``repositories`` become attributes: where the use cases load and save aggregates.
    """

    def __init__(self, events: EventMap, **repositories: Any):
        self.events = events
        for name, repository in repositories.items():
            setattr(self, name, repository)
        self._collected: list[RecordsEvents] = []
        self._loose: list[Any] = []

    def collect(self, *aggregates: RecordsEvents) -> None:
        """Write these aggregates' domain events when the block ends (each aggregate once)."""
        self._collected.extend(a for a in aggregates if all(a is not b for b in self._collected))

    def record(self, *domain_events: Any) -> None:
        """Domain events that no aggregate holds (a fact about several, or about none loaded)."""
        self._loose.extend(domain_events)

    def __enter__(self) -> UnitOfWork:
        self._collected, self._loose = [], []
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.flush()
        self._collected, self._loose = [], []

    def flush(self) -> None:
        """Write the domain events collected so far (the block's end calls this)."""
        pending, self._loose = self._loose, []
        for aggregate in self._collected:
            pending.extend(aggregate.pull_events())
        for event in pending:
            for effect in self.events.effects_of(event):
                if isinstance(effect, Outgoing):
                    self._publish(effect)
                else:
                    self._audit(effect)

    def _publish(self, event: Outgoing) -> None:
        raise NotImplementedError

    def _audit(self, entry: AuditEntry) -> None:
        raise NotImplementedError


class SqlUnitOfWork(UnitOfWork):
    """Over the worker's database: outbox rows and audit rows in the worker's transaction."""

    def __init__(self, db: WorkerDatabase, events: EventMap, **repositories: Any):
        super().__init__(events, **repositories)
        self.db = db
        self._transaction = None

    @property
    def session(self):
        return self.db.session

    def __enter__(self) -> SqlUnitOfWork:
        super().__enter__()
        self._transaction = self.db.transaction()
        self._transaction.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool | None:
        transaction, self._transaction = self._transaction, None
        try:
            super().__exit__(exc_type, exc, tb)
        except BaseException as failed:
            # Writing the events failed: the transaction rolls back with the change.
            if not transaction.__exit__(type(failed), failed, failed.__traceback__):
                raise
            return None
        return transaction.__exit__(exc_type, exc, tb)

    def _publish(self, event: Outgoing) -> None:
        self.db.record_event(event.event_type, event.org_id, event.payload)

    def _audit(self, entry: AuditEntry) -> None:
        if self.events.write_audit is None:
            raise LookupError("this service keeps no audit trail; its event map has no write_audit")
        self.events.write_audit(self.session, entry)


class InMemoryUnitOfWork(UnitOfWork):
    """For use-case tests: what would have been published and audited, in lists."""

    def __init__(self, events: EventMap, **repositories: Any):
        super().__init__(events, **repositories)
        self.published: list[Outgoing] = []
        self.audited: list[AuditEntry] = []
        self.committed = 0

    def flush(self) -> None:
        super().flush()
        self.committed += 1

    def _publish(self, event: Outgoing) -> None:
        self.published.append(event)

    def _audit(self, entry: AuditEntry) -> None:
        self.audited.append(entry)
