"""Fixtures shared by every test folder (see ledgerline_servicekit.testing.fixtures)."""

pytest_plugins = ["ledgerline_servicekit.testing.fixtures"]
