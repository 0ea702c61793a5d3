"""The OpenAPI 3.1 document, built with apispec from the declared endpoints and their pydantic models,
and the readable reference page made from that same document (no scripts, no CDN)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from apispec import APISpec
from pydantic import BaseModel, TypeAdapter

from ledgerline_gateway.api import API_PREFIX
from ledgerline_gateway.api.endpoints import Api, Endpoint
from ledgerline_gateway.api.idempotency import IDEMPOTENCY_HEADER
from ledgerline_gateway.permissions import MATRIX, ROLE_TITLES

ERROR_SCHEMA = {"type": "object", "properties": {"error": {"type": "object", "required": ["code", "message"],
                                                           "properties": {
    "code": {"type": "string", "description": "stable, machine-readable: not_found, validation_failed, ..."},
    "message": {"type": "string", "description": "for people"},
    "field": {"type": ["string", "null"], "description": "the field at fault, for bad input; null otherwise"}}}}}

DESCRIPTION = (
    "Ledgerline's public REST API. Authenticate with `Authorization: Bearer <token>` "
    "(get one from `POST /api/v1/auth/token`, or on the web UI's API tokens page). Every error has "
    "the form `{\"error\": {\"code\", \"message\", \"field\"}}`. Unsafe requests accept an "
    f"`{IDEMPOTENCY_HEADER}` header: a repeat with the same key answers with the first response."
)


def _component_name(model: type[BaseModel]) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "", model.__name__)


def openapi_document(api: Api, title: str, version: str) -> dict:
    spec = APISpec(title=title, version=version, openapi_version="3.1.0", info={"description": DESCRIPTION})
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", ERROR_SCHEMA)

    def inline(model, mode: str = "validation") -> dict:
        """The model's schema, the models it refers to made named components."""
        schema = TypeAdapter(model).json_schema(ref_template="#/components/schemas/{model}", mode=mode)
        for nested_name, nested in schema.pop("$defs", {}).items():
            component(nested_name, nested)
        return schema

    def component(name: str, schema: dict) -> None:
        """A named schema; two different models of one name would make one of them wrong."""
        if name not in spec.components.schemas:
            spec.components.schema(name, schema)
        elif spec.components.schemas[name] != schema:
            raise ValueError(f"two different models are both called {name}: rename one")

    def schema_ref(model, mode: str = "validation") -> dict:
        """A model becomes a named component; another type (``list[Model]``) is inlined."""
        schema = inline(model, mode)
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return schema
        name = _component_name(model)
        component(name, schema)
        return {"$ref": f"#/components/schemas/{name}"}

    paths: dict[str, dict] = {}
    for ep in api.endpoints:
        path = API_PREFIX + re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", ep.rule)
        operation: dict = {"summary": ep.summary, "tags": [ep.tag], "operationId": ep.name,
                           "responses": {str(ep.status): _success(ep, schema_ref),
                                         "default": {"description": "Error", "content": {
                                             "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}
        if ep.capability is not None:
            operation["security"] = [{"bearer": []}]
            operation["x-capability"] = str(ep.capability)
            operation["x-roles"] = {role.value: scope for role, scope in MATRIX[ep.capability].items()}
        parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
                      for name in _path_params(ep.rule)]
        if ep.query is not None:
            query_schema = inline(ep.query)
            for name, prop in query_schema.get("properties", {}).items():
                parameters.append({"name": name, "in": "query", "required": name in query_schema.get("required", ()),
                                   "schema": prop, **({"description": prop["description"]}
                                                      if "description" in prop else {})})
        if ep.accepts_idempotency_key:
            parameters.append({"name": IDEMPOTENCY_HEADER, "in": "header", "required": False,
                               "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                               "description": "makes a retry safe: a repeat answers with the first response"})
        if parameters:
            operation["parameters"] = parameters
        if ep.body is not None:
            operation["requestBody"] = {"required": True,
                                        "content": {"application/json": {"schema": schema_ref(ep.body)}}}
        paths.setdefault(path, {})[ep.method.lower()] = operation
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return _standard(spec.to_dict())


# Constraints pydantic cannot express on a decimal string: left as they are they would be
# keywords no OpenAPI tool knows, so they are said in words instead.
DECIMAL_RULES = {"gt": "> {}", "ge": "≥ {}", "lt": "< {}", "le": "≤ {}", "max_digits": "at most {} digits",
                 "decimal_places": "at most {} after the point"}


def _standard(node):
    """The document with every schema in standard JSON Schema terms."""
    if isinstance(node, list):
        return [_standard(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _standard(value) for key, value in node.items()}
    rules = [text.format(node.pop(key)) for key, text in DECIMAL_RULES.items() if key in node]
    if rules:
        node["description"] = "; ".join(filter(None, [node.get("description"), "a decimal string", *rules]))
    return node


def _success(ep: Endpoint, schema_ref) -> dict:
    if ep.status == 204:
        return {"description": "Done; no content"}
    if ep.produces:
        return {"description": "A file", "content": {media: {"schema": {"type": "string", "format": "binary"}}
                                                     for media in ep.produces}}
    if ep.response is not None:
        return {"description": "OK", "content": {"application/json": {"schema": schema_ref(ep.response, "serialization")}}}
    return {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}


def _path_params(rule: str) -> list[str]:
    return re.findall(r"<(?:[a-z]+:)?([a-z_]+)>", rule)


# --- the reference page --------------------------------------------------------------------


@dataclass
class Row:
    name: str
    type: str
    required: bool
    notes: str
    link: str | None = None


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    anchor: str
    roles: list[tuple[str, str]]
    parameters: list[Row] = field(default_factory=list)
    body: str | None = None
    response: str | None = None  # a type, or a media type for files
    response_link: str | None = None
    status: str = "200"


def _ref_name(schema: dict) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


def type_of(schema: dict) -> str:
    if (name := _ref_name(schema)) is not None:
        return name
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            parts = [type_of(s) for s in schema[key] if s.get("type") != "null"]
            optional = any(s.get("type") == "null" for s in schema[key])
            return " or ".join(dict.fromkeys(parts)) + (" or null" if optional else "")
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    if "const" in schema:
        return repr(schema["const"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {type_of(schema.get('items', {}))}"
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _link_of(schema: dict) -> str | None:
    for candidate in [schema, schema.get("items", {}), *schema.get("anyOf", [])]:
        if (name := _ref_name(candidate)) is not None:
            return name
    return None


CONSTRAINTS = [("minLength", "at least {} characters"), ("maxLength", "at most {} characters"),
               ("minimum", "≥ {}"), ("exclusiveMinimum", "> {}"), ("maximum", "≤ {}"),
               ("exclusiveMaximum", "< {}"), ("pattern", "matches {}")]


def notes_of(schema: dict) -> str:
    notes = [schema["description"]] if schema.get("description") else []
    for variant in [schema, *schema.get("anyOf", [])]:
        notes += [text.format(variant[key]) for key, text in CONSTRAINTS if key in variant]
    if "default" in schema and schema["default"] is not None:
        notes.append(f"default {schema['default']}")
    return "; ".join(notes)


def fields_of(schema: dict) -> list[Row]:
    required = set(schema.get("required", ()))
    return [Row(name, type_of(prop), name in required, notes_of(prop), _link_of(prop))
            for name, prop in schema.get("properties", {}).items()]


def reference(document: dict) -> dict:
    """The document arranged for the docs page: operations by tag, and every schema's fields."""
    tags: dict[str, list[Operation]] = {}
    for path, operations in document["paths"].items():
        for method, op in operations.items():
            success = next(status for status in op["responses"] if status != "default")
            content = op["responses"][success].get("content", {})
            media, answer = next(iter(content.items()), (None, {}))
            answer_schema = answer.get("schema", {})
            response = type_of(answer_schema) if media == "application/json" else media
            roles = [(ROLE_TITLES[role], scope) for role, scope in
                     ((r, op.get("x-roles", {}).get(r.value)) for r in ROLE_TITLES) if scope]
            tags.setdefault(op["tags"][0], []).append(Operation(
                method=method.upper(), path=path, summary=op["summary"], anchor=op["operationId"], roles=roles,
                parameters=[Row(p["name"], type_of(p["schema"]), p.get("required", False),
                                f"in {p['in']}" + (f"; {p['description']}" if p.get("description") else ""))
                            for p in op.get("parameters", [])],
                body=_ref_name(op.get("requestBody", {}).get("content", {}).get("application/json", {})
                               .get("schema", {})),
                response=response, response_link=_link_of(answer_schema), status=success))
    schemas = {name: fields_of(schema) for name, schema in sorted(document["components"]["schemas"].items())}
    return {"tags": tags, "schemas": schemas}
