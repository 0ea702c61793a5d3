"""What a handler returns, as the answer: JSON (only the response model's fields), ``None`` (204),
a :class:`~ledgerline_gateway.files.Binary` or a Flask ``Response`` (sent as it is).

An answer that does not match its model (a field missing, of another type, or not listed) has
drifted from the documented contract. A strict gateway (``LEDGERLINE_STRICT_RESPONSES``; every
environment but production by default) refuses it with a 500, so tests against the real
services fail; otherwise it is logged and counted, and the answer still goes out.
"""

from __future__ import annotations

import functools
from typing import Any, Generic, TypeVar

from flask import Response, current_app, jsonify, request
from prometheus_client import Counter
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from ledgerline_gateway.files import Binary
from ledgerline_servicekit.logs import get_logger

log = get_logger(__name__)

T = TypeVar("T")

RESPONSE_DRIFT = Counter("ledgerline_gateway_response_drift_total",
                         "API answers that did not match their documented response model.", ["endpoint"])


class Paged(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="how many there are in all")
    limit: int
    offset: int


class Listed(BaseModel, Generic[T]):
    items: list[T]


def page_of(model: type[BaseModel]) -> type[BaseModel]:
    """The response model of a paged list: ``{"items": [model], "total", "limit", "offset"}``."""
    return Paged[model]


def list_of(model: type[BaseModel]) -> type[BaseModel]:
    """The response model of a short list sent whole: ``{"items": [model]}``."""
    return Listed[model]


class AnswerDrift(Exception):
    """An answer that does not match its documented response model."""


def respond(result: Any, status: int, model: Any) -> Response:
    if isinstance(result, Response):
        return result
    if isinstance(result, Binary):
        return result.response(status)
    if result is None:
        return Response(status=204)
    if model is not None:
        result, drift = conform(result, model)
        if drift:
            _drifted(model, drift)
    response = jsonify(result)
    response.status_code = status
    return response


def conform(answer: Any, model: Any) -> tuple[Any, list[str]]:
    """``answer`` with only the fields ``model`` lists, their values as the service wrote them
    (decimal strings and times are not rewritten), and how it drifted from the model (if at all)."""
    adapter = _adapter(model)
    try:
        listed = adapter.dump_python(adapter.validate_python(answer), mode="json", by_alias=True,
                                     exclude_unset=True)
    except ValidationError as error:
        return answer, [f"{'.'.join(map(str, e['loc'])) or '(answer)'}: {e['msg']}" for e in error.errors()]
    unlisted: list[str] = []
    shown = _shown(answer, listed, "", unlisted)
    return shown, [f"{path}: not in the model" for path in unlisted]


def _shown(answer: Any, listed: Any, path: str, unlisted: list[str]) -> Any:
    """The answer's values where the model lists them; the paths of the fields it does not."""
    if isinstance(answer, dict) and isinstance(listed, dict):
        unlisted += [f"{path}{key}" for key in answer if key not in listed]
        return {key: _shown(answer[key], value, f"{path}{key}.", unlisted) for key, value in listed.items()}
    if isinstance(answer, (list, tuple)) and isinstance(listed, list) and len(answer) == len(listed):
        return [_shown(item, value, f"{path}{i}.", unlisted) for i, (item, value) in enumerate(zip(answer, listed))]
    # JSON's own values as given; anything else (the gateway's UUIDs, datetimes) as the model writes it
    return answer if answer is None or isinstance(answer, (str, int, float, bool)) else listed


def _drifted(model: Any, problems: list[str]) -> None:
    name = getattr(model, "__name__", str(model))
    endpoint = request.url_rule.rule if request.url_rule else request.path
    if current_app.extensions["ledgerline_settings"].refuse_drift:
        raise AnswerDrift(f"the answer does not match {name}: {'; '.join(problems[:10])}")
    RESPONSE_DRIFT.labels(endpoint).inc()
    log.warning("answer drifted from its response model", model=name, problems=problems[:10])


@functools.lru_cache(maxsize=None)
def _adapter(model) -> TypeAdapter:
    return TypeAdapter(model)
