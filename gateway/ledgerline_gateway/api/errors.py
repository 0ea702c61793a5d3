"""The API's one error format: ``{"error": {"code": ..., "message": ..., "field": ...}}``, for any
exception raised while answering, with the status :mod:`ledgerline_gateway.errors` gives it."""

from __future__ import annotations

from flask import Response, jsonify
from nameko.exceptions import RemoteError
from werkzeug.exceptions import HTTPException

from ledgerline_gateway.errors import status_for, to_api_error
from ledgerline_gateway.throttle import TooManyAttempts
from ledgerline_servicekit.logs import get_logger

log = get_logger(__name__)

# What a 503 asks clients to wait before trying again, in seconds.
RETRY_AFTER_SECONDS = 5


def error_body(code: str, message: str, field_name: str | None = None) -> dict:
    return {"error": {"code": code, "message": message, "field": field_name}}


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
