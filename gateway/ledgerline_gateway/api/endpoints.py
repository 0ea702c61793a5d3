"""Declaring an API endpoint: who may use it, what it reads, what it answers.

Every endpoint is declared with :meth:`Api.endpoint`, naming its capability
(see :mod:`ledgerline_gateway.permissions`) and the pydantic models of its
body, query string and (optionally) response. Unknown fields are refused. A
handler returns what becomes the JSON body, ``None`` (204), a
:class:`~ledgerline_gateway.files.Binary` or a Flask ``Response`` (a file, sent as it is)
(:mod:`.responses`); errors are answered in the one error format (:mod:`.errors`).
The OpenAPI document is built from the same declarations (:mod:`.openapi`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, g, request
from pydantic import BaseModel

from ledgerline_contracts import Actor
from ledgerline_contracts.errors import NotFound, PermissionDenied
from ledgerline_gateway.api import API_PREFIX
from ledgerline_gateway.api.idempotency import idempotency_key, once_per_key
from ledgerline_gateway.api.parsing import json_object, parse
from ledgerline_gateway.api.responses import respond
from ledgerline_gateway.calls import UNSAFE_METHODS, call_service
from ledgerline_gateway.errors import Unauthorized
from ledgerline_gateway.permissions import Capability, allows, refusal
from ledgerline_gateway.storage import users


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
        ``produces`` names the media type(s) of a :class:`~ledgerline_gateway.files.Binary` answer (e.g. ``application/pdf``).
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
                key = g.idempotency_key = idempotency_key() if accepts_key else None
                payload = json_object() if body is not None else None
                api_request = ApiRequest(actor=actor, body=parse(body, payload),
                                         query=parse(query, request.args.to_dict()), path=path,
                                         idempotency_key=key)
                if actor is not None:
                    _require_known_users(actor, api_request)

                def answer() -> Response:
                    return respond(fn(api_request), status, response)

                return once_per_key(actor, key, answer) if key else answer()

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
            if users.get_user(g.db, actor.org_id, user_id) is None:
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
