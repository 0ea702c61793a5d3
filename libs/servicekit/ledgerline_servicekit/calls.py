"""Calling another service from inside a service, with a deadline.

nameko's ``RpcProxy`` waits for a reply forever: if the other service is down,
each call holds a worker (and its open transaction) until it comes back, and the
whole service stalls. :class:`ServiceRpc` gives every call the kit's RPC
timeout, lets the request expire unread in the broker after the same time (so
it cannot run later, behind the caller's back), and turns a missed deadline
into :class:`~ledgerline_contracts.Unavailable`, which callers see as 503; so
does a broker that cannot be reached.

A worker that carries a request key gives each call its own key derived from it
(``<key>/<service>.<method>#<n>``), so a repeated request repeats its calls with
the same keys and the other service answers them from its first run.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager

import eventlet
from nameko.exceptions import UnknownService
from nameko.rpc import RpcProxy

from ledgerline_contracts import Unavailable
from ledgerline_servicekit.broker import BROKER_ERRORS, ResilientReplyListener
from ledgerline_servicekit.config import settings_from
from ledgerline_servicekit.request_keys import CONTEXT_KEY


class ServiceRpc(RpcProxy):
    rpc_reply_listener = ResilientReplyListener()

    def setup(self) -> None:
        self.timeout = settings_from(self.container.config).rpc_timeout_seconds
        self.options["expiration"] = self.timeout  # seconds; the request is dropped unread after this
        super().setup()

    def get_dependency(self, worker_ctx):
        return _WithDeadline(super().get_dependency(worker_ctx), worker_ctx, self.target_service, self.timeout)


class _WithDeadline:
    def __init__(self, proxy, worker_ctx, service: str, timeout: float):
        self._proxy, self._worker_ctx, self._service, self._timeout = proxy, worker_ctx, service, timeout
        self._calls: Counter = Counter()

    def __getattr__(self, method: str):
        remote = getattr(self._proxy, method)

        def call(*args, **kwargs):
            try:
                with self._own_request_key(method):
                    reply = remote.call_async(*args, **kwargs)
            except UnknownService:
                raise Unavailable(f"{self._service} is not running; nothing was changed, "
                                  f"try again shortly") from None
            except BROKER_ERRORS:
                raise Unavailable("the message broker cannot be reached; nothing was changed, "
                                  "try again shortly") from None
            try:
                with eventlet.Timeout(self._timeout):
                    return reply.result()
            except eventlet.Timeout:
                raise Unavailable(f"{self._service} did not answer in time; nothing was changed, "
                                  f"try again shortly") from None

        return call

    @contextmanager
    def _own_request_key(self, method: str):
        """nameko sends the worker's whole context along; this call carries its own key in it."""
        data = self._worker_ctx.data
        outer = data.get(CONTEXT_KEY)
        if not outer:
            yield
            return
        self._calls[method] += 1
        data[CONTEXT_KEY] = f"{outer}/{self._service}.{method}#{self._calls[method]}"
        try:
            yield
        finally:
            data[CONTEXT_KEY] = outer
