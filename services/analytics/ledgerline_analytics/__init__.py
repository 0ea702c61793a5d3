"""Ledgerline analytics: read models only, every figure rebuildable from the events."""
