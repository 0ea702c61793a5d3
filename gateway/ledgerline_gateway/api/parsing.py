"""Reading a request: its JSON body and query string into the endpoint's models, within bounds."""

from __future__ import annotations

from typing import Any

from flask import request
from pydantic import BaseModel

from ledgerline_gateway.errors import BadRequest

# No request needs more than a few levels; deeper bodies are refused before anything
# walks them (a parser or serializer recursing 10,000 levels deep would fail).
MAX_JSON_DEPTH = 32
# Longer URLs (path and query) are refused; gunicorn's own request-line limit sits above it.
MAX_URL_LENGTH = 4096
URL_TOO_LONG = f"the URL is longer than {MAX_URL_LENGTH} characters"


def json_object() -> dict:
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


def parse(model: type[BaseModel] | None, data: Any):
    if model is None:
        return None
    return model.model_validate(data)
