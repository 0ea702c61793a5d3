"""What a handler returns, as the answer: JSON (only the response model's fields), ``None`` (204),
a :class:`~ledgerline_gateway.files.Binary` or a Flask ``Response`` (sent as it is)."""

from __future__ import annotations

import functools
from typing import Any, Generic, TypeVar

from flask import Response, jsonify
from pydantic import BaseModel, TypeAdapter

from ledgerline_gateway.files import Binary

T = TypeVar("T")


class Paged(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


def page_of(model: type[BaseModel]) -> type[BaseModel]:
    """The response model of a list endpoint: ``{"items": [model], "total", "limit", "offset"}``."""
    return Paged[model]


def respond(result: Any, status: int, model: Any) -> Response:
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
