"""Calling services from outside nameko (the gateway, command-line tools).

One standalone nameko proxy (and reply queue) per thread, kept for the life of
the thread; each call gets a fresh worker context carrying the acting user and
the correlation id, which nameko sends as message headers and services read
back (``self.actor``, logs, outbox rows).
"""

from __future__ import annotations

import threading
from typing import Any

from nameko.containers import WorkerContext
from nameko.rpc import ServiceProxy
from nameko.standalone.rpc import ClusterRpcProxy

from ledgerline_contracts import Actor
import ledgerline_servicekit.errors  # noqa: F401  (registers our errors for deserialization)


class _ContextualProxy(ClusterRpcProxy):
    def service(self, name: str, context_data: dict, expiration: float | None) -> ServiceProxy:
        container = self._reply_listener.container
        worker_ctx = WorkerContext(container, service=None, entrypoint=self.Dummy, data=context_data)
        # A request nobody picked up before the caller gave up expires unread: it cannot run later.
        return ServiceProxy(worker_ctx, name, self._reply_listener, expiration=expiration)


class RpcClient:
    def __init__(self, amqp_uri: str, timeout: float = 30.0):
        self._config = {"AMQP_URI": amqp_uri, "serializer": "json"}
        self._timeout = timeout
        self._local = threading.local()

    def _proxy(self) -> _ContextualProxy:
        proxy = getattr(self._local, "proxy", None)
        if proxy is None:
            proxy = _ContextualProxy(self._config, timeout=self._timeout)
            proxy.start()
            self._local.proxy = proxy
        return proxy

    def call(self, service: str, method: str, *args: Any, actor: Actor | None = None,
             correlation_id: str | None = None, **kwargs: Any) -> Any:
        context = {}
        if actor is not None:
            context["actor"] = actor.model_dump_json()
        if correlation_id:
            context["correlation_id"] = correlation_id
        try:
            return getattr(self._proxy().service(service, context, self._timeout), method)(*args, **kwargs)
        except (ConnectionError, OSError):
            self.close()  # a broken connection is not reused by the next call
            raise

    def close(self) -> None:
        proxy = getattr(self._local, "proxy", None)
        if proxy is not None:
            self._local.proxy = None
            try:
                proxy.stop()
            except Exception:  # already broken
                pass
