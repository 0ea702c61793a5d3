"""The ``Idempotency-Key`` header: an unsafe request sent again with the same key gets the first answer."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta

from flask import Response, current_app, g, request

from ledgerline_contracts import Actor
from ledgerline_contracts.errors import Conflict, ValidationFailed
from ledgerline_gateway.api.errors import error_response
from ledgerline_gateway.storage import idempotency_keys

IDEMPOTENCY_HEADER = "Idempotency-Key"


def idempotency_key() -> str | None:
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return None
    key = key.strip()
    if not 1 <= len(key) <= 255:
        raise ValidationFailed(f"{IDEMPOTENCY_HEADER} must be 1 to 255 characters", IDEMPOTENCY_HEADER)
    return key


def _fingerprint() -> str:
    """The request a key stands for: method, path, query and body (JSON compared by content)."""
    payload = request.get_json(silent=True)
    body = json.dumps(payload, sort_keys=True).encode() if payload is not None else request.get_data()
    return hashlib.sha256(f"{request.method} {request.full_path}\n".encode() + body).hexdigest()


def once_per_key(actor: Actor, key: str, answer: Callable[[], Response]) -> Response:
    """Run ``answer`` once per (user, key); a repeat gets the first response back, marked as a replay.

    The key is claimed in its own committed transaction before the work starts, so
    a concurrent repeat sees it (409, retry later) instead of running twice. A bug
    (500) or a service that could not be reached (503) releases the key: a retry runs
    again, and its calls carry the same request keys (see :mod:`ledgerline_gateway.calls`),
    so a service that did apply the first attempt answers with that result instead of
    applying it twice. A claim never finished (the gateway died) is taken again after
    twice the RPC timeout.
    """
    db = g.db
    fingerprint = _fingerprint()
    settings = current_app.extensions["ledgerline_settings"]
    ttl = timedelta(hours=settings.idempotency_hours)
    in_doubt = timedelta(seconds=2 * settings.rpc_timeout_seconds)
    earlier = idempotency_keys.claim_idempotency_key(db, actor.user_id, key, fingerprint, ttl, in_doubt)
    db.commit()
    if earlier is not None:
        if earlier.fingerprint != fingerprint:
            raise ValidationFailed(f"this {IDEMPOTENCY_HEADER} was already used for a different request",
                                   IDEMPOTENCY_HEADER)
        if earlier.status_code is None:
            raise Conflict(f"the first request with this {IDEMPOTENCY_HEADER} is still running; retry shortly")
        replay = Response(earlier.body, status=earlier.status_code, content_type=earlier.content_type)
        replay.headers["Idempotent-Replayed"] = "true"
        return replay
    try:
        response = answer()
    except Exception as error:  # noqa: BLE001 — answered in the one error format, and stored like any answer
        db.rollback()
        response = error_response(error)
    if response.status_code >= 500:
        idempotency_keys.release_idempotency_key(db, actor.user_id, key)
    else:
        idempotency_keys.finish_idempotency_key(db, actor.user_id, key, status_code=response.status_code,
                                                content_type=response.content_type, body=response.get_data())
    db.commit()
    return response
