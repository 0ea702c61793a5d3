"""Timetracking's thin nameko entrypoints, one module per area; :mod:`.service` puts them together."""
