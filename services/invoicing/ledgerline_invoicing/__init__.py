"""Ledgerline invoicing: where work in progress becomes invoices and invoices get paid."""
