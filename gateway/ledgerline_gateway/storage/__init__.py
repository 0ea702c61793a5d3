"""The gateway's storage: the tables in :mod:`.tables` (``metadata``, for Alembic) and every query on
them, one module per area. Nothing else in the gateway touches its database."""

from ledgerline_gateway.storage import (  # noqa: F401  (the areas, as storage.<area>)
    delegations, idempotency_keys, organizations, tokens, users, web_sessions,
)
from ledgerline_gateway.storage.tables import metadata  # noqa: F401  (found here by the migrations)
