"""Errors on web pages: a page that says what happened and what to do, never a stack trace."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ledgerline_contracts import NotFound
from ledgerline_gateway.errors import Unauthorized, status_for, to_api_error
from ledgerline_gateway.web.pages import render, sentence
from ledgerline_servicekit.logs import get_logger

log = get_logger(__name__)

TITLES = {400: "That did not work", 403: "Not yours to open", 404: "Not found", 405: "Not here",
          409: "Not possible right now", 422: "Check what you sent", 500: "Something went wrong",
          503: "Try again shortly"}


def error_page(error: Exception):
    if isinstance(error, Unauthorized):
        return redirect(url_for("web.login", next=request.full_path if request.method == "GET" else None))
    if isinstance(error, CSRFError):
        return _page(400, "This form has expired or did not come from Ledgerline. Go back, reload the page "
                          "and try again.")
    if isinstance(error, HTTPException):
        message = "There is no such page." if error.code == 404 else error.description
        return _page(error.code or 500, message)
    known = to_api_error(error)
    if known is None:
        log.exception("web page failed")
        return _page(500, "Something went wrong on our side; it has been logged. Try again, or go back.")
    if isinstance(known, NotFound):
        return _page(404, "It does not exist, or it is not yours to see.")
    return _page(status_for(known), sentence(known.message))


def _page(status: int, message: str):
    return render("errors/error.html", status, status=status, title=TITLES.get(status, "That did not work"),
                  message=message)

