"""Ledgerline work orders: the field crews' jobs, scheduled against customer accounts."""
