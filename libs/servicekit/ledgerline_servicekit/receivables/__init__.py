"""What each posted invoice is still owed, kept from invoicing's events by every service that needs it.

- :mod:`.rules`: the rules, pure (what each event says, and how it combines with what is known);
- :mod:`.storage`: the table (each service owns one, built by :func:`.storage.receivable_table`)
  and the queries on it.

Dunning (reminders), analytics (aging) and timetracking (the past-due warning) all read it.
"""
