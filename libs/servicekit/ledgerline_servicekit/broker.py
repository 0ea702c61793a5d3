"""Riding out a broker outage: nameko's consumers, made to survive a lost connection.

nameko 2.14 kills the whole container when anything raises in a worker's result
handling, and a lost broker connection does exactly that: the RPC reply cannot be
published, or the ack cannot be sent, and ``ConnectionResetError`` /
``kombu.exceptions.OperationalError`` escapes ("container thread died"). These
subclasses catch broker errors there instead:

- an ack or requeue on a dead connection is dropped: the broker has already
  taken the message back and delivers it again after the reconnect;
- an RPC reply that cannot be sent is dropped too, and the request goes back to
  the queue: it is delivered again, and the kit's request keys
  (:mod:`ledgerline_servicekit.request_keys`) answer the repeat with the first
  result instead of running it a second time;
- the consumer thread reconnects for as long as the broker is away, however long;
- an entrypoint that asks for raw messages (``raw_messages = True``: the event
  handler) gets them undecoded, so it can dead-letter a body kombu cannot decode
  instead of kombu acking and dropping it.

Every entrypoint and RPC proxy of the kit uses these, so a service has one
consumer connection, shared by all of them.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import partial

import amqp.exceptions
import eventlet
import kombu.exceptions
from nameko.messaging import QueueConsumer
from nameko.rpc import ReplyListener, Rpc, RpcConsumer

from ledgerline_servicekit.logs import get_logger

log = get_logger(__name__)

# Everything a lost or refused broker connection raises, whichever layer notices it.
BROKER_ERRORS = (kombu.exceptions.OperationalError, amqp.exceptions.AMQPError, OSError)

# How long the consumer waits between attempts to reach the broker again (kombu's default
# grows to 30 s, which would leave requests queued unanswered long after the broker is back).
RECONNECT_PAUSE_SECONDS = 1.0


class ResilientQueueConsumer(QueueConsumer):
    connect_max_retries = None  # keep trying for as long as the broker is away

    def get_consumers(self, consumer_cls, channel):
        consumers = super().get_consumers(consumer_cls, channel)
        for provider, consumer in self._consumers.items():
            if getattr(provider, "raw_messages", False):
                # kombu then skips decoding, which would ack and drop a body it cannot decode.
                consumer.on_message = partial(self.handle_message, provider, None)
        return consumers

    def ack_message(self, message) -> None:
        try:
            super().ack_message(message)
        except BROKER_ERRORS as exc:
            log.warning("could not ack a message; the broker will deliver it again", error=repr(exc))

    def requeue_message(self, message) -> None:
        try:
            super().requeue_message(message)
        except BROKER_ERRORS as exc:
            log.warning("could not requeue a message; the broker takes it back itself", error=repr(exc))

    @contextmanager
    def establish_connection(self):
        with self.create_connection() as connection:
            connection.ensure_connection(self.on_connection_error, self.connect_max_retries,
                                         interval_start=RECONNECT_PAUSE_SECONDS, interval_step=0,
                                         interval_max=RECONNECT_PAUSE_SECONDS)
            yield connection

    def run(self, *args, **kwargs) -> None:
        # kombu's loop already reconnects on connection errors; some (a channel opened on a
        # connection that just died) leave it as kombu's OperationalError, which would end the
        # thread and with it the container.
        while not self.should_stop:
            try:
                super().run(*args, **kwargs)
            except BROKER_ERRORS as exc:
                if self.should_stop:
                    break
                log.warning("broker connection lost; reconnecting", error=repr(exc))
                eventlet.sleep(RECONNECT_PAUSE_SECONDS)


class ResilientRpcConsumer(RpcConsumer):
    queue_consumer = ResilientQueueConsumer()

    def handle_result(self, message, result, exc_info):
        try:
            return super().handle_result(message, result, exc_info)
        except BROKER_ERRORS as exc:
            # Back to the queue (or, with its connection gone, the broker takes it back itself):
            # it is delivered again and its request key answers it with this same result.
            log.warning("could not send an RPC reply; the request will be answered again",
                        error=repr(exc))
            self.queue_consumer.requeue_message(message)
            return result, exc_info


class ResilientRpc(Rpc):
    rpc_consumer = ResilientRpcConsumer()


class ResilientReplyListener(ReplyListener):
    queue_consumer = ResilientQueueConsumer()


resilient_rpc = ResilientRpc.decorator
