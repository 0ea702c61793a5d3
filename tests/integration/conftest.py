"""Every service and the gateway running as real processes on the real broker and database."""

from pathlib import Path

import pytest

from ledgerline_devstack.platform import Platform, free_port, prepare
from ledgerline_devstack.testing import Organization
from ledgerline_servicekit.registry import service_names
from ledgerline_servicekit.testing.fixtures import test_namespace, test_settings

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def platform():
    namespace = f"{test_namespace()}_it"
    base = test_settings()
    settings = test_settings(amqp_uri=f"{base.amqp_uri.rsplit('/', 1)[0]}/ledgerline_{namespace}",
                             database_prefix=f"ledgerline_{namespace}", metrics_port=None)
    prepare(settings, fresh=True)
    running = Platform(settings, log_dir=ARTIFACTS / "logs" / namespace, gateway_port=free_port(),
                       metrics_ports={name: free_port() for name in service_names()})
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture
def org(platform):
    organization = Organization(platform.settings, platform.url)
    yield organization
    organization.close()
