"""Calling another service from inside a service, with a deadline.

nameko's ``RpcProxy`` waits for a reply forever: if the other service is down,
each call holds a worker (and its open transaction) until it comes back, and the
whole service stalls. :class:`ServiceRpc` gives every call the kit's RPC
timeout, lets the request expire unread in the broker after the same time (so
it cannot run later, behind the caller's back), and turns a missed deadline
into :class:`~ledgerline_contracts.Unavailable`, which callers see as 503.
"""

from __future__ import annotations

import eventlet
from nameko.exceptions import UnknownService
from nameko.rpc import RpcProxy

from ledgerline_contracts import Unavailable
from ledgerline_servicekit.config import settings_from


class ServiceRpc(RpcProxy):
    def setup(self) -> None:
        self.timeout = settings_from(self.container.config).rpc_timeout_seconds
        self.options["expiration"] = self.timeout  # seconds; the request is dropped unread after this
        super().setup()

    def get_dependency(self, worker_ctx):
        return _WithDeadline(super().get_dependency(worker_ctx), self.target_service, self.timeout)


class _WithDeadline:
    def __init__(self, proxy, service: str, timeout: float):
        self._proxy, self._service, self._timeout = proxy, service, timeout

    def __getattr__(self, method: str):
        remote = getattr(self._proxy, method)

        def call(*args, **kwargs):
            try:
                reply = remote.call_async(*args, **kwargs)
            except UnknownService:
                raise Unavailable(f"{self._service} is not running; nothing was changed, "
                                  f"try again shortly") from None
            try:
                with eventlet.Timeout(self._timeout):
                    return reply.result()
            except eventlet.Timeout:
                raise Unavailable(f"{self._service} did not answer in time; nothing was changed, "
                                  f"try again shortly") from None

        return call
