"""A RabbitMQ node of a test's own, so it can stop the broker without touching anyone else's.

Outage tests stop and start the broker; on the machine's shared node that would
cut off every other test run. :class:`PrivateBroker` starts a separate node
(own name, ports, data and log directories, no plugins) from the installed
``rabbitmq-server``, with its own config file (the system one pins the shared
node's port), and removes it all when closed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ledgerline_devstack.platform import free_port

CTL_TIMEOUT = 120


class PrivateBroker:
    def __init__(self) -> None:
        self.port = free_port()
        self.node = f"ll-outage-{os.getpid()}-{self.port}@localhost"
        self.directory = Path(tempfile.mkdtemp(prefix="ll-broker-"))
        (self.directory / "enabled_plugins").write_text("[].\n")
        (self.directory / "rabbitmq.conf").write_text(f"listeners.tcp.local = 127.0.0.1:{self.port}\n")
        if os.geteuid() == 0:  # the server script drops to the rabbitmq user, which must write here
            shutil.chown(self.directory, "rabbitmq", "rabbitmq")
            for path in self.directory.iterdir():
                shutil.chown(path, "rabbitmq", "rabbitmq")
        self.env = {
            **os.environ,
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(free_port()),
            "RABBITMQ_CONFIG_FILE": str(self.directory / "rabbitmq.conf"),
            "RABBITMQ_MNESIA_BASE": str(self.directory / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.directory / "log"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.directory / "enabled_plugins"),
        }

    @property
    def amqp_uri(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def _ctl(self, *args: str, check: bool = True) -> None:
        subprocess.run(["rabbitmqctl", "-q", "-n", self.node, *args], env=self.env, check=check,
                       capture_output=True, timeout=CTL_TIMEOUT)

    def start(self) -> PrivateBroker:
        subprocess.run(["rabbitmq-server", "-detached"], env=self.env, check=True, capture_output=True,
                       timeout=CTL_TIMEOUT)
        self._ctl("wait", "--timeout", str(CTL_TIMEOUT), str(self.directory / "mnesia" / f"{self.node}.pid"))
        return self

    def stop_app(self) -> None:
        """The broker goes away (clients are disconnected and refused); its durable queues stay."""
        self._ctl("stop_app")

    def start_app(self) -> None:
        self._ctl("start_app")
        self._ctl("await_startup")

    def close(self) -> None:
        self._ctl("stop", check=False)
        shutil.rmtree(self.directory, ignore_errors=True)
