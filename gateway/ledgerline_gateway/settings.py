"""The gateway's settings: the kit's, plus its own (``LEDGERLINE_GATEWAY_*``)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from ledgerline_servicekit.config import Settings

DEV_SECRET = "dev-only-not-secret"


class GatewaySettings(Settings):
    model_config = SettingsConfigDict(env_prefix="LEDGERLINE_", extra="ignore")

    # Signs session cookies and CSRF tokens. The dev default is refused when
    # LEDGERLINE_ENVIRONMENT=production.
    secret_key: str = DEV_SECRET
    environment: str = "development"
    gateway_host: str = "127.0.0.1"
    gateway_port: int = Field(default=8000, ge=1, le=65535)
    gateway_threads: int = Field(default=8, ge=1)

    @property
    def database_url_gateway(self) -> str:
        return self.database_url_for("gateway")

    def check(self) -> None:
        if self.environment == "production" and self.secret_key == DEV_SECRET:
            raise SystemExit("set LEDGERLINE_SECRET_KEY: the development key must not sign production sessions")
