"""The kit's own tables, present in every service's database.

They are created by the kit's Alembic branch (``migrations/versions``), which
every service's migrations run beside their own.
"""

from sqlalchemy import BigInteger, Column, DateTime, Index, MetaData, Table, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID

kit_metadata = MetaData()

outbox = Table(
    "outbox",
    kit_metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("event_type", Text, nullable=False),
    Column("exchange", Text, nullable=False),
    Column("routing_key", Text, nullable=False),
    # The exact JSON published: serialized once, when the change is made.
    Column("body", Text, nullable=False),
    Column("headers", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Index("outbox_unsent", "id", postgresql_where=text("sent_at IS NULL")),
)

# (event_id, handler) is recorded in the same transaction as the handler's
# effect; a redelivered event finds its row and is skipped.
processed_events = Table(
    "processed_events",
    kit_metadata,
    Column("event_id", UUID(as_uuid=True), primary_key=True),
    Column("handler", Text, primary_key=True),
    Column("event_type", Text, nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# The first answer to each request key (see ``request_keys``): written in the same transaction
# as the effect, so a request delivered again is answered instead of run again.
request_keys = Table(
    "request_keys",
    kit_metadata,
    Column("key", Text, primary_key=True),
    Column("method", Text, nullable=False),
    Column("result", Text),  # the answer as sent, in the RPC serializer's JSON; NULL while it runs
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("request_keys_created", "created_at"),
)
