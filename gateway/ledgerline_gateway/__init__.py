"""Ledgerline gateway: where people and other tools meet the services."""
