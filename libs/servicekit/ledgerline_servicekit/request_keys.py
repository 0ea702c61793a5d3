"""At-most-once RPC commands: each request key runs once, and a repeat gets the first answer.

RabbitMQ delivers an RPC request again when the connection drops before the
service's ack (the broker restarted, the network blinked), and a client retries
a request whose answer it never saw. The gateway therefore puts a *request key*
in the RPC context of every call it makes for a request that changes something
(``request_key``; see docs/architecture.md). The kit's ``rpc`` decorator
claims the key in the ``request_keys`` table inside the method's transaction and
stores the answer there before it commits, so:

- the first delivery runs and commits the effect and its key together;
- a later delivery finds the key and is answered with the stored result,
  without running again;
- a delivery racing the first waits on the key's row until the first commits
  (then it answers with its result) or rolls back (then it runs itself);
- a refused request rolls its key back with everything else: a retry runs again.

Keys are kept for ``relay_retention_days`` and then purged with the outbox.
"""

from __future__ import annotations

from kombu.utils.json import dumps, loads
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ledgerline_servicekit.tables import request_keys

CONTEXT_KEY = "request_key"


class Answered:
    """The first answer to a request key, found by a repeat."""

    def __init__(self, result):
        self.result = result


def claim(session: Session, key: str, method: str) -> Answered | None:
    """Claim ``key`` in this transaction; None if it is ours, else the first request's answer."""
    claimed = session.execute(
        pg_insert(request_keys).values(key=key, method=method).on_conflict_do_nothing()
        .returning(request_keys.c.key)
    ).first()
    if claimed is not None:
        return None
    row = session.execute(select(request_keys.c.result).where(request_keys.c.key == key)).one()
    return Answered(loads(row.result))


def remember(session: Session, key: str, result) -> None:
    """Store the answer to ``key``, in the same transaction as the effect."""
    session.execute(update(request_keys).where(request_keys.c.key == key).values(result=dumps(result)))


def purge(session: Session, retention_days: int) -> None:
    session.execute(delete(request_keys).where(
        request_keys.c.created_at < func.now() - func.make_interval(0, 0, 0, retention_days)))
