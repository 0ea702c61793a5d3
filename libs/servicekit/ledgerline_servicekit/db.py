"""Database access for nameko services: SQLAlchemy 2 + psycopg 3, one session per worker.

The :class:`Database` dependency gives each worker a :class:`WorkerDatabase`.
Its :meth:`~WorkerDatabase.transaction` commits when the block ends; the kit's
entrypoint decorators wrap every RPC method and event handler in it, so the
commit happens *before* nameko sends the RPC reply or acks the message (nameko
runs those before any dependency teardown hook, which is too late to commit).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from uuid import UUID
from weakref import WeakKeyDictionary

from nameko.extensions import DependencyProvider
from pydantic import BaseModel
from sqlalchemy import Engine, Table, create_engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session, sessionmaker

from ledgerline_contracts import Envelope
from ledgerline_servicekit import outbox
from ledgerline_servicekit.config import Settings, settings_from
from ledgerline_servicekit.tables import processed_events

if TYPE_CHECKING:
    from ledgerline_servicekit.outbox import OutboxRelay


def make_engine(url: str, settings: Settings) -> Engine:
    """A bounded pool: at most ``settings.db_connections()`` connections (docs/operations.md)."""
    return create_engine(
        url,
        pool_size=settings.db_connections() - settings.db_max_overflow,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_seconds,
        pool_pre_ping=True,  # a restarted PostgreSQL leaves dead connections in the pool
        pool_recycle=1800,
    )


def correlation_id_of(worker_ctx) -> str:
    """The request's correlation id: set by the gateway, carried by RPC and events."""
    return worker_ctx.data.get("correlation_id") or worker_ctx.origin_call_id or worker_ctx.call_id


class WorkerDatabase:
    """One worker's view of its service's database."""

    def __init__(self, factory: sessionmaker, producer: str, correlation_id: str | None,
                 on_events_committed=None):
        self._factory = factory
        self._session: Session | None = None
        self._depth = 0
        self._events_pending = False
        self._on_events_committed = on_events_committed
        self.producer = producer
        self.correlation_id = correlation_id

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = self._factory()
        return self._session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Commit at the end of the outermost block; roll back if it raises."""
        self._depth += 1
        try:
            yield self.session
            if self._depth == 1:
                self.session.commit()
                if self._events_pending and self._on_events_committed:
                    self._on_events_committed()
                self._events_pending = False
        except BaseException:
            if self._depth == 1:
                self.session.rollback()
                self._events_pending = False
            raise
        finally:
            self._depth -= 1

    def record_event(self, event_type: str, org_id: UUID, payload: BaseModel) -> Envelope:
        """Write an event to the outbox in this worker's transaction."""
        envelope = outbox.add(
            self.session,
            producer=self.producer,
            event_type=event_type,
            org_id=org_id,
            payload=payload,
            correlation_id=self.correlation_id,
        )
        self._events_pending = True
        return envelope

    def claim_event(self, envelope: Envelope, handler: str) -> bool:
        """Record that ``handler`` applies ``envelope``; False if it already has."""
        return claim_event(self.session, envelope, handler)

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


def claim_event(session: Session, envelope: Envelope, handler: str) -> bool:
    row = session.execute(
        pg_insert(processed_events)
        .values(event_id=envelope.event_id, handler=handler, event_type=envelope.event_type)
        .on_conflict_do_nothing()
        .returning(processed_events.c.event_id)
    ).first()
    return row is not None


def upsert_if_newer(session: Session, table: Table, values: dict, version_column: str = "version") -> bool:
    """Insert a replica row, or update it only if ``values`` carries a newer version.

    Events arrive at least once and in any order; an older version than the
    one held is ignored. Returns whether the row was written.
    """
    keys = [column.name for column in table.primary_key.columns]
    statement = pg_insert(table).values(**values)
    updates = {name: statement.excluded[name] for name in values if name not in keys}
    statement = statement.on_conflict_do_update(
        index_elements=keys,
        set_=updates,
        where=table.c[version_column] < statement.excluded[version_column],
    ).returning(table.c[keys[0]])
    return session.execute(statement).first() is not None


class Database(DependencyProvider):
    """The service's database, and the relay that publishes its outbox."""

    def __init__(self, service_name: str | None = None):
        self._service_name = service_name
        self._workers: WeakKeyDictionary = WeakKeyDictionary()

    def setup(self) -> None:
        from ledgerline_servicekit.outbox import ConfirmingPublisher, OutboxRelay

        settings = settings_from(self.container.config)
        self.service_name = self._service_name or self.container.service_name
        self.engine = make_engine(settings.database_url_for(self.service_name), settings)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        self.relay: OutboxRelay = OutboxRelay(
            self.engine,
            ConfirmingPublisher(settings.amqp_uri, producer=self.service_name),
            service=self.service_name,
            batch_size=settings.relay_batch_size,
            poll_seconds=settings.relay_poll_seconds,
            retention_days=settings.relay_retention_days,
        )

    def start(self) -> None:
        self.container.spawn_managed_thread(self.relay.run_forever, identifier="outbox_relay")

    def stop(self) -> None:
        self.relay.stop()
        self.engine.dispose()

    def kill(self) -> None:
        self.stop()

    def get_dependency(self, worker_ctx) -> WorkerDatabase:
        worker_db = WorkerDatabase(
            self.session_factory,
            producer=self.service_name,
            correlation_id=correlation_id_of(worker_ctx),
            on_events_committed=self.relay.wake,
        )
        self._workers[worker_ctx] = worker_db
        return worker_db

    def worker_teardown(self, worker_ctx) -> None:
        worker_db = self._workers.pop(worker_ctx, None)
        if worker_db is not None:
            worker_db.close()
