"""The gateway's Flask application."""

from __future__ import annotations

import time
import uuid

import structlog
from flask import Flask, g, jsonify, render_template_string, request
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from ledgerline_gateway import identity, storage
from ledgerline_gateway.api import (
    API_PREFIX, check_every_route_has_a_permission, openapi_document, register_error_handlers,
)
from ledgerline_gateway.routes import load_all
from ledgerline_gateway.settings import GatewaySettings
from ledgerline_servicekit.logs import get_logger
from ledgerline_servicekit.rpc_client import RpcClient

log = get_logger("ledgerline_gateway")

REQUEST_LATENCY = Histogram("ledgerline_http_request_latency_seconds", "Gateway request latency.",
                            ["endpoint", "method"])
REQUEST_ERRORS = Counter("ledgerline_http_errors_total", "Gateway responses with a 4xx or 5xx status.",
                         ["endpoint", "status"])

LANDING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ledgerline</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">
<h1>Ledgerline</h1>
<p>Billing for service businesses: record work, invoice it, get paid.</p>
<p><a href="{{ docs }}">API documentation</a> · <a href="{{ openapi }}">OpenAPI document</a></p>
</body></html>"""

DOCS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ledgerline API</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem">
<h1>{{ doc.info.title }} {{ doc.info.version }}</h1><p>{{ doc.info.description }}</p>
<p>Machine-readable: <a href="{{ openapi }}">openapi.json</a></p>
<table><tr><th>Method</th><th>Path</th><th>What</th><th>Capability</th></tr>
{% for path, ops in doc.paths.items() %}{% for method, op in ops.items() %}
<tr><td>{{ method.upper() }}</td><td><code>{{ path }}</code></td><td>{{ op.summary }}</td>
<td>{{ op.get("x-capability", "public") }}</td></tr>{% endfor %}{% endfor %}
</table></body></html>"""


def create_app(settings: GatewaySettings | None = None, rpc: RpcClient | None = None) -> Flask:
    settings = settings or GatewaySettings()
    settings.check()
    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.secret_key, JSON_SORT_KEYS=False)
    engine = create_engine(settings.database_url_gateway, pool_pre_ping=True,
                           pool_size=settings.gateway_threads, max_overflow=settings.gateway_threads)
    sessions = sessionmaker(engine, expire_on_commit=False)
    app.extensions["ledgerline_settings"] = settings
    app.extensions["rpc"] = rpc or RpcClient(settings.amqp_uri, timeout=settings.rpc_timeout_seconds)
    api = load_all()

    @app.before_request
    def identify():
        g.started = time.perf_counter()
        g.correlation_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(service="gateway", correlation_id=g.correlation_id,
                                               path=request.path, method=request.method)
        g.db = sessions()
        g.actor = None
        authorization = request.headers.get("Authorization", "")
        if authorization.startswith("Bearer "):
            user = storage.user_for_token(g.db, identity.token_hash(authorization[7:].strip()))
            if user is not None:
                g.actor = identity.actor_for(g.db, user)
                g.db.commit()
                structlog.contextvars.bind_contextvars(user_id=str(user.id), role=user.role)

    @app.after_request
    def measure(response):
        response.headers["X-Request-ID"] = g.get("correlation_id", "")
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

    def public(fn):
        fn.public = True
        return fn

    @app.get("/")
    @public
    def landing():
        return render_template_string(LANDING, docs=f"{API_PREFIX}/docs", openapi=f"{API_PREFIX}/openapi.json")

    @app.get("/healthz")
    @public
    def healthz():
        return jsonify({"status": "ok"})

    @app.get("/metrics")
    @public
    def metrics():
        return generate_latest(), 200, {"Content-Type": CONTENT_TYPE_LATEST}

    document = openapi_document(api, "Ledgerline API", "1.0.0")

    @app.get(f"{API_PREFIX}/openapi.json")
    @public
    def openapi():
        return jsonify(document)

    @app.get(f"{API_PREFIX}/docs")
    @public
    def docs():
        return render_template_string(DOCS, doc=document, openapi=f"{API_PREFIX}/openapi.json")

    app.register_blueprint(api.blueprint)
    register_error_handlers(app)
    check_every_route_has_a_permission(app)
    return app
