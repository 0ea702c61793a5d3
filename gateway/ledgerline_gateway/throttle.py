"""Rate-limited sign-in: failed attempts are counted per email and per client address.

Only failures count, so a busy office behind one address is never locked out by
its own successful sign-ins, while guessing is capped. Counting is done by the
``limits`` library (Flask-Limiter's core) in the store named by
``LEDGERLINE_RATE_LIMIT_STORAGE``: ``memory://`` counts per gateway process;
several replicas must share one store (``redis://...``) for the limit to be exact.
"""

from __future__ import annotations

import math
import time

from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from ledgerline_contracts import LedgerlineError
from ledgerline_gateway.settings import GatewaySettings

NAMESPACE = "ledgerline-login"


class TooManyAttempts(LedgerlineError):
    code = "rate_limited"

    def __init__(self, message: str, field: str | None = None, retry_after: int = 60):
        super().__init__(message, field)
        self.retry_after = retry_after


class LoginThrottle:
    def __init__(self, settings: GatewaySettings):
        self._limiter = MovingWindowRateLimiter(storage_from_string(settings.rate_limit_storage))
        self._rules = [("email", item) for item in parse_many(settings.login_limit_per_email)] + \
                      [("address", item) for item in parse_many(settings.login_limit_per_address)]

    def _keys(self, email: str, address: str | None) -> list[tuple[object, str]]:
        values = {"email": email.strip().lower(), "address": address or "unknown"}
        return [(item, f"{kind}:{values[kind]}") for kind, item in self._rules]

    def check(self, email: str, address: str | None) -> None:
        """Refuse before the password is even checked while either budget is spent."""
        blocked = [(item, key) for item, key in self._keys(email, address)
                   if not self._limiter.test(item, NAMESPACE, key)]
        if blocked:
            reset = max(self._limiter.get_window_stats(item, NAMESPACE, key).reset_time for item, key in blocked)
            wait = max(1, math.ceil(reset - time.time()))
            minutes = math.ceil(wait / 60)
            raise TooManyAttempts(f"too many failed sign-ins; try again in {minutes} minute"
                                  f"{'s' if minutes != 1 else ''}", None, retry_after=wait)

    def failed(self, email: str, address: str | None) -> None:
        for item, key in self._keys(email, address):
            self._limiter.hit(item, NAMESPACE, key)
