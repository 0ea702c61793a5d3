"""The outbox: events are written with the change and published only with a confirm."""

from uuid import uuid4

import kombu
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledgerline_contracts.events.invoicing import InvoiceItems, InvoiceItemsReleased
from ledgerline_contracts.events.timetracking import TimeEntryDeleted
from ledgerline_servicekit import outbox as kit_outbox
from ledgerline_servicekit.outbox import ConfirmingPublisher, OutboxRelay
from ledgerline_servicekit.tables import outbox
from ledgerline_servicekit.topology import declare_exchange

from kit_helpers import ORG, drain
from kit_sample import account_payload

TAP = "test.tap.account.created"


@pytest.fixture
def invoicing_engine(sample_config, sample_engines):
    return sample_engines["invoicing"]


@pytest.fixture
def tap(sample_settings):
    """A queue of our own on invoicing.events, to see what the relay published."""
    with kombu.Connection(sample_settings.amqp_uri) as connection:
        channel = connection.channel()
        declare_exchange(channel, "invoicing")
        channel.queue_declare(TAP, durable=False, auto_delete=False)
        channel.queue_purge(TAP)
        channel.queue_bind(TAP, "invoicing.events", "account.created")
    yield TAP
    drain(sample_settings.amqp_uri, TAP)


def write_events(engine, count: int) -> list:
    with Session(engine) as session, session.begin():
        return [
            kit_outbox.add(session, producer="invoicing", event_type="account.created", org_id=ORG,
                           payload=account_payload(f"Account {i}"), correlation_id="corr-1")
            for i in range(count)
        ]


def unsent(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(
            select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))).scalar_one()


def test_an_event_can_only_come_from_its_catalog_producer(invoicing_engine):
    with Session(invoicing_engine) as session:
        with pytest.raises(ValueError, match="timetracking may not emit account.created"):
            kit_outbox.add(session, producer="timetracking", event_type="account.created", org_id=ORG,
                           payload=account_payload("x"), correlation_id=None)
        wrong = TimeEntryDeleted(entry_id=uuid4(), version=1, user_id=uuid4(), account_id=uuid4())
        with pytest.raises(TypeError, match="carries Account"):
            kit_outbox.add(session, producer="invoicing", event_type="account.created", org_id=ORG,
                           payload=wrong, correlation_id=None)
        released = InvoiceItemsReleased(invoice_id=uuid4(), account_id=uuid4(), released=InvoiceItems())
        with pytest.raises(ValueError, match="invoice.deleted is retired .*: emit invoice.items_released"):
            kit_outbox.add(session, producer="invoicing", event_type="invoice.deleted", org_id=ORG,
                           payload=released, correlation_id=None)


def test_relay_publishes_in_confirmed_batches_and_marks_rows_sent(invoicing_engine, sample_settings, tap):
    written = write_events(invoicing_engine, 1200)
    relay = OutboxRelay(invoicing_engine, ConfirmingPublisher(sample_settings.amqp_uri, producer="invoicing"),
                        service="invoicing", batch_size=500)
    assert [relay.relay_batch() for _ in range(4)] == [500, 500, 200, 0]
    relay.publisher.close()

    assert unsent(invoicing_engine) == 0
    assert REGISTRY.get_sample_value("ledgerline_outbox_backlog", {"service": "invoicing"}) == 0
    messages = drain(sample_settings.amqp_uri, tap)
    assert len(messages) == 1200
    body, headers, properties = messages[0]
    assert body["event_id"] == str(written[0].event_id)
    assert body["payload"]["name"] == "Account 0"
    assert body["correlation_id"] == "corr-1" and headers["correlation_id"] == "corr-1"
    assert properties["message_id"] == str(written[0].event_id)
    assert properties["delivery_mode"] == 2  # persistent
    assert [m[0]["payload"]["name"] for m in messages] == [f"Account {i}" for i in range(1200)]


def test_nothing_is_marked_sent_while_the_broker_is_unreachable(invoicing_engine, sample_settings, tap):
    write_events(invoicing_engine, 3)
    unreachable = ConfirmingPublisher("amqp://guest:guest@127.0.0.1:1/", producer="invoicing")
    relay = OutboxRelay(invoicing_engine, unreachable, service="invoicing")
    with pytest.raises(OSError):
        relay.relay_batch()
    assert unsent(invoicing_engine) == 3
    assert drain(sample_settings.amqp_uri, tap) == []

    relay.publisher = ConfirmingPublisher(sample_settings.amqp_uri, producer="invoicing")
    assert relay.relay_batch() == 3
    relay.publisher.close()
    assert unsent(invoicing_engine) == 0
    assert len(drain(sample_settings.amqp_uri, tap)) == 3


def test_a_rolled_back_change_leaves_no_event(invoicing_engine):
    with Session(invoicing_engine) as session:
        with session.begin():
            kit_outbox.add(session, producer="invoicing", event_type="account.created", org_id=ORG,
                           payload=account_payload("never"), correlation_id=None)
            session.rollback()
    assert unsent(invoicing_engine) == 0
