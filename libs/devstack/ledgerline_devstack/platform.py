"""Prepare and run every Ledgerline process against local RabbitMQ and PostgreSQL.

``prepare`` creates the databases, migrates them and declares the broker
topology (deploy-time steps, as the k8s Jobs do); :class:`Platform` then starts
each service and the gateway as its own process, waits until each answers,
starts again any that exits (``revive``, as a container orchestrator would), and
stops them all together.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import kombu
import requests
from amqp.exceptions import NotFound as NotFoundError

from ledgerline_servicekit.config import Settings
from ledgerline_servicekit.migrations import all_databases, upgrade_databases
from ledgerline_servicekit.provision import ensure_vhost
from ledgerline_servicekit.registry import service_names
from ledgerline_servicekit.topology import declare_all

GATEWAY = "gateway"
# Database connections per process on a developer's or CI machine: small, so several
# platforms (a run, a test session, another clone's tests) fit in PostgreSQL's default
# max_connections of 100 — 6 processes × 4 each (docs/operations.md, "Connection budget").
LOCAL_DB_POOL_SIZE = 4


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(settings: Settings, *, fresh: bool = False) -> None:
    """Databases, migrations and topology for every service and the gateway (idempotent)."""
    ensure_vhost(settings.amqp_uri, fresh=fresh)
    upgrade_databases(settings, all_databases(), create=True, fresh=fresh)
    declare_all(settings)


def environment(settings: Settings) -> dict[str, str]:
    """The LEDGERLINE_* variables that make a child process use ``settings``."""
    env = {}
    for name, value in settings.model_dump().items():
        if value is not None:
            env[f"LEDGERLINE_{name.upper()}"] = str(value)
    return env


def command_path(name: str) -> str:
    """A console script installed next to this Python (``ledgerline-gateway``, ``ledgerline-service``)."""
    return str(Path(sys.executable).parent / name)


@dataclass
class Process:
    name: str
    command: list[str]
    env: dict[str, str]
    log_path: Path
    popen: subprocess.Popen | None = None

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        self.popen = subprocess.Popen(self.command, env={**os.environ, **self.env}, stdout=log,
                                      stderr=subprocess.STDOUT, start_new_session=True)
        log.close()

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal(self, signum: int) -> None:
        if self.alive():
            os.killpg(self.popen.pid, signum)


@dataclass
class Platform:
    settings: Settings
    log_dir: Path
    gateway_port: int = 8000
    metrics_ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, Process] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    def start(self, names: list[str] | None = None) -> None:
        base = environment(self.settings)
        for name in names or [*service_names(), GATEWAY]:
            env = dict(base)
            if name == GATEWAY:
                command = [command_path("ledgerline-gateway"), "serve"]
                env["LEDGERLINE_GATEWAY_PORT"] = str(self.gateway_port)
            else:
                command = [command_path("ledgerline-service"), name]
            if name in self.metrics_ports:
                env["LEDGERLINE_METRICS_PORT"] = str(self.metrics_ports[name])
            process = Process(name, command, env, self.log_dir / f"{name}.log")
            process.start()
            self.processes[name] = process
        self.wait_ready(names)

    def wait_ready(self, names: list[str] | None = None, timeout: float = 90.0) -> None:
        from ledgerline_servicekit.rpc_client import RpcClient

        deadline = time.monotonic() + timeout
        pending = set(names or self.processes)
        client = RpcClient(self.settings.amqp_uri, timeout=5)
        try:
            while pending:
                for name in sorted(pending):
                    process = self.processes[name]
                    if not process.alive():
                        raise RuntimeError(f"{name} exited while starting; see {process.log_path}")
                    if self._answers(client, name):
                        pending.discard(name)
                if pending and time.monotonic() > deadline:
                    raise RuntimeError(f"not ready after {timeout:.0f}s: {', '.join(sorted(pending))}")
                time.sleep(0.2)
        finally:
            client.close()

    def _answers(self, client, name: str) -> bool:
        try:
            if name == GATEWAY:
                return requests.get(f"{self.url}/healthz", timeout=2).status_code == 200
            # Ping only once the service consumes its RPC queue, so the call cannot bounce.
            return self._consuming(f"rpc-{name}") and client.call(name, "ping")["status"] == "ok"
        except Exception:  # not up yet
            client.close()
            return False

    def _consuming(self, queue: str) -> bool:
        with kombu.Connection(self.settings.amqp_uri, connect_timeout=2) as connection:
            try:
                _, _, consumers = connection.channel().queue_declare(queue, passive=True)
            except NotFoundError:
                return False
        return consumers > 0

    def revive(self) -> list[str]:
        """Start again every process that exited by itself; returns their names.

        One process dying must not take the others down: the rest keep serving
        (their calls to it answer 503) until it is back.
        """
        dead = [name for name, process in self.processes.items() if not process.alive()]
        if dead:
            self.start(dead)
        return dead

    def stop(self, names: list[str] | None = None, timeout: float = 20.0) -> None:
        chosen = [self.processes[n] for n in (names or list(self.processes)) if n in self.processes]
        for process in chosen:
            process.signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in chosen:
            try:
                process.popen.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.signal(signal.SIGKILL)
                process.popen.wait()
        for process in chosen:
            self.processes.pop(process.name, None)
