"""Invoicing's rules, free of nameko and SQLAlchemy: ``pricing`` (rates, lines, rounding)
and ``invoices`` (workflow, numbering, balances)."""
