"""Analytics' use cases, each in a unit of work (analytics announces nothing and keeps no audit
trail, so its unit of work has no event rules: it only holds the change's transaction)."""
