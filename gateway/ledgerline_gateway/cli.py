"""``ledgerline-gateway``: run the gateway, create an organization, print the permission table.

Its database is migrated like the services': ``ledgerline-migrate upgrade gateway``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys

from gunicorn.app.base import BaseApplication
from gunicorn.http.errors import LimitRequestLine
from gunicorn.util import write_nonblock
from gunicorn.workers.gthread import ThreadWorker


class _Worker(ThreadWorker):
    """gunicorn's threaded worker, answering a request line over its limit in the API's error
    format (as the app answers a URL over its own, shorter bound) instead of an HTML page."""

    def handle_error(self, req, client, addr, exc):
        if not isinstance(exc, LimitRequestLine):
            return super().handle_error(req, client, addr, exc)
        from ledgerline_gateway.api.errors import error_body
        from ledgerline_gateway.api.parsing import URL_TOO_LONG

        body = json.dumps(error_body("uri_too_long", URL_TOO_LONG)).encode()
        head = (f"HTTP/1.1 414 URI Too Long\r\nConnection: close\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        try:
            write_nonblock(client, head + body)
        except OSError:
            self.log.debug("the client left before its 414")


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from ledgerline_gateway.app import create_app

        return create_app()


def serve() -> None:
    from ledgerline_gateway.settings import GatewaySettings
    from ledgerline_servicekit.logs import configure_logging
    from ledgerline_servicekit.metrics import serve_metrics

    settings = GatewaySettings()
    metrics_port = settings.metrics_port_for("gateway")
    configure_logging("gateway", settings.log_level, settings.log_format)
    _Gunicorn({
        "bind": f"{settings.gateway_host}:{settings.gateway_port}",
        "worker_class": _Worker,
        "workers": 1,  # one process: metrics and the RPC reply queues stay in one place
        "threads": settings.gateway_threads,
        "accesslog": None,  # the app logs each request itself, as JSON with its correlation id
        # gunicorn's largest request line, above the app's own URL bound (MAX_URL_LENGTH): the app
        # refuses what lies between, _Worker what gunicorn refuses, both in the API's error format.
        "limit_request_line": 8190,
        # /metrics on its own port, like the services', never on the public one; served from the
        # worker process, where the app counts its requests.
        "post_fork": lambda _server, _worker: serve_metrics(metrics_port),
    }).run()


def create_org(name: str, slug: str, email: str, admin_name: str, password: str) -> str:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from ledgerline_contracts import Role
    from ledgerline_gateway import identity, storage
    from ledgerline_gateway.settings import GatewaySettings

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,62}", slug):
        raise SystemExit("the slug must be 2-63 lowercase letters, digits or dashes")
    if len(password) < 12:
        raise SystemExit("the admin password must be at least 12 characters")
    engine = create_engine(GatewaySettings().database_url_gateway)
    with Session(engine) as session, session.begin():
        if storage.organizations.org_by_slug(session, slug) is not None:
            raise SystemExit(f"an organization with slug {slug!r} already exists")
        if storage.users.user_by_email(session, email) is not None:
            raise SystemExit(f"a user with email {email!r} already exists")
        org_id = storage.organizations.create_org(session, name, slug)
        storage.users.create_user(session, org_id=org_id, email=email, name=admin_name, role=Role.ADMIN.value,
                            password_hash=identity.hash_password(password))
    engine.dispose()
    return str(org_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ledgerline-gateway")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="run the gateway (gunicorn, threaded)")
    sub.add_parser("permissions-doc", help="write docs/permissions.md's table from the permission matrix")
    org = sub.add_parser("create-org", help="create an organization and its first admin")
    org.add_argument("--name", required=True)
    org.add_argument("--slug", required=True)
    org.add_argument("--admin-email", required=True)
    org.add_argument("--admin-name", default="Administrator")
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve()
    elif args.command == "permissions-doc":
        from ledgerline_gateway.permissions import as_markdown

        print(as_markdown(), end="")
    else:
        password = os.environ.get("LEDGERLINE_ADMIN_PASSWORD") or getpass.getpass("Admin password: ")
        org_id = create_org(args.name, args.slug, args.admin_email, args.admin_name, password)
        print(f"created organization {args.slug} ({org_id}) with admin {args.admin_email}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
