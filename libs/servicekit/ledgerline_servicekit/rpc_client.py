"""Calling services from outside nameko (the gateway, command-line tools).

One standalone nameko proxy (and reply queue) per thread, kept for the life of
the thread; each call gets a fresh worker context carrying the acting user, the
correlation id and the request key, which nameko sends as message headers and
services read back (``self.actor``, logs, outbox rows, ``request_keys``).

While the broker is away every call fails at once with
:class:`~ledgerline_contracts.Unavailable` (503 to API clients) instead of
hanging or crashing; the next call after it is back connects again by itself.
"""

from __future__ import annotations

import socket
import threading
from typing import Any

from nameko.containers import WorkerContext
from nameko.rpc import ServiceProxy
from nameko.standalone.rpc import ClusterRpcProxy

from ledgerline_contracts import Actor, Unavailable
import ledgerline_servicekit.errors  # noqa: F401  (registers our errors for deserialization)
from ledgerline_servicekit.broker import BROKER_ERRORS
from ledgerline_servicekit.request_keys import CONTEXT_KEY

# Publishing a request tries a stale connection, reconnects and tries again, then gives up:
# a caller learns of a broker outage within a couple of seconds.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}


class _ContextualProxy(ClusterRpcProxy):
    def service(self, name: str, context_data: dict, expiration: float | None) -> ServiceProxy:
        container = self._reply_listener.container
        worker_ctx = WorkerContext(container, service=None, entrypoint=self.Dummy, data=context_data)
        # A request nobody picked up before the caller gave up expires unread: it cannot run later.
        return ServiceProxy(worker_ctx, name, self._reply_listener, expiration=expiration,
                            retry_policy=PUBLISH_RETRY_POLICY)

    def connected(self) -> bool:
        """Whether the reply queue's connection still stands (the broker closes it when it stops)."""
        connection = self._reply_listener.queue_consumer.connection
        if not connection.connected:
            return False
        try:
            connection.drain_events(timeout=0)
        except socket.timeout:
            return True  # alive, nothing waiting
        except Exception:  # noqa: BLE001 — whatever a dead connection raises, it is dead
            return False
        return True


class RpcClient:
    def __init__(self, amqp_uri: str, timeout: float = 30.0):
        self._config = {"AMQP_URI": amqp_uri, "serializer": "json"}
        self._timeout = timeout
        self._local = threading.local()

    def _proxy(self) -> _ContextualProxy:
        proxy = getattr(self._local, "proxy", None)
        if proxy is not None and not proxy.connected():
            # The reply queue went with the connection: a request sent now could never be answered.
            self.close()
            proxy = None
        if proxy is None:
            proxy = _ContextualProxy(self._config, timeout=self._timeout)
            proxy.start()
            self._local.proxy = proxy
        return proxy

    def call(self, service: str, method: str, *args: Any, actor: Actor | None = None,
             correlation_id: str | None = None, request_key: str | None = None, **kwargs: Any) -> Any:
        """Call ``service.method``; with a ``request_key`` the service runs it at most once."""
        context = {}
        if actor is not None:
            context["actor"] = actor.model_dump_json()
        if correlation_id:
            context["correlation_id"] = correlation_id
        if request_key:
            context[CONTEXT_KEY] = request_key
        try:
            return getattr(self._proxy().service(service, context, self._timeout), method)(*args, **kwargs)
        except BROKER_ERRORS:
            self.close()  # a broken connection is not reused by the next call
            raise Unavailable("the message broker cannot be reached; try again shortly") from None

    def close(self) -> None:
        proxy = getattr(self._local, "proxy", None)
        if proxy is not None:
            self._local.proxy = None
            try:
                proxy.stop()
            except Exception:  # already broken
                pass
