"""The REST API's machinery: declared endpoints, one error format, idempotency, binary answers.

Every endpoint is declared with :meth:`Api.endpoint`, naming its capability
(see :mod:`ledgerline_gateway.permissions`) and the pydantic models of its
body, query string and (optionally) response. Unknown fields are refused. A
handler returns what becomes the JSON body, ``None`` (204), a :class:`Binary` or a
Flask ``Response`` (a file, sent as it is). Errors always look like ``{"error": {"code": ..., "message": ..., "field": ...}}``;
errors raised in a service are mapped to HTTP statuses by :data:`ERROR_STATUS`,
in one place. The OpenAPI document is built from the same declarations
(:mod:`ledgerline_gateway.openapi`).

The API authenticates bearer tokens only, never the web session cookie: a
browser's ambient credentials cannot reach it, so it needs no CSRF tokens.
"""

from __future__ import annotations

import functools
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Generic, TypeVar

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from nameko.exceptions import RemoteError, RpcTimeout, UnknownService
from pydantic import BaseModel, TypeAdapter, ValidationError
from werkzeug.exceptions import HTTPException

from ledgerline_contracts import Actor
from ledgerline_contracts.errors import (
    Conflict, LedgerlineError, Locked, NotFound, PermissionDenied, Unavailable, ValidationFailed,
)
from ledgerline_gateway import storage
from ledgerline_gateway.permissions import Capability, allows, refusal
from ledgerline_gateway.throttle import TooManyAttempts
from ledgerline_servicekit.broker import BROKER_ERRORS
from ledgerline_servicekit.errors import validation_failed_from
from ledgerline_servicekit.logs import get_logger

log = get_logger(__name__)

API_PREFIX = "/api/v1"
IDEMPOTENCY_HEADER = "Idempotency-Key"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The hidden field every web form carries (the csrf() macro): one key per rendered form.
FORM_REQUEST_KEY = "request_key"
# What a 503 asks clients to wait before trying again, in seconds.
RETRY_AFTER_SECONDS = 5
# No request needs more than a few levels; deeper bodies are refused before anything
# walks them (a parser or serializer recursing 10,000 levels deep would fail).
MAX_JSON_DEPTH = 32
# Longer URLs (path and query) are refused; gunicorn's own request-line limit sits above it.
MAX_URL_LENGTH = 4096
URL_TOO_LONG = f"the URL is longer than {MAX_URL_LENGTH} characters"


class Unauthorized(LedgerlineError):
    code = "unauthorized"


class BadRequest(LedgerlineError):
    code = "bad_request"


# A service that did not answer in time, whether the gateway or another service waited.
ServiceUnavailable = Unavailable


# Errors, wherever raised, and the HTTP status each becomes.
ERROR_STATUS: dict[type[Exception], int] = {
    BadRequest: 400,
    Unauthorized: 401,
    PermissionDenied: 403,
    NotFound: 404,
    Locked: 409,
    Conflict: 409,
    ValidationFailed: 422,
    TooManyAttempts: 429,
    ServiceUnavailable: 503,
}


def error_body(code: str, message: str, field_name: str | None = None) -> dict:
    return {"error": {"code": code, "message": message, "field": field_name}}


def status_for(error: Exception) -> int:
    for cls in type(error).__mro__:
        if cls in ERROR_STATUS:
            return ERROR_STATUS[cls]
    return 500


def to_api_error(error: Exception) -> LedgerlineError | None:
    """Errors from the RPC layer in our own terms; None if it is a bug."""
    if isinstance(error, LedgerlineError):
        return error
    if isinstance(error, ValidationError):
        return validation_failed_from(error)
    if isinstance(error, (RpcTimeout, UnknownService)):
        return ServiceUnavailable("a Ledgerline service did not answer in time; try again shortly")
    if isinstance(error, BROKER_ERRORS):
        return ServiceUnavailable("the message broker cannot be reached; try again shortly")
    return None


def error_response(error: Exception) -> Response:
    """The one error format, for any exception raised while answering an API request."""
    if isinstance(error, HTTPException):
        code = {404: "not_found", 405: "method_not_allowed", 414: "uri_too_long"}.get(error.code, "http_error")
        response = jsonify(error_body(code, error.description))
        response.status_code = error.code
        return response
    api_error = to_api_error(error)
    if api_error is None:
        if isinstance(error, RemoteError):
            log.error("service failed", error=str(error))
        else:
            log.exception("gateway failed")
        response = jsonify(error_body("internal_error", "something went wrong on our side; it has been logged"))
        response.status_code = 500
        return response
    response = jsonify(error_body(api_error.code, api_error.message, api_error.field))
    response.status_code = status_for(api_error)
    if isinstance(api_error, TooManyAttempts):
        response.headers["Retry-After"] = str(api_error.retry_after)
    elif response.status_code == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


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


@dataclass
class ApiRequest:
    actor: Actor
    body: Any = None
    query: Any = None
    path: dict = field(default_factory=dict)
    # The client's Idempotency-Key, for routes that pass it on to a service that dedups too.
    idempotency_key: str | None = None

    def call(self, service: str, method: str, *args, **kwargs) -> Any:
        """Call a service as the acting user, carrying the request's correlation id."""
        return call_service(service, method, *args, actor=self.actor, **kwargs)


@dataclass(frozen=True)
class Binary:
    """A file answer (PDF, spreadsheet, CSV): return one from an endpoint declared with ``produces=``.

    Services answer RPCs in JSON, so they send files base64-encoded: see :meth:`from_base64`.
    """

    content: bytes
    media_type: str
    filename: str | None = None

    @classmethod
    def from_base64(cls, data: str, media_type: str, filename: str | None = None) -> Binary:
        import base64

        return cls(base64.b64decode(data), media_type, filename)

    def response(self, status: int) -> Response:
        response = Response(self.content, status=status, content_type=self.media_type)
        if self.filename:
            response.headers.set("Content-Disposition", "attachment", filename=self.filename)
        return response


T = TypeVar("T")


class Paged(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


def page_of(model: type[BaseModel]) -> type[BaseModel]:
    """The response model of a list endpoint: ``{"items": [model], "total", "limit", "offset"}``."""
    return Paged[model]


@dataclass(frozen=True)
class Endpoint:
    method: str
    rule: str
    capability: Capability | None
    summary: str
    tag: str
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    status: int
    name: str
    response: Any = None  # a pydantic model, or a type such as list[Model]
    produces: tuple[str, ...] = ()  # the media types of a file answer

    @property
    def public(self) -> bool:
        return self.capability is None

    @property
    def accepts_idempotency_key(self) -> bool:
        return self.method in UNSAFE_METHODS and not self.public


def _json_object() -> dict:
    too_deep = BadRequest(f"the request body is nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        payload = request.get_json(silent=True)
    except RecursionError:
        raise too_deep from None
    if not isinstance(payload, dict):
        raise BadRequest("the request body must be a JSON object")
    if _depth(payload) > MAX_JSON_DEPTH:
        raise too_deep
    return payload


def _depth(value: Any) -> int:
    """How many objects and arrays deep ``value`` goes, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        value, level = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is not None:
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in children)
    return deepest


def _parse(model: type[BaseModel] | None, data: Any):
    if model is None:
        return None
    return model.model_validate(data)


class Api:
    def __init__(self, name: str = "api") -> None:
        self.blueprint = Blueprint(name, __name__, url_prefix=API_PREFIX)
        self.endpoints: list[Endpoint] = []

    def endpoint(self, method: str, rule: str, *, capability: Capability | None, summary: str, tag: str,
                 body: type[BaseModel] | None = None, query: type[BaseModel] | None = None,
                 status: int = 200, public: bool = False, response: Any = None,
                 produces: str | tuple[str, ...] = ()) -> Callable:
        """Declare an endpoint. ``capability=None`` needs ``public=True`` (sign-in only).

        ``response`` names the answer's model: it is documented, and only its fields are sent.
        ``produces`` names the media type(s) of a :class:`Binary` answer (e.g. ``application/pdf``).
        Unsafe methods (POST, PUT, PATCH, DELETE) accept an ``Idempotency-Key`` header.
        """
        if capability is None and not public:
            raise ValueError(f"{method} {rule} names no capability; every route declares its permission")
        accepts_key = method in UNSAFE_METHODS and not public

        def decorate(fn: Callable[[ApiRequest], Any]) -> Callable:
            def view(**path):
                actor = g.get("actor")
                if not public:
                    if actor is None:
                        raise Unauthorized("sign in, or send a bearer token")
                    if not allows(capability, actor.role):
                        raise PermissionDenied(refusal(capability, actor))
                key = g.idempotency_key = _idempotency_key() if accepts_key else None
                payload = _json_object() if body is not None else None
                api_request = ApiRequest(actor=actor, body=_parse(body, payload),
                                         query=_parse(query, request.args.to_dict()), path=path,
                                         idempotency_key=key)
                if actor is not None:
                    _require_known_users(actor, api_request)

                def answer() -> Response:
                    return _respond(fn(api_request), status, response)

                return _once_per_key(actor, key, answer) if key else answer()

            view.capability = capability
            view.public = public
            self.blueprint.add_url_rule(rule, endpoint=fn.__name__, view_func=view, methods=[method])
            self.endpoints.append(Endpoint(method, rule, capability, summary, tag, body, query, status,
                                           fn.__name__, response,
                                           (produces,) if isinstance(produces, str) else tuple(produces)))
            return fn

        return decorate


# Fields that name a person. People live in the gateway, so only the gateway can tell
# another organization's user (404) from one of ours; services take these ids on trust.
USER_ID_FIELDS = ("user_id", "principal_id", "delegate_id")


def _require_known_users(actor: Actor, req: ApiRequest) -> None:
    for source in (req.path, req.body, req.query):
        for where, user_id in _user_ids(source):
            if storage.get_user(g.db, actor.org_id, user_id) is None:
                raise NotFound("no such user", where)


def _user_ids(source: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Every person named in ``source``, nested models and lists included (a quote's ``time.0.user_id``)."""
    if isinstance(source, BaseModel):
        source = dict(source)
    if isinstance(source, dict):
        found = [(prefix + name, source[name]) for name in USER_ID_FIELDS if source.get(name) is not None]
        for name, value in source.items():
            if isinstance(value, (BaseModel, list)):
                found += _user_ids(value, f"{prefix}{name}.")
        return found
    if isinstance(source, list):
        return [found for i, item in enumerate(source) for found in _user_ids(item, f"{prefix}{i}.")]
    return []


def _respond(result: Any, status: int, model: Any) -> Response:
    if isinstance(result, Response):
        return result
    if isinstance(result, Binary):
        return result.response(status)
    if result is None:
        return Response(status=204)
    if model is not None:
        adapter = _adapter(model)
        result = adapter.dump_python(adapter.validate_python(result), mode="json")
    response = jsonify(result)
    response.status_code = status
    return response


@functools.lru_cache(maxsize=None)
def _adapter(model) -> TypeAdapter:
    return TypeAdapter(model)


def _idempotency_key() -> str | None:
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


def _once_per_key(actor: Actor, key: str, answer: Callable[[], Response]) -> Response:
    """Run ``answer`` once per (user, key); a repeat gets the first response back, marked as a replay.

    The key is claimed in its own committed transaction before the work starts, so
    a concurrent repeat sees it (409, retry later) instead of running twice. A bug
    (500) or a service that could not be reached (503) releases the key: a retry runs
    again, and its calls carry the same request keys (see :func:`_request_key`), so a
    service that did apply the first attempt answers with that result instead of
    applying it twice. A claim never finished (the gateway died) is taken again after
    twice the RPC timeout.
    """
    db = g.db
    fingerprint = _fingerprint()
    settings = current_app.extensions["ledgerline_settings"]
    ttl = timedelta(hours=settings.idempotency_hours)
    in_doubt = timedelta(seconds=2 * settings.rpc_timeout_seconds)
    earlier = storage.claim_idempotency_key(db, actor.user_id, key, fingerprint, ttl, in_doubt)
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
        storage.release_idempotency_key(db, actor.user_id, key)
    else:
        storage.finish_idempotency_key(db, actor.user_id, key, status_code=response.status_code,
                                       content_type=response.content_type, body=response.get_data())
    db.commit()
    return response


def check_every_route_has_a_permission(app: Flask) -> None:
    """Refuse to start if any route was added without declaring who may use it."""
    missing = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint == "static":
            continue
        if getattr(view, "capability", None) is None and not getattr(view, "public", False):
            missing.append(f"{','.join(sorted(rule.methods - {'HEAD', 'OPTIONS'}))} {rule.rule}")
    if missing:
        raise RuntimeError("routes without a declared permission: " + "; ".join(sorted(missing)))
