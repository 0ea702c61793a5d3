"""Timetracking's tables (:mod:`.tables`, ``metadata`` for Alembic) and every query on them.

- :mod:`.work`: time entries, expenses and parts (the three kinds of billable work);
- :mod:`.timers`: timers;
- :mod:`.setup`: matters/tickets, activity codes, rounding rules, capacities, numbering;
- :mod:`.locks`: invoice stages and claims (how invoicing's events lock work).
"""

from ledgerline_timetracking.storage.tables import metadata

__all__ = ["metadata"]
