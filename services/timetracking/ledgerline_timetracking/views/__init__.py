"""What callers see of each record (dicts for the gateway, with what the viewer may do), and
what the events other services receive carry.

Customers see work on their own account without the firm's internal fields
(who exactly, which invoice row, versions, measured time, activity codes).

- :mod:`.work`: time entries, expenses and parts, and their events;
- :mod:`.timers`: timers;
- :mod:`.setup`: matters and tickets (and their events), activity codes, rounding rules;
- :mod:`.common`: the formats they share, and the past-due warning.
"""
