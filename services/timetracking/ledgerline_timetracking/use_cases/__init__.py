"""Timetracking's use cases: each command's work, run in a unit of work (:mod:`.effects` says
what the domain events it records become).

- :mod:`.work`: recording, editing and deleting time entries, expenses and parts;
- :mod:`.timers`: starting, pausing, resuming, stopping, discarding and committing timers;
- :mod:`.setup`: matters and tickets, activity codes, rounding rules, capacities;
- :mod:`.locks`: invoicing's events locking and releasing work, confirmed in ``work.locked``;
- :mod:`.common`: where new work goes (an open matter or ticket, an active account).
"""
