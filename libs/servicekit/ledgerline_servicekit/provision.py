"""Creating what the services run in: databases and RabbitMQ virtual hosts.

Used by the run command, the test fixtures and the deploy jobs. Nothing here
runs when a service starts: migrations and topology are deploy-time steps.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from base64 import b64encode
from urllib.parse import unquote, urlparse

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def _server_engine(postgres_url: str):
    return create_engine(f"{postgres_url.rstrip('/')}/postgres", isolation_level="AUTOCOMMIT")


def database_exists(postgres_url: str, name: str) -> bool:
    engine = _server_engine(postgres_url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first() is not None
    finally:
        engine.dispose()


def create_database(postgres_url: str, name: str, *, drop_first: bool = False) -> bool:
    """Create database ``name`` if missing (or anew); True if it was created."""
    quoted = '"' + name.replace('"', '""') + '"'
    engine = _server_engine(postgres_url)
    try:
        with engine.connect() as connection:
            if drop_first:
                connection.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if exists:
                return False
            connection.execute(text(f"CREATE DATABASE {quoted}"))
            return True
    finally:
        engine.dispose()


def database_name_of(url: str) -> str:
    return make_url(url).database


class VhostError(RuntimeError):
    pass


def _vhost_of(amqp_uri: str) -> tuple[str, str]:
    parsed = urlparse(amqp_uri)
    vhost = unquote(parsed.path[1:]) if parsed.path not in ("", "/") else "/"
    return vhost, parsed.username or "guest"


def _management(amqp_uri: str, method: str, path: str, body: dict | None = None) -> None:
    parsed = urlparse(amqp_uri)
    user, password = parsed.username or "guest", parsed.password or "guest"
    request = urllib.request.Request(
        f"http://{parsed.hostname}:15672/api/{path}", method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"content-type": "application/json",
                 "authorization": "Basic " + b64encode(f"{user}:{password}".encode()).decode()},
    )
    urllib.request.urlopen(request, timeout=10).close()


def ensure_vhost(amqp_uri: str, *, fresh: bool = False) -> str:
    """Make sure the URI's vhost exists (emptied first if ``fresh``); returns its name.

    Uses ``rabbitmqctl`` on the broker's own machine, else the management API.
    """
    vhost, user = _vhost_of(amqp_uri)
    if vhost == "/":
        return vhost
    ctl = shutil.which("rabbitmqctl")
    if ctl:
        def run(*args: str, check: bool = True) -> None:
            subprocess.run([ctl, "-q", *args], check=check, capture_output=True, timeout=120)
        try:
            if fresh:
                run("delete_vhost", vhost, check=False)
            run("add_vhost", vhost, check=False)
            run("set_permissions", "-p", vhost, user, ".*", ".*", ".*")
            return vhost
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, PermissionError) as exc:
            failure = exc
    else:
        failure = None
    try:
        quoted = urllib.request.quote(vhost, safe="")
        if fresh:
            try:
                _management(amqp_uri, "DELETE", f"vhosts/{quoted}")
            except urllib.error.HTTPError as exc:
                if exc.code != 404:
                    raise
        _management(amqp_uri, "PUT", f"vhosts/{quoted}")
        _management(amqp_uri, "PUT", f"permissions/{quoted}/{urllib.request.quote(user, safe='')}",
                    {"configure": ".*", "write": ".*", "read": ".*"})
        return vhost
    except (urllib.error.URLError, OSError) as exc:
        raise VhostError(
            f"cannot create RabbitMQ vhost {vhost!r}: rabbitmqctl "
            f"{'failed: ' + repr(failure) if failure else 'is not installed'}, and the management API "
            f"is unreachable ({exc}). Create it by hand or use the '/' vhost."
        ) from exc
