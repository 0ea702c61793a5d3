"""Prometheus metrics every service exports on its own ``/metrics`` port."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

ENTRYPOINT_LATENCY = Histogram(
    "ledgerline_entrypoint_latency_seconds",
    "Time spent in an entrypoint (RPC method or event handler), from worker start to result.",
    ["service", "entrypoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
ENTRYPOINT_ERRORS = Counter(
    "ledgerline_entrypoint_errors_total",
    "Entrypoint calls that ended in an exception, by exception type.",
    ["service", "entrypoint", "error"],
)
OUTBOX_BACKLOG = Gauge(
    "ledgerline_outbox_backlog",
    "Events written to the outbox and not yet confirmed by the broker.",
    ["service"],
)
OUTBOX_PUBLISHED = Counter(
    "ledgerline_outbox_published_total",
    "Events the outbox relay published with a broker confirm.",
    ["service"],
)
OUTBOX_RELAY_FAILURES = Counter(
    "ledgerline_outbox_relay_failures_total",
    "Relay batches that failed (broker or database unreachable) and will be retried.",
    ["service"],
)
HANDLER_RETRIES = Counter(
    "ledgerline_handler_retries_total",
    "Event deliveries that failed and were scheduled for another attempt.",
    ["service", "event_type", "transient"],
)
DEAD_LETTERED = Counter(
    "ledgerline_dead_lettered_total",
    "Event deliveries given up on and moved to a dead-letter queue.",
    ["service", "event_type"],
)
DUPLICATES_SKIPPED = Counter(
    "ledgerline_duplicate_events_total",
    "Event deliveries skipped because the handler had already applied that event.",
    ["service", "handler"],
)


def serve_metrics(port: int) -> None:
    """Expose the default registry on ``port`` (0 leaves it off, as tests do)."""
    if port:
        start_http_server(port)
