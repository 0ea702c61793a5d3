"""Ledgerline's shared service kit.

Every service uses the same pieces the same way:

- :mod:`.config` — settings from ``LEDGERLINE_*`` environment variables;
- :mod:`.db` — one SQLAlchemy session per nameko worker, committed before the
  reply or ack (see :func:`.entrypoints.rpc`);
- :mod:`.outbox` — events written in the change's transaction, relayed in
  confirmed batches;
- :mod:`.events` — the idempotent, retrying, dead-lettering event handler;
- :mod:`.topology` — exchanges and queues declared from the event catalog;
- :mod:`.logging` and :mod:`.metrics` — structlog JSON logs and Prometheus.
"""

import os
import warnings

# psycopg's C wait cannot yield to eventlet; a select()-based wait, which
# eventlet patches, can. It must be chosen before psycopg is first imported.
os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")

# We pin eventlet deliberately (nameko needs it); its import-time notice is not news to us.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
