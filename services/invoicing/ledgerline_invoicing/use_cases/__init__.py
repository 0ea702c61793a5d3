"""Invoicing's use cases: each RPC method's work, run in a unit of work (``effects`` says what
the aggregate's domain events become)."""
