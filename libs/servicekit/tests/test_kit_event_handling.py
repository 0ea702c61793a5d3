"""Event handlers on the real broker: idempotent, retried, dead-lettered, never lost."""

from uuid import UUID

import kombu
import pytest
from nameko.testing.services import entrypoint_hook
from prometheus_client import REGISTRY
from sqlalchemy import select

from ledgerline_contracts import Envelope
from ledgerline_servicekit import dead_letters
from ledgerline_servicekit.outbox import ConfirmingPublisher, OutgoingMessage
from ledgerline_servicekit.tables import processed_events
from ledgerline_servicekit.testing.fixtures import wait_until
from ledgerline_servicekit.topology import declare_all

import kit_sample as sample
from kit_helpers import ORG, actor_json, drain, purge, queue_depth
from kit_sample import Consumer, Producer, account_payload, applied

MAIN = "timetracking.account.created"
DEAD = MAIN + ".dead"


@pytest.fixture
def topology(sample_settings, sample_config):
    declare_all(sample_settings)
    purge(sample_settings.amqp_uri, MAIN, MAIN + ".retry", DEAD)
    return sample_settings


@pytest.fixture
def producer(container_factory, sample_config, topology):
    container = container_factory(Producer, sample_config)
    container.start()
    return container


@pytest.fixture
def consumer(container_factory, sample_config, topology):
    container = container_factory(Consumer, sample_config)
    container.start()
    return container


def applied_names(engines) -> list[str]:
    with engines["timetracking"].connect() as connection:
        return connection.execute(select(applied.c.name).order_by(applied.c.seq)).scalars().all()


def create_account(producer, name: str) -> dict:
    with entrypoint_hook(producer, "create_account", context_data={"actor": actor_json()}) as hook:
        return hook(name)


def publish_raw(settings, envelope: Envelope, times: int = 1) -> None:
    publisher = ConfirmingPublisher(settings.amqp_uri, producer="invoicing")
    body = envelope.model_dump_json()
    publisher.publish_batch([OutgoingMessage("invoicing.events", envelope.event_type, body,
                                             str(envelope.event_id), {})] * times)
    publisher.close()


def metric(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_an_event_flows_from_outbox_to_handler_once(producer, consumer, sample_engines):
    create_account(producer, "Acme")
    wait_until(lambda: applied_names(sample_engines) == ["Acme"], message="Acme applied")


def test_a_duplicate_delivery_leaves_one_effect(consumer, sample_settings, sample_engines):
    envelope = Envelope(event_type="account.created", org_id=ORG, producer="invoicing",
                        payload=account_payload("Twice").model_dump(mode="json"))
    skipped_before = metric("ledgerline_duplicate_events_total", service="timetracking", handler="on_account")
    publish_raw(sample_settings, envelope, times=2)
    wait_until(lambda: metric("ledgerline_duplicate_events_total", service="timetracking",
                              handler="on_account") == skipped_before + 1, message="duplicate skipped")
    assert applied_names(sample_engines) == ["Twice"]
    with sample_engines["timetracking"].connect() as connection:
        claims = connection.execute(select(processed_events)).all()
    assert [(c.event_id, c.handler) for c in claims] == [(envelope.event_id, "on_account")]


def test_transient_failures_are_retried_until_they_succeed(producer, consumer, sample_engines):
    retries_before = metric("ledgerline_handler_retries_total", service="timetracking",
                            event_type="account.created", transient="true")
    create_account(producer, "flaky Ltd")
    wait_until(lambda: applied_names(sample_engines) == ["flaky Ltd"], message="flaky applied")
    assert metric("ledgerline_handler_retries_total", service="timetracking",
                  event_type="account.created", transient="true") == retries_before + 2


def test_a_message_that_keeps_failing_is_dead_lettered_and_counted(producer, consumer, sample_settings,
                                                                   sample_engines):
    dead_before = metric("ledgerline_dead_lettered_total", service="timetracking", event_type="account.created")
    result = create_account(producer, "boom Inc")
    wait_until(lambda: queue_depth(sample_settings.amqp_uri, DEAD) == 1, message="message dead-lettered")
    assert applied_names(sample_engines) == []
    assert metric("ledgerline_dead_lettered_total", service="timetracking",
                  event_type="account.created") == dead_before + 1
    assert sample.attempts[UUID(result["event_id"])] == sample_settings.handler_max_attempts
    assert dead_letters.counts(sample_settings)[DEAD] == 1
    (body, headers, properties), = drain(sample_settings.amqp_uri, DEAD)
    assert body["event_id"] == result["event_id"]
    assert properties["message_id"] == result["event_id"]
    assert headers["x-ledgerline-attempts"] == sample_settings.handler_max_attempts
    assert "always fails" in headers["x-ledgerline-error"]


def test_replay_returns_dead_letters_to_the_main_queue(sample_settings, topology):
    envelope = Envelope(event_type="account.created", org_id=ORG, producer="invoicing",
                        payload=account_payload("parked").model_dump(mode="json"))
    with kombu.Connection(sample_settings.amqp_uri) as connection:
        kombu.Producer(connection.channel()).publish(
            envelope.model_dump_json(), exchange="", routing_key=DEAD, serializer=None,
            content_type="application/json", headers={"x-ledgerline-attempts": 3, "x-ledgerline-error": "x"})
    assert dead_letters.replay(sample_settings, DEAD) == 1
    replayed = drain(sample_settings.amqp_uri, MAIN)
    assert [(body["event_id"], headers["x-ledgerline-attempts"]) for body, headers, _ in replayed] == [
        (str(envelope.event_id), 0)]
    assert queue_depth(sample_settings.amqp_uri, DEAD) == 0


def test_a_body_that_is_not_an_envelope_goes_straight_to_the_dead_letter_queue(consumer, sample_settings):
    with kombu.Connection(sample_settings.amqp_uri) as connection:
        kombu.Producer(connection.channel()).publish(
            b'{"not": "an envelope"}', exchange="invoicing.events", routing_key="account.created",
            serializer=None, content_type="application/json")
    wait_until(lambda: queue_depth(sample_settings.amqp_uri, DEAD) == 1, message="malformed dead-lettered")
    (body, headers, _), = drain(sample_settings.amqp_uri, DEAD)
    assert body == {"not": "an envelope"}
    assert "not an event envelope" in headers["x-ledgerline-error"]


def test_events_published_before_the_consumer_first_starts_are_kept(
        producer, container_factory, sample_config, sample_engines):
    create_account(producer, "Early Bird")
    wait_until(lambda: queue_depth(sample_config["LEDGERLINE"].amqp_uri, MAIN) == 1,
               message="event waiting in the consumer's queue")
    consumer = container_factory(Consumer, sample_config)
    consumer.start()
    wait_until(lambda: applied_names(sample_engines) == ["Early Bird"], message="kept event applied")


def test_a_transient_failure_that_never_ends_is_dead_lettered_in_the_end(
        container_factory, sample_settings, topology, sample_engines):
    from ledgerline_servicekit.config import nameko_config

    settings = sample_settings.model_copy(update={"handler_max_transient_attempts": 3})
    container_factory(Consumer, nameko_config(settings)).start()
    producer = container_factory(Producer, nameko_config(settings))
    producer.start()
    create_account(producer, "stuck Ltd")
    wait_until(lambda: queue_depth(settings.amqp_uri, DEAD) == 1, message="stuck event dead-lettered")
    (_, headers, _), = drain(settings.amqp_uri, DEAD)
    assert headers["x-ledgerline-attempts"] == 3 and "never arrives" in headers["x-ledgerline-error"]
    assert applied_names(sample_engines) == []


def poison_bodies() -> dict[str, tuple[bytes, str]]:
    """Messages no retry can handle, and what the dead-letter header says about each."""
    good = Envelope(event_type="account.created", org_id=ORG, producer="invoicing",
                    payload=account_payload("poison").model_dump(mode="json"))
    as_dict = good.model_dump(mode="json")
    return {
        "not JSON": (b'{"event_type": "account.created", ', "cannot decode the body"),
        "no envelope": (b'{"not": "an envelope"}', "not an event envelope"),
        "unknown version": (Envelope(**{**as_dict, "schema_version": 99}).model_dump_json().encode(),
                            "schema_version 99 is unknown here"),
        "invalid payload": (Envelope(**{**as_dict, "payload": {"name": "no id"}}).model_dump_json().encode(),
                            "payload does not validate"),
        "another event type": (Envelope(**{**as_dict, "event_type": "account.updated"}).model_dump_json().encode(),
                               "a account.updated event on the account.created queue"),
    }


@pytest.mark.parametrize("kind", list(poison_bodies()))
def test_a_poison_message_is_dead_lettered_at_once_and_the_events_behind_it_still_apply(
        consumer, sample_settings, sample_engines, kind):
    body, reason = poison_bodies()[kind]
    dead_before = metric("ledgerline_dead_lettered_total", service="timetracking", event_type="account.created")
    behind = Envelope(event_type="account.created", org_id=ORG, producer="invoicing",
                      payload={**account_payload("behind it").model_dump(mode="json"), "added_later": "ignored"})
    with kombu.Connection(sample_settings.amqp_uri) as connection:
        publish = kombu.Producer(connection.channel()).publish
        publish(body, exchange="invoicing.events", routing_key="account.created", serializer=None,
                content_type="application/json", content_encoding="utf-8")
        publish(behind.model_dump_json(), exchange="invoicing.events", routing_key="account.created",
                serializer=None, content_type="application/json", content_encoding="utf-8")
    wait_until(lambda: applied_names(sample_engines) == ["behind it"], message="the good event applied")
    wait_until(lambda: queue_depth(sample_settings.amqp_uri, DEAD) == 1, message="the poison dead-lettered")
    assert metric("ledgerline_dead_lettered_total", service="timetracking",
                  event_type="account.created") == dead_before + 1
    assert dead_letters.counts(sample_settings)[DEAD] == 1  # what `ledgerline-dead-letters list` shows
    with kombu.Connection(sample_settings.amqp_uri) as connection:
        message = connection.channel().basic_get(DEAD, no_ack=True)
    assert message.body == body.decode()  # kept as it came, for whoever looks into it
    assert reason in message.headers["x-ledgerline-error"]
