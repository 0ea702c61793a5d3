"""Configuration from environment variables, with local defaults.

Every variable is prefixed ``LEDGERLINE_``; the defaults match the README's
local setup (RabbitMQ and PostgreSQL on 127.0.0.1 with the stock guest/trust
logins), so nothing needs setting on a developer machine.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Metrics ports a service listens on by default (0 turns the endpoint off).
DEFAULT_METRICS_PORTS = {
    "gateway": 9100,
    "timetracking": 9101,
    "workorders": 9102,
    "invoicing": 9103,
    "dunning": 9104,
    "analytics": 9105,
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LEDGERLINE_", extra="ignore")

    # RabbitMQ. The vhost is part of the URI.
    amqp_uri: str = "amqp://guest:guest@127.0.0.1:5672/"
    # PostgreSQL server, without a database name; each service gets its own database.
    postgres_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432"
    # Database names are "<prefix>_<service>"; tests use another prefix.
    database_prefix: str = "ledgerline"
    # A full URL for this process's own database wins over the two above (containers set it).
    database_url: str | None = None

    log_level: str = "INFO"
    log_format: Literal["json", "console"] = "json"
    # None means the service's default from DEFAULT_METRICS_PORTS; 0 means off.
    metrics_port: int | None = None

    max_workers: int = Field(default=10, ge=1)
    # Database connections per process: a worker holds one for its transaction and the
    # outbox relay one more, so the default (None) is max_workers + 1; a smaller pool
    # makes workers wait for a connection rather than fail. The pool never grows past
    # db_pool_size + db_max_overflow: the connection budget in docs/operations.md
    # (processes × that sum, against PostgreSQL's max_connections) relies on it.
    db_pool_size: int | None = Field(default=None, ge=1)
    db_max_overflow: int = Field(default=0, ge=0)
    db_pool_timeout_seconds: float = Field(default=30.0, gt=0)
    rpc_timeout_seconds: float = 30.0

    # Outbox relay.
    relay_batch_size: int = Field(default=500, ge=1)
    relay_poll_seconds: float = Field(default=0.5, gt=0)
    relay_retention_days: int = Field(default=7, ge=0)

    # Event handlers: retry a failing message with growing delays; after
    # max_attempts non-transient failures it goes to the dead-letter queue.
    handler_max_attempts: int = Field(default=5, ge=1)
    # Transient failures (database or broker down, an event that overtook the one it
    # follows) retry far longer — about a day at the capped delay — but not forever:
    # something that never recovers must surface in the dead-letter queue and its metric.
    handler_max_transient_attempts: int = Field(default=3000, ge=1)
    handler_retry_base_ms: int = Field(default=500, ge=1)
    handler_retry_max_ms: int = Field(default=30_000, ge=1)

    # How often dunning looks for reminders that have come due.
    reminder_check_seconds: float = Field(default=60.0, gt=0)

    # "quorum" in a RabbitMQ cluster (deploy/k8s), "classic" on one node.
    queue_type: Literal["classic", "quorum"] = "classic"

    def database_name(self, service: str) -> str:
        return f"{self.database_prefix}_{service}"

    def database_url_for(self, service: str) -> str:
        if self.database_url:
            return self.database_url
        return f"{self.postgres_url.rstrip('/')}/{self.database_name(service)}"

    def db_connections(self) -> int:
        """The most connections one service process opens to its database."""
        return (self.db_pool_size or self.max_workers + 1) + self.db_max_overflow

    def metrics_port_for(self, service: str) -> int:
        if self.metrics_port is not None:
            return self.metrics_port
        return DEFAULT_METRICS_PORTS.get(service, 0)


def nameko_config(settings: Settings) -> dict:
    """The config dict a nameko container runs with; our extensions read ``LEDGERLINE``."""
    return {
        "AMQP_URI": settings.amqp_uri,
        "max_workers": settings.max_workers,
        "serializer": "json",
        "LEDGERLINE": settings,
    }


def settings_from(container_config: dict) -> Settings:
    settings = container_config.get("LEDGERLINE")
    if settings is None:
        settings = Settings(amqp_uri=container_config.get("AMQP_URI", Settings().amqp_uri))
    return settings
