"""The gateway's Flask application: the REST API under /api/v1 and the web UI around it."""

from __future__ import annotations

import re
import time
import uuid
from datetime import timedelta
from decimal import Decimal, InvalidOperation

import structlog
from babel.numbers import format_currency, format_percent
from flask import Flask, g, jsonify, render_template, request, session
from flask_wtf.csrf import CSRFProtect
from markupsafe import Markup, escape
from prometheus_client import Counter, Histogram
from sqlalchemy.orm import sessionmaker
from werkzeug.exceptions import RequestURITooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from ledgerline_contracts import Role
from ledgerline_gateway import identity, storage
from ledgerline_gateway.api import API_PREFIX
from ledgerline_gateway.api.errors import error_response
from ledgerline_gateway.api.openapi import openapi_document, reference
from ledgerline_gateway.api.parsing import MAX_URL_LENGTH, URL_TOO_LONG
from ledgerline_gateway.domain import ROLE_NAMES
from ledgerline_gateway.permissions import check_every_route_has_a_permission
from ledgerline_gateway.routes import load_all
from ledgerline_gateway.sessions import DatabaseSessionInterface
from ledgerline_gateway.settings import GatewaySettings
from ledgerline_gateway.throttle import LoginThrottle
from ledgerline_gateway.web import load_all as load_web
from ledgerline_gateway.web.errors import error_page
from ledgerline_gateway.web.pages import can
from ledgerline_servicekit.db import make_engine
from ledgerline_servicekit.logs import get_logger
from ledgerline_servicekit.rpc_client import RpcClient

log = get_logger("ledgerline_gateway")

REQUEST_LATENCY = Histogram("ledgerline_http_request_latency_seconds", "Gateway request latency.",
                            ["endpoint", "method"])
REQUEST_ERRORS = Counter("ledgerline_http_errors_total", "Gateway responses with a 4xx or 5xx status.",
                         ["endpoint", "status"])

# Pages send no scripts and load nothing from elsewhere.
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
                           "base-uri 'none'; object-src 'none'")


def _public(fn):
    fn.public = True
    return fn


def create_app(settings: GatewaySettings | None = None, rpc: RpcClient | None = None) -> Flask:
    settings = settings or GatewaySettings()
    settings.check()
    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.secret_key, JSON_SORT_KEYS=False,
                      # A form stays valid as long as its session: no surprise expiry mid-timesheet.
                      WTF_CSRF_TIME_LIMIT=None,
                      MAX_CONTENT_LENGTH=20 * 1024 * 1024)
    if settings.proxy_hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops,
                                x_host=settings.proxy_hops)
    engine = make_engine(settings.database_url_gateway, settings)
    sessions = sessionmaker(engine, expire_on_commit=False)
    app.session_interface = DatabaseSessionInterface(
        sessions, secure=settings.cookies_secure, idle=timedelta(minutes=settings.session_idle_minutes),
        max_age=timedelta(hours=settings.session_max_hours))
    app.extensions["ledgerline_settings"] = settings
    app.extensions["rpc"] = rpc or RpcClient(settings.amqp_uri, timeout=settings.rpc_timeout_seconds)
    app.extensions["login_throttle"] = LoginThrottle(settings)
    api = load_all()
    web = load_web()

    @app.before_request
    def identify():
        """Who is asking: a bearer token on the API, the session cookie on web pages, read afresh each time."""
        g.started = time.perf_counter()
        g.correlation_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(service="gateway", correlation_id=g.correlation_id,
                                               path=request.path[:200], method=request.method)
        if len(request.path) + len(request.query_string) > MAX_URL_LENGTH:
            raise RequestURITooLarge(URL_TOO_LONG)
        g.db = sessions()
        g.actor = None
        user = None
        if request.path.startswith(API_PREFIX + "/"):
            authorization = request.headers.get("Authorization", "")
            if authorization.startswith("Bearer "):
                user = storage.tokens.user_for_token(g.db, identity.token_hash(authorization[7:].strip()))
        elif session.get("user_id"):
            user = storage.users.active_user(g.db, uuid.UUID(session["user_id"]))
            if user is None:  # deactivated since: the session ends now
                session.clear()
        if user is not None:
            g.actor = identity.actor_for(g.db, user)
            structlog.contextvars.bind_contextvars(user_id=str(user.id), role=user.role)
        g.db.commit()

    csrf = CSRFProtect()
    csrf.exempt(api.blueprint)  # bearer tokens only: no ambient credentials to forge
    csrf.init_app(app)

    @app.after_request
    def finish(response):
        response.headers["X-Request-ID"] = g.get("correlation_id", "")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if g.get("actor") is not None:
            response.headers.setdefault("Cache-Control", "no-store")
        if settings.cookies_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        if "started" in g:
            REQUEST_LATENCY.labels(endpoint, request.method).observe(time.perf_counter() - g.started)
        if response.status_code >= 400:
            REQUEST_ERRORS.labels(endpoint, str(response.status_code)).inc()
        log.info("request", status=response.status_code,
                 ms=round((time.perf_counter() - g.started) * 1000, 1) if "started" in g else None)
        return response

    @app.teardown_request
    def close_session(_error=None):
        db = g.pop("db", None)
        if db is not None:
            db.close()

    @app.get("/healthz")
    @_public
    def healthz():
        return jsonify({"status": "ok"})

    document = openapi_document(api, "Ledgerline API", "1.0.0")
    arranged = reference(document)

    @app.get(f"{API_PREFIX}/openapi.json")
    @_public
    def openapi():
        return jsonify(document)

    @app.get(f"{API_PREFIX}/docs")
    @_public
    def docs():
        return render_template("api/docs.html", doc=document, ref=arranged, openapi=f"{API_PREFIX}/openapi.json")

    @app.errorhandler(Exception)
    def handle(error: Exception):
        if g.get("db") is not None:
            g.db.rollback()
        if request.path.startswith(API_PREFIX + "/") and request.path != f"{API_PREFIX}/docs":
            return error_response(error)
        return error_page(error)

    app.jinja_env.globals.update(can=can, nav=web.navigation, role_names=ROLE_NAMES, Role=Role,
                                 new_request_key=lambda: uuid.uuid4().hex)
    app.jinja_env.filters.update(money=money, percent=percent, duration=duration, hours=hours,
                                 code_spans=code_spans, present=lambda d: {k: v for k, v in d.items() if v not in (None, "")})
    app.register_blueprint(api.blueprint)
    app.register_blueprint(web.blueprint)
    check_every_route_has_a_permission(app)
    return app


def money(value: dict | None) -> str:
    """``{"amount": "243.00", "currency": "USD"}`` as people read it: $243.00."""
    if not value:
        return "—"
    try:
        return format_currency(Decimal(value["amount"]), value["currency"], locale="en_US")
    except (InvalidOperation, KeyError, ValueError):
        return f"{value.get('amount')} {value.get('currency')}"


def percent(rate: str | None) -> str:
    """A rate as a share: "0.2000" → 20%, "0.075" → 7.5%."""
    if rate in (None, ""):
        return "—"
    return format_percent(Decimal(rate), locale="en_US", decimal_quantization=False)


def duration(minutes: int | None) -> str:
    if not minutes:
        return "0 min"
    hours_part, rest = divmod(int(minutes), 60)
    return " ".join(part for part in (f"{hours_part} h" if hours_part else "", f"{rest} min" if rest else "") if part)


def code_spans(text: str) -> Markup:
    """`code` in a plain-text description, shown as code."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def hours(minutes: int | None) -> str:
    return format(Decimal(minutes or 0) / 60, ".2f")
