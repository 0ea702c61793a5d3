"""The gateway's settings: the kit's, plus its own (``LEDGERLINE_*``)."""

from __future__ import annotations

from limits import parse_many
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from ledgerline_servicekit.config import Settings

DEV_SECRET = "dev-only-not-secret"


class GatewaySettings(Settings):
    model_config = SettingsConfigDict(env_prefix="LEDGERLINE_", extra="ignore")

    # Signs CSRF tokens. The dev default is refused when LEDGERLINE_ENVIRONMENT=production.
    secret_key: str = DEV_SECRET
    environment: str = "development"
    gateway_host: str = "127.0.0.1"
    gateway_port: int = Field(default=8000, ge=1, le=65535)
    gateway_threads: int = Field(default=8, ge=1)
    # Reverse proxies in front of the gateway whose X-Forwarded-* headers are trusted
    # (the client address matters for rate limiting).
    proxy_hops: int = Field(default=0, ge=0)

    # Web sessions (server-side; the cookie holds a random id). Secure cookies by
    # default in production; set explicitly to override.
    session_cookie_secure: bool | None = None
    session_idle_minutes: int = Field(default=8 * 60, ge=1)
    session_max_hours: int = Field(default=7 * 24, ge=1)

    # Failed sign-ins allowed (API token and web form alike), per email and per client
    # address. "memory://" counts per gateway process; with several replicas point all
    # of them at one store, e.g. "redis://redis:6379" (see README, "Users and access").
    login_limit_per_email: str = "5/minute;20/hour"
    login_limit_per_address: str = "30/minute;300/hour"
    rate_limit_storage: str = "memory://"

    # How long a stored response to an Idempotency-Key is replayed.
    idempotency_hours: int = Field(default=24, ge=1)

    # An API answer that drifted from its documented response model: refused with a 500 (so
    # tests against the real services catch it) or logged and counted. None: refused
    # everywhere but production.
    strict_responses: bool | None = None

    def db_connections(self) -> int:
        """One connection per request thread (a thread never holds two)."""
        return (self.db_pool_size or self.gateway_threads) + self.db_max_overflow

    @property
    def database_url_gateway(self) -> str:
        return self.database_url_for("gateway")

    @property
    def cookies_secure(self) -> bool:
        if self.session_cookie_secure is not None:
            return self.session_cookie_secure
        return self.environment == "production"

    @property
    def refuse_drift(self) -> bool:
        if self.strict_responses is not None:
            return self.strict_responses
        return self.environment != "production"

    def check(self) -> None:
        if self.environment == "production" and self.secret_key == DEV_SECRET:
            raise SystemExit("set LEDGERLINE_SECRET_KEY: the development key must not sign production sessions")
        for name in ("login_limit_per_email", "login_limit_per_address"):
            try:
                parse_many(getattr(self, name))
            except ValueError as error:
                raise SystemExit(f"LEDGERLINE_{name.upper()} is not a rate limit: {error}") from None
