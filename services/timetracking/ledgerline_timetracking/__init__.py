"""Ledgerline time tracking: recording work quickly, and never changing billed work."""
