"""Ledgerline dunning: chasing late payers politely, once per stage, never when it would be wrong."""
