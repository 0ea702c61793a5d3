"""Dunning's use cases, each in a unit of work (``effects`` says what their domain events become)."""
