"""Timetracking's tables (:mod:`.tables`, ``metadata`` for Alembic) and every query on them.

- :mod:`.work`: time entries, expenses and parts (the three kinds of billable work);
- :mod:`.timers`: timers;
- :mod:`.setup`: matters/tickets, activity codes, rounding rules, capacities, numbering;
- :mod:`.locks`: invoice stages and claims (how invoicing's events lock work);
- :mod:`.receivables`: what accounts still owe, for the past-due warning;
- :mod:`.visibility`: reads that answer "not found" for what the actor may not see;
- :mod:`.receipts`: the receipt files (a store interface, its filesystem default, the dependency).
"""

from ledgerline_timetracking.storage.tables import metadata

__all__ = ["metadata"]
