"""The whole platform on one machine, for the run command and the integration tests."""
