"""Per-worker logging context and metrics, the same for every entrypoint."""

from __future__ import annotations

import time
from weakref import WeakKeyDictionary

import structlog
from nameko.extensions import DependencyProvider

from ledgerline_contracts.errors import LedgerlineError
from ledgerline_servicekit import metrics
from ledgerline_servicekit.config import settings_from
from ledgerline_servicekit.db import correlation_id_of
from ledgerline_servicekit.logs import get_logger

log = get_logger(__name__)


class Observability(DependencyProvider):
    def __init__(self):
        self._started: WeakKeyDictionary = WeakKeyDictionary()

    def setup(self) -> None:
        self.service = self.container.service_name
        self.port = settings_from(self.container.config).metrics_port_for(self.service)

    def start(self) -> None:
        metrics.serve_metrics(self.port)

    def worker_setup(self, worker_ctx) -> None:
        # Each worker runs in its own greenlet, which has its own contextvars.
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            service=self.service,
            entrypoint=worker_ctx.entrypoint.method_name,
            call_id=worker_ctx.call_id,
            correlation_id=correlation_id_of(worker_ctx),
        )
        self._started[worker_ctx] = time.perf_counter()

    def worker_result(self, worker_ctx, result=None, exc_info=None) -> None:
        entrypoint = worker_ctx.entrypoint.method_name
        started = self._started.pop(worker_ctx, None)
        elapsed = time.perf_counter() - started if started is not None else 0.0
        metrics.ENTRYPOINT_LATENCY.labels(self.service, entrypoint).observe(elapsed)
        if exc_info is None:
            log.info("handled", ms=round(elapsed * 1000, 1))
        else:
            error = exc_info[1]
            metrics.ENTRYPOINT_ERRORS.labels(self.service, entrypoint, type(error).__name__).inc()
            if isinstance(error, LedgerlineError):
                log.info("request refused", error=type(error).__name__, reason=str(error))
            else:
                log.error("entrypoint failed", exc_info=exc_info)

    def worker_teardown(self, worker_ctx) -> None:
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(service=self.service)
