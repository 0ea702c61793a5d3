"""The REST API's machinery: declared endpoints, one error format, OpenAPI.

Every endpoint is declared with :meth:`Api.endpoint`, naming its capability
(see :mod:`ledgerline_gateway.permissions`) and the pydantic models of its
body and query string. Unknown fields are refused. A handler returns what
becomes the JSON body, ``None`` (204), or a Flask ``Response`` for a file. Errors always look like
``{"error": {"code": ..., "message": ..., "field": ...}}``; errors raised in a
service are mapped to HTTP statuses by :data:`ERROR_STATUS`, in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from apispec import APISpec
from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from nameko.exceptions import RemoteError, RpcTimeout, UnknownService
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException

from ledgerline_contracts import Actor
from ledgerline_contracts.errors import Conflict, LedgerlineError, Locked, NotFound, PermissionDenied, ValidationFailed
from ledgerline_gateway.permissions import Capability, allows
from ledgerline_servicekit.errors import validation_failed_from
from ledgerline_servicekit.logs import get_logger

log = get_logger(__name__)

API_PREFIX = "/api/v1"


class Unauthorized(LedgerlineError):
    code = "unauthorized"


class BadRequest(LedgerlineError):
    code = "bad_request"


class ServiceUnavailable(LedgerlineError):
    code = "service_unavailable"


# Errors, wherever raised, and the HTTP status each becomes.
ERROR_STATUS: dict[type[Exception], int] = {
    BadRequest: 400,
    Unauthorized: 401,
    PermissionDenied: 403,
    NotFound: 404,
    Locked: 409,
    Conflict: 409,
    ValidationFailed: 422,
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
    return None


@dataclass
class ApiRequest:
    actor: Actor
    body: Any = None
    query: Any = None
    path: dict = field(default_factory=dict)

    def call(self, service: str, method: str, *args, **kwargs) -> Any:
        """Call a service as the acting user, carrying the request's correlation id."""
        return current_app.extensions["rpc"].call(
            service, method, *args, actor=self.actor, correlation_id=g.correlation_id, **kwargs)


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


def _parse(model: type[BaseModel] | None, data: Any):
    if model is None:
        return None
    return model.model_validate(data)


class Api:
    def __init__(self) -> None:
        self.blueprint = Blueprint("api", __name__, url_prefix=API_PREFIX)
        self.endpoints: list[Endpoint] = []

    def endpoint(self, method: str, rule: str, *, capability: Capability | None, summary: str, tag: str,
                 body: type[BaseModel] | None = None, query: type[BaseModel] | None = None,
                 status: int = 200, public: bool = False) -> Callable:
        """Declare an endpoint. ``capability=None`` needs ``public=True`` (sign-in only)."""
        if capability is None and not public:
            raise ValueError(f"{method} {rule} names no capability; every route declares its permission")

        def decorate(fn: Callable[[ApiRequest], Any]) -> Callable:
            def view(**path):
                actor = g.get("actor")
                if not public:
                    if actor is None:
                        raise Unauthorized("sign in, or send a bearer token")
                    if not allows(capability, actor.role):
                        raise PermissionDenied(f"a {actor.role.value} may not {summary[0].lower()}{summary[1:]}")
                payload = None
                if body is not None:
                    payload = request.get_json(silent=True)
                    if not isinstance(payload, dict):
                        raise BadRequest("the request body must be a JSON object")
                result = fn(ApiRequest(actor=actor, body=_parse(body, payload),
                                       query=_parse(query, request.args.to_dict()), path=path))
                if result is None:
                    return "", 204
                if isinstance(result, Response):  # a file (PDF, spreadsheet, CSV), sent as it is
                    return result
                return jsonify(result), status

            view.capability = capability
            view.public = public
            self.blueprint.add_url_rule(rule, endpoint=fn.__name__, view_func=view, methods=[method])
            self.endpoints.append(Endpoint(method, rule, capability, summary, tag, body, query, status,
                                           fn.__name__))
            return fn

        return decorate


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(Exception)
    def handle(error: Exception):
        if isinstance(error, HTTPException):
            code = {404: "not_found", 405: "method_not_allowed"}.get(error.code, "http_error")
            return jsonify(error_body(code, error.description)), error.code
        api_error = to_api_error(error)
        if api_error is None:
            if isinstance(error, RemoteError):
                log.error("service failed", error=str(error))
            else:
                log.exception("gateway failed")
            return jsonify(error_body("internal_error", "something went wrong on our side; it has been logged")), 500
        return jsonify(error_body(api_error.code, api_error.message, api_error.field)), status_for(api_error)


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


def openapi_document(api: Api, title: str, version: str) -> dict:
    spec = APISpec(title=title, version=version, openapi_version="3.0.3",
                   info={"description": "Ledgerline's public REST API. Authenticate with "
                                        "`Authorization: Bearer <token>` (POST /auth/token)."})
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    error_schema = {"type": "object", "properties": {"error": {"type": "object", "properties": {
        "code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string", "nullable": True}}}}}
    spec.components.schema("Error", error_schema)

    def schema_ref(model: type[BaseModel]) -> dict:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, nested in schema.pop("$defs", {}).items():
            if name not in spec.components.schemas:
                spec.components.schema(name, nested)
        if model.__name__ not in spec.components.schemas:
            spec.components.schema(model.__name__, schema)
        return {"$ref": f"#/components/schemas/{model.__name__}"}

    paths: dict[str, dict] = {}
    for ep in api.endpoints:
        path = API_PREFIX + ep.rule.replace("<uuid:", "{").replace("<", "{").replace(">", "}")
        operation: dict = {
            "summary": ep.summary, "tags": [ep.tag], "operationId": ep.name,
            "responses": {str(ep.status): {"description": "OK"},
                          "default": {"description": "Error",
                                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
        }
        if ep.capability is not None:
            operation["security"] = [{"bearer": []}]
            operation["x-capability"] = str(ep.capability)
        parameters = [{"name": name.split(":")[-1], "in": "path", "required": True,
                       "schema": {"type": "string", "format": "uuid"}}
                      for name in _path_params(ep.rule)]
        if ep.query is not None:
            for name, prop in ep.query.model_json_schema().get("properties", {}).items():
                parameters.append({"name": name, "in": "query", "required": False, "schema": prop})
        if parameters:
            operation["parameters"] = parameters
        if ep.body is not None:
            operation["requestBody"] = {"required": True,
                                        "content": {"application/json": {"schema": schema_ref(ep.body)}}}
        paths.setdefault(path, {})[ep.method.lower()] = operation
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def _path_params(rule: str) -> list[str]:
    return [part[1:-1] for part in rule.split("/") if part.startswith("<") and part.endswith(">")]
