"""The event handler entrypoint: catalog-declared queues, retries and dead letters.

nameko acks a message even when the handler raised. This entrypoint instead:

- on success, acks;
- on failure, republishes the message (with publisher confirms) to its retry
  queue with a growing per-message TTL, then acks the original; after the TTL
  the broker dead-letters it back to the main queue, so it is delivered again
  later. Nothing is lost if the republish fails: the original is requeued.
- transient failures (database or broker unreachable, an event that overtook the
  one it follows) retry for about a day (``handler_max_transient_attempts``); any
  other failure goes to the ``.dead`` queue after ``handler_max_attempts``
  deliveries; either way it is counted in ``ledgerline_dead_lettered_total``;
- a poison message goes to the ``.dead`` queue at once, counted the same way,
  without holding up the messages behind it: a body that is not JSON (kombu
  would drop it silently, so this consumer takes raw bodies and decodes them
  itself), not an envelope, not this queue's event type, a ``schema_version``
  the catalog does not know (a newer producer: applying it could be wrong), or a
  payload that does not validate against the catalog's model. Unknown fields
  are ignored.

Idempotency is layered on top by :func:`ledgerline_servicekit.entrypoints.handle_event`.
"""

from __future__ import annotations

import json
import traceback
from functools import partial

from nameko.amqp.publish import Publisher
from nameko.containers import ContainerBeingKilled
from nameko.messaging import Consumer
from pydantic import ValidationError

from ledgerline_contracts import CATALOG, Envelope, EventSpec
from ledgerline_servicekit import metrics, topology
from ledgerline_servicekit.broker import ResilientQueueConsumer
from ledgerline_servicekit.config import Settings, settings_from
from ledgerline_servicekit.errors import is_transient
from ledgerline_servicekit.logs import get_logger

log = get_logger(__name__)

ATTEMPTS_HEADER = "x-ledgerline-attempts"
ERROR_HEADER = "x-ledgerline-error"
QUEUE_HEADER = "x-ledgerline-queue"


class HandlerConfigurationError(Exception):
    pass


class PoisonMessage(ValueError):
    """A message no number of retries can handle."""


def read_envelope(message, spec: EventSpec) -> Envelope:
    """The message as an envelope this consumer can apply, or :class:`PoisonMessage` saying why not."""
    try:
        body = message.decode()
        envelope = Envelope.model_validate(body if isinstance(body, dict) else json.loads(body))
    except (ValidationError, ValueError, TypeError) as exc:
        raise PoisonMessage(f"not an event envelope: {exc}") from None
    except Exception as exc:  # kombu's decode errors (bad JSON, a content type it refuses)
        raise PoisonMessage(f"not an event envelope: cannot decode the body: {exc}") from None
    if envelope.event_type != spec.event_type:
        raise PoisonMessage(f"a {envelope.event_type} event on the {spec.event_type} queue")
    if envelope.schema_version not in spec.schema_versions:
        raise PoisonMessage(f"{spec.event_type} schema_version {envelope.schema_version} is unknown here "
                            f"(this consumer reads {', '.join(map(str, spec.schema_versions))})")
    try:
        envelope.parsed_payload()
    except ValidationError as exc:
        raise PoisonMessage(f"the {spec.event_type} payload does not validate: {exc}") from None
    return envelope


def retry_delay_ms(attempt: int, settings: Settings) -> int:
    """Exponential backoff: base, 2×base, 4×base … capped."""
    return min(settings.handler_retry_base_ms * 2 ** max(attempt - 1, 0), settings.handler_retry_max_ms)


class EventHandler(Consumer):
    queue_consumer = ResilientQueueConsumer()

    def __init__(self, event_type: str, **kwargs):
        self.event_type = event_type
        super().__init__(queue=None, **kwargs)

    def setup(self) -> None:
        service = self.container.service_name
        spec = CATALOG.get(self.event_type)
        if spec is None:
            raise HandlerConfigurationError(f"{self.event_type!r} is not in the event catalog")
        if service not in spec.consumers:
            raise HandlerConfigurationError(
                f"{service}.{self.method_name} handles {self.event_type}, but the catalog does "
                f"not list {service} as its consumer; add it there so the topology declares its queue"
            )
        self.spec = spec
        self.settings = settings_from(self.container.config)
        self.service = service
        self.queue = topology.consumer_queue(service, self.event_type, self.settings)
        self.retry_queue = topology.retry_queue(service, self.event_type, self.settings)
        self.dead_queue = topology.dead_queue(service, self.event_type, self.settings)
        # Declared with the same arguments as `ledgerline-topology declare`, so it is a no-op there.
        self.publisher = Publisher(
            self.settings.amqp_uri, declare=[self.retry_queue, self.dead_queue], use_confirms=True
        )
        super().setup()

    # The queue consumer hands this entrypoint the raw message, undecoded (see the module doc).
    raw_messages = True

    def handle_message(self, body, message) -> None:
        try:
            envelope = read_envelope(message, self.spec)
        except PoisonMessage as exc:
            self._give_up(message, str(exc))
            return
        context_data = {"correlation_id": envelope.correlation_id or str(envelope.event_id)}
        try:
            self.container.spawn_worker(
                self, (envelope,), {}, context_data=context_data,
                handle_result=partial(self.handle_result, message),
            )
        except ContainerBeingKilled:
            self.queue_consumer.requeue_message(message)

    def handle_message_processed(self, message, result=None, exc_info=None) -> None:
        if exc_info is None:
            self.queue_consumer.ack_message(message)
            return
        error = exc_info[1]
        attempts = int((message.headers or {}).get(ATTEMPTS_HEADER, 0)) + 1
        transient = is_transient(error)
        try:
            limit = self.settings.handler_max_transient_attempts if transient else self.settings.handler_max_attempts
            if attempts < limit:
                self._republish(message, self.retry_queue.name, attempts, error,
                                expiration=retry_delay_ms(attempts, self.settings) / 1000)
                metrics.HANDLER_RETRIES.labels(self.service, self.event_type, str(transient).lower()).inc()
                log.warning("event handler failed; retrying later", event_type=self.event_type,
                            attempt=attempts, transient=transient, error=repr(error))
            else:
                self._republish(message, self.dead_queue.name, attempts, error)
                metrics.DEAD_LETTERED.labels(self.service, self.event_type).inc()
                log.error("event handler keeps failing; dead-lettered", event_type=self.event_type,
                          attempts=attempts, error=repr(error), queue=self.dead_queue.name)
        except Exception as exc:  # broker trouble: keep the message where it is
            log.warning("could not schedule a retry; requeueing", error=repr(exc))
            self.queue_consumer.requeue_message(message)
            return
        self.queue_consumer.ack_message(message)

    def _republish(self, message, queue: str, attempts: int, error: BaseException,
                   expiration: float | None = None) -> None:
        headers = dict(message.headers or {})
        headers.update({
            ATTEMPTS_HEADER: attempts,
            ERROR_HEADER: "".join(traceback.format_exception_only(type(error), error)).strip()[:1000],
            QUEUE_HEADER: self.queue.name,
        })
        properties = message.properties or {}
        self.publisher.publish(
            message.body,
            exchange="",
            routing_key=queue,
            headers=headers,
            expiration=expiration,
            serializer=None,
            content_type=message.content_type or "application/json",
            content_encoding=message.content_encoding or "utf-8",
            message_id=properties.get("message_id"),
            type=properties.get("type"),
        )

    def _give_up(self, message, reason: str) -> None:
        try:
            self._republish(message, self.dead_queue.name, 1, ValueError(reason))
        except Exception:
            self.queue_consumer.requeue_message(message)
            return
        metrics.DEAD_LETTERED.labels(self.service, self.event_type).inc()
        log.error("poison event dead-lettered", event_type=self.event_type, reason=reason,
                  queue=self.dead_queue.name)
        self.queue_consumer.ack_message(message)


event_handler = EventHandler.decorator
