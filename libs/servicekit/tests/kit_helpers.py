import json
from uuid import uuid4

import kombu
from amqp.exceptions import NotFound as QueueNotFound

from ledgerline_contracts import Actor, Role

ORG = uuid4()


def actor_json(role: Role = Role.BILLING) -> str:
    return Actor(user_id=uuid4(), org_id=ORG, role=role, name="Test User").model_dump_json()


def drain(amqp_uri: str, queue: str) -> list:
    """Take every message off ``queue``: (decoded body, headers, properties)."""
    taken = []
    with kombu.Connection(amqp_uri) as connection:
        channel = connection.channel()
        try:
            while (message := channel.basic_get(queue, no_ack=True)) is not None:
                taken.append((json.loads(message.body), message.headers or {}, message.properties))
        except QueueNotFound:
            pass
    return taken


def queue_depth(amqp_uri: str, queue: str) -> int:
    with kombu.Connection(amqp_uri) as connection:
        _, count, _ = connection.channel().queue_declare(queue, passive=True)
        return count


def purge(amqp_uri: str, *queues: str) -> None:
    with kombu.Connection(amqp_uri) as connection:
        channel = connection.channel()
        for queue in queues:
            try:
                channel.queue_purge(queue)
            except QueueNotFound:
                channel = connection.channel()
