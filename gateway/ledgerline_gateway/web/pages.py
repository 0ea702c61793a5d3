"""The web UI's machinery: declared pages, forms with field errors, calling services as the user.

Every page is declared with :meth:`Web.page`, naming its capability exactly as
API endpoints do; the gateway refuses to start with a page that names none.
A page that lists itself in the navigation (``nav=``) appears there only for
roles that may open it.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Union, get_args, get_origin

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from pydantic import BaseModel, ValidationError
from werkzeug.datastructures import MultiDict

from ledgerline_contracts import Conflict, LedgerlineError, NotFound, PermissionDenied, ValidationFailed
from ledgerline_gateway.calls import call_service
from ledgerline_gateway.errors import Unauthorized
from ledgerline_gateway.permissions import Capability, allows, refusal


@dataclass(frozen=True)
class Page:
    method: str
    rule: str
    capability: Capability | None
    title: str
    name: str
    nav: str | None = None
    order: int = 100

    @property
    def public(self) -> bool:
        return self.capability is None


class Web:
    def __init__(self) -> None:
        self.blueprint = Blueprint("web", __name__)
        self.pages: list[Page] = []

    def page(self, method: str, rule: str, *, capability: Capability | None, title: str, nav: str | None = None,
             order: int = 100, public: bool = False) -> Callable:
        """Declare a page (GET) or a form's target (POST). ``capability=None`` needs ``public=True``."""
        if capability is None and not public:
            raise ValueError(f"{method} {rule} names no capability; every page declares its permission")

        def decorate(fn: Callable) -> Callable:
            @functools.wraps(fn)
            def view(**path):
                actor = g.get("actor")
                if not public:
                    if actor is None:
                        raise Unauthorized("sign in to continue")
                    if not allows(capability, actor.role):
                        raise PermissionDenied(refusal(capability, actor, title[0].lower() + title[1:]))
                return fn(**path)

            view.capability = capability
            view.public = public
            self.blueprint.add_url_rule(rule, endpoint=fn.__name__, view_func=view, methods=[method])
            self.pages.append(Page(method, rule, capability, title, fn.__name__, nav, order))
            return fn

        return decorate

    def navigation(self, actor) -> list[tuple[str, str]]:
        """(label, endpoint) of the pages this actor may open, in menu order."""
        if actor is None:
            return []
        pages = sorted((p for p in self.pages if p.nav and p.method == "GET"), key=lambda p: p.order)
        return [(p.nav, f"web.{p.name}") for p in pages if allows(p.capability, actor.role)]


# --- calling services -------------------------------------------------------------------


def call(service: str, method: str, *args, **kwargs) -> Any:
    """Call a service as the signed-in user (services re-check what they may see)."""
    return call_service(service, method, *args, actor=g.actor, **kwargs)


def every(service: str, method: str, *, cap: int = 1000, **filters) -> Iterator[dict]:
    """Every item of a paged list, a page of 100 at a time, up to ``cap`` items."""
    offset = 0
    while offset < cap:
        page = call(service, method, limit=100, offset=offset, **filters)
        yield from page["items"]
        offset += len(page["items"])
        if not page["items"] or offset >= page["total"]:
            return


def can(capability: Capability | str) -> bool:
    actor = g.get("actor")
    return actor is not None and allows(Capability(capability), actor.role)


def render(template: str, http_status: int = 200, **context):
    return render_template(template, **context), http_status


def done(message: str, endpoint: str, **values):
    """After a successful form post: say so and go (post/redirect/get)."""
    flash(message, "success")
    return redirect(url_for(endpoint, **values))


def refused(error: LedgerlineError, endpoint: str, **values):
    """After an action the rules refused: say why, back on the page it came from."""
    flash(sentence(error.message), "error")
    return redirect(url_for(endpoint, **values))


# What a service says to a request it will not carry out, shown to the user as a message: a rule,
# a conflict, or something already gone (a double click, another tab).
REFUSALS = (ValidationFailed, Conflict, NotFound)


def act(perform: Callable[[], Any], message: str, endpoint: str, **values):
    """A button without fields: done, or refused, back on ``endpoint`` either way."""
    try:
        perform()
    except REFUSALS as error:
        return refused(error, endpoint, **values)
    return done(message, endpoint, **values)


def row_prefix(kind: str, item_id) -> str:
    """Field ids for one of many forms on a page (one per timer, per entry …), unique on it."""
    return f"{kind}{str(item_id)[:8]}-"


# --- forms --------------------------------------------------------------------------------


# Pydantic's messages for a form's fields, in the words of someone filling it in ({ctx} from the error).
PYDANTIC_MESSAGES = {
    "missing": "Required.", "uuid_parsing": "Choose one.", "uuid_type": "Choose one.",
    "int_parsing": "Enter a whole number.", "int_from_float": "Enter a whole number.",
    "decimal_parsing": "Enter a number, e.g. 12.50.", "float_parsing": "Enter a number, e.g. 12.50.",
    "decimal_max_digits": "That number is too large.", "decimal_whole_digits": "That number is too large.",
    "decimal_max_places": "Use at most {decimal_places} decimal places.",
    "date_parsing": "Enter a date (YYYY-MM-DD).", "date_from_datetime_parsing": "Enter a date (YYYY-MM-DD).",
}


def sentence(message: str) -> str:
    message = message.strip()
    return message[:1].upper() + message[1:] + ("" if message.endswith((".", "!", "?")) else ".")


@dataclass
class Form:
    """What a form showed and what was wrong with it: re-rendered with each error next to its field."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    message: str | None = None  # an error that is not about one field
    prefix: str = ""  # keeps field ids unique when a page shows the same form once per row

    def value(self, name: str, default: Any = "") -> Any:
        return self.values.get(name, default)

    def fail(self, error: LedgerlineError) -> None:
        """Put a service's refusal next to its field when the form has that field."""
        if error.field and (error.field in self.values or error.field in self.errors):
            self.errors[error.field] = sentence(error.message.removeprefix(f"{error.field}: "))
        else:
            self.message = sentence(error.message)

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.message)


def read_form(model: type[BaseModel], data: MultiDict) -> tuple[BaseModel | None, Form]:
    """Validate a posted form with the same request model the API uses.

    Only the model's fields are read (anything else in the form is ignored). Empty
    inputs count as not sent, so defaults apply. A checkbox is sent after a hidden
    input of the same name holding "false", so the last value wins; a list field
    (ticked boxes sharing a name) gets every value sent.
    """
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        sent = [v.strip() for v in data.getlist(name)]
        if _is_list(info.annotation):
            if any(sent):
                values[name] = [v for v in sent if v]
        elif sent and sent[-1] != "":
            values[name] = sent[-1]
    form = Form(values={name: data.get(name, "") for name in model.model_fields} | values)
    try:
        return model.model_validate(values), form
    except ValidationError as error:
        for problem in error.errors():
            name = str(problem["loc"][0]) if problem.get("loc") else None
            # A model's own rule (e.g. "an amount or lines") reads as what it says, without pydantic's prefix.
            known = PYDANTIC_MESSAGES.get(problem["type"])
            message = known.format(**problem.get("ctx", {})) if known else \
                sentence(problem["msg"].removeprefix("Value error, "))
            if name in form.values:
                form.errors.setdefault(name, message)
            else:
                form.message = form.message or message
        return None, form
    except LedgerlineError as error:  # a rule across fields (e.g. an account or a matter is needed)
        form.fail(error)
        return None, form


def _is_list(annotation) -> bool:
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_list(a) for a in get_args(annotation))
    return get_origin(annotation) is list


def page_args() -> tuple[int, int]:
    """``?page=N`` as (limit, offset), 25 rows a page."""
    try:
        number = max(1, int(request.args.get("page", 1)))
    except ValueError:
        number = 1
    return 25, (number - 1) * 25
