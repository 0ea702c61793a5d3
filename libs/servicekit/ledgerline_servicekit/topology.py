"""Exchanges, queues, bindings and dead-letter queues, all from the event catalog.

For every event type, the producer's topic exchange ``<producer>.events``; for
every (consumer, event type) in the catalog three durable queues:

- ``<consumer>.<event_type>`` bound to the exchange with the event type as key;
- ``<consumer>.<event_type>.retry``: a failed delivery waits here for its
  per-message TTL, then is dead-lettered back to the main queue;
- ``<consumer>.<event_type>.dead``: deliveries given up on, kept for replay
  (``ledgerline-dead-letters``).

``ledgerline-topology declare`` runs at deploy time, before any service starts,
so an event published before its consumer first runs is kept, not dropped as
unroutable. The consumers declare the very same queues (same arguments) again
when they start, which is a no-op.
"""

from __future__ import annotations

import argparse
import sys

import kombu
from kombu import Exchange, Queue

from ledgerline_contracts.catalog import CATALOG, exchange_for
from ledgerline_servicekit.config import Settings


def event_exchange(producer: str) -> Exchange:
    return Exchange(exchange_for(producer), type="topic", durable=True)


def queue_name(consumer: str, event_type: str) -> str:
    return f"{consumer}.{event_type}"


def retry_queue_name(queue: str) -> str:
    return f"{queue}.retry"


def dead_queue_name(queue: str) -> str:
    return f"{queue}.dead"


def _type_arguments(settings: Settings) -> dict:
    return {"x-queue-type": settings.queue_type}


def consumer_queue(consumer: str, event_type: str, settings: Settings) -> Queue:
    spec = CATALOG[event_type]
    return Queue(
        queue_name(consumer, event_type),
        exchange=event_exchange(spec.producer),
        routing_key=event_type,
        durable=True,
        queue_arguments=_type_arguments(settings),
    )


def retry_queue(consumer: str, event_type: str, settings: Settings) -> Queue:
    main = queue_name(consumer, event_type)
    arguments = {
        **_type_arguments(settings),
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": main,
    }
    if settings.queue_type == "quorum":
        # A quorum queue dead-letters "at most once" by default: a retry could vanish
        # during a leader election. At-least-once needs reject-publish overflow.
        arguments |= {"x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"}
    return Queue(retry_queue_name(main), durable=True, queue_arguments=arguments)


def dead_queue(consumer: str, event_type: str, settings: Settings) -> Queue:
    return Queue(
        dead_queue_name(queue_name(consumer, event_type)),
        durable=True,
        queue_arguments=_type_arguments(settings),
    )


def declare_exchange(channel, producer: str) -> None:
    event_exchange(producer)(channel).declare()


def consumer_queues(settings: Settings, services: set[str] | None = None) -> list[Queue]:
    queues = []
    for spec in CATALOG.values():
        for consumer in spec.consumers:
            if services is None or consumer in services:
                queues += [
                    consumer_queue(consumer, spec.event_type, settings),
                    retry_queue(consumer, spec.event_type, settings),
                    dead_queue(consumer, spec.event_type, settings),
                ]
    return queues


def declare_all(settings: Settings) -> dict[str, int]:
    """Declare the whole topology; idempotent. Returns what was declared."""
    producers = {spec.producer for spec in CATALOG.values()}
    queues = consumer_queues(settings)
    with kombu.Connection(settings.amqp_uri, connect_timeout=10) as connection:
        channel = connection.channel()
        for producer in sorted(producers):
            declare_exchange(channel, producer)
        for queue in queues:
            queue(channel).declare()
    return {"exchanges": len(producers), "queues": len(queues)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ledgerline-topology", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["declare", "show", "catalog-doc"])
    args = parser.parse_args(argv)
    settings = Settings()
    if args.command == "catalog-doc":
        from ledgerline_contracts.catalog import as_markdown

        print(as_markdown(), end="")
        return 0
    if args.command == "show":
        for spec in CATALOG.values():
            print(f"{spec.exchange} --{spec.event_type}--> "
                  + (", ".join(queue_name(c, spec.event_type) for c in spec.consumers) or "(no consumers)"))
        return 0
    counts = declare_all(settings)
    print(f"declared {counts['exchanges']} exchanges and {counts['queues']} queues on {settings.amqp_uri.rsplit('@', 1)[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
