"""pytest plugin (``-p ledgerline_servicekit.testing.green``): run the tests green.

Service tests start nameko containers in-process, which needs eventlet's
monkey patch applied before anything else imports sockets or psycopg.
"""

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    from ledgerline_servicekit.green import monkey_patch

    monkey_patch()
