"""How a service method becomes an RPC method or an event handler.

Both decorators run the method inside ``self.db.transaction()``, so its
database changes and the events it records commit *before* nameko replies to
the caller or acks the message.

- :func:`rpc` also declares who may call the method (roles, checked against the
  actor the gateway put in the RPC context) and passes that actor in as the
  first argument after ``self``. Methods re-check ownership themselves. A call
  carrying a request key runs at most once (:mod:`ledgerline_servicekit.request_keys`).
  Infrastructure trouble (database or broker unreachable) is answered as
  :class:`~ledgerline_contracts.Unavailable`: nothing was changed, try again.
- :func:`periodic` runs a housekeeping job on a timer, in a transaction.
- :func:`handle_event` makes the handler idempotent: ``(event_id, handler)`` is
  recorded in the same transaction as the effect, and a repeat is skipped.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Iterable

import sqlalchemy.exc
from nameko.extensions import DependencyProvider
from nameko.timer import Timer
from pydantic import BaseModel, ValidationError

from ledgerline_contracts import Actor, Envelope, PermissionDenied, Role, Unavailable
from ledgerline_contracts.errors import ALL_ERRORS
from ledgerline_servicekit import metrics, request_keys
from ledgerline_servicekit.broker import resilient_rpc
from ledgerline_servicekit.config import settings_from
from ledgerline_servicekit.errors import is_transient, refused_by_database, validation_failed_from
from ledgerline_servicekit.events import event_handler
from ledgerline_servicekit.logs import get_logger

log = get_logger(__name__)

ANY_ROLE = frozenset(Role)
STAFF = frozenset(Role) - {Role.CUSTOMER}


class RequestKey(DependencyProvider):
    """The request key from the RPC context (``None`` when the caller sent none)."""

    def get_dependency(self, worker_ctx) -> str | None:
        return worker_ctx.data.get(request_keys.CONTEXT_KEY) or None


class ActorContext(DependencyProvider):
    """The acting user from the RPC context (``None`` for event handlers)."""

    def get_dependency(self, worker_ctx) -> Actor | None:
        raw = worker_ctx.data.get("actor")
        if not raw:
            return None
        return Actor.model_validate_json(raw) if isinstance(raw, (str, bytes)) else Actor.model_validate(raw)


def to_wire(result):
    """RPC results are plain JSON: pydantic models are dumped in JSON mode."""
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    if isinstance(result, (list, tuple)):
        return [to_wire(item) for item in result]
    if isinstance(result, dict):
        return {key: to_wire(value) for key, value in result.items()}
    return result


def _without_actor(fn) -> inspect.Signature:
    """The signature callers see: the actor comes from the context, not the arguments."""
    parameters = list(inspect.signature(fn).parameters.values())
    return inspect.Signature([parameters[0], *parameters[2:]])


def rpc(*, allow: Iterable[Role]):
    """An RPC method open to the given roles; ``fn(self, actor, ...)``."""
    allowed = frozenset(allow)
    if not allowed:
        raise ValueError("an RPC method must allow at least one role")

    def decorate(fn):
        @functools.wraps(fn)
        def call(self, *args, **kwargs):
            actor: Actor | None = self.actor
            if actor is None:
                raise PermissionDenied("this request carries no acting user")
            if actor.role not in allowed:
                raise PermissionDenied(actor.may_not(fn.__name__.replace("_", " "), allowed))
            key = self.request_key
            try:
                with self.db.transaction() as session:
                    if key is not None and (first := request_keys.claim(session, key, fn.__name__)):
                        log.info("repeated request answered with its first result", method=fn.__name__)
                        return first.result
                    result = to_wire(fn(self, actor, *args, **kwargs))
                    if key is not None:
                        request_keys.remember(session, key, result)
            except ValidationError as exc:
                raise validation_failed_from(exc) from None
            except (sqlalchemy.exc.IntegrityError, sqlalchemy.exc.DataError) as exc:
                # A backstop: input the checks missed that the database refuses is
                # still bad input (422 naming the column), not a server error.
                raise refused_by_database(exc) from None
            except Exception as exc:
                if is_transient(exc):  # rolled back: nothing was changed
                    log.warning("could not reach what this request needs", error=repr(exc))
                    raise Unavailable("a service this request needs cannot be reached; nothing was "
                                      "changed, try again shortly") from None
                raise
            return result

        # nameko checks callers' arguments against this signature.
        call.__signature__ = _without_actor(fn)
        call.allowed_roles = allowed
        return resilient_rpc(expected_exceptions=ALL_ERRORS)(call)

    return decorate


def system_rpc(fn):
    """An RPC method with no acting user: health checks only."""
    fn.allowed_roles = frozenset()
    return resilient_rpc(fn)


class SettingsTimer(Timer):
    """nameko's timer, with its interval read from the kit's settings when the service starts."""

    def __init__(self, setting: str, **kwargs):
        self.setting = setting
        super().__init__(interval=None, **kwargs)

    def setup(self) -> None:
        self.interval = getattr(settings_from(self.container.config), self.setting)
        super().setup()


def periodic(setting: str):
    """A housekeeping job run every ``Settings.<setting>`` seconds in each replica, in one transaction.

    Jobs must be safe when replicas run them at the same time (lock rows with
    SKIP LOCKED, guard with unique constraints).
    """

    def decorate(fn):
        @functools.wraps(fn)
        def run(self):
            with self.db.transaction():
                fn(self)

        return SettingsTimer.decorator(setting)(run)

    return decorate


def handle_event(*event_types: str):
    """An idempotent handler for one or more event types; ``fn(self, envelope)``."""
    if not event_types:
        raise ValueError("name the event types this handler consumes")

    def decorate(fn):
        handler = fn.__name__

        @functools.wraps(fn)
        def handle(self, envelope: Envelope):
            with self.db.transaction():
                if not self.db.claim_event(envelope, handler):
                    metrics.DUPLICATES_SKIPPED.labels(self.name, handler).inc()
                    log.info("duplicate event skipped", event_id=str(envelope.event_id),
                             event_type=envelope.event_type)
                    return
                fn(self, envelope)

        for event_type in event_types:
            handle = event_handler(event_type)(handle)
        return handle

    return decorate
