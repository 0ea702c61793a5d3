"""Calling a service as the user a request acts for, from an API endpoint or a web page alike.

Every call carries the request's correlation id and, for a request that changes
something, a request key: the service runs a call with a given key at most once
(docs/architecture.md, "At-most-once commands").
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from flask import current_app, g, request

from ledgerline_contracts import Actor

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The hidden field every web form carries (the csrf() macro): one key per rendered form.
FORM_REQUEST_KEY = "request_key"


def call_service(service: str, method: str, *args, actor: Actor, **kwargs) -> Any:
    """Call a service as ``actor``, carrying the request's correlation id and, for a request that
    changes something, a request key (API and web pages alike)."""
    return current_app.extensions["rpc"].call(
        service, method, *args, actor=actor, correlation_id=g.get("correlation_id"),
        request_key=_request_key(actor, service, method), **kwargs)


def _request_key(actor: Actor, service: str, method: str) -> str | None:
    """This call's request key: the service runs a call with a given key at most once.

    The base is the client's ``Idempotency-Key`` (or a web form's hidden key) scoped by
    organization, user and operation (method and path), so a retry of the same request
    makes the same calls with the same keys; without one, a fresh key per request still
    stops the broker's redelivery from running a call twice. Each call of the request gets
    its own key: the base, the service method and how many times the request called it.
    """
    if request.method not in UNSAFE_METHODS:
        return None
    if "request_key_base" not in g:
        client_key = g.get("idempotency_key") or request.form.get(FORM_REQUEST_KEY)
        g.request_key_base = hashlib.sha256(
            f"{actor.org_id}:{actor.user_id}:{request.method} {request.path}:{client_key}".encode()
        ).hexdigest() if client_key else uuid.uuid4().hex
        g.request_key_calls = {}
    name = f"{service}.{method}"
    g.request_key_calls[name] = g.request_key_calls.get(name, 0) + 1
    return f"{g.request_key_base}/{name}#{g.request_key_calls[name]}"
