"""``ledgerline-dead-letters``: see and replay events that handlers gave up on.

``list`` shows every non-empty ``.dead`` queue with its message count;
``replay [QUEUE]`` moves their messages back to the main queue (attempt count
reset) once the cause is fixed. Each message is republished with a broker
confirm before it is removed, so a replay interrupted half-way loses nothing.
"""

from __future__ import annotations

import argparse
import sys

import kombu
from amqp.exceptions import NotFound as QueueNotFound

from ledgerline_servicekit.config import Settings
from ledgerline_servicekit.events import ATTEMPTS_HEADER, ERROR_HEADER
from ledgerline_servicekit.topology import consumer_queues

DEAD_SUFFIX = ".dead"


def dead_queue_names(settings: Settings) -> list[str]:
    return [q.name for q in consumer_queues(settings) if q.name.endswith(DEAD_SUFFIX)]


def counts(settings: Settings) -> dict[str, int]:
    found = {}
    with kombu.Connection(settings.amqp_uri) as connection:
        for name in dead_queue_names(settings):
            channel = connection.channel()
            try:
                _, count, _ = channel.queue_declare(name, passive=True)
            except QueueNotFound:
                continue
            finally:
                if channel.is_open:
                    channel.close()
            found[name] = count
    return found


def replay(settings: Settings, queue: str | None = None) -> int:
    names = [queue] if queue else dead_queue_names(settings)
    moved = 0
    connection = kombu.Connection(settings.amqp_uri, transport_options={"confirm_publish": True})
    with connection:
        channel = connection.channel()
        producer = kombu.Producer(connection.channel())
        for name in names:
            if not name.endswith(DEAD_SUFFIX):
                raise SystemExit(f"{name} is not a dead-letter queue")
            target = name[: -len(DEAD_SUFFIX)]
            while (message := channel.basic_get(name, no_ack=False)) is not None:
                headers = dict(message.headers or {})
                headers.pop(ERROR_HEADER, None)
                headers[ATTEMPTS_HEADER] = 0
                producer.publish(
                    message.body, exchange="", routing_key=target, headers=headers,
                    serializer=None, content_type=message.content_type or "application/json",
                    content_encoding=message.content_encoding or "utf-8",
                    message_id=message.properties.get("message_id"), type=message.properties.get("type"),
                    delivery_mode=2,
                )
                channel.basic_ack(message.delivery_tag)
                moved += 1
    return moved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ledgerline-dead-letters", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list")
    replay_parser = sub.add_parser("replay")
    replay_parser.add_argument("queue", nargs="?", help="one .dead queue (default: all)")
    args = parser.parse_args(argv)
    settings = Settings()
    if args.command == "list":
        found = {name: count for name, count in counts(settings).items() if count}
        for name, count in sorted(found.items()):
            print(f"{count:8d}  {name}")
        if not found:
            print("no dead-lettered messages")
        return 0
    print(f"replayed {replay(settings, args.queue)} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
