"""Thin nameko entrypoints, one module per area; service.py mixes them into WorkordersService."""
