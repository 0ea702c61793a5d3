"""Dunning's rules, free of nameko and SQLAlchemy: ``reminders`` (the schedule and what to send
when) and ``events`` (what dunning announces)."""
