"""Analytics' rules, free of nameko and SQLAlchemy: ``aging`` (open balances by how late they are)."""
